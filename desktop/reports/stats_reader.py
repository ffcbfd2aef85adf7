"""Reading a statistics workbook back into numbers: ours, or one another unit typed by hand.

`ogi check` and `ogi consolidate` must read workbooks that follow the official layout but not our
cell positions: a unit may have typed the table into its own template, in traditional characters,
with a title and blank rows above it, an extra 法人或其他组织小计 column, merged cells everywhere and
numbers typed as text. So nothing is found by position. Everything is found by its label, and the
labels come from the format declarations (domain.report_formats), never retyped here:

- table 三: the row label cells (一、本年新收…, 1.属于国家秘密, （七）总计 …) give the data rows; the
  applicant header cells (自然人, 商业企业 … 其他, 总计) just above the first data row give the columns.
  Any other column (小计, blank spacer columns) is ignored.
- the format: 2021 when the three （六） sub-rows are present, 2019 when （六）其他处理 is itself a row.
- table 四: the cells 行政复议, 未经复议直接起诉 and 复议后起诉 mark the three groups; each group's result
  headers (结果维持 … 总计) give the columns; the numbers are on the first line under the header.
- the 2014 统计表: the 统计指标 labels in order, the number in the 统计数 column.
- the year: a title such as “2025年度…”, else a cell labelled 年度, a sheet name, the file name.
- the unit: a 填报单位/单位名称 cell, else the title's text before the year, else the file name.

Labels are compared in a normalised form (simplified, NFKC so full-width and half-width brackets and
digits agree, no spaces, no quotation marks). Empty cells are 0; numbers typed as text are read.
Every number keeps the sheet and cell it came from, so a failed check can name the cell.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from desktop.domain import report_formats as rf
from desktop.domain import vocab
from desktop.domain.checks import T3, T4, T2014, Failure
from desktop.domain.chinese import to_simplified
from desktop.domain.report_formats import Report
from desktop.reports.workbook_errors import DAMAGED_WORKBOOK_ERRORS
from desktop.reports.workbook_reader import (
    STATS_LIMITS,
    SheetCells,
    WorkbookRefused,
    open_workbook,
    read_sheet_cells,
)

# How far above table 三's first data row the applicant header may sit (3 header rows + blanks).
_HEADER_SEARCH = 10
# How far below a header block the line of numbers may sit (blank rows in between).
_DATA_SEARCH = 4
_DASHES = {"-", "—", "－", "–", "/", "／", "无", "\\"}


class StatsReadError(Exception):
    """A file that is not a readable workbook at all; the message names it, in Chinese."""


@dataclass(frozen=True)
class CellRef:
    """Where one number of the report sits in the workbook."""

    sheet: str
    coordinate: str  # e.g. "E7"
    table: str  # 表三 / 表四 / 统计表
    row: str  # verbatim row label ("" for table 四's single line)
    column: str  # column name ("" for the 2014 table's single value column)

    def __str__(self) -> str:
        where = "、".join(x for x in (f"“{self.row}”行" if self.row else "", self._col()) if x)
        return f"工作表“{self.sheet}”{self.coordinate}单元格（{self.table}{where}）"

    def _col(self) -> str:
        return f"“{self.column}”列" if self.column else ""


@dataclass(frozen=True)
class ReadProblem:
    """Something the reader could not read; names the file, sheet and cell where it can."""

    file: str
    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.sheet:
            where += f"，工作表“{self.sheet}”"
        if self.cell:
            where += f"，{self.cell}单元格"
        return f"{where}：{self.message}"


@dataclass
class StatsWorkbook:
    """A workbook read back: the numbers as a `Report`, where each came from, what could not be read."""

    path: Path
    report: Report | None
    cells: dict[tuple[str, str, str], CellRef] = field(default_factory=dict)
    problems: list[ReadProblem] = field(default_factory=list)
    # Number cells holding no whole number (十二, 12.5, a formula saved without its value), keyed as
    # in `cells` and read as 0: when they are the only problems, the rules not touching them still run.
    unreadable: list[tuple[str, str, str]] = field(default_factory=list)
    unit: str = ""
    year_source: str = ""  # where the year was read, e.g. 工作表“表三”A1单元格“2025年度…”

    @property
    def year(self) -> int | None:
        """The report year, or None when no title, 年度 cell, sheet name or file name gives one."""
        return self.report.year if self.report is not None and self.report.year else None

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def ok(self) -> bool:
        return self.report is not None and not self.problems

    def locate(self, failure: Failure) -> CellRef | None:
        """The cell a failed check points at (its row label and column name), if the table has it."""
        assert self.report is not None
        spec = self.report.spec
        if failure.table == T3 and spec.table3 is not None:
            row = next((r.key for r in spec.table3.rows if r.label == failure.row), None)
            col = next((c.key for c in spec.table3.columns if c.name == failure.column), None)
            if row and col:
                return self.cells.get((T3, row, col))
        if failure.table == T4 and spec.table4 is not None:
            col = next((c.key for c in spec.table4.columns if c.name == failure.column), None)
            if col:
                return self.cells.get((T4, "", col))
        if failure.table == T2014 and spec.statistics is not None:
            item = next((i.key for i in spec.statistics.items if i.label == failure.row), None)
            if item:
                return self.cells.get((T2014, item, ""))
        return None


# ------------------------------------------------------------------------------ label matching
_QUOTES = re.compile(r"[“”\"'‘’「」『』]")
_ORDINAL_DOT = re.compile(r"^(\d+)[、.]")
# Ordinals as units type them: 一、 一. (一) (1) 1. 1、 and a bare 1 before the text ("1 属于…").
_LEADING_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[.、]?)"
)
_PARENTHESES = re.compile(r"\([^)]*\)")


def label_key(text: object) -> str:
    """The form labels are compared in: simplified, NFKC, no blanks, no quotation marks."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFKC", to_simplified(str(text)))
    value = _QUOTES.sub("", "".join(value.split())).replace("其它", "其他")  # a common variant
    return _ORDINAL_DOT.sub(r"\1.", value).rstrip(":")


