"""The office's 申请编号 pattern (decision 8): parse, refuse, format, read back."""

from __future__ import annotations

import pytest

from desktop.domain import numbering as N
from desktop.domain.numbering import NumberPatternError, parse_pattern, pattern_error


# ------------------------------------------------------------------------------ formatting
@pytest.mark.parametrize(
    ("pattern", "year", "seq", "number"),
    [
        ("{年}-{序号:4}", 2026, 1, "2026-0001"),  # the default: the register's numbers until now
        ("{年}-{序号:4}", 2025, 12345, "2025-12345"),  # wider than the width: not cut
        ("某政信〔{年}〕{序号}号", 2026, 7, "某政信〔2026〕7号"),
        ("某政信〔{年}〕{序号:3}号", 2026, 7, "某政信〔2026〕007号"),
        ("某政信〔{年}〕{序号:3}号", 2024, 1000, "某政信〔2024〕1000号"),
        ("依申请{序号:2}（{年}）", 2027, 3, "依申请03（2027）"),  # the year after the sequence
        ("{年}{序号:5}", 2026, 42, "202600042"),  # no separator at all
        ("{年}年第{序号}号/{年}", 2026, 5, "2026年第5号/2026"),  # the year twice
        # full-width braces and colon, as an IME types them
        ("｛年｝-｛序号：3｝", 2026, 9, "2026-009"),
        ("  {年}-{序号}  ", 2026, 9, "2026-9"),  # spaces at the ends are not part of the pattern
        ("编号：{年}-{ 序号 : 2 }", 2026, 9, "编号：2026-09"),  # a literal full-width colon stays
    ],
)
def test_format(pattern: str, year: int, seq: int, number: str) -> None:
    assert parse_pattern(pattern).format(year, seq) == number


def test_the_default_is_year_dash_four_digits() -> None:
    assert N.DEFAULT_PATTERN == "{年}-{序号:4}"
    assert N.DEFAULT.format(2026, 1) == "2026-0001"
    assert N.DEFAULT.width == 4


def test_the_sequence_starts_at_one() -> None:
    with pytest.raises(ValueError):
        N.DEFAULT.format(2026, 0)


# ------------------------------------------------------------------------------ refusals
@pytest.mark.parametrize(
    ("pattern", "says"),
    [
        ("", "不能为空"),
        ("   ", "不能为空"),
        ("某政信〔{年}〕号", "须包含序号“{序号}”"),
        ("{年}-{号}", "“{号}”无法识别"),  # the letters' token is not the applications' one
        ("{年}-{序号}-{序号}", "只能包含一个“{序号}”"),
        ("申请{序号}号", "须包含年份“{年}”"),
        ("{年}-{序号:0}", "序号位数须为1到8"),
        ("{年}-{序号:9}", "序号位数须为1到8"),
        ("{年}-{序号:x}", "序号位数须为1到8"),
        ("{年}-{序号:}", "序号位数须为1到8"),
        ("{年:2}-{序号}", "“{年:2}”无法识别"),
        ("{year}-{序号}", "“{year}”无法识别"),
        ("{}{年}-{序号}", "“{}”无法识别"),
        ("{年-{序号}", "没有配对"),
        ("{年}-{序号", "没有配对"),
        ("{{年}}-{序号}", "没有配对"),
        ("{年}}-{序号}", "多余的“}”"),
        ("{年}\n{序号}", "换行或制表符"),
        ("{年}\t{序号}", "换行或制表符"),
        ("某" * 45 + "{年}{序号}", "太长"),
    ],
)
def test_bad_patterns_are_refused_naming_the_field(pattern: str, says: str) -> None:
    with pytest.raises(NumberPatternError) as caught:
        parse_pattern(pattern)
    message = str(caught.value)
    assert "申请编号格式" in message
    assert says in message
    assert pattern_error(pattern) == message


