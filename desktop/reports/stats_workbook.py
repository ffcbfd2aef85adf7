"""The annual statistics as an Excel workbook laid out like the official tables, ready to paste.

One sheet per table (表二, 表三, 表四 for the 2021 and 2019 formats; 统计表 for the 2014 format), each
generated from the format declaration in domain.report_formats: the merged header and label cells
come from `header_cells()` / `label_cells()`, the labels are the declared verbatim ones, so nothing
is retyped here. A last sheet lists the logic checks.

Each sheet starts with a title row “{单位}{年}年度…” and a 填报单位 line, so the label-based reader of
`ogi check` / `ogi consolidate` finds the year and the unit. Print set-up: A4, fitted to the page
width, centred; thin borders; 宋体 for the tables, 仿宋 for the section headings (LibreOffice falls
back to any installed CJK font, Windows has both). openpyxl never computes row heights and
LibreOffice does not auto-fit wrapped rows on import, so every row height is set from an estimate of
the wrapped lines (a CJK character is two width units).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.domain import report_formats as rf
from desktop.domain.checks import CheckResult
from desktop.domain.chinese import to_traditional
from desktop.domain.documents import is_counted
from desktop.domain.report_formats import Cell, Report
from desktop.reports.excel_text import set_text
from desktop.store.outputs import atomic_output, check_output

TABLE_FONT = "宋体"
HEADING_FONT = "仿宋"
TITLE_SIZE, HEADING_SIZE, TABLE_SIZE = 16, 14, 10
LINE_HEIGHT = 14.0  # points per wrapped line at TABLE_SIZE
ROW_PADDING = 6.0
MIN_ROW_HEIGHT = 22.0

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT_INDENTED = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)

APPLICANT_COLUMN_WIDTH = (
    10.5  # fits six CJK characters (12 width units) as LibreOffice and Excel draw them
)

SHEET_TABLE2, SHEET_TABLE3, SHEET_TABLE4 = "表二", "表三", "表四"
SHEET_STATISTICS, SHEET_CHECKS = "统计表", "勾稽关系检查"
UNIT_LABEL = "填报单位："
CHECKS_HEADER_ROW = 3  # the checks sheet: title, 填报单位, then the rules


def display_width(text: str) -> int:
    """Width in Excel column units: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrapped_lines(text: str, width_units: float) -> int:
    usable = max(width_units - 1.5, 2.0)  # cell padding
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in str(text).split("\n"))


class _SheetWriter:
    """Writes blocks of cells onto a sheet and keeps what the row heights must hold."""

    def __init__(self, ws: Worksheet, widths: list[float], label: Callable[[str], str]):
        self.ws = ws
        self.widths = widths
        self.label = label
        self.needed: list[tuple[int, int, float]] = []  # (first row, last row, points)
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width

    def span_width(self, col: int, colspan: int) -> float:
        return sum(self.widths[col - 1 : col - 1 + colspan])

    def put(
        self,
        row: int,
        col: int,
        value: object,
        *,
        rowspan: int = 1,
        colspan: int = 1,
        font: Font | None = None,
        align: Alignment = CENTER,
        border: bool = True,
        number_format: str | None = None,
        text: bool = True,
    ) -> None:
        """One (merged) cell; text values go through `label` (traditional when asked)."""
        if isinstance(value, str) and text:
            value = self.label(value)
        cell = self.ws.cell(row=row, column=col)
        if isinstance(value, str):
            set_text(cell, value)  # a unit name typed as "=…" must stay text, never a formula
        else:
            cell.value = value
        cell.font = font or Font(name=TABLE_FONT, size=TABLE_SIZE)
        cell.alignment = align
        if number_format:
            cell.number_format = number_format
        if rowspan > 1 or colspan > 1:
            self.ws.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + rowspan - 1,
                end_column=col + colspan - 1,
            )
        if border:
            # Every cell under a merge needs its own border, or the grid shows gaps when printed.
            for r in range(row, row + rowspan):
                for c in range(col, col + colspan):
                    self.ws.cell(row=r, column=c).border = BORDER
        if isinstance(value, str) and value:
            size = (font.sz if font and font.sz else TABLE_SIZE) / TABLE_SIZE
            lines = wrapped_lines(value, self.span_width(col, colspan) / size)
            self.needed.append((row, row + rowspan - 1, lines * LINE_HEIGHT * size + ROW_PADDING))

    def cells(self, top: int, left: int, cells: list[Cell], **style: Any) -> None:
        for c in cells:
            self.put(
                top + c.row, left + c.col, c.text, rowspan=c.rowspan, colspan=c.colspan, **style
            )

    def title(self, row: int, text: str, ncols: int) -> None:
        self.put(
            row,
            1,
            text,
            colspan=ncols,
            font=Font(name=TABLE_FONT, size=TITLE_SIZE, bold=True),
            border=False,
        )

    def heading(self, row: int, text: str, ncols: int) -> None:
        self.put(
            row,
            1,
            text,
            colspan=ncols,
            font=Font(name=HEADING_FONT, size=HEADING_SIZE, bold=True),
            align=Alignment(horizontal="left", vertical="center"),
            border=False,
        )

    def unit_line(self, row: int, unit: str, ncols: int) -> None:
        self.put(
            row,
            1,
            f"{UNIT_LABEL}{unit}",
            colspan=ncols,
            font=Font(name=HEADING_FONT, size=12),
            align=Alignment(horizontal="left", vertical="center"),
            border=False,
        )

    def finish_heights(self) -> None:
        """Row heights that hold every wrapped text; a merged cell's need is spread over its rows."""
        heights: dict[int, float] = {}
        for first, last, points in sorted(self.needed, key=lambda n: n[1] - n[0]):
            rows = range(first, last + 1)
            have = sum(heights.get(r, MIN_ROW_HEIGHT) for r in rows)
            if first == last:
                heights[first] = max(heights.get(first, MIN_ROW_HEIGHT), points)
            elif have < points:
                extra = (points - have) / len(rows)
                for r in rows:
                    heights[r] = heights.get(r, MIN_ROW_HEIGHT) + extra
        for r in range(1, self.ws.max_row + 1):
            self.ws.row_dimensions[r].height = round(heights.get(r, MIN_ROW_HEIGHT), 1)