def core_key(text: object) -> str:
    """A label without its ordinal and bracketed notes: （二）部分公开（区分处理的…） → 部分公开.

    合计 is read as 总计: some units type （七）合计 or a 合计 column.
    """
    key = label_key(text)
    key = _LEADING_ORDINAL.sub("", key)
    key = _PARENTHESES.sub("", key)
    return _TOTAL_WORD if key == "合计" else key


_TOTAL_WORD = "总计"
# A shortened label (一、本年新收政府信息公开申请 for …申请数量) is taken when this much of it is left.
_MIN_PREFIX = 4


class _Grid:
    """One worksheet's non-empty cells, their label keys and merged ranges."""

    def __init__(self, sheet: SheetCells, cached: SheetCells | None = None):
        """`sheet` as read with formulas; `cached` the same sheet with the values Excel saved."""
        self.title: str = sheet.title
        self.values: dict[tuple[int, int], Any] = {}
        self.keys: dict[tuple[int, int], str] = {}
        # Formula cells the file holds no computed value for (written by a program, never
        # opened in Excel): their number cannot be known, so it must not be read as 0.
        self.uncached: set[tuple[int, int]] = set()
        for pos, value in sheet.values.items():
            if pos in sheet.formulas and cached is not None:
                value = cached.values.get(pos)
                if value is None:
                    self.uncached.add(pos)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            self.values[pos] = value
            if isinstance(value, str):
                self.keys[pos] = label_key(value)
        self._index: dict[str, list[tuple[int, int]]] | None = None
        # Bottom row of each merged range, by its top-left cell.
        self.bottom: dict[tuple[int, int], int] = {
            (min_row, min_col): max_row for min_col, min_row, _max_col, max_row in sheet.merged
        }

    def find(self, key: str) -> list[tuple[int, int]]:
        return self._by_key().get(key, [])

    def _by_key(self) -> dict[str, list[tuple[int, int]]]:
        if self._index is None:
            self._index = {}
            for pos, k in sorted(self.keys.items()):
                self._index.setdefault(k, []).append(pos)
        return self._index

    def bottom_of(self, pos: tuple[int, int]) -> int:
        return self.bottom.get(pos, pos[0])


def _ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


