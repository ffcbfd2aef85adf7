"""The 规章 and 行政规范性文件 register (公开台账, contract.md last section): vocabulary, checks, counting.

Offices keep a 公开台账 of the 规章 and 行政规范性文件 they issue (益阳市's 2019 work plan: "建立行政规章和
规范性文件公开台账，确保公开的政府信息底数清晰"); table 二's first block (第二十条第（一）项) is counted from
it. Pure Python: no Qt, no SQL. store.documents implements the same counting in SQL and the tests check
both agree on generated registers.

Counting for report year Y (contract.md, v2):
- 2021 format: 本年制发件数 = 制发日期 in Y; 本年废止件数 = 废止日期 in Y; 现行有效件数 = published on or
  before 31 Dec Y, not repealed on or before 31 Dec Y, and 有效期至 empty or on or after 31 Dec Y.
- 2019 format: 本年新制作数量 = 制发日期 in Y; 本年新公开数量 = 公开日期 in Y; 对外公开总数量 = 公开日期
  on or before 31 Dec Y.
A document repealed on 31 Dec is no longer in force that day; one valid until 31 Dec still is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from desktop.domain.chinese import to_simplified

REGULATION = "规章"
NORMATIVE = "行政规范性文件"
CATEGORIES: tuple[str, ...] = (REGULATION, NORMATIVE)

# The documents' columns (contract.md): field -> header, in the workbook's order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", "文号"),
    ("title", "标题"),
    ("category", "类别"),
    ("issued", "制发日期"),
    ("published", "公开日期"),
    ("repealed", "废止日期"),
    ("valid_until", "有效期至"),
    ("channel", "公开方式"),
    ("url", "网址"),
    ("remarks", "备注"),
)
FIELD_LABELS: dict[str, str] = dict(COLUMNS)
DATE_FIELDS = ("issued", "published", "repealed", "valid_until")
REQUIRED_FIELDS = ("number", "title", "category", "issued")

# 条例第二十六条: 主动公开 information is published within 20 working days of being made.
PUBLISH_WITHIN_WORKING_DAYS = 20
# A 行政规范性文件 whose 有效期至 falls within this many days is listed for renewal or lapse.
EXPIRY_NOTICE_DAYS = 90


@dataclass(frozen=True)
class Document:
    """One 规章 or 行政规范性文件 of the register."""

    number: str  # 文号, e.g. 益政发〔2019〕3号; unique among live documents (see number_key)
    title: str
    category: str  # REGULATION or NORMATIVE
    issued: date | None  # 制发日期
    published: date | None = None  # 公开日期; None = not yet published
    repealed: date | None = None  # 废止日期
    valid_until: date | None = None  # 有效期至: the last valid day
    channel: str = ""  # 公开方式, e.g. 政府网站、政府公报
    url: str = ""
    remarks: str = ""
    id: int | None = None

    def replace(self, **changes: Any) -> Document:
        return replace(self, **changes)


@dataclass(frozen=True)
class FieldError:
    field: str  # Document attribute name
    message: str  # a Chinese sentence naming the field

    def __str__(self) -> str:
        return self.message


# ------------------------------------------------------------------------------------ vocabulary

_PUNCT = re.compile(r"[\s:：*＊/／、_\-—·.。,，;；\"'“”‘’()（）【】\[\]]")
# Loose wordings of 类别 seen in hand-kept lists, most specific first (simplified, no punctuation).
_CATEGORY_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("行政规范性文件", "规范性文件", "规范文件", "行政规范文件", "规范性", "红头文件"), NORMATIVE),
    (("政府规章", "地方政府规章", "部门规章", "地方规章", "规章"), REGULATION),
)


def parse_category(text: object) -> str:
    """The canonical 类别 of a loose wording (规范性文件, 政府规章, 規章, "行政规范性文件（市政府）"…).

    Raises ValueError with a Chinese message when the text names neither.
    """
    raw = "" if text is None else str(text)
    compact = _PUNCT.sub("", to_simplified(unicodedata.normalize("NFKC", raw)))
    if compact in CATEGORIES:
        return compact
    for words, category in _CATEGORY_WORDS:
        if any(w in compact for w in words):
            return category
    shown = raw.strip()
    raise ValueError(f"“{shown}”不是文件类别；须为“规章”或“行政规范性文件”（也可写“规范性文件”）")


_BRACKET_OPEN = "[【〔（(［｛{"
_BRACKET_CLOSE = "]】〕）)］｝}"


def number_key(number: str) -> str:
    """The form 文号 are compared in: 益政发[2019]3号, 益政发【2019】3 号 and 益政發〔2019〕3號 are one.

    Full-width/half-width folded, traditional → simplified, every bracket pair → 〔〕, blanks removed.
    """
    text = to_simplified(unicodedata.normalize("NFKC", number or ""))
    text = "".join(text.split())
    for c in _BRACKET_OPEN:
        text = text.replace(c, "〔")
    for c in _BRACKET_CLOSE:
        text = text.replace(c, "〕")
    return text.casefold()


def search_text(doc: Document) -> str:
    """What the window's search matches: 文号 (in its compared form and as typed) and 标题."""
    return " ".join(
        to_simplified(f"{number_key(doc.number)} {doc.number} {doc.title}").casefold().split()
    )


# ---------------------------------------------------------------------------------- validation


