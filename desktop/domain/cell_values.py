"""Reading one spreadsheet cell as a register value: dates, 是/否, money, choices and outcomes.

The ledger importer and the legacy-ledger wizard both turn what a clerk typed into Excel into the
register's values here, so a date or an amount is understood the same way everywhere. Each parser
takes the raw cell value (whatever openpyxl gives: str, int, float, datetime, date, bool or None),
returns the value, `None`/"" for an empty cell, and raises `CellValueError` whose message is a
Chinese reason (the caller adds file, row and column). Pure functions: no Qt, no SQL, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from desktop.domain import vocab
from desktop.domain.chinese import to_simplified

# Dates outside these years are typing mistakes in a register of 政府信息公开 applications
# (the 2008 Regulation is the oldest rule the register applies).
MIN_YEAR, MAX_YEAR = 1990, 2099
# Excel's day 0 for the 1900 date system (serial 60 is the fictitious 1900-02-29, far below MIN_YEAR).
EXCEL_EPOCH = date(1899, 12, 30)


class CellValueError(ValueError):
    """A cell that cannot be read as the column's kind; `str()` is the Chinese reason."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _normalise(text: str) -> str:
    """Full-width digits and letters to ASCII (１２３ → 123), outer spaces removed."""
    return unicodedata.normalize("NFKC", text).strip()


def _shown(value: object) -> str:
    """How a cell value is quoted back in a message."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"“{value}”"


# ------------------------------------------------------------------------------------------ dates

_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {
    "零": "0",
    "○": "0",
    "Ｏ": "0",
}
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
# A time of day after the date (a date exported as text from another program): ignored.
_TIME_TAIL = re.compile(r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")
_DATE_HINT = "可写作 2025-03-01、2025/3/1、2025.3.1、2025年3月1日 或 20250301"


def _chinese_numeral_date(text: str) -> str:
    """二〇二五年三月十一日 → 2025年3月11日 (dates written out in official letters)."""

    def number(part: str) -> str:
        if "十" not in part:
            return "".join(_CN_DIGITS.get(c, c) for c in part)
        tens, _, ones = part.partition("十")
        return str(
            int(_CN_DIGITS.get(tens, "1") if tens else "1") * 10
            + int(_CN_DIGITS.get(ones, "0") if ones else "0")
        )

    match = re.fullmatch(
        r"([〇一二三四五六七八九零○Ｏ]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})[日号]",
        text,
    )
    if not match:
        return text
    year, month, day = match.groups()
    return f"{number(year)}年{number(month)}月{number(day)}日"


def _checked_date(year: int, month: int, day: int, original: object) -> date:
    if not 1 <= month <= 12:
        raise CellValueError(f"{_shown(original)}不是有效的日期：没有{month}月")
    try:
        value = date(year, month, day)
    except ValueError:
        raise CellValueError(
            f"{_shown(original)}不是有效的日期：{year}年{month}月没有{day}日"
        ) from None
    return _in_range(value, original)


def _in_range(value: date, original: object) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise CellValueError(
            f"{_shown(original)}的年份 {value.year} 不在 {MIN_YEAR}—{MAX_YEAR} 之间，请检查是否输错"
        )
    return value


def _serial_date(serial: float, original: object) -> date:
    """An Excel date serial number (days since 1899-12-30; a fraction is the time of day)."""
    if serial < 1:
        raise CellValueError(f"{_shown(original)}不是日期；{_DATE_HINT}")
    try:
        value = EXCEL_EPOCH + timedelta(days=int(serial))
    except OverflowError:
        raise CellValueError(f"{_shown(original)}不是日期；{_DATE_HINT}") from None
    return _in_range(value, original)


def parse_date(value: object) -> date | None:
    """A date cell: a real Excel date, a serial number, or text in a common Chinese form."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return _in_range(value.date(), value.date().isoformat())
    if isinstance(value, date):
        return _in_range(value, value.isoformat())
    if isinstance(value, bool):
        raise CellValueError(f"{_shown(value)}不是日期；{_DATE_HINT}")
    if isinstance(value, int | float | Decimal):
        number = float(value)
        # 20250301 typed as a number is a date written without separators, not a serial.
        if number.is_integer() and 10_000_000 <= number <= 99_991_231:
            text = str(int(number))
            return _checked_date(int(text[:4]), int(text[4:6]), int(text[6:]), original=value)
        return _serial_date(number, value)
    text = _normalise(str(value))
    text = _TIME_TAIL.sub("", text).strip()
    text = _chinese_numeral_date(text)
    if text.isdigit() and len(text) <= 6:  # a serial number that lost its date format
        return _serial_date(int(text), value)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return _checked_date(year, month, day, value)
    raise CellValueError(f"{_shown(value)}不是日期；{_DATE_HINT}")


# ------------------------------------------------------------------------------------------ 是/否

_TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓", "有"}
_FALSE_WORDS = {"否", "n", "no", "false", "0", "×", "✗", "无", "無"}