class _Reader:
    def __init__(self, path: Path, grids: list[_Grid]):
        self.path = path
        self.grids = grids
        self.cells: dict[tuple[str, str, str], CellRef] = {}
        self.problems: list[ReadProblem] = []
        self.unreadable: list[tuple[str, str, str]] = []

    def problem(self, sheet: str, cell: str, message: str) -> None:
        self.problems.append(ReadProblem(self.path.name, sheet, cell, message))

    def unreadable_cell(self, ref: CellRef, key: tuple[str, str], message: str) -> int:
        """A number cell that holds no whole number: named, and read as 0 for now."""
        self.problem(ref.sheet, ref.coordinate, message)
        self.unreadable.append((ref.table, *key))
        return 0

    def read_at(self, grid: _Grid, row: int, col: int, key: tuple[str, str], ref: CellRef) -> int:
        """The whole number in a cell (empty = 0, text such as "12" or "１２件" read), noting where."""
        self.cells[(ref.table, *key)] = ref
        if (row, col) in grid.uncached:
            return self.unreadable_cell(
                ref,
                key,
                f"是公式，但文件中没有保存计算结果（{_describe(ref)}）；"
                "请在 Excel 或 WPS 中打开并保存后再检查",
            )
        value = grid.values.get((row, col))
        if value is None:
            return 0
        if isinstance(value, bool):
            return self.unreadable_cell(ref, key, f"“{value}”不是数字（{_describe(ref)}）")
        if isinstance(value, int):
            return value
        if isinstance(value, float | Decimal):
            if float(value).is_integer():
                return int(value)
            return self.unreadable_cell(ref, key, f"“{value}”不是整数（{_describe(ref)}）")
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
        text = text.removesuffix("件").strip()
        if not text or text in _DASHES:
            return 0
        if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
            return int(float(text))
        return self.unreadable_cell(ref, key, f"“{value}”不是数字（{_describe(ref)}）")


def _describe(ref: CellRef) -> str:
    parts = [ref.table]
    if ref.row:
        parts.append(f"“{ref.row}”行")
    if ref.column:
        parts.append(f"“{ref.column}”列")
    return "".join(parts)


# ------------------------------------------------------------------------------ table 三
def _label_area_right(grid: _Grid, found: dict[str, tuple[int, int]]) -> int:
    """The last column of the row labels: left of the 自然人 header above them, if there is one.

    The rows found by their exact label may all sit in the first label column (一、… 二、…) while
    the leaves a unit typed differently (1 属于国家秘密) sit in the third.
    """
    first_row = min(p[0] for p in found.values())
    label_right = max(p[1] for p in found.values())
    header = [
        p
        for p in grid.find(label_key(vocab.NATURAL_PERSON))
        if first_row - _HEADER_SEARCH <= p[0] < first_row and p[1] > label_right
    ]
    return min(p[1] for p in header) - 1 if header else label_right + 2


def _row_positions(grid: _Grid, table: rf.Table3) -> dict[str, tuple[int, int]]:
    """Data row key → position of its label cell: by exact label, then by the label's core text
    (no ordinal, no bracketed note) within the label area, then by a shortened core text."""
    found: dict[str, tuple[int, int]] = {}
    for data_row in table.rows:
        hits = grid.find(label_key(data_row.label))
        if hits:
            found[data_row.key] = hits[0]
    if not found:
        return found
    rows = [p[0] for p in found.values()]
    right = _label_area_right(grid, found)
    missing = len(table.rows) - len(found)  # rows still to find may lie beyond those found
    top, bottom = min(rows) - 2 - missing, max(rows) + 2 + missing
    area = {
        pos: core_key(key)
        for pos, key in grid.keys.items()
        if pos[1] <= right and top <= pos[0] <= bottom
    }
    for exact in (True, False):
        for data_row in table.rows:
            if data_row.key in found:
                continue
            want = core_key(data_row.label)
            taken = set(found.values())
            if exact:
                hits = [pos for pos, core in area.items() if core == want]
            else:
                hits = [
                    pos
                    for pos, core in area.items()
                    if len(core) >= _MIN_PREFIX and want.startswith(core)
                ]
            hits = [pos for pos in hits if pos not in taken]
            if len(hits) == 1:
                found[data_row.key] = hits[0]
    return found


def _table3_score(grid: _Grid) -> int:
    return max(
        len(_row_positions(grid, f.table3)) for f in (rf.FORMAT_2021, rf.FORMAT_2019) if f.table3
    )


