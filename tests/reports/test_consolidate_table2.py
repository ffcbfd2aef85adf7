"""Issue 16: table 二 read back from units' workbooks and added up like table 三 (the first block
counted from each unit's document register; empty figures stay empty)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from desktop.domain import report_formats as rf
from desktop.domain.documents import NORMATIVE, Document
from desktop.reports.consolidate import consolidate, write_total
from desktop.reports.stats_reader import read_stats_workbook
from desktop.reports.stats_workbook import SHEET_TABLE2, write_workbook
from desktop.store import documents as ds
from desktop.store.annual_figures import set_figures
from desktop.store.register import Register
from desktop.store.statistics import compute_report, report_checks
from tests.documents_sample import EXPECTED, SAMPLE


def _unit_workbook(tmp_path: Path, name: str, docs, figures: dict[str, str], fmt: str) -> Path:
    register = Register.open(tmp_path / f"{name}.ogidb")
    try:
        ds.add_many(register, docs)
        set_figures(register, 2025, {rf.UNIT_NAME_KEY: name, **figures})
        report = compute_report(register, 2025, fmt)
        return write_workbook(report, tmp_path / f"{name}.xlsx", report_checks(register, report))
    finally:
        register.close()


def test_units_table2_adds_up(tmp_path: Path) -> None:
    fee = rf.figure_key("2021", "行政事业性收费", "本年收费金额（单位：万元）")
    town = _unit_workbook(tmp_path, "某镇", SAMPLE, {fee: "1.25"}, "2021")
    village = _unit_workbook(
        tmp_path,
        "某乡",
        (Document("乡政发〔2025〕1号", "乡文件", NORMATIVE, date(2025, 1, 2), date(2025, 1, 3)),),
        {fee: "0.5", rf.figure_key("2021", "规章", "现行有效件数"): "7"},  # typed: no 规章 kept
        "2021",
    )
    book = read_stats_workbook(town)
    assert book.ok
    for (row, column), n in EXPECTED[("2021", 2025)].items():
        assert book.report.table2[rf.figure_key("2021", row, column)] == n
    result = consolidate([town, village], unit="某县")
    assert result.ok, result.refusals
    total = result.total.table2
    assert total[rf.figure_key("2021", "规章", "现行有效件数")] == 2 + 7
    assert total[rf.figure_key("2021", "行政规范性文件", "本年制发件数")] == 1 + 1
    assert total[rf.figure_key("2021", "行政规范性文件", "现行有效件数")] == 2 + 1
    assert total[fee] == Decimal("1.75")
    assert total.get(rf.figure_key("2021", "行政许可", "本年处理决定数量")) is None
    out = write_total(result, tmp_path / "total.xlsx")
    ws = load_workbook(out)[SHEET_TABLE2]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert ["规章", 1, 1, 9] in values and ["行政规范性文件", 2, 1, 3] in values
