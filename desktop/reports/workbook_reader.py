"""The one way this program reads a workbook someone else made: streamed, bounded, cells that exist.

Every reader of an outside workbook (the ledger import, the old-ledger wizard, `ogi check`,
`consolidate`) opens it with `open_workbook` and walks its sheets with `iter_sheet_rows` or
`read_sheet_cells`. Why not openpyxl's own `iter_rows`: it pads every row to the width the sheet's
`<dimension>` claims and yields every row up to the last one it names, so a 2 KB file saying
`A1:XFD1048576`, or holding one stray cell in row 1,048,576, made the importer hang for half an hour
and `ogi check` take 5.8 GB (docs/safety.md, F1). Here only the cells the file holds are parsed, one
`<row>` at a time, and a sheet past the stated limits is refused with a clear message, in bounded
memory, instead of being read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser, _cast_number

from desktop.reports.workbook_errors import DAMAGED_WORKBOOK_ERRORS

T = TypeVar("T")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office binary / encrypted-package container
_OTHER_FORMATS = (".xls", ".et", ".csv", ".wps", ".ods")


@dataclass(frozen=True)
class SheetLimits:
    """How much of one sheet a reader takes: rows that hold something, and the last column."""

    rows: int
    columns: int

    def describe(self) -> str:
        return f"最多 {self.rows:,} 行、{self.columns:,} 列（{get_column_letter(self.columns)}列）"


# A ledger: one application a row, about 30 columns. The import streams it (checked and stored in
# batches, issue 12), so its size costs time, not memory: any sheet Excel itself can hold
# (1,048,576 rows) is read; a 1,000,000-row ledger imports in ~200 MB (docs/safety.md). Past
# Excel's own limit only a hand-made file can go, and it is refused.
LEDGER_LIMITS = SheetLimits(rows=1_048_576, columns=256)
# A statistics workbook: about 60 rows by 10 columns, a consolidated one a row per unit beside it.
STATS_LIMITS = SheetLimits(rows=20_000, columns=256)
# A hand-kept old ledger (the wizard holds its rows to let the clerk map columns and outcomes).
LEGACY_LIMITS = SheetLimits(rows=200_000, columns=256)


class RepeatedNumbers:
    """A number (申请编号, 文号) may stand on one row of a sheet only: the importers' shared rule.

    `note` each row's number as the rows stream by; a repeat is known at its second row (`note`
    returns False: refuse that row at once), and `repeats()` names, when the sheet is read, every
    row of each number used twice. Memory: one entry a distinct number.
    """

    def __init__(self) -> None:
        self._first: dict[str, int] = {}  # number -> first row (negative: that row was refused)
        self._rows: dict[str, list[int]] = {}  # number used twice -> all its rows

    def note(self, number: str, row: int, *, good: bool = True) -> bool:
        """Record `number` on `row`; False when an earlier row has it."""
        first = self._first.get(number)
        if first is None:
            self._first[number] = row if good else -row
            return True
        self._rows.setdefault(number, [abs(first)]).append(row)
        return False

    def __bool__(self) -> bool:
        return bool(self._rows)

    def repeats(self) -> Iterator[tuple[str, list[int], bool]]:
        """(number, its rows, whether its first row was noted good) of each number used twice."""
        for number, rows in self._rows.items():
            yield number, rows, self._first[number] > 0

    @staticmethod
    def message(what: str, number: str, rows: list[int]) -> str:
        return f"{what}“{number}”在本表中重复（第{'、'.join(str(r) for r in rows)}行）"


def drop_refused(
    items: list[T], row_numbers: list[int], refused: Iterable[int | None]
) -> tuple[list[T], list[int]]:
    """The items read from a sheet (one per Excel row) whose row was not refused, and their rows."""
    bad = set(refused)
    kept = [(item, row) for item, row in zip(items, row_numbers, strict=True) if row not in bad]
    return [item for item, _ in kept], [row for _, row in kept]


class WorkbookRefused(Exception):
    """A workbook that cannot or may not be read; the message is for the clerk, in Chinese."""


class SheetTooLarge(WorkbookRefused):
    """A sheet past the stated limits (refused whole, never read in part)."""


def open_workbook(path: str | Path, *, data_only: bool = True) -> Any:
    """The workbook in openpyxl's read-only (streaming) mode. WorkbookRefused says why not."""
    path = Path(path)
    if not path.exists():
        raise WorkbookRefused(f"找不到文件 {path}")
    if path.is_dir():
        raise WorkbookRefused(f"{path} 是文件夹，不是 Excel 工作簿（.xlsx）")
    suffix = path.suffix.lower()
    if suffix in _OTHER_FORMATS:
        raise WorkbookRefused(
            f"{path.name} 是 {suffix} 格式；请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后再使用"
        )
    try:
        with path.open("rb") as handle:
            magic = handle.read(8)
    except PermissionError as exc:
        raise WorkbookRefused(
            f"{path.name} 没有读取权限（文件是否正被其他程序独占打开？）"
        ) from exc
    except OSError as exc:
        raise WorkbookRefused(f"{path.name} 无法读取：{exc.strerror or exc}") from exc
    if magic.startswith(_OLE_MAGIC):
        raise WorkbookRefused(
            f"{path.name} 是加密（设置了打开密码）的工作簿或改了扩展名的 .xls 文件；"
            "请在 Excel 或 WPS 中去掉密码并“另存为” .xlsx 后再使用"
        )
    try:
        reader = _ReadOnlyReader(path, read_only=True, data_only=data_only)
        reader.read()
        return reader.wb
    except PermissionError as exc:
        raise WorkbookRefused(
            f"{path.name} 没有读取权限（文件是否正被其他程序独占打开？）"
        ) from exc
    except DAMAGED_WORKBOOK_ERRORS as exc:
        raise WorkbookRefused(f"{path.name} 不是 Excel 工作簿（.xlsx），或文件已损坏") from exc
    except OSError as exc:
        raise WorkbookRefused(f"{path.name} 无法读取：{exc.strerror or exc}") from exc