def _detect_format(grid: _Grid) -> str | None:
    t21, t19 = rf.FORMAT_2021.table3, rf.FORMAT_2019.table3
    assert t21 is not None and t19 is not None
    rows21 = _row_positions(grid, t21)
    split = [r.key for r in t21.outcome_rows if r.key.startswith(f"{rf.OTHER_GROUP}.")]
    if any(k in rows21 for k in split):
        return "2021"
    if rf.OTHER_GROUP in _row_positions(grid, t19):
        return "2019"
    return None


def _read_table3(reader: _Reader, grid: _Grid, fmt: rf.ReportFormat, report: Report) -> None:
    table = fmt.table3
    assert table is not None
    before = len(reader.problems)
    rows = _row_positions(grid, table)
    for data_row in table.rows:
        if data_row.key not in rows:
            reader.problem(grid.title, "", f"表三中找不到“{data_row.label}”行")
    if len(reader.problems) > before:
        return
    first_row = min(p[0] for p in rows.values())
    label_right = max(p[1] for p in rows.values())
    columns: dict[str, int] = {}
    header_rows: list[int] = []
    # Header cells compared by core text: 总计 typed 合计, 自然人（件） with a unit are recognised.
    band = {
        pos: core_key(key)
        for pos, key in grid.keys.items()
        if pos[1] > label_right and first_row - _HEADER_SEARCH <= pos[0] < first_row
    }
    for column in table.columns:
        want = core_key(column.path[-1])
        hits = [pos for pos, core in band.items() if core == want]
        if not hits:
            reader.problem(grid.title, "", f"表三的表头中找不到“{column.path[-1]}”列")
            continue
        # The header nearest above the numbers; left-most on a tie.
        pos = max(hits, key=lambda p: (p[0], -p[1]))
        columns[column.key] = pos[1]
        header_rows.append(pos[0])
    if len(reader.problems) > before:
        return
    used = sorted(columns.values())
    if len(set(used)) != len(used):
        reader.problem(grid.title, "", "表三表头中申请人类别重复，无法确定各列")
        return
    for data_row in table.rows:
        row = rows[data_row.key][0]
        values = []
        for column in table.columns:
            col = columns[column.key]
            ref = CellRef(grid.title, _ref(row, col), T3, data_row.label, column.name)
            values.append(reader.read_at(grid, row, col, (data_row.key, column.key), ref))
        report.table3[data_row.key] = values


# ------------------------------------------------------------------------------ table 四
def _read_table4(reader: _Reader, grids: list[_Grid], fmt: rf.ReportFormat, report: Report) -> None:
    table = fmt.table4
    assert table is not None
    before = len(reader.problems)  # table 三's unreadable cells do not stop table 四
    direct_label, after_label = (label_key(k) for k in vocab.LITIGATION_TYPES)
    for grid in grids:
        direct, after = grid.find(direct_label), grid.find(after_label)
        if direct and after:
            break
    else:
        reader.problem(
            "", "", f"找不到表四（“{rf.TABLE4_TITLE}”：表头应有“未经复议直接起诉”“复议后起诉”）"
        )
        return
    d_row, d_col = direct[0]
    a_row, a_col = min(after, key=lambda p: (abs(p[0] - d_row), p[1]))
    review = [p for p in grid.find(label_key(rf.REVIEW_HEADING)) if p[0] <= d_row and p[1] < d_col]
    if not review:
        reader.problem(grid.title, "", f"表四的表头中找不到“{rf.REVIEW_HEADING}”")
        return
    r_row, r_col = max(review, key=lambda p: (p[0], p[1]))
    spans = {
        rf.REVIEW_GROUP: (r_col, d_col, r_row),
        rf.DIRECT_GROUP: (d_col, a_col, d_row),
        rf.AFTER_REVIEW_GROUP: (a_col, a_col + 10, a_row),
    }
    header_bottom = max(grid.bottom_of(p) for p in ((r_row, r_col), (d_row, d_col), (a_row, a_col)))
    positions: dict[str, int] = {}
    for column in table.columns:
        group, result = column.key.split(".", 1)
        left, right, top = spans[group]
        want = core_key(result)  # 合计 for 总计 too
        hits = [
            p
            for p, key in grid.keys.items()
            if left <= p[1] < right
            and top <= p[0] <= top + _HEADER_SEARCH
            and core_key(key) == want
        ]
        if not hits:
            reader.problem(grid.title, "", f"表四的表头中找不到“{column.name}”列")
            continue
        pos = min(hits, key=lambda p: (p[0], p[1]))
        positions[column.key] = pos[1]
        header_bottom = max(header_bottom, grid.bottom_of(pos))
    if len(reader.problems) > before:
        return
    # The line of numbers: the first non-empty line under the header (blank lines tolerated).
    data_row = header_bottom + 1
    for candidate in range(header_bottom + 1, header_bottom + 1 + _DATA_SEARCH):
        if any((candidate, c) in grid.values for c in positions.values()):
            data_row = candidate
            break
    values = []
    for column in table.columns:
        col = positions[column.key]
        ref = CellRef(grid.title, _ref(data_row, col), T4, "", column.name)
        values.append(reader.read_at(grid, data_row, col, ("", column.key), ref))
    report.table4 = values


