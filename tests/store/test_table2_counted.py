"""Table 二's first block counted from the document register (issue 16): in the report, the JSON and
the workbook; a typed figure wins and is marked as typed; no register = typed figures only."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from desktop.domain import report_formats as rf
from desktop.reports.report_json import report_to_json
from desktop.reports.stats_workbook import SHEET_TABLE2, TYPED_NOTE, write_workbook
from desktop.store import documents as ds
from desktop.store.annual_figures import set_figures
from desktop.store.register import Register
from desktop.store.statistics import compute_report, report_checks
from tests.documents_sample import DELETED, EXPECTED, SAMPLE


@pytest.fixture
def sample(register: Register) -> Register:
    ds.add_many(register, SAMPLE)
    gone = ds.add(register, DELETED)
    ds.delete(register, gone.id)
    return register


@pytest.mark.parametrize(("fmt", "year"), sorted(EXPECTED))
def test_report_counts_first_block(sample: Register, fmt: str, year: int) -> None:
    report = compute_report(sample, year, fmt)
    for (row, column), n in EXPECTED[(fmt, year)].items():
        key = rf.figure_key(fmt, row, column)
        assert report.table2[key] == n
        assert report.table2_source(key) == "register"
    # The other blocks stay typed (empty here).
    assert (
        report.table2[rf.figure_key(fmt, "行政处罚", rf.FORMATS[fmt].table2.blocks[2].columns[1])]
        is None
    )


def test_typed_figure_wins_and_is_marked(sample: Register, tmp_path) -> None:
    key = rf.figure_key("2021", "规章", "现行有效件数")
    set_figures(sample, 2025, {key: "5"})
    report = compute_report(sample, 2025, "2021")
    assert report.table2[key] == Decimal(5)
    assert report.table2_source(key) == "typed"
    other = rf.figure_key("2021", "规章", "本年制发件数")
    assert report.table2_source(other) == "register"
    data = json.loads(report_to_json(report, report_checks(sample, report)))
    block = data["table2"]["blocks"][0]
    assert block["rows"][0] == {
        "label": "规章",
        "values": [1, 1, 5],
        "sources": ["register", "register", "typed"],
    }
    assert block["rows"][1]["values"] == [1, 1, 2]
    out = write_workbook(report, tmp_path / "r.xlsx", report_checks(sample, report))
    ws = load_workbook(out)[SHEET_TABLE2]
    typed = [c for r in ws.iter_rows() for c in r if c.comment is not None]
    assert [(c.value, c.comment.text) for c in typed] == [(5, TYPED_NOTE)]


def test_no_register_keeps_typed_figures(register: Register) -> None:
    key = rf.figure_key("2019", "规范性文件", "对外公开总数量")
    set_figures(register, 2020, {key: "12"})
    report = compute_report(register, 2020, "2019")
    assert report.table2[key] == 12 and report.table2_source(key) == "typed"
    empty = rf.figure_key("2019", "规章", "对外公开总数量")
    assert report.table2[empty] is None and report.table2_source(empty) is None
    assert report.table2_counted == set()