def validate(doc: Document, today: date | None = None) -> list[FieldError]:
    """Every problem of a document, each naming its field; [] when it can be stored."""
    errors: list[FieldError] = []
    if not doc.number.strip():
        errors.append(FieldError("number", "“文号”不能为空"))
    if not doc.title.strip():
        errors.append(FieldError("title", "“标题”不能为空"))
    if doc.category not in CATEGORIES:
        errors.append(
            FieldError("category", f"“类别”须为“规章”或“行政规范性文件”，而不是“{doc.category}”")
        )
    if doc.issued is None:
        errors.append(FieldError("issued", "“制发日期”不能为空"))
    else:
        for name in ("published", "repealed", "valid_until"):
            value = getattr(doc, name)
            if value is not None and value < doc.issued:
                errors.append(
                    FieldError(
                        name,
                        f"“{FIELD_LABELS[name]}”{value.isoformat()}早于“制发日期”"
                        f"{doc.issued.isoformat()}",
                    )
                )
    if today is not None:
        for name in ("issued", "published"):
            value = getattr(doc, name)
            if value is not None and value > today:
                errors.append(
                    FieldError(name, f"“{FIELD_LABELS[name]}”{value.isoformat()}晚于今天")
                )
    return errors


# ------------------------------------------------------------------------ table 二, first block


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def issued_in(doc: Document, year: int) -> bool:
    """本年制发件数 / 本年新制作数量: 制发日期 in the year."""
    return doc.issued is not None and doc.issued.year == year


def repealed_in(doc: Document, year: int) -> bool:
    """本年废止件数: 废止日期 in the year."""
    return doc.repealed is not None and doc.repealed.year == year


def in_force_at_end(doc: Document, year: int) -> bool:
    """现行有效件数: published by 31 Dec, not repealed by 31 Dec, valid on 31 Dec."""
    end = _year_end(year)
    return (
        doc.published is not None
        and doc.published <= end
        and not (doc.repealed is not None and doc.repealed <= end)
        and (doc.valid_until is None or doc.valid_until >= end)
    )


def published_in(doc: Document, year: int) -> bool:
    """本年新公开数量: 公开日期 in the year."""
    return doc.published is not None and doc.published.year == year


def published_by_end(doc: Document, year: int) -> bool:
    """对外公开总数量: 公开日期 on or before 31 Dec."""
    return doc.published is not None and doc.published <= _year_end(year)


ISSUED, REPEALED, IN_FORCE, PUBLISHED, PUBLISHED_TOTAL = (
    "issued",
    "repealed",
    "in_force",
    "published",
    "published_total",
)
MEASURES: dict[str, Callable[[Document, int], bool]] = {
    ISSUED: issued_in,
    REPEALED: repealed_in,
    IN_FORCE: in_force_at_end,
    PUBLISHED: published_in,
    PUBLISHED_TOTAL: published_by_end,
}

# Per report format: the first block's value columns (verbatim, report_formats) -> measure, and the
# row label each 类别 is counted in (the 2019 format says 规范性文件).
COLUMN_MEASURES: dict[str, dict[str, str]] = {
    "2021": {"本年制发件数": ISSUED, "本年废止件数": REPEALED, "现行有效件数": IN_FORCE},
    "2019": {
        "本年新制作数量": ISSUED,
        "本年新公开数量": PUBLISHED,
        "对外公开总数量": PUBLISHED_TOTAL,
    },
}
ROW_CATEGORIES: dict[str, dict[str, str]] = {
    "2021": {"规章": REGULATION, "行政规范性文件": NORMATIVE},
    "2019": {"规章": REGULATION, "规范性文件": NORMATIVE},
}


def counted_figures(fmt: str) -> list[tuple[str, str, str, str]]:
    """(row label, column label, category, measure) of every figure the register counts in `fmt`."""
    if fmt not in COLUMN_MEASURES:
        return []
    return [
        (row, column, category, measure)
        for row, category in ROW_CATEGORIES[fmt].items()
        for column, measure in COLUMN_MEASURES[fmt].items()
    ]


def is_counted(fmt: str, row: str, column: str) -> bool:
    """Whether table 二's figure (row, column) of `fmt` is counted from the register."""
    return row in ROW_CATEGORIES.get(fmt, {}) and column in COLUMN_MEASURES.get(fmt, {})


def counts(docs: Iterable[Document], year: int, fmt: str) -> dict[tuple[str, str], int]:
    """The reference count of every counted figure: (row label, column label) -> documents.

    Deleted documents are the caller's to leave out. store.documents counts the same in SQL.
    """
    docs = list(docs)
    return {
        (row, column): sum(1 for d in docs if d.category == category and MEASURES[measure](d, year))
        for row, column, category, measure in counted_figures(fmt)
    }


# --------------------------------------------------------------------------------- reminders


def expires_soon(doc: Document, today: date, days: int = EXPIRY_NOTICE_DAYS) -> bool:
    """A 行政规范性文件 in force whose 有效期至 falls within `days` days from today (renew or let lapse)."""
    return (
        doc.category == NORMATIVE
        and doc.valid_until is not None
        and today <= doc.valid_until <= today + timedelta(days=days)
        and (doc.repealed is None or doc.repealed > today)
    )


def publish_overdue(doc: Document, today: date, publish_due: date) -> bool:
    """Issued, not published, not repealed, and the 20th working day after issue has passed."""
    return doc.published is None and doc.repealed is None and today > publish_due


def status(doc: Document, today: date) -> str:
    """The document's state today, as the window's list shows it."""
    if doc.repealed is not None and doc.repealed <= today:
        return "已废止"
    if doc.valid_until is not None and doc.valid_until < today:
        return "已失效"
    if doc.published is None or doc.published > today:
        return "未公开"
    return "现行有效"