def parse_yes_no(value: object) -> bool | None:
    """是/否 (either script), Y/N, yes/no, 1/0, TRUE/FALSE; `None` for an empty cell."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = _normalise(str(value)).casefold()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise CellValueError(f"{_shown(value)}应为“是”或“否”")


# ------------------------------------------------------------------------------------------ money

_MONEY_DECORATION = re.compile(
    r"^(?:人民币|[¥￥]|RMB)?\s*(.*?)\s*(?:元整|元|圆|RMB)?$", re.IGNORECASE
)


def parse_money_cents(value: object) -> int | None:
    """An amount in yuan (number or text such as "380"、"380.00元"、"¥1,200.5") → fen, exactly."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellValueError(f"{_shown(value)}不是金额")
    if isinstance(value, float):
        amount = Decimal(repr(value))  # shortest decimal form: 380.1 stays 380.1, not 380.099…
    elif isinstance(value, int | Decimal):
        amount = Decimal(value)
    else:
        text = _normalise(str(value))
        match = _MONEY_DECORATION.match(text)
        digits = (match.group(1) if match else text).replace(",", "").replace(" ", "")
        try:
            amount = Decimal(digits)
        except InvalidOperation:
            raise CellValueError(
                f"{_shown(value)}不是金额；请写以元为单位的数字，例如 380 或 380.00"
            ) from None
    if not amount.is_finite():
        raise CellValueError(f"{_shown(value)}不是金额")
    if amount < 0:
        raise CellValueError(f"{_shown(value)}不能为负数")
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise CellValueError(f"{_shown(value)}的金额只能精确到分（小数点后最多两位）")
    return int(cents)


# ------------------------------------------------------------------------------------ choices, text

_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "“", "』": "”"})
_STRAIGHT_QUOTED = re.compile(r'"([^"]*)"')
# A row label's number in front of a leaf: "1.", "1、", "（三）".
_LEAF_NUMBER = re.compile(r"^\s*(?:[（(][一二三四五六七八九][)）]|\d+\s*[.、．])\s*")


def parse_text(value: object, *, strip: bool = True) -> str:
    """Free text: whatever the cell shows; numbers without a trailing .0. Outer blanks are removed
    unless `strip=False`: long texts such as 申请内容 keep exactly what was typed, even a cell of
    blanks only, so that a register exported and imported again is the same register."""
    if value is None:
        return ""
    if isinstance(value, str) and not strip:
        return value
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip() if strip else str(value)


def parse_code(value: object) -> str:
    """An ID number, organisation code or phone number: text, never a rounded number.

    Excel keeps only 15 significant digits of a number, so an 18-digit 身份证号码 typed into a
    number cell has already lost its last digits; it cannot be repaired here, only reported.
    """
    if is_blank(value):
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            raise CellValueError(f"{_shown(value)}是小数，不是号码")
        digits = str(int(value))
        if len(digits) > 15:
            raise CellValueError(
                f"{_shown(value)}被 Excel 存成了数字，15 位以后的数字已经丢失；"
                "请把该列设为“文本”格式后重新填写"
            )
        return digits
    return _normalise(str(value)).upper() if _looks_like_code(str(value)) else str(value).strip()


def _looks_like_code(text: str) -> bool:
    stripped = _normalise(text)
    return bool(stripped) and all(c.isascii() and (c.isalnum() or c in "-*+() ") for c in stripped)


def parse_choice(value: object, choices: Iterable[str]) -> str:
    """One of a fixed list of values, written in simplified or traditional characters."""
    if is_blank(value):
        return ""
    options = tuple(choices)
    text = _normalise(str(value))
    if text in options:
        return text
    simplified = to_simplified(text)  # only when needed: OpenCC is the costly step of an import
    if simplified in options:
        return simplified
    raise CellValueError(f"{_shown(value)}不是可选的值；须为以下之一：{'、'.join(options)}")


def parse_outcome(value: object) -> str | None:
    """The outcome leaf a cell names (short label, numbered label or alias; either script) → its code."""
    if is_blank(value):
        return None
    text = str(value).strip()
    leaf = vocab.outcome_by_text(text)  # as written (the common case): no conversion needed
    if leaf is not None:
        return leaf.code
    simplified = _STRAIGHT_QUOTED.sub(r"“\1”", to_simplified(text).translate(_QUOTES))
    for candidate in (text, simplified, _LEAF_NUMBER.sub("", simplified)):
        leaf = vocab.outcome_by_text(candidate)
        if leaf is not None:
            return leaf.code
    examples = "、".join(leaf.short for leaf in vocab.OUTCOME_LEAVES[:4])
    raise CellValueError(
        f"{_shown(value)}不是表三中的办理结果；请写表三的一项（不带序号），例如 {examples}、其他"
    )


def parse_working_days(value: object) -> int | None:
    """A whole number of working days (延期工作日数): 10, "10", "10个工作日", "10天"."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellValueError(f"{_shown(value)}不是工作日数")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = _normalise(str(value))
    for tail in ("个工作日", "工作日", "日", "天"):
        if text.endswith(tail):
            text = text[: -len(tail)].strip()
            break
    if not text.isdigit():
        raise CellValueError(f"{_shown(value)}不是工作日数；请写整数，例如 10")
    return int(text)


def parse_outcome_2014(value: object) -> str:
    """A 2014格式办理结果 cell: an item of the 2014 统计表's （三）申请答复数, verbatim → its key."""
    from desktop.domain.report_formats import (  # report_formats is heavy; needed only here
        OUTCOME_ITEMS_2014,
        outcome_2014_label,
    )
    from desktop.domain.report_formats import (
        parse_outcome_2014 as item_of,
    )

    if is_blank(value):
        return ""
    text = to_simplified(_normalise(str(value)))
    key = item_of(text)
    if key is None:
        examples = "、".join(outcome_2014_label(k) for k in OUTCOME_ITEMS_2014[:3])
        raise CellValueError(
            f"{_shown(value)}不是2014年统计表“（三）申请答复数”下的一项，例如 {examples}"
        )
    return key
