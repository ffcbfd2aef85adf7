"""The streaming sheet writer behind the ledger export, checked through openpyxl and the raw XML."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from desktop.reports.xlsx_stream import (
    SheetColumn,
    StreamingSheetWriter,
    display_width,
    estimated_lines,
)

COLUMNS = [
    SheetColumn("文字", 20),
    SheetColumn("日期", 12, "date"),
    SheetColumn("金额", 10, "money"),
    SheetColumn("是否", 6, "flag"),
    SheetColumn("数", 8, "number"),
]


def write(tmp_path, rows, title="台账", columns=COLUMNS):
    path = tmp_path / "s.xlsx"
    with StreamingSheetWriter(path, title, columns) as sheet:
        for row in rows:
            sheet.row(row)
    return path


def test_values_come_back_with_their_types_and_formats(tmp_path):
    path = write(
        tmp_path,
        [
            ["张三", date(2025, 3, 1), Decimal("380.50"), "是", 7],
            ["", None, None, None, None],
            ["<&>\"'", datetime(2025, 3, 1, 12, 0), 0, "否", 2.5],
        ],
    )
    ws = load_workbook(path).active
    assert [c.value for c in ws[1]] == ["文字", "日期", "金额", "是否", "数"]
    a, b, c, d, e = ws[2]
    assert (a.value, a.data_type) == ("张三", "s")
    assert b.value == datetime(2025, 3, 1) and b.number_format == "yyyy-mm-dd"
    assert c.value == pytest.approx(380.5) and c.number_format == "0.00"
    assert d.value == "是" and d.alignment.horizontal == "center"
    assert e.value == 7
    assert all(cell.value is None for cell in ws[3])
    assert ws["A4"].value == "<&>\"'"
    assert ws["B4"].value == datetime(2025, 3, 1, 12, 0)
    assert ws["C4"].value == 0 and ws["E4"].value == 2.5
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E4"
    assert ws.column_dimensions["A"].width == 20


def test_text_keeps_every_blank_and_line_break(tmp_path):
    texts = ["  两端空格  ", "第一行\r\n第二行", "\t制表符开头", "末尾换行\n"]
    path = write(tmp_path, [[t, None, None, None, None] for t in texts])
    ws = load_workbook(path).active
    assert [ws.cell(r, 1).value for r in range(2, 6)] == texts


def test_formula_text_is_a_quoted_inline_string_never_a_formula(tmp_path):
    texts = ["=1+1", "+1", "-1", "@A1", " =A1", "\n=A1\n第二行"]
    path = write(tmp_path, [[t, None, None, "=2", None] for t in texts])
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    ws = load_workbook(path).active
    for r, text in enumerate(texts, start=2):
        cell = ws.cell(r, 1)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
        assert ws.cell(r, 4).quotePrefix  # a centred flag column is protected too


def test_multi_line_text_wraps_and_raises_the_row(tmp_path):
    path = write(
        tmp_path, [["一\n二\n三", None, None, None, None], ["一行", None, None, None, None]]
    )
    ws = load_workbook(path).active
    assert ws["A2"].alignment.wrap_text
    assert ws.row_dimensions[2].height == 45
    assert ws.row_dimensions[3].height is None


def test_width_and_line_estimates():
    assert display_width("abc") == 3
    assert display_width("申请abc") == 7
    assert estimated_lines("短", 20) == 1
    assert estimated_lines("一" * 19 + "\n二", 20) == 3  # 38 units in 19 usable → 2 lines, +1
    assert estimated_lines("\n", 20) == 2


def test_sheet_title_with_a_quote_and_an_over_long_title(tmp_path):
    path = write(tmp_path, [["x", None, None, None, None]], title="O'Brien的台账" + "长" * 40)
    wb = load_workbook(path)
    assert wb.active.title == ("O'Brien的台账" + "长" * 40)[:31]


def test_an_empty_sheet_has_the_header_only(tmp_path):
    ws = load_workbook(write(tmp_path, [])).active
    assert ws.max_row == 1 and ws.auto_filter.ref == "A1:E1"


def test_a_row_of_the_wrong_length_is_a_programming_error(tmp_path):
    with pytest.raises(ValueError):
        write(tmp_path, [["only one"]])


def test_an_unknown_column_kind_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown column kind"):
        StreamingSheetWriter(tmp_path / "x.xlsx", "t", [SheetColumn("a", 5, "colour")])


def test_text_longer_than_an_excel_cell_is_cut_with_a_note(tmp_path):
    from desktop.reports.xlsx_stream import CELL_LIMIT, TRUNCATED

    path = write(tmp_path, [["字" * 40_000, None, None, None, None]])
    value = load_workbook(path).active["A2"].value
    assert len(value) == CELL_LIMIT and value.endswith(TRUNCATED)
