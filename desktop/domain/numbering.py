"""The office's pattern for automatic 申请编号 (contract decision 8): parse, check, format, read back.

A pattern is the office's own text with two placeholders: `{年}` (the receipt year, four digits) and
`{序号}` (the year's sequence number). `{序号:3}` pads the sequence with zeros to at least 3 digits;
plain `{序号}` does not pad. The default, `{年}-{序号:4}`, gives 2026-0001 as the register always did;
`某政信〔{年}〕{序号:3}号` gives 某政信〔2026〕001号.

Rules a pattern must satisfy (each refusal names the field 申请编号格式):
- exactly one `{序号}` and at least one `{年}` (the sequence starts again each year, so without the year
  two years would hand out the same numbers);
- no other `{…}` placeholder and no unmatched brace (full-width ｛｝ are read as braces, as a Chinese
  input method types them);
- no line break or tab, no space at either end (the trimmed text is the pattern), and a number it makes
  fits the 申请编号 field (50 characters).

`parse` reads a number back: the register keeps its counter at or above the highest sequence of every
number that matches the pattern, typed by hand or imported, so a number is never issued twice.
No Qt, no SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

FIELD = "申请编号格式"
YEAR_NAME = "年"
SEQ_NAME = "序号"
DEFAULT_PATTERN = "{年}-{序号:4}"
MAX_WIDTH = 8
# A sequence read back from a number with more digits than this is ignored: a typing slip such as
# 2026-000000012345678901 must not push the counter beyond any real use.
MAX_SEQ_DIGITS = 9
MAX_NUMBER_LENGTH = 50  # application.TEXT_LIMITS["number"]
EXAMPLE = "某政信〔{年}〕{序号:3}号"

_FULL_WIDTH = str.maketrans({"｛": "{", "｝": "}"})


class NumberPatternError(ValueError):
    """A pattern that cannot be used; the message names the field and says how to fix it."""


@dataclass(frozen=True)
class _Year:
    pass


@dataclass(frozen=True)
class _Seq:
    width: int


_Part = str | _Year | _Seq


def _token(inner: str) -> _Year | _Seq:
    name, colon, width = inner.replace("：", ":").strip().partition(":")
    name = name.strip()
    if name == YEAR_NAME and not colon:
        return _Year()
    if name == SEQ_NAME:
        if not colon:
            return _Seq(1)
        width = width.strip()
        if not width.isdigit() or not 1 <= int(width) <= MAX_WIDTH:
            raise NumberPatternError(
                f"“{FIELD}”中的“{{{inner}}}”：序号位数须为1到{MAX_WIDTH}的整数，例如“{{序号:3}}”"
            )
        return _Seq(int(width))
    raise NumberPatternError(
        f"“{FIELD}”中的“{{{inner}}}”无法识别：只能使用“{{年}}”和“{{序号}}”"
        f"（“{{序号:3}}”表示序号至少3位，不足补0）"
    )


def _split(text: str) -> tuple[_Part, ...]:
    parts: list[_Part] = []
    literal: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "}":
            raise NumberPatternError(f"“{FIELD}”中有多余的“}}”：占位符须写成“{{年}}”“{{序号}}”")
        if char != "{":
            literal.append(char)
            i += 1
            continue
        end = text.find("}", i + 1)
        inner = text[i + 1 : end] if end != -1 else ""
        if end == -1 or "{" in inner:
            raise NumberPatternError(
                f"“{FIELD}”中的“{{”没有配对的“}}”：占位符须写成“{{年}}”“{{序号}}”"
            )
        if literal:
            parts.append("".join(literal))
            literal = []
        parts.append(_token(inner))
        i = end + 1
    if literal:
        parts.append("".join(literal))
    return tuple(parts)


@dataclass(frozen=True)
class NumberPattern:
    """A checked pattern. Build it with `parse_pattern`."""

    text: str
    parts: tuple[_Part, ...]

    @property
    def width(self) -> int:
        return next(p.width for p in self.parts if isinstance(p, _Seq))

    def format(self, year: int, seq: int) -> str:
        """The number with that year and sequence, e.g. 某政信〔2026〕012号."""
        if seq < 1:
            raise ValueError(f"序号须为正整数：{seq}")
        return "".join(self._piece(p, year, str(seq).zfill(self.width)) for p in self.parts)

    @staticmethod
    def _piece(part: _Part, year: int, seq: str) -> str:
        if isinstance(part, _Year):
            return f"{year:04d}"
        if isinstance(part, _Seq):
            return seq
        return part

    def affixes(self, year: int) -> tuple[str, str]:
        """The fixed text before and after the sequence in that year's numbers (for a query)."""
        index = next(i for i, p in enumerate(self.parts) if isinstance(p, _Seq))
        before = "".join(self._piece(p, year, "") for p in self.parts[:index])
        after = "".join(self._piece(p, year, "") for p in self.parts[index + 1 :])
        return before, after

    def _regex(self) -> re.Pattern[str]:
        return _compiled(self.parts)

    def parse(self, number: str) -> tuple[int, int] | None:
        """(year, sequence) of a number this pattern could have made, else None.

        Any number of digits is read as the sequence (2026-12 as well as 2026-0012), so a number typed
        by hand without the zeros still keeps the counter ahead of it; more than MAX_SEQ_DIGITS
        significant digits are not a sequence the counter follows.
        """
        match = self._regex().fullmatch(number.strip())
        if match is None:
            return None
        digits = match.group("seq").lstrip("0")
        if len(digits) > MAX_SEQ_DIGITS:
            return None
        seq = int(digits or "0")
        if seq < 1:
            return None
        return int(match.group("year")), seq