def test_a_good_pattern_has_no_error() -> None:
    assert pattern_error("某政信〔{年}〕{序号:3}号") == ""
    assert pattern_error(N.EXAMPLE) == ""


def test_a_long_pattern_just_within_the_field_is_taken() -> None:
    pattern = "某" * 40 + "{年}{序号}"  # 40 + 4 + up to 5 digits = 49 characters
    assert len(parse_pattern(pattern).format(2026, 99999)) == 49


# ------------------------------------------------------------------------------ reading back
@pytest.mark.parametrize(
    ("pattern", "number", "read"),
    [
        ("{年}-{序号:4}", "2026-0012", (2026, 12)),
        ("{年}-{序号:4}", "2026-12", (2026, 12)),  # typed without the zeros: still ahead of 11
        ("{年}-{序号:4}", "2026-12345", (2026, 12345)),
        ("{年}-{序号:4}", " 2026-0003 ", (2026, 3)),
        ("{年}-{序号:4}", "2026-0000", None),  # no sequence 0
        ("{年}-{序号:4}", "2026-", None),
        ("{年}-{序号:4}", "2026-00a1", None),
        ("{年}-{序号:4}", "26-0001", None),
        ("{年}-{序号:4}", "某政信〔2026〕1号", None),
        ("{年}-{序号:4}", "2026-0000000001234", (2026, 1234)),  # zeros do not count as digits
        ("{年}-{序号:4}", "2026-1234567890", None),  # ten digits: a slip, not a sequence
        ("{年}-{序号:4}", "２０２６-０００１", None),  # full-width digits: another text, kept as is
        ("某政信〔{年}〕{序号:3}号", "某政信〔2026〕045号", (2026, 45)),
        ("某政信〔{年}〕{序号:3}号", "某政信〔2026〕45号", (2026, 45)),
        ("某政信〔{年}〕{序号:3}号", "某政信〔2026〕45", None),
        ("某政信〔{年}〕{序号:3}号", "某政信[2026]45号", None),  # other brackets: another scheme
        ("某政信〔{年}〕{序号:3}号", "2026-0045", None),
        ("依申请{序号:2}（{年}）", "依申请17（2025）", (2025, 17)),
        ("{年}{序号:5}", "202600042", (2026, 42)),
        ("{年}{序号}", "20261", (2026, 1)),
        ("{年}年第{序号}号/{年}", "2026年第5号/2026", (2026, 5)),
        ("{年}年第{序号}号/{年}", "2026年第5号/2025", None),  # the two years disagree
        ("a.{年}*{序号}", "a.2026*3", (2026, 3)),  # regex characters are literal
        ("a.{年}*{序号}", "ab2026*3", None),
    ],
)
def test_parse(pattern: str, number: str, read: tuple[int, int] | None) -> None:
    assert parse_pattern(pattern).parse(number) == read


@pytest.mark.parametrize("pattern", ["{年}-{序号:4}", "某政信〔{年}〕{序号:3}号", "{序号}({年})"])
@pytest.mark.parametrize(("year", "seq"), [(2024, 1), (2025, 99), (2026, 1000), (2027, 123456)])
def test_parse_reads_back_what_format_writes(pattern: str, year: int, seq: int) -> None:
    p = parse_pattern(pattern)
    assert p.parse(p.format(year, seq)) == (year, seq)


@pytest.mark.parametrize(
    ("pattern", "year", "affixes"),
    [
        ("{年}-{序号:4}", 2026, ("2026-", "")),
        ("某政信〔{年}〕{序号:3}号", 2025, ("某政信〔2025〕", "号")),
        ("{序号}({年})", 2024, ("", "(2024)")),
        ("{年}年第{序号}号/{年}", 2026, ("2026年第", "号/2026")),
    ],
)
def test_affixes_around_the_sequence(pattern: str, year: int, affixes: tuple[str, str]) -> None:
    assert parse_pattern(pattern).affixes(year) == affixes