class _SizelessWorksheet(ReadOnlyWorksheet):
    """openpyxl's read-only sheet without its size probe: `ReadOnlyWorksheet.__init__` parses the
    sheet looking for `<dimension>`, and a sheet without one (a streamed export such as this
    program's) is parsed whole just to open the workbook, ~15 % of an import. No reader here uses
    the size a sheet claims (F1: only the cells that exist count)."""

    def _get_size(self) -> None:
        return None


class _ReadOnlyReader(ExcelReader):
    """`load_workbook(read_only=True)`, its worksheets opened as `_SizelessWorksheet`."""

    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            ws = _SizelessWorksheet(self.wb, sheet.name, rel.target, self.shared_strings)
            ws.sheet_state = sheet.state
            self.wb._sheets.append(ws)


def is_hidden(ws: Any) -> bool:
    return getattr(ws, "sheet_state", "visible") in ("hidden", "veryHidden")


def choose_sheets(workbook: Any, *, include_hidden: bool = False) -> list[Any]:
    """The sheets a clerk sees (hidden ones only when asked): what an importer may read."""
    return [ws for ws in workbook.worksheets if include_hidden or not is_hidden(ws)]


@dataclass
class SheetCells:
    """One sheet read whole (small sheets only): non-empty values, formulas, merged ranges."""

    title: str
    values: dict[tuple[int, int], Any] = field(default_factory=dict)
    formulas: set[tuple[int, int]] = field(default_factory=set)
    merged: list[tuple[int, int, int, int]] = field(
        default_factory=list
    )  # min_col,min_row,max_col,max_row


def _parser(ws: Any, source: Any, *, data_only: bool) -> WorkSheetParser:
    workbook = ws.parent
    return WorkSheetParser(
        source,
        ws._shared_strings,
        data_only=data_only,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )


def _empty(value: Any) -> bool:
    # A cell of blanks is kept: 申请内容 " " must come back as typed (callers decide what is blank).
    return value is None or value == ""


def _iter_parsed(
    ws: Any, file: str, limits: SheetLimits, *, data_only: bool, merged: list | None = None
) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """(Excel row, the cells it holds) of every row with a non-empty cell; SheetTooLarge past limits."""
    seen = 0
    with ws._get_source() as source:
        parser = _parser(ws, source, data_only=data_only)
        for row_number, cells in parser.parse():
            cells = [c for c in cells if not _empty(c["value"])]
            if not cells:
                continue
            seen += 1
            if seen > limits.rows:
                raise SheetTooLarge(
                    f"{file} 工作表“{ws.title}”超过 {limits.rows:,} 行，超出本程序读取的范围"
                    f"（{limits.describe()}）；请拆分成几个文件"
                )
            widest = max(c["column"] for c in cells)
            if widest > limits.columns:
                raise SheetTooLarge(
                    f"{file} 工作表“{ws.title}”第{row_number}行{get_column_letter(widest)}列有内容，"
                    f"超出本程序读取的范围（{limits.describe()}）；请删除表格右侧多余的内容"
                )
            yield row_number, cells
        if merged is not None and parser.merged_cells is not None:
            for cell_range in parser.merged_cells.mergeCell:
                merged.append(range_boundaries(cell_range.ref))


