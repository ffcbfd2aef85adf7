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

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser

from desktop.reports.workbook_errors import DAMAGED_WORKBOOK_ERRORS

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office binary / encrypted-package container
_OTHER_FORMATS = (".xls", ".et", ".csv", ".wps", ".ods")


@dataclass(frozen=True)
class SheetLimits:
    """How much of one sheet a reader takes: rows that hold something, and the last column."""

    rows: int
    columns: int

    def describe(self) -> str:
        return f"最多 {self.rows:,} 行、{self.columns:,} 列（{get_column_letter(self.columns)}列）"


# A ledger: one application a row, about 30 columns. An office receives hundreds to thousands of
# applications a year; 100,000 rows is decades of a large office's ledger. The import still holds
# the rows it read (the preview lists them; 100,000 rows import in ~450 MB), so past this a ledger
# is refused, not read: a 1,000,000-row ledger is refused after 100,000 rows (docs/safety.md).
LEDGER_LIMITS = SheetLimits(rows=100_000, columns=256)
# A statistics workbook: about 60 rows by 10 columns, a consolidated one a row per unit beside it.
STATS_LIMITS = SheetLimits(rows=20_000, columns=256)
# A hand-kept old ledger (the wizard holds its rows to let the clerk map columns and outcomes).
LEGACY_LIMITS = SheetLimits(rows=200_000, columns=256)


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
        return load_workbook(path, read_only=True, data_only=data_only)
    except PermissionError as exc:
        raise WorkbookRefused(
            f"{path.name} 没有读取权限（文件是否正被其他程序独占打开？）"
        ) from exc
    except DAMAGED_WORKBOOK_ERRORS as exc:
        raise WorkbookRefused(f"{path.name} 不是 Excel 工作簿（.xlsx），或文件已损坏") from exc
    except OSError as exc:
        raise WorkbookRefused(f"{path.name} 无法读取：{exc.strerror or exc}") from exc


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
    """
    for row_number, cells in _iter_parsed(ws, file, limits, data_only=True):
        values: list[Any] = [None] * max(c["column"] for c in cells)
        for cell in cells:
            values[cell["column"] - 1] = cell["value"]
        yield row_number, tuple(values)


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
