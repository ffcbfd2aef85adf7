"""The document register's vocabulary, checks and table 二 counting rules (domain.documents)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain import documents as dm
from desktop.domain import report_formats as rf
from desktop.domain.documents import NORMATIVE, REGULATION, Document
from tests.documents_sample import EXPECTED, SAMPLE


@pytest.mark.parametrize(("fmt", "year"), sorted(EXPECTED))
def test_hand_worked_counts(fmt: str, year: int) -> None:
    assert dm.counts(SAMPLE, year, fmt) == EXPECTED[(fmt, year)]


def test_counted_figures_are_table2_first_block_labels() -> None:
    for code in ("2021", "2019"):
        block = rf.FORMATS[code].table2.blocks[0]
        assert {(r, c) for r, c, _cat, _m in dm.counted_figures(code)} == {
            (r, c) for r in block.rows for c in block.columns[1:]
        }
    assert dm.counted_figures("2014") == []


def test_year_end_edges() -> None:
    doc = Document("x", "t", NORMATIVE, date(2024, 1, 1), date(2024, 12, 31))
    assert dm.in_force_at_end(doc, 2024) and dm.published_by_end(doc, 2024)
    assert not dm.in_force_at_end(doc.replace(repealed=date(2024, 12, 31)), 2024)
    assert dm.in_force_at_end(doc.replace(repealed=date(2025, 1, 1)), 2024)
    assert dm.in_force_at_end(doc.replace(valid_until=date(2024, 12, 31)), 2024)
    assert not dm.in_force_at_end(doc.replace(valid_until=date(2024, 12, 30)), 2024)
    assert not dm.in_force_at_end(doc.replace(published=date(2025, 1, 1)), 2024)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("规章", REGULATION),
        ("政府规章", REGULATION),
        ("地方政府規章", REGULATION),
        (" 规 章 ", REGULATION),
        ("行政规范性文件", NORMATIVE),
        ("规范性文件", NORMATIVE),
        ("規範性文件", NORMATIVE),
        ("行政规范性文件（市政府）", NORMATIVE),
        ("规范文件", NORMATIVE),
    ],
)
def test_category_written_loosely(text: str, category: str) -> None:
    assert dm.parse_category(text) == category


@pytest.mark.parametrize("text", ["", "通知", "会议纪要", None])
def test_unknown_category_is_refused(text: object) -> None:
    with pytest.raises(ValueError, match="规章"):
        dm.parse_category(text)


def test_number_key_folds_brackets_width_and_script() -> None:
    key = dm.number_key("益政发〔2019〕3号")
    for other in (
        "益政发[2019]3号",
        "益政发【2019】3 号",
        "益政發〔2019〕3號",
        "益政发（2019）3号",
    ):
        assert dm.number_key(other) == key
    assert dm.number_key("益政发〔2019〕4号") != key


def test_validate_names_fields() -> None:
    assert dm.validate(SAMPLE[0]) == []
    bad = Document("", "", "通知", None)
    fields = {e.field for e in dm.validate(bad)}
    assert fields == {"number", "title", "category", "issued"}
    early = SAMPLE[0].replace(published=date(2023, 2, 1), valid_until=date(2023, 1, 1))
    messages = [str(e) for e in dm.validate(early)]
    assert any("公开日期" in m and "早于" in m for m in messages)
    assert any("有效期至" in m for m in messages)
    future = SAMPLE[0].replace(published=date(2026, 5, 1))
    assert [e.field for e in dm.validate(future, today=date(2026, 4, 1))] == ["published"]


def test_expires_soon() -> None:
    doc = Document(
        "x", "t", NORMATIVE, date(2024, 1, 1), date(2024, 1, 5), valid_until=date(2026, 3, 31)
    )
    assert dm.expires_soon(doc, date(2026, 1, 1))  # 89 days ahead
    assert dm.expires_soon(doc, date(2026, 3, 31))  # the last day
    assert dm.expires_soon(doc, date(2025, 12, 31))  # exactly 90 days ahead
    assert not dm.expires_soon(doc, date(2025, 12, 30))  # 91 days ahead
    assert not dm.expires_soon(doc, date(2026, 4, 1))  # already lapsed
    assert not dm.expires_soon(doc.replace(category=REGULATION), date(2026, 1, 1))
    assert not dm.expires_soon(doc.replace(repealed=date(2026, 2, 1)), date(2026, 2, 10))