# ------------------------------------------------------------------------------ the 2014 统计表
def _statistics_grid(grids: list[_Grid]) -> _Grid | None:
    table = rf.STATISTICS_2014
    best, best_hits = None, 0
    for grid in grids:
        hits = sum(1 for item in table.items[:30] if grid.find(label_key(item.label)))
        if hits > best_hits:
            best, best_hits = grid, hits
    return best if best_hits >= 10 else None


# The value column's header as units type it: 统计数, or 数量（件）, 数值, 本年数 … on the 统计指标 line.
_VALUE_HEADERS = ("数量", "数值", "数据", "本年数", "本年数量", "数")


def _value_header(grid: _Grid, table: rf.StatisticsTable) -> tuple[int, int] | None:
    hits = grid.find(label_key(table.columns[-1]))
    if hits:
        return hits[0]
    for row, col in grid.find(label_key(table.columns[0])) + grid.find("指标"):
        beside = sorted((c, core_key(k)) for (r, c), k in grid.keys.items() if r == row and c > col)
        for c, core in beside:
            if core in _VALUE_HEADERS:
                return row, c
    return None


def _read_statistics(reader: _Reader, grid: _Grid, report: Report) -> None:
    table = rf.STATISTICS_2014
    value_header = _value_header(grid, table)
    if value_header is None:
        reader.problem(
            grid.title,
            "",
            f"统计表中找不到“{table.columns[-1]}”列（“{table.columns[0]}”一行中也没有“数量”列）",
        )
        return
    header_row, value_col = value_header
    after = header_row
    for item in table.items:
        # Labels repeat (（一）维持具体行政行为数 under 四 and 六): take the next one down, in order.
        hits = [p for p in grid.find(label_key(item.label)) if p[0] > after and p[1] < value_col]
        if not hits:
            reader.problem(grid.title, "", f"统计表中找不到“{item.label}”一项")
            continue
        row = hits[0][0]
        after = row
        if item.source == rf.HEADING:
            continue
        ref = CellRef(grid.title, _ref(row, value_col), T2014, item.label, "")
        if item.unit == "万元":
            report.statistics[item.key] = _amount(reader, grid, row, value_col, item.key, ref)
        else:
            report.statistics[item.key] = reader.read_at(grid, row, value_col, (item.key, ""), ref)


def _amount(reader: _Reader, grid: _Grid, row: int, col: int, key: str, ref: CellRef) -> Decimal:
    """An amount in 万元 (decimals allowed); an unreadable one is named like any number."""
    reader.cells[(T2014, key, "")] = ref
    if (row, col) in grid.uncached:
        reader.unreadable_cell(
            ref, (key, ""), f"是公式，但文件中没有保存计算结果（{_describe(ref)}）"
        )
        return Decimal(0)
    value = grid.values.get((row, col))
    if value is None:
        return Decimal(0)
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
    text = text.removesuffix("万元").strip()
    if text in _DASHES or not text:
        return Decimal(0)
    try:
        return Decimal(repr(value) if isinstance(value, float) else text)
    except InvalidOperation:
        reader.unreadable_cell(ref, (key, ""), f"“{value}”不是数字（{_describe(ref)}）")
        return Decimal(0)


# ------------------------------------------------------------------------------ year and unit
_YEAR_OF_REPORT = re.compile(r"((?:19|20)\d{2})\s*年度")
_YEAR_ALONE = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
_UNIT_LABELS = ("填报单位", "填表单位", "报送单位", "单位名称")
_YEAR_LABELS = ("年度", "统计年度", "报告年度", "年份")