def iter_sheet_rows(
    ws: Any, file: str, limits: SheetLimits
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(Excel row, values from column A to the row's last non-blank cell) of every non-blank row.

    Blank rows are skipped whatever the sheet's dimension says. Raises SheetTooLarge past `limits`
    and the openpyxl/zip errors of DAMAGED_WORKBOOK_ERRORS on a damaged sheet.

    The values are openpyxl's (data_only: a formula's cached value), read by `_FastRows`, an expat
    parser that turns each `<row>` into values without building openpyxl's cell and rich-text
    objects: about half of openpyxl's reading time (issue 12, docs/performance.md).
    """
    for seen, (row_number, cells) in enumerate(_FastRows(ws).rows(), start=1):
        if seen > limits.rows:
            raise SheetTooLarge(
                f"{file} 工作表“{ws.title}”超过 {limits.rows:,} 行，超出本程序读取的范围"
                f"（{limits.describe()}）；请拆分成几个文件"
            )
        widest = max(column for column, _ in cells)
        if widest > limits.columns:
            raise SheetTooLarge(
                f"{file} 工作表“{ws.title}”第{row_number}行{get_column_letter(widest)}列有内容，"
                f"超出本程序读取的范围（{limits.describe()}）；请删除表格右侧多余的内容"
            )
        values: list[Any] = [None] * widest
        for column, value in cells:
            values[column - 1] = value
        yield row_number, tuple(values)


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# expat's "namespace local" names of the SpreadsheetML elements the reader acts on.
_LOCAL = {f"{_MAIN} {n}": n for n in ("v", "t", "r", "is", "row")}
_CHUNK = 1 << 16


class _FastRows:
    """A sheet's non-empty rows, parsed with expat one chunk of the inflated XML at a time.

    Same values as openpyxl's read-only `WorkSheetParser` with data_only: its number, date,
    shared-string, inline-string, boolean and error rules (through its own helpers); every child
    element of a `<row>` is a cell, as there; a `<row>` or cell without `r` follows the one
    before; a cell's value is its first `<v>` child, an inline string its `<is>`'s plain `<t>`
    then its runs' `<t>` (phonetic runs left out). No DOCTYPE (no entity can expand). Rows are
    handed on after each chunk, so memory holds one chunk's rows, never the sheet.
    tests/faults/test_fuzz_imports.py holds both readers equal on fuzzed sheet XML.
    """

    def __init__(self, ws: Any) -> None:
        workbook = ws.parent
        self.ws = ws
        self.shared = ws._shared_strings
        self.date_styles = workbook._date_formats
        self.timedelta_styles = workbook._timedelta_formats
        self.epoch = workbook.epoch
        self.done: list[tuple[int, list[tuple[int, Any]]]] = []
        self.depth = 0
        self.row = 0
        self.row_depth = 0  # depth of the open <row> (0: none)
        self.cell_depth = 0  # depth of the open cell (0: none)
        self.is_depth = 0  # depth of the open cell's <is> (0: none)
        self.run_depth = 0  # depth of an open <r> of that <is>
        self.column = 0
        self.cells: list[tuple[int, Any]] = []
        self.kind = "n"
        self.style = 0
        self.text: list[str] | None = None  # collecting the characters of a <v> or <t>
        self.text_depth = 0
        self.text_is_value = False
        self.value: str | None = None
        self.seen_value = False
        self.plain: str | None = None  # an inline string's own <t>
        self.runs: list[str] | None = None  # an inline string's runs' <t>

    def rows(self) -> Iterator[tuple[int, list[tuple[int, Any]]]]:
        from xml.parsers import expat

        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.buffer_size = _CHUNK
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._chars
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        done = self.done
        with self.ws._get_source() as source:
            while True:
                chunk = source.read(_CHUNK)
                try:
                    parser.Parse(chunk, not chunk)
                except expat.ExpatError as exc:
                    raise SyntaxError(f"sheet XML: {exc}") from exc
                if done:
                    yield from done
                    done.clear()
                if not chunk:
                    return

    @staticmethod
    def _doctype(*_args: Any) -> None:
        raise SyntaxError("a worksheet has no DOCTYPE or entities")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        depth = self.depth
        if self.row_depth and not self.cell_depth and depth == self.row_depth + 1:
            self._start_cell(attrs)  # any child of a row is a cell (openpyxl's rule)
            return
        local = _LOCAL.get(name)
        if local is None:
            return
        if self.cell_depth:
            if depth == self.cell_depth + 1:
                if local == "v" and not self.seen_value:
                    self.seen_value = True
                    self._collect(depth, value=True)
                elif local == "is" and not self.is_depth:
                    self.is_depth = depth
                    self.runs = []
            elif self.is_depth:
                if local == "t" and depth == self.is_depth + 1:
                    self._collect(depth)
                elif local == "r" and depth == self.is_depth + 1:
                    self.run_depth = depth
                elif local == "t" and self.run_depth and depth == self.run_depth + 1:
                    self._collect(depth)
        elif local == "row" and not self.row_depth:
            number = attrs.get("r")
            if number is not None:
                try:
                    self.row = int(number)
                except ValueError:
                    whole = float(number)
                    if not whole.is_integer():
                        raise ValueError(f"{number} is not a valid row number") from None
                    self.row = int(whole)
            else:
                self.row += 1
            self.row_depth = depth
            self.column = 0
            self.cells = []

    def _start_cell(self, attrs: dict[str, str]) -> None:
        self.cell_depth = self.depth
        self.kind = attrs.get("t", "n")
        style = attrs.get("s")
        self.style = int(style) if style else 0
        ref = attrs.get("r")
        self.column = _column_of(ref) if ref else self.column + 1
        self.value = None
        self.seen_value = False
        self.plain = None
        self.runs = None

    def _collect(self, depth: int, *, value: bool = False) -> None:
        self.text = []
        self.text_depth = depth
        self.text_is_value = value

    def _chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def _end(self, name: str) -> None:
        depth = self.depth
        self.depth -= 1
        if self.text is not None and depth == self.text_depth:
            text = "".join(self.text)
            self.text = None
            if self.text_is_value:
                self.value = text
            elif self.run_depth:
                if self.runs is not None:
                    self.runs.append(text)
            else:
                self.plain = text
            return
        if depth == self.cell_depth:
            value = self._cell_value()
            if value is not None and value != "":
                self.cells.append((self.column, value))
            self.cell_depth = self.is_depth = self.run_depth = 0
        elif depth == self.run_depth:
            self.run_depth = 0
        elif depth == self.is_depth:
            self.is_depth = 0
        elif depth == self.row_depth:
            if self.cells:
                self.done.append((self.row, self.cells))
            self.row_depth = 0

    def _cell_value(self) -> Any:
        kind = self.kind
        if kind == "inlineStr":
            if self.runs is None:
                return None
            return "".join([self.plain or "", *self.runs])
        value = self.value or None
        if value is None:
            return None
        if kind == "n":
            number = _cast_number(value)
            if self.style in self.date_styles:
                try:
                    return from_excel(
                        number, self.epoch, timedelta=self.style in self.timedelta_styles
                    )
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.shared[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return from_ISO8601(value)
        return value  # "str", "e" (an error such as #N/A) and anything else: the text


_COLUMNS: dict[str, int] = {}


def _column_of(ref: str) -> int:
    """The column number of a cell reference such as "AB12" (openpyxl's rule and errors)."""
    letters = ref.rstrip("0123456789$").lstrip("$")
    found = _COLUMNS.get(letters)
    if found is None:
        found = column_index_from_string(letters)
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = found
    return found


def read_sheet_cells(ws: Any, file: str, limits: SheetLimits, *, data_only: bool) -> SheetCells:
    """Every non-blank cell of a (small) sheet, with formulas marked and merged ranges."""
    sheet = SheetCells(ws.title)
    for row_number, cells in _iter_parsed(
        ws, file, limits, data_only=data_only, merged=sheet.merged
    ):
        for cell in cells:
            pos = (row_number, cell["column"])
            sheet.values[pos] = cell["value"]
            if cell["data_type"] == "f":
                sheet.formulas.add(pos)
    return sheet
