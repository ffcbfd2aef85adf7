"""The exported ledger workbook: columns, cell types, formats, filters, masking, formula safety."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from desktop.domain.chinese import to_traditional
from desktop.domain.ledger_columns import COMPUTED_COLUMNS, EXTRA_COLUMNS, LEDGER_COLUMNS
from desktop.reports.excel_text import looks_like_formula, set_text, text_cell
from desktop.reports.ledger_io import import_ledger, write_ledger
from tests.reports.test_ledger_io import VALID_ID
from tests.reports.test_ledger_roundtrip import FORMULA_TEXTS, _app

CONTRACT_HEADERS = [c.header for c in LEDGER_COLUMNS]
# Contract v2 adds 征求意见对象, 延期工作日数, 2014格式办理结果 after every existing column, then the
# one-line 期限计算过程 last (add only: every earlier column keeps its place).
V2_HEADERS = ["征求意见对象", "延期工作日数", "2014格式办理结果", "期限计算过程"]
ALL_HEADERS = CONTRACT_HEADERS + [c.header for c in COMPUTED_COLUMNS + EXTRA_COLUMNS] + V2_HEADERS
TODAY = date(2025, 4, 15)


def export(register, tmp_path, **options):
    path = tmp_path / "台账.xlsx"
    rows = write_ledger(register, path, today=TODAY, **options)
    ws = load_workbook(path).worksheets[0]
    return rows, ws, path


def by_header(ws) -> list[dict]:
    headers = [c.value for c in ws[1]]
    return [dict(zip(headers, row, strict=True)) for row in ws.iter_rows(min_row=2)]


def sheet_xml(path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def test_headers_are_the_contract_columns_then_computed_then_extra(register, tmp_path):
    register.add(_app())
    _, ws, _ = export(register, tmp_path)
    assert [c.value for c in ws[1]] == ALL_HEADERS
    assert ALL_HEADERS[:22] == CONTRACT_HEADERS
    assert ALL_HEADERS[22:25] == ["答复期限", "期限已确认", "状态"]


def test_an_empty_register_exports_the_header_row_only(register, tmp_path):
    rows, ws, _ = export(register, tmp_path)
    assert rows == 0 and ws.max_row == 1


def test_cells_have_real_types_and_formats(register, tmp_path):
    register.add(
        _app(
            channel="网络",
            answer_date=date(2025, 3, 20),
            outcome="deny.security",
            fee_amount_cents=38050,
            extended=True,
        )
    )
    _, ws, _ = export(register, tmp_path)
    (row,) = by_header(ws)
    assert row["收到日期"].value == datetime(2025, 3, 3)
    assert row["收到日期"].is_date and row["收到日期"].number_format == "yyyy-mm-dd"
    assert row["答复日期"].value == datetime(2025, 3, 20)
    assert row["办理结果"].value == "危及“三安全一稳定”"  # the short label of the leaf
    assert row["收费金额"].value == pytest.approx(380.5)
    assert row["收费金额"].data_type == "n" and row["收费金额"].number_format == "0.00"
    assert row["延期"].value == "是"
    # Received Mon 2025-03-03, extended: 40 working days; 清明 4-4 off, Sunday 4-27 a working
    # day (2025 notice) → due Mon 2025-04-28.
    assert row["答复期限"].value == datetime(2025, 4, 28)
    assert row["答复期限"].number_format == "yyyy-mm-dd"
    assert row["期限已确认"].value == "是"
    assert row["状态"].value == "已办结"
    assert row["申请编号"].value == "2025-0001"


@pytest.mark.parametrize(
    "app, expected",
    [
        (_app(), "已超期"),  # due 2025-03-31, still open on 2025-04-15
        (_app(receipt_date=date(2025, 4, 1)), "办理中"),
        (_app(answer_date=date(2025, 4, 2), outcome="grant"), "逾期办结"),
        (_app(answer_date=date(2025, 3, 31), outcome="grant"), "已办结"),
    ],
)
def test_status_column_uses_today(register, tmp_path, app, expected):
    register.add(app)
    _, ws, _ = export(register, tmp_path)
    assert by_header(ws)[0]["状态"].value == expected


def test_unknown_calendar_years_are_flagged_unconfirmed(register, tmp_path):
    register.add(_app(receipt_date=date(2028, 12, 20)))
    _, ws, _ = export(register, tmp_path)
    assert by_header(ws)[0]["期限已确认"].value == "否"


def test_year_filter_by_receipt_year_and_deleted_rows_left_out(register, tmp_path):
    register.add(_app(receipt_date=date(2024, 12, 31), applicant="去年"))
    register.add(_app(receipt_date=date(2025, 1, 1), applicant="今年一"))
    register.add(_app(receipt_date=date(2025, 12, 31), applicant="今年二"))
    register.add(_app(receipt_date=date(2026, 1, 1), applicant="明年"))
    gone = register.add(_app(receipt_date=date(2025, 6, 1), applicant="已删除"))
    register.delete(gone.id)
    rows, ws, _ = export(register, tmp_path, year=2025)
    assert rows == 2
    assert [r["申请人"].value for r in by_header(ws)] == ["今年一", "今年二"]
    rows, ws, _ = export(register, tmp_path)
    assert rows == 4 and "已删除" not in [r["申请人"].value for r in by_header(ws)]


def test_id_and_phone_are_masked_unless_asked(register, tmp_path):
    register.add(_app(id_number=VALID_ID, phone="13800138000"))
    _, ws, _ = export(register, tmp_path)
    row = by_header(ws)[0]
    assert (row["证件号码"].value, row["联系电话"].value) == ("430104********1239", "138****8000")
    _, ws, _ = export(register, tmp_path, masked=False)
    row = by_header(ws)[0]
    assert (row["证件号码"].value, row["联系电话"].value) == (VALID_ID, "13800138000")


def test_traditional_export_converts_headers_and_vocabulary_but_not_free_text(register, tmp_path):
    register.add(
        _app(
            channel="网络",
            applicant_type="社会公益组织",
            applicant="环保协会",
            content="关于发展规划",
            answer_date=date(2025, 3, 20),
            outcome="unable.none",
        )
    )
    _, ws, _ = export(register, tmp_path, traditional=True)
    assert ws.title == to_traditional("台账")
    assert [c.value for c in ws[1]] == [to_traditional(h) for h in ALL_HEADERS]
    assert "申請編號" in [c.value for c in ws[1]]
    row = [c.value for c in ws[2]]
    assert "網絡" in row and "社會公益組織" in row and "本機關不掌握相關政府信息" in row
    assert "已辦結" in row
    assert "环保协会" in row and "关于发展规划" in row  # typed text stays as typed


def test_sheet_is_frozen_filtered_and_has_column_widths(register, tmp_path):
    for i in range(3):
        register.add(_app(applicant=f"申请人{i}"))
    _, ws, _ = export(register, tmp_path)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:AI4"
    assert ws.column_dimensions["H"].width >= 30  # 申请内容
    assert ws.column_dimensions["C"].width >= 12  # a date fits
    assert ws["A1"].font.bold


def test_formula_looking_text_is_written_as_text(register, tmp_path):
    for text in FORMULA_TEXTS:
        register.add(_app(applicant=text.strip() or "x", content=text, remarks=text))
    _, ws, path = export(register, tmp_path)
    content = [r["申请内容"] for r in by_header(ws)]
    assert sorted(c.value for c in content) == sorted(FORMULA_TEXTS)
    assert all(c.data_type == "s" and c.quotePrefix for c in content)
    xml = sheet_xml(path)
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere in the sheet


def test_formula_looking_text_stays_text_after_import_and_export(register, tmp_path):
    for text in FORMULA_TEXTS:
        register.add(_app(applicant="甲", content=text, remarks=text))
    first = tmp_path / "first.xlsx"
    write_ledger(register, first, masked=False)
    from desktop.store.register import Register

    copy = Register.open(tmp_path / "copy.ogidb")
    try:
        assert import_ledger(copy, first).ok
        assert sorted(a.content for a in copy.all_applications()) == sorted(FORMULA_TEXTS)
        second = tmp_path / "second.xlsx"
        write_ledger(copy, second)
    finally:
        copy.close()
    assert not re.search(r"<f[ >]", sheet_xml(second))
    ws = load_workbook(second).worksheets[0]
    assert all(r["备注"].data_type == "s" for r in by_header(ws))


@pytest.mark.parametrize(
    "text, risky",
    [
        ("=A1", True),
        ("+1", True),
        ("-1", True),
        ("@x", True),
        ("  =A1", True),
        ("\t=A1", True),
        ("\r\n+1", True),
        ("\u3000=A1", True),
        ("a=b", False),
        ("张三", False),
        ("2025-0001", False),
    ],
)
def test_looks_like_formula(text, risky):
    assert looks_like_formula(text) is risky


def test_set_text_on_an_ordinary_worksheet(tmp_path):
    wb = Workbook()
    ws = wb.active
    set_text(ws["A1"], "=SUM(1,2)")
    set_text(ws["A2"], "普通文字")
    ws.append([text_cell(ws, "@cmd")])  # text_cell also works for ordinary appends
    wb.save(tmp_path / "t.xlsx")
    back = load_workbook(tmp_path / "t.xlsx").active
    assert (back["A1"].value, back["A1"].data_type) == ("=SUM(1,2)", "s")
    assert back["A2"].value == "普通文字"
    assert not re.search(r"<f[ >]", sheet_xml(tmp_path / "t.xlsx"))


def test_control_characters_do_not_break_the_export(register, tmp_path):
    register.add(_app(content="从Word粘贴\x0b的文字\x01"))
    _, ws, _ = export(register, tmp_path)
    assert by_header(ws)[0]["申请内容"].value == "从Word粘贴的文字"


def test_a_failed_export_leaves_the_old_file_in_place(register, tmp_path, monkeypatch):
    register.add(_app())
    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"old ledger")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("desktop.store.outputs.os.replace", broken)
    with pytest.raises(OSError):
        write_ledger(register, path)
    assert path.read_bytes() == b"old ledger"
    # Nor a temporary file left beside it (it would carry personal data).
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_reads_the_ledger_with_dates_and_text_intact(register, tmp_path):
    """A second reader of the hand-written package: dates formatted, formula text not evaluated."""
    register.add(_app(applicant="=1+1", content="@SUM(1,2)", fee_amount_cents=38050))
    path = tmp_path / "ledger.xlsx"
    write_ledger(register, path, today=TODAY)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    rows = list(csv.reader((tmp_path / "ledger.csv").open(encoding="utf-8")))
    assert rows[0] == ALL_HEADERS
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["收到日期"] == "2025-03-03" and row["答复期限"] == "2025-03-31"
    assert row["申请人"] == "=1+1" and row["申请内容"] == "@SUM(1,2)"
    assert row["收费金额"] == "380.50" and row["状态"] == "已超期"


def test_export_reports_progress_and_the_count_matches(register, tmp_path):
    from desktop.reports.ledger_io import count_for_export

    register.add_many(_app(applicant=f"申请人{i}") for i in range(2100))
    seen: list[int] = []
    rows = write_ledger(register, tmp_path / "l.xlsx", progress=seen.append)
    assert rows == count_for_export(register) == 2100
    assert count_for_export(register, 2024) == 0
    assert seen == [1000, 2000]