def _find_year(path: Path, grids: list[_Grid]) -> tuple[int | None, str]:
    # A cell labelled 年度 with the year beside it.
    for grid in grids:
        for (row, col), key in grid.keys.items():
            if key in _YEAR_LABELS:
                value = grid.values.get((row, col + 1))
                match = re.search(r"(?:19|20)\d{2}", str(value)) if value is not None else None
                if match:
                    return int(match.group()), f"工作表“{grid.title}”{_ref(row, col + 1)}单元格"
    # Titles: the text cells of the first rows above the tables.
    for pattern in (_YEAR_OF_REPORT, _YEAR_ALONE):
        votes: Counter[int] = Counter()
        where: dict[int, str] = {}
        for grid in grids:
            for (row, col), value in sorted(grid.values.items()):
                if row > 6 or not isinstance(value, str):
                    continue
                match = pattern.search(to_simplified(value))
                if match:
                    year = int(match.group(1))
                    votes[year] += 1
                    where.setdefault(year, f"工作表“{grid.title}”{_ref(row, col)}单元格“{value}”")
        if votes:
            year = votes.most_common(1)[0][0]
            return year, where[year]
    for grid in grids:
        match = re.search(r"(?:19|20)\d{2}", grid.title)
        if match:
            return int(match.group()), f"工作表名“{grid.title}”"
    match = re.search(r"(?:19|20)\d{2}", path.stem)
    if match:
        return int(match.group()), f"文件名“{path.name}”"
    return None, ""


def _find_unit(path: Path, grids: list[_Grid]) -> str:
    """The reporting unit: a 填报单位/单位名称 cell (text after the colon, or the cell beside it),
    else the title's text before “2025年度”, else the file name."""
    labels = "|".join(_UNIT_LABELS)
    for grid in grids:
        for (row, col), value in sorted(grid.values.items()):
            if row > 8 or not isinstance(value, str):
                continue
            match = re.match(rf"^\s*(?:{labels})\s*[:：]?\s*(.*)$", value)
            if not match:
                continue
            # "填报单位：某某局    填报日期：…" — keep the unit only.
            rest = re.split(r"\s{2,}|\u3000|填报日期|填表日期|日期", match.group(1).strip())[
                0
            ].strip()
            beside = grid.values.get((row, col + 1))
            name = rest or (str(beside).strip() if beside is not None else "")
            if name:
                return name
    for pattern in (_YEAR_OF_REPORT, _YEAR_ALONE):  # 某局2025年度… , else 某局2025年…
        for grid in grids:
            for (row, _col), value in sorted(grid.values.items()):
                if row <= 3 and isinstance(value, str):
                    match = pattern.search(value)
                    if match and match.start() > 0:
                        return value[: match.start()].strip()
    return path.stem


# ------------------------------------------------------------------------------ table 二
_BLOCK_ROWS = 12  # how far below its 第二十条第（…）项 heading a block's figures may sit


def _read_table2(reader: _Reader, grids: list[_Grid], fmt: rf.ReportFormat, report: Report) -> None:
    """Table 二's figures where the workbook has them (issue 16: a unit's table 二 adds up).

    Each block is found by its heading (第二十条第（一）项 …), its value columns by their header
    labels on the first line below that names them, its rows by their labels under that line.
    An empty cell is "not filled in" (None), not 0: consolidation adds only what units filled in.
    A block the workbook lacks is left unread; a cell that is not a number is named.
    """
    table = fmt.table2
    if table is None:
        return
    for block in table.blocks:
        heading = label_key(block.article)
        found = next(((g, pos) for g in grids for pos in g.find(heading)), None)
        if found is None:
            continue
        grid, (top, _col) = found
        wanted = {label_key(c): c for c in block.columns[1:]}
        header_row, columns = None, {}
        for row in range(top + 1, top + _BLOCK_ROWS):
            hits = {wanted[k]: col for (r, col), k in grid.keys.items() if r == row and k in wanted}
            if len(hits) == len(wanted):
                header_row, columns = row, hits
                break
        if header_row is None:
            continue
        labels = {label_key(r): r for r in block.rows}
        for (r, _c), k in sorted(grid.keys.items()):
            if not header_row < r < header_row + _BLOCK_ROWS or k not in labels:
                continue
            row_label = labels.pop(k)
            for column, col in columns.items():
                key = rf.figure_key(fmt.code, row_label, column)
                ref = CellRef(grid.title, _ref(r, col), "表二", row_label, column)
                value = grid.values.get((r, col))
                text = "" if value is None else unicodedata.normalize("NFKC", str(value)).strip()
                if text in _DASHES:
                    text = ""
                try:
                    report.table2[key] = rf.parse_figure(text, column, block.unit(column))
                except ValueError as exc:
                    reader.problem(grid.title, ref.coordinate, f"{exc}（{_describe(ref)}）")