@lru_cache(maxsize=32)
def _compiled(parts: tuple[_Part, ...]) -> re.Pattern[str]:
    """The regular expression that reads a number back (built once per pattern)."""
    pieces: list[str] = []
    year_seen = False
    for part in parts:
        if isinstance(part, _Year):
            pieces.append(r"(?P=year)" if year_seen else r"(?P<year>\d{4})")
            year_seen = True
        elif isinstance(part, _Seq):
            pieces.append(r"(?P<seq>\d+)")
        else:
            pieces.append(re.escape(part))
    return re.compile("".join(pieces), re.ASCII)  # 0-9 only, as the register's query reads them


@lru_cache(maxsize=32)
def parse_pattern(text: str) -> NumberPattern:
    """Check an office's pattern; raises NumberPatternError with a message naming the field."""
    text = text.translate(_FULL_WIDTH).strip()
    if not text:
        raise NumberPatternError(f"“{FIELD}”不能为空；默认为“{DEFAULT_PATTERN}”，如 2026-0001")
    if any(c in text for c in "\r\n\t"):
        raise NumberPatternError(f"“{FIELD}”不能含换行或制表符")
    parts = _split(text)
    seqs = [p for p in parts if isinstance(p, _Seq)]
    if not seqs:
        raise NumberPatternError(f"“{FIELD}”须包含序号“{{序号}}”，例如：{EXAMPLE}")
    if len(seqs) > 1:
        raise NumberPatternError(f"“{FIELD}”只能包含一个“{{序号}}”")
    if not any(isinstance(p, _Year) for p in parts):
        raise NumberPatternError(
            f"“{FIELD}”须包含年份“{{年}}”：序号每年从1起编，没有年份，各年的编号会重复"
        )
    pattern = NumberPattern(text, parts)
    # A year's numbers run to five digits at most in any office (99999 applications).
    if len(pattern.format(2026, 99999)) > MAX_NUMBER_LENGTH:
        raise NumberPatternError(f"“{FIELD}”太长：生成的申请编号会超过{MAX_NUMBER_LENGTH}个字符")
    return pattern


def pattern_error(text: str) -> str:
    """Why a pattern cannot be used ("" when it can)."""
    try:
        parse_pattern(text)
    except NumberPatternError as exc:
        return str(exc)
    return ""


DEFAULT = parse_pattern(DEFAULT_PATTERN)
