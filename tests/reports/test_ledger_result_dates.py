"""The ledger's 行政复议结果日期 / 行政诉讼结果日期 columns (decision 4): written after every other
column, read back, optional on import, and refused naming row and column when they break a rule."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook

from desktop.domain.application import Application
from desktop.reports.ledger_io import import_ledger, read_ledger, write_ledger
from desktop.store.statistics import compute_report
from tests.reports.test_ledger_io import HEADERS, row_of, write_sheet

NEW = ["行政复议结果日期", "行政诉讼结果日期"]


def test_export_puts_the_result_date_columns_after_the_earlier_ones_and_import_reads_them(
    register, tmp_path
):
    register.add(
        Application(
            receipt_date=date(2025, 10, 1),
            channel="网络",
            applicant_type="自然人",
            applicant="甲",
            answer_date=date(2025, 10, 10),
            outcome="grant",
            review_date=date(2025, 11, 10),
            review_result="结果维持",
            review_result_date=date(2026, 1, 20),
        )
    )
    path = tmp_path / "台账.xlsx"
    assert write_ledger(register, path) == 1
    ws = load_workbook(path).worksheets[0]
    headers = [c.value for c in ws[1]]
    assert headers[: len(HEADERS)] == HEADERS  # the contract's columns, unchanged, first
    at = headers.index(NEW[0]) + 1
    assert headers[at - 1 : at + 1] == NEW  # still right after the columns before them
    assert ws.cell(2, at).value.date() == date(2026, 1, 20)
    assert ws.cell(2, at + 1).value is None
    (back,) = read_ledger(path).applications
    assert back.review_result_date == date(2026, 1, 20) and back.litigation_result_date is None


def test_an_old_ledger_without_the_columns_imports_and_its_results_count_as_decided(
    register, tmp_path
):
    row = row_of(
        答复日期=date(2025, 3, 10),
        办理结果="予以公开",
        行政复议日期=date(2025, 4, 1),
        行政复议结果="结果纠正",
    )
    path = write_sheet(tmp_path / "旧台账.xlsx", HEADERS, [row])
    result = import_ledger(register, path)
    assert result.errors == [] and result.added == 1
    (app,) = register.all_applications()
    assert (app.review_result, app.review_result_date) == ("结果纠正", None)
    assert compute_report(register, 2025).table4[:5] == [0, 1, 0, 0, 1]


def test_a_result_date_before_the_filing_is_refused_naming_row_and_column(register, tmp_path):
    headers = [*HEADERS, *NEW]
    good = row_of(申请人="好的一行") + [None, None]
    bad = row_of(
        行政诉讼类型="未经复议直接起诉", 行政诉讼日期=date(2025, 10, 1), 行政诉讼结果="结果纠正"
    ) + [None, date(2025, 9, 1)]
    path = write_sheet(tmp_path / "台账.xlsx", headers, [good, bad])
    result = import_ledger(register, path)
    assert result.added == 0 and register.count() == 0
    (error,) = result.errors
    assert (error.row, error.letter, error.header) == (3, "X", "行政诉讼结果日期")
    assert str(error).startswith("台账.xlsx，工作表“台账”，第3行，X列“行政诉讼结果日期”：")
    assert "不能早于“行政诉讼日期”（2025-10-01）" in str(error)