# ------------------------------------------------------------------------------ entry point
def _read_grids(path: Path) -> list[_Grid]:
    """Every sheet's cells, streamed and bounded (workbook_reader: a 2 KB file claiming a million
    rows, or a million real rows, is refused past STATS_LIMITS instead of filling memory)."""
    workbook = open_workbook(path, data_only=False)
    try:
        sheets = [
            read_sheet_cells(ws, path.name, STATS_LIMITS, data_only=False)
            for ws in workbook.worksheets
        ]
    finally:
        workbook.close()
    cached: dict[str, SheetCells] = {}
    if any(sheet.formulas for sheet in sheets):
        # Formulas (=SUM(…) in a 总计 cell) are read through the values Excel saved with them.
        values = open_workbook(path, data_only=True)
        try:
            for ws, sheet in zip(values.worksheets, sheets, strict=True):
                if sheet.formulas:
                    cached[ws.title] = read_sheet_cells(ws, path.name, STATS_LIMITS, data_only=True)
        finally:
            values.close()
    return [_Grid(sheet, cached.get(sheet.title)) for sheet in sheets]


def read_stats_workbook(path: str | Path) -> StatsWorkbook:
    """Read a statistics workbook by its labels. Raises StatsReadError if it is not a workbook."""
    path = Path(path)
    if not path.exists():
        raise StatsReadError(f"找不到文件 {path}")
    if path.is_dir():
        raise StatsReadError(f"{path} 是文件夹，不是 Excel 工作簿（.xlsx）")
    if path.suffix.lower() in (".xls", ".et", ".wps", ".ods", ".csv"):
        raise StatsReadError(
            f"{path.name} 是 {path.suffix} 格式；请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）"
        )
    try:
        grids = _read_grids(path)
    except WorkbookRefused as exc:
        raise StatsReadError(str(exc)) from exc
    except DAMAGED_WORKBOOK_ERRORS as exc:
        raise StatsReadError(
            f"{path.name} 不是 Excel 工作簿（.xlsx），或文件已损坏：{exc}"
        ) from exc
    except OSError as exc:
        raise StatsReadError(f"{path.name} 无法读取：{exc.strerror or exc}") from exc
    reader = _Reader(path, grids)
    year, year_source = _find_year(path, grids)
    result = StatsWorkbook(path, None, unit=_find_unit(path, grids), year_source=year_source)

    table3_grid = max(grids, key=_table3_score, default=None)
    if table3_grid is not None and _table3_score(table3_grid) >= 5:
        fmt_code = _detect_format(table3_grid)
        if fmt_code is None:
            reader.problem(
                table3_grid.title,
                "",
                "表三中既没有“（六）其他处理”行，也没有其下的 1—3 项，无法判断格式",
            )
        else:
            fmt = rf.FORMATS[fmt_code]
            report = Report(year=year or 0, format=fmt_code, unit=result.unit)
            _read_table3(reader, table3_grid, fmt, report)
            _read_table4(reader, grids, fmt, report)
            _read_table2(reader, grids, fmt, report)
            result.report = report
    else:
        stats_grid = _statistics_grid(grids)
        if stats_grid is None:
            reader.problem(
                "",
                "",
                f"不是政府信息公开年度报告统计表：找不到“{rf.TABLE3_TITLE}”的各行，也找不到"
                f"“{rf.STATISTICS_2014_TITLE}”的各项",
            )
        else:
            report = Report(year=year or 0, format="2014", unit=result.unit)
            _read_statistics(reader, stats_grid, report)
            result.report = report
    # No year is not a reading error: the logic checks do not need it (ogi check still runs);
    # consolidation refuses such a file (reports.consolidate), since it must match the others' year.
    result.cells = reader.cells
    result.problems = reader.problems
    result.unreadable = reader.unreadable
    return result