SIGN_LINE = "填报人：__________　审核人：__________　填报日期：______年___月___日"


def _print_setup(ws: Worksheet, *, landscape: bool = False, one_page: bool = True) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.sheet_view.showGridLines = False
    # Every printed page: who filled it in and checked it, and its number.
    ws.oddFooter.left.text = SIGN_LINE
    ws.oddFooter.left.size = 10
    ws.oddFooter.right.text = "第 &P 页，共 &N 页"
    ws.oddFooter.right.size = 10


def _number(value: object) -> object:
    """Numbers as Excel numbers: whole Decimals as int, others as float; None stays empty."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# ------------------------------------------------------------------------------------- the sheets


def _write_table3(ws: Worksheet, report: Report, table: rf.Table3, title: str, label) -> None:
    # Applicant columns wide enough for 社会公益组织 / 法律服务机构 on one line, as printed officially.
    widths = [7.0, 13.0, 34.0] + [APPLICANT_COLUMN_WIDTH] * len(table.columns)
    w = _SheetWriter(ws, widths, label)
    ncols = len(widths)
    w.title(1, title, ncols)
    w.unit_line(2, report.unit, ncols)
    w.heading(3, table.title, ncols)
    top = 4
    w.cells(top, 1, table.header_cells())
    data_top = top + table.header_rows
    w.cells(data_top, 1, table.label_cells())
    for i, row in enumerate(table.rows):
        for j, value in enumerate(report.table3.get(row.key, [0] * len(table.columns))):
            w.put(data_top + i, table.label_columns + 1 + j, value)
    w.finish_heights()
    # Landscape: on one A4 page at a readable size (portrait shrank it to about 7 pt).
    _print_setup(ws, landscape=True)


def _write_table4(ws: Worksheet, report: Report, table: rf.Table4, title: str, label) -> None:
    widths = [7.2] * len(table.columns)
    w = _SheetWriter(ws, widths, label)
    ncols = len(widths)
    w.title(1, title, ncols)
    w.unit_line(2, report.unit, ncols)
    w.heading(3, table.title, ncols)
    top = 4
    w.cells(top, 1, table.header_cells())
    for j, value in enumerate(report.table4):
        w.put(top + table.header_rows, 1 + j, value)
    w.finish_heights()
    _print_setup(ws, landscape=True)


TYPED_NOTE = "手工填报（未由规章和规范性文件登记簿计算）"


def _write_table2(ws: Worksheet, report: Report, table: rf.Table2, title: str, label) -> None:
    widths = [26.0] + [20.0] * (table.width - 1)
    w = _SheetWriter(ws, widths, label)
    w.title(1, title, table.width)
    w.unit_line(2, report.unit, table.width)
    w.heading(3, table.title, table.width)
    row = 4
    for block in table.blocks:
        w.put(row, 1, block.article, colspan=table.width)
        row += 1
        spans = _value_spans(len(block.columns) - 1, table.width - 1)
        w.put(row, 1, block.columns[0])
        col = 2
        for column, span in zip(block.columns[1:], spans, strict=True):
            w.put(row, col, column, colspan=span)
            col += span
        row += 1
        for row_label in block.rows:
            w.put(row, 1, row_label)
            col = 2
            for column, span in zip(block.columns[1:], spans, strict=True):
                key = rf.figure_key(report.format, row_label, column)
                value = report.table2.get(key)
                unit = block.unit(column)
                fmt = "General" if unit == "万元" or "万元" in column else "0"
                w.put(row, col, _number(value), colspan=span, number_format=fmt)
                # Issue 16: a figure the document register could count but was typed says so
                # (a comment: seen on screen, not printed, so the official layout is kept).
                typed = report.table2_source(key) == "typed"
                if typed and is_counted(report.format, row_label, column):
                    ws.cell(row=row, column=col).comment = Comment(label(TYPED_NOTE), "OGI")
                col += span
            row += 1
    w.finish_heights()
    _print_setup(ws)


def _value_spans(values: int, width: int) -> list[int]:
    """How many printed columns each value column takes: the last one takes what is left."""
    return [1] * (values - 1) + [width - values + 1]


def _write_statistics(
    ws: Worksheet, report: Report, table: rf.StatisticsTable, title: str, label
) -> None:
    widths = [68.0, 9.0, 14.0]  # the longest 统计指标 (（四）专项经费…) on one line
    w = _SheetWriter(ws, widths, label)
    w.title(1, title, 3)
    w.unit_line(2, report.unit, 3)
    top = 3
    for j, column in enumerate(table.columns):
        w.put(top, 1 + j, column, font=Font(name=TABLE_FONT, size=TABLE_SIZE, bold=True))
    for i, item in enumerate(table.items, start=1):
        r = top + i
        bold = item.level == 0
        w.put(
            r,
            1,
            item.label,
            font=Font(name=TABLE_FONT, size=TABLE_SIZE, bold=bold),
            align=Alignment(
                horizontal="left", vertical="center", wrap_text=True, indent=item.level
            ),
        )
        w.put(r, 2, item.unit)
        if item.source == rf.HEADING:
            w.put(r, 3, None)
        else:
            value = report.statistics.get(item.key)
            w.put(r, 3, _number(value), number_format="General" if item.unit == "万元" else "0")
    w.finish_heights()
    ws.print_title_rows = f"{top}:{top}"
    ws.oddFooter.center.text = label("第 &P 页 共 &N 页")
    _print_setup(ws, one_page=False)


def _write_checks(
    ws: Worksheet, report: Report, checks: list[CheckResult], title: str, label
) -> None:
    widths = [60.0, 10.0, 60.0]
    w = _SheetWriter(ws, widths, label)
    # Title and unit as on the tables: a printed checks page must say which report it belongs to.
    w.title(1, title, 3)
    w.unit_line(2, report.unit, 3)
    top = CHECKS_HEADER_ROW
    for j, column in enumerate(("检查规则", "结果", "说明")):
        w.put(top, 1 + j, column, font=Font(name=TABLE_FONT, size=TABLE_SIZE, bold=True))
    for i, check in enumerate(checks, start=top + 1):
        w.put(i, 1, check.rule, align=LEFT_INDENTED)
        w.put(
            i,
            2,
            "通过" if check.ok else "不通过",
            font=Font(
                name=TABLE_FONT,
                size=TABLE_SIZE,
                color=None if check.ok else "C00000",
                bold=not check.ok,
            ),
        )
        w.put(i, 3, "\n".join(f.message for f in check.failures), align=LEFT_INDENTED)
    w.finish_heights()
    ws.print_title_rows = f"{top}:{top}"
    _print_setup(ws, landscape=True, one_page=False)


def build_workbook(
    report: Report, checks: list[CheckResult] | None = None, *, traditional: bool = False
) -> Workbook:
    """The workbook of one report; `traditional` writes every label in traditional characters."""
    label: Callable[[str], str] = to_traditional if traditional else (lambda s: s)
    spec = report.spec
    title = spec.title(report.year, report.unit)
    wb = Workbook()
    wb.remove(wb.active)
    if spec.table2 is not None:
        _write_table2(wb.create_sheet(label(SHEET_TABLE2)), report, spec.table2, title, label)
    if spec.table3 is not None:
        _write_table3(wb.create_sheet(label(SHEET_TABLE3)), report, spec.table3, title, label)
    if spec.table4 is not None:
        _write_table4(wb.create_sheet(label(SHEET_TABLE4)), report, spec.table4, title, label)
    if spec.statistics is not None:
        _write_statistics(
            wb.create_sheet(label(SHEET_STATISTICS)), report, spec.statistics, title, label
        )
    if checks is not None:
        sheet = wb.create_sheet(label(SHEET_CHECKS))
        _write_checks(sheet, report, checks, title, label)
        # For the program and the office above, not for the printed report: hidden sheets are not
        # printed (右键 → 取消隐藏 shows it).
        sheet.sheet_state = "hidden"
    wb.properties.title = label(title)
    # Machine-readable metadata besides the title row (the checker also reads the title).
    wb.properties.subject = f"{report.year} {spec.code}"
    wb.properties.keywords = f"year={report.year};format={spec.code};unit={report.unit}"
    wb.properties.description = label(spec.basis)
    wb.properties.creator = "OGI Register"
    return wb


def write_workbook(
    report: Report,
    path: str | Path,
    checks: list[CheckResult] | None = None,
    *,
    traditional: bool = False,
) -> Path:
    path = Path(path)
    check_output(path)  # never over a register (docs/safety.md, F4)
    workbook = build_workbook(report, checks, traditional=traditional)
    with atomic_output(path, private=False) as temporary:  # old file or nothing on failure
        workbook.save(temporary)
    return path
