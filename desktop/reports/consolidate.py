"""Checking units' statistics workbooks and adding them up into one (`ogi check`, `ogi consolidate`).

A county or city office adds up the tables of dozens of departments and towns. Published reports show
how often those sums go wrong; here the sum is exact or refused:

- each input is read by its labels (reports.stats_reader) and checked with every rule of
  domain.checks, each failure named by file, sheet, cell, row label and column;
- all inputs must be of one report year and one format: the year and format most inputs share are
  the consolidation's, every other input is refused naming where its year or format was read;
- any refusal means no total at all (the caller writes nothing); otherwise the total is the cell-by-cell
  sum, which satisfies every identity because each is linear and holds in every input.

The total is written by the statistics workbook writer (the official layout), plus one sheet,
各单位数据, listing every unit's numbers beside the total so the office can trace each figure.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string

from desktop.domain import report_formats as rf
from desktop.domain import vocab
from desktop.domain.checks import T3, T4, T2014, run_checks
from desktop.domain.chinese import to_traditional
from desktop.domain.counting import prescribed_format
from desktop.domain.report_formats import Report
from desktop.reports.excel_text import set_text
from desktop.reports.stats_reader import StatsReadError, StatsWorkbook, read_stats_workbook
from desktop.reports.stats_workbook import build_workbook, wrapped_lines
from desktop.store.outputs import atomic_output, check_output

CONTRIBUTIONS_SHEET = "各单位数据"
LABEL_WIDTH = 44.0  # width of the 行 column of 各单位数据
UNIT_WIDTH = 12.0  # width of each unit's column


@dataclass
class UnitStatus:
    """One input workbook: what was read, every error, and whether it may be added in."""

    path: Path
    book: StatsWorkbook | None = None
    errors: list[str] = field(default_factory=list)  # full Chinese lines naming file and cell
    rules_checked: int = 0

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def ok(self) -> bool:
        return self.book is not None and self.book.ok and not self.errors

    @property
    def report(self) -> Report | None:
        return self.book.report if self.book is not None else None

    @property
    def unit(self) -> str:
        return self.book.unit if self.book is not None and self.book.unit else self.path.stem

    @property
    def year(self) -> int | None:
        report = self.report
        return report.year if report is not None and report.year else None

    @property
    def format(self) -> str | None:
        report = self.report
        return report.format if report is not None else None

    def summary(self) -> str:
        """One line for the CLI and the window: valid, or how many errors."""
        if self.ok:
            year = f"{self.year}年度" if self.year else "统计年度不明"
            return (
                f"{self.file}：{self.unit}，{year}，{self.format}年格式，"
                f"{self.rules_checked}条勾稽关系全部成立"
            )
        if self.book is None:
            return f"{self.file}：无法读取，未检查"
        return f"{self.file}：有 {len(self.errors)} 处错误"


def examine(path: str | Path) -> UnitStatus:
    """Read one workbook and run every logic check on it; errors name sheet, cell, row and column."""
    status = UnitStatus(Path(path))
    try:
        book = read_stats_workbook(status.path)
    except StatsReadError as exc:
        status.errors.append(str(exc))
        return status
    status.book = book
    status.errors.extend(str(p) for p in book.problems)
    wrong_format = _format_not_prescribed(status)
    if wrong_format:
        status.errors.append(wrong_format)
    # A table that could not be found stops here; cells that hold no number (十二) do not: every
    # error not touching them is still listed, so the unit fixes its table in one round.
    if book.report is None or len(book.problems) > len(book.unreadable):
        return status
    results = run_checks(book.report)
    status.rules_checked = len(results)
    failures = [f for r in results for f in r.failures]
    if book.unreadable:
        # A failure that does not involve an unreadable cell reads the same whatever the cell holds.
        probe = {f.message for r in run_checks(_with_cells(book, _PROBE)) for f in r.failures}
        failures = [f for f in failures if f.message in probe]
    for failure in failures:
        ref = book.locate(failure)
        where = f"{status.file}，{ref}" if ref is not None else status.file
        status.errors.append(f"{where}：{failure.message}")
    return status


_PROBE = 1_000_003  # a value no real cell holds


def _with_cells(book: StatsWorkbook, value: int) -> Report:
    """The report read, with every unreadable cell set to `value`."""
    assert book.report is not None
    report = copy.deepcopy(book.report)
    spec = report.spec
    for table, row, column in book.unreadable:
        if table == T3 and spec.table3 is not None:
            index = [c.key for c in spec.table3.columns].index(column)
            report.table3[row][index] = value
        elif table == T4 and spec.table4 is not None:
            report.table4[[c.key for c in spec.table4.columns].index(column)] = value
        else:
            report.statistics[row] = value
    return report


def _format_not_prescribed(status: UnitStatus) -> str:
    """Decision 7 v2: a workbook must be in the format prescribed for its year ("" when it is)."""
    book = status.book
    if book is None or book.report is None or not book.report.year:
        return ""
    year, fmt = book.report.year, book.report.format
    prescribed = prescribed_format(year)
    if fmt == prescribed:
        return ""
    return (
        f"{status.file}：为 {fmt} 年格式{_format_evidence(status)}，但 {year} 年度（见{book.year_source}）"
        f"应使用{rf.FORMATS[prescribed].name}：2021 年起用 2021 年格式，2019、2020 年用 2019 年格式，"
        "2014—2018 年用统计表（决定7）"
    )


def _format_evidence(status: UnitStatus) -> str:
    """Where the reader saw the format: the cell of the （六） row(s) it was recognised by."""
    book = status.book
    assert book is not None and book.report is not None
    if book.report.format == "2014":
        ref = book.cells.get((T2014, "received", ""))
        return f"（依据工作表“{ref.sheet}”的“{ref.row}”等统计指标）" if ref is not None else ""
    key = rf.OTHER_GROUP if book.report.format == "2019" else "other.no_correction"
    ref = book.cells.get((T3, key, vocab.NATURAL_PERSON))
    if ref is None:
        return ""
    row = coordinate_from_string(ref.coordinate)[1]
    return f"（依据工作表“{ref.sheet}”第{row}行“{ref.row}”）"


@dataclass
class Consolidation:
    """The outcome of adding up several units: the total, or the refusals (never both)."""

    units: list[UnitStatus]
    year: int | None = None
    format: str | None = None
    refusals: list[str] = field(default_factory=list)
    total: Report | None = None

    @property
    def ok(self) -> bool:
        return self.total is not None and not self.refusals


def _add(total: Report, report: Report) -> None:
    for key, values in report.table3.items():
        mine = total.table3.setdefault(key, [0] * len(values))
        total.table3[key] = [a + b for a, b in zip(mine, values, strict=True)]
    total.table4 = [a + b for a, b in zip(total.table4, report.table4, strict=True)]
    # Table 二 (issue 16) adds up like table 三; a figure no unit filled in stays empty.
    for key, figure in report.table2.items():
        if figure is None:
            continue
        before = total.table2.get(key)
        total.table2[key] = figure if before is None else before + figure
    for key, value in report.statistics.items():
        if value is None:
            continue
        so_far = total.statistics.get(key)
        total.statistics[key] = value if so_far is None else so_far + value


def consolidate(paths: list[str | Path], *, unit: str = "") -> Consolidation:
    """Check every input and add them up; any refusal leaves `total` None.

    `unit` is the consolidating office's name for the total's title (e.g. 某某县).
    """
    return consolidate_statuses([examine(p) for p in paths], unit=unit)


def consolidate_statuses(statuses: list[UnitStatus], *, unit: str = "") -> Consolidation:
    """`consolidate` on inputs already examined (the 汇总 window examines each file once)."""
    result = Consolidation(list(statuses))
    seen: dict[Path, str] = {}
    for status in statuses:
        resolved = status.path.resolve()
        if resolved in seen:
            result.refusals.append(f"{status.file}：与 {seen[resolved]} 是同一个文件，不能重复汇总")
        seen.setdefault(resolved, status.file)
        result.refusals.extend(status.errors)
    # Decision 7 v2: one 填报单位 is added once, whatever its files are called.
    units_seen: dict[str, str] = {}
    for status in statuses:
        named = status.book.unit.strip() if status.book is not None and status.book.unit else ""
        if not named:
            continue
        if named in units_seen and units_seen[named] != status.file:
            result.refusals.append(
                f"{status.file}：填报单位“{named}”与 {units_seen[named]} 相同，"
                "同一单位的统计表只能汇总一份"
            )
        units_seen.setdefault(named, status.file)
    for status in statuses:
        if status.ok and status.year is None:
            result.refusals.append(
                f"{status.file}：无法确定统计年度（标题、“年度”单元格、工作表名和文件名中都没有"
                "“2025年度”这样的年份），请在标题中写明年度后再汇总"
            )
    readable = [s for s in statuses if s.report is not None and s.year is not None]
    if readable:
        years = Counter(s.year for s in readable)
        formats = Counter(s.format for s in readable)
        # The year/format most inputs share; on a tie, the first file's.
        result.year = max(years, key=lambda y: (years[y], -[s.year for s in readable].index(y)))
        result.format = max(
            formats, key=lambda f: (formats[f], -[s.format for s in readable].index(f))
        )
        for status in readable:
            book = status.book
            assert book is not None
            if status.year != result.year:
                result.refusals.append(
                    f"{status.file}：统计年度为 {status.year}（见{book.year_source}），"
                    f"与其他单位的 {result.year} 年度不同"
                )
            if status.format != result.format:
                result.refusals.append(
                    f"{status.file}：为 {status.format} 年格式{_format_evidence(status)}，"
                    f"与其他单位的 {result.format} 年格式不同"
                )
    if not statuses:
        result.refusals.append("没有要汇总的统计表")
    if result.refusals:
        return result
    assert result.year is not None and result.format is not None
    total = Report(year=result.year, format=result.format, unit=unit)
    spec = rf.FORMATS[result.format]
    if spec.table3 is not None:
        total.table3 = {r.key: [0] * len(spec.table3.columns) for r in spec.table3.rows}
    for status in statuses:
        assert status.report is not None
        _add(total, status.report)
    # The sum of checked reports satisfies every rule; checked again so a bug can never slip out.
    broken = [f.message for r in run_checks(total) for f in r.failures]
    if broken:
        result.refusals.extend(f"汇总结果：{m}" for m in broken)
        return result
    result.total = total
    return result


def contribution_rows(result: Consolidation) -> tuple[list[str], list[list[object]]]:
    """The 各单位数据 sheet as a header and rows: one line per number, one column per unit + 合计.

    Every number of the total is traced to each unit's figure and the cell it was read from.
    """
    assert result.total is not None and result.format is not None
    spec = rf.FORMATS[result.format]
    units = result.units
    header = ["表", "行", "列", *(u.unit for u in units), "合计"]
    rows: list[list[object]] = []
    if spec.table3 is not None:
        for data_row in spec.table3.rows:
            for i, column in enumerate(spec.table3.columns):
                figures = [u.report.table3[data_row.key][i] for u in units if u.report]
                rows.append([T3, data_row.label, column.name, *figures, sum(figures)])
    if spec.table4 is not None:
        for i, column in enumerate(spec.table4.columns):
            figures = [u.report.table4[i] for u in units if u.report]
            rows.append([T4, "", column.name, *figures, sum(figures)])
    if spec.statistics is not None:
        for item in spec.statistics.items:
            if item.source == rf.HEADING:
                continue
            values = [u.report.statistics.get(item.key) for u in units if u.report]
            filled: list[rf.Number] = [v if v is not None else 0 for v in values]
            total: rf.Number = sum(filled, Decimal(0) if item.unit == "万元" else 0)
            rows.append(["统计表", item.label, item.unit, *filled, total])
    return header, rows


def build_total_workbook(result: Consolidation, *, traditional: bool = False) -> Workbook:
    """The total in the official layout (the statistics writer) plus the 各单位数据 sheet."""
    assert result.total is not None
    label: Callable[[str], str] = to_traditional if traditional else (lambda s: s)
    workbook = build_workbook(result.total, run_checks(result.total), traditional=traditional)
    ws = workbook.create_sheet(label(CONTRIBUTIONS_SHEET))
    header, rows = contribution_rows(result)
    ws.append([label(h) if i < 3 or i == len(header) - 1 else None for i, h in enumerate(header)])
    for i, status in enumerate(result.units):
        set_text(ws.cell(row=1, column=4 + i), status.unit)  # a unit name is typed text
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append([label(v) if isinstance(v, str) else _excel_number(v) for v in row])
    # Where each unit's figures came from: file name and the cell of its first number.
    ws.append([])
    ws.append([label("来源文件")])
    for status in result.units:
        line = ws.max_row + 1
        set_text(ws.cell(row=line, column=2), status.unit)
        set_text(ws.cell(row=line, column=3), status.file)
        ws.cell(row=line, column=4, value=label(f"{status.year}年度，{status.format}年格式"))
    ws.column_dimensions["A"].width = 7
    ws.column_dimensions["B"].width = LABEL_WIDTH
    ws.column_dimensions["C"].width = 28
    for i in range(len(result.units) + 1):
        ws.column_dimensions[get_column_letter(4 + i)].width = UNIT_WIDTH
    # Unit names wrap in the header: give them the lines they need (LibreOffice does not fit them).
    name_lines = max((wrapped_lines(u.unit, UNIT_WIDTH) for u in result.units), default=1)
    ws.row_dimensions[1].height = max(15.0, name_lines * 13.5 + 2)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(vertical="center", wrap_text=True)
    middle = Alignment(vertical="center")
    for cell in ws[1]:
        cell.border = border
    # Assigning a style object costs openpyxl a hash per cell (3 s for 50 units): style one label
    # cell and one number cell, then copy their style index to the others (plain values, no style).
    if rows:
        ws.cell(row=2, column=1).border = border
        ws.cell(row=2, column=1).alignment = wrap
        ws.cell(row=2, column=4).border = border
        ws.cell(row=2, column=4).alignment = middle
    label_style, number_style = ws.cell(row=2, column=1)._style, ws.cell(row=2, column=4)._style
    for row in ws.iter_rows(min_row=2, max_row=len(rows) + 1, max_col=len(header)):
        for cell in row:
            cell._style = copy.copy(label_style if cell.column <= 3 else number_style)
        # LibreOffice does not fit wrapped rows on import: give long labels their lines.
        lines = wrapped_lines(str(row[1].value or ""), LABEL_WIDTH)
        ws.row_dimensions[row[0].row].height = max(15.0, lines * 13.5 + 2)
    ws.freeze_panes = "D2"
    # Printed: landscape A4, one page wide, the header row repeated on every page.
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.oddFooter.center.text = label("第 &P 页 共 &N 页")
    return workbook


def _excel_number(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def write_total(result: Consolidation, out: str | Path, *, traditional: bool = False) -> Path:
    """Write the total workbook; refused (ValueError) unless the consolidation succeeded.

    Written to a temporary name first and moved into place, so a failure never leaves half a file.
    """
    if not result.ok:
        raise ValueError("汇总未通过检查，未生成汇总表")
    out = Path(out)
    check_output(out, inputs=[u.path for u in result.units])  # never over an input (F4)
    workbook = build_total_workbook(result, traditional=traditional)
    with atomic_output(out, private=False) as temporary:
        workbook.save(temporary)
    return out
