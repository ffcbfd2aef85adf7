"""The ledger (台账) workbook in and out: contract.md's columns, one application a row.

`read_ledger` turns a workbook into applications and a list of every refused cell, each naming the
file, sheet, Excel row and column; nothing is written. `import_ledger` adds the rows to a register
all or nothing. `write_ledger` streams the register out (one SQL cursor into `xlsx_stream`),
with the computed columns of the contract and the program's extra columns after them.

Decisions (see docs/ledger.md):
- Headers are matched by text (simplified or traditional, any order). Only 申请方式, 收到日期,
  申请人类型 and 申请人 must be present; a missing optional column means empty values.
- The computed columns (答复期限, 期限已确认, 状态) and a 序号 column are ignored on import: the
  register works them out again. Any other unknown header is refused, because a misspelt header
  (答复时间 for 答复日期) would otherwise lose that column's data without a word.
- An empty 申请编号 asks the register to number the application; rows with a number are stored
  first so that a generated number never takes a number that comes later in the same file.
- Masked ID or phone numbers (an export made with masking) cannot be imported.
"""

from __future__ import annotations

import itertools
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from desktop.domain import cell_values, vocab
from desktop.domain.application import FIELD_LABELS, Application, validate
from desktop.domain.cell_values import CellValueError
from desktop.domain.chinese import to_simplified, to_traditional
from desktop.domain.deadline_evidence import deadline_summary
from desktop.domain.deadlines import status
from desktop.domain.ledger_columns import (
    COLUMN_BY_FIELD,
    COMPUTED_COLUMNS,
    EVIDENCE_COLUMNS,
    EXTRA_COLUMNS,
    LEDGER_COLUMNS,
    V2_COLUMNS,
    LedgerColumn,
)
from desktop.domain.masking import mask_id_number, mask_phone
from desktop.domain.report_formats import outcome_2014_label
from desktop.domain.workcalendar import WorkCalendar
from desktop.reports.workbook_errors import DAMAGED_WORKBOOK_ERRORS
from desktop.reports.workbook_reader import (
    LEDGER_LIMITS,
    SheetTooLarge,
    WorkbookRefused,
    choose_sheets,
    iter_sheet_rows,
    open_workbook,
)
from desktop.reports.xlsx_stream import SheetColumn, StreamingSheetWriter
from desktop.store.ledger_rows import count_ledger_rows, existing_numbers, iter_ledger_rows
from desktop.store.outputs import atomic_output, check_output
from desktop.store.register import (
    DuplicateNumberError,
    Register,
    RegisterError,
    ValidationError,
)

SHEET_TITLE = "台账"
HEADER_ROW = 1
# Columns a clerk's ledger often carries that the register derives itself: ignored on import.
IGNORED_HEADERS: frozenset[str] = frozenset(
    c.header for c in COMPUTED_COLUMNS + EVIDENCE_COLUMNS
) | {"序号"}
IMPORTED_COLUMNS: tuple[LedgerColumn, ...] = LEDGER_COLUMNS + EXTRA_COLUMNS + V2_COLUMNS
EXPORTED_COLUMNS: tuple[LedgerColumn, ...] = (
    LEDGER_COLUMNS + COMPUTED_COLUMNS + EXTRA_COLUMNS + V2_COLUMNS + EVIDENCE_COLUMNS
)
_COLUMN_BY_HEADER: dict[str, LedgerColumn] = {c.header: c for c in IMPORTED_COLUMNS}
_CODE_FIELDS = ("id_number", "phone")
_VERBATIM_FIELDS = ("content", "remarks", "due_override_reason")
# Look this far below row 1 for a header row, to tell a clerk whose ledger starts with a title.
_HEADER_SEARCH_ROWS = 10


# ------------------------------------------------------------------------------------ results


@dataclass(frozen=True)
class LedgerError:
    """One refused thing in a ledger: a cell, a row, the header row or the whole file."""

    file: str  # file name as the clerk knows it
    sheet: str  # worksheet title ("" when the file could not be opened)
    row: int | None  # Excel row number (1 = header row); None for the whole file
    column: str  # e.g. "C列“收到日期”"; "" for the whole row or file
    message: str  # the Chinese reason
    header: str = ""  # the column's header text, as the ledger spells it
    letter: str = ""  # the column letter, e.g. "C"

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"工作表“{self.sheet}”")
        if self.row is not None:
            where.append(f"第{self.row}行" + ("（表头）" if self.row == HEADER_ROW else ""))
        if self.column:
            where.append(self.column)
        return f"{'，'.join(where)}：{self.message}"


@dataclass
class LedgerReadResult:
    file: str
    sheet: str = ""
    applications: list[Application] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # Excel row of each application
    errors: list[LedgerError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was ignored, for the preview
    rows: int = 0  # non-empty data rows read
    # Row 1 is not the standard header: a hand-kept ledger (title rows, its own column names),
    # which the import wizard reads (the window goes there by itself).
    header_refused: bool = False
    # Application field -> (column letter, header as written) of the columns the ledger has.
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportResult:
    file: str
    sheet: str = ""
    applications: list[Application] = field(default_factory=list)  # as stored, with ids
    errors: list[LedgerError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def added(self) -> int:
        return len(self.applications)

    def summary(self) -> str:
        if self.errors:
            refused = len({(e.row or 0) for e in self.errors})
            return f"{self.file}：有 {refused} 处问题，未导入任何申请（共 {self.rows} 行）"
        return f"{self.file}：已导入 {self.added} 条申请"


# --------------------------------------------------------------------------------- reading


def header_key(text: object) -> str:
    """A header as the importer compares it: simplified, no blanks, no 必填 marks."""
    key = unicodedata.normalize("NFKC", str(text or ""))
    key = "".join(key.split()).strip("*＊")
    for mark in ("(必填)", "（必填）"):
        key = key.replace(mark, "")
    return to_simplified(key)


def column_label(letter: str, header: str) -> str:
    return f"{letter}列“{header}”"


class _Sheet:
    """A ledger sheet's header row resolved to columns."""

    def __init__(self, header_cells: tuple[Any, ...]):
        self.columns: dict[int, LedgerColumn] = {}  # 0-based index -> column
        self.headers: dict[int, str] = {}  # 0-based index -> header text as written
        self.ignored: list[str] = []
        self.unknown: dict[int, str] = {}
        self.unlabelled: set[int] = set()  # columns with no header text
        self.duplicates: dict[str, list[int]] = {}
        seen: dict[str, list[int]] = defaultdict(list)
        for index, raw in enumerate(header_cells):
            text = cell_values.parse_text(raw)
            self.headers[index] = text
            if not text:
                self.unlabelled.add(index)
                continue
            key = header_key(text)
            if key in IGNORED_HEADERS:
                self.ignored.append(text)
            elif key in _COLUMN_BY_HEADER:
                seen[key].append(index)
                self.columns[index] = _COLUMN_BY_HEADER[key]
            else:
                self.unknown[index] = text
        self.duplicates = {k: v for k, v in seen.items() if len(v) > 1}
        self.present = {c.field for c in self.columns.values()}

    def missing_required(self) -> list[LedgerColumn]:
        return [c for c in IMPORTED_COLUMNS if c.required and c.field not in self.present]

    def label(self, index: int) -> str:
        return column_label(get_column_letter(index + 1), self.headers.get(index, ""))

    def index_of(self, field_name: str) -> int | None:
        for index, column in self.columns.items():
            if column.field == field_name:
                return index
        return None


def _open_workbook(path: Path, name: str) -> tuple[Any, LedgerError | None]:
    try:
        return open_workbook(path), None
    except WorkbookRefused as exc:
        return None, LedgerError(name, "", None, "", str(exc).removeprefix(name + " "))


def read_ledger(
    path: str | Path,
    *,
    progress: Callable[[int], None] | None = None,
    include_hidden: bool = False,
) -> LedgerReadResult:
    """Read a ledger workbook into applications; every problem is collected, nothing is written.

    `applications` holds only the rows without problems (with `row_numbers` their Excel rows);
    `rows` counts every non-empty data row. `progress(rows_read)` is called every 1,000 rows.
    The first visible sheet is read (a hidden one only with `include_hidden`); `notes` says which.
    """
    path = Path(path)
    result = LedgerReadResult(file=path.name)
    workbook, problem = _open_workbook(path, path.name)
    if problem is not None:
        result.errors.append(problem)
        return result
    try:
        _read_sheet(workbook, result, progress, include_hidden)
    except SheetTooLarge as exc:
        result.applications.clear()
        result.row_numbers.clear()
        result.errors.append(
            LedgerError(path.name, result.sheet, None, "", _without_file(exc, path))
        )
    except DAMAGED_WORKBOOK_ERRORS:
        # Read-only mode inflates and parses the sheet while rows are read: damage shows here.
        result.applications.clear()
        result.row_numbers.clear()
        result.errors.append(
            LedgerError(path.name, result.sheet, None, "", "文件已损坏，读到一半无法继续读取")
        )
    finally:
        workbook.close()
    return result


def _without_file(exc: Exception, path: Path) -> str:
    # The error names file and sheet itself; the message keeps what comes after them.
    text = str(exc).removeprefix(path.name + " ")
    return text.split("”", 1)[1] if text.startswith("工作表“") else text


def _read_sheet(
    workbook: Any,
    result: LedgerReadResult,
    progress: Callable[[int], None] | None,
    include_hidden: bool = False,
) -> None:
    if not workbook.worksheets:
        result.errors.append(LedgerError(result.file, "", None, "", "工作簿中没有工作表"))
        return
    sheets = choose_sheets(workbook, include_hidden=include_hidden)
    if not sheets:
        result.errors.append(
            LedgerError(result.file, "", None, "", "工作簿中的工作表都是隐藏的；请先取消隐藏")
        )
        return
    ws = sheets[0]
    result.sheet = ws.title
    hidden = [w.title for w in workbook.worksheets if w not in sheets]
    others = [w.title for w in sheets[1:]]
    read_note = f"读取的是工作表“{ws.title}”"
    if others:
        read_note += f"；其余工作表（{'、'.join(f'“{t}”' for t in others)}）未读取"
    if hidden:
        read_note += f"；隐藏的工作表（{'、'.join(f'“{t}”' for t in hidden)}）未读取"
    result.notes.append(read_note)
    # Only the rows the file holds, bounded (workbook_reader): a sheet whose <dimension> claims a
    # million rows by 16,384 columns costs what its real cells cost.
    stream = iter_sheet_rows(ws, result.file, LEDGER_LIMITS)
    first = next(stream, None)
    if first is not None and first[0] == HEADER_ROW:
        header_cells: tuple[Any, ...] = first[1]
        rows: Iterator[tuple[int, tuple[Any, ...]]] = stream
    else:
        header_cells = ()
        rows = itertools.chain([first], stream) if first is not None else stream

    def error(row: int | None, message: str, index: int | None = None) -> None:
        if index is None:
            result.errors.append(LedgerError(result.file, result.sheet, row, "", message))
        else:
            header = sheet.headers.get(index, "")
            letter = get_column_letter(index + 1)
            result.errors.append(
                LedgerError(
                    result.file,
                    result.sheet,
                    row,
                    column_label(letter, header),
                    message,
                    header,
                    letter,
                )
            )

    sheet = _Sheet(tuple(header_cells))
    missing = sheet.missing_required()
    if missing:
        names = "、".join(f"“{c.header}”" for c in missing)
        hint = _header_row_hint(rows)
        result.header_refused = True
        error(HEADER_ROW, f"缺少必需的列 {names}；表头须在第1行{hint}")
        return
    for key, indexes in sheet.duplicates.items():
        labels = "、".join(sheet.label(i) for i in indexes)
        error(HEADER_ROW, f"列“{key}”出现了 {len(indexes)} 次（{labels}），只能有一列")
    if sheet.duplicates:
        return
    for index, text in sheet.unknown.items():
        error(
            HEADER_ROW,
            f"“{text}”不是台账的列；请改为台账的列名（见使用说明），或删除该列后再导入",
            index,
        )
    result.columns = {
        c.field: (get_column_letter(i + 1), sheet.headers[i]) for i, c in sheet.columns.items()
    }
    if sheet.ignored:
        result.notes.append(f"以下列导入时忽略（由登记簿计算或编排）：{'、'.join(sheet.ignored)}")

    first_row_of: dict[str, list[int]] = defaultdict(list)
    unlabelled_reported: set[int] = set()
    for row_number, values in rows:
        if all(cell_values.is_blank(v) for v in values):
            continue
        result.rows += 1
        if progress is not None and result.rows % 1000 == 0:
            progress(result.rows)
        # Cells under no header: an empty header cell, or right of the last header.
        beyond = range(len(sheet.headers), len(values))
        for index in (sheet.unlabelled | set(beyond)) - unlabelled_reported:
            if index < len(values) and not cell_values.is_blank(values[index]):
                unlabelled_reported.add(index)
                error(row_number, "这一列没有表头却有内容；请补上台账的列名或删除该列", index)
        before = len(result.errors)
        number, app = _read_row(sheet, values, row_number, error)
        if number:
            first_row_of[number].append(row_number)
        if app is not None and len(result.errors) == before:
            result.applications.append(app)
            result.row_numbers.append(row_number)

    number_index = sheet.index_of("number")
    for number, where in first_row_of.items():
        if len(where) > 1:
            rows_text = "、".join(str(r) for r in where)
            for row_number in where:
                error(
                    row_number, f"申请编号“{number}”在本表中重复（第{rows_text}行）", number_index
                )
    if result.errors:
        refused = {e.row for e in result.errors}
        kept = [
            (app, r)
            for app, r in zip(result.applications, result.row_numbers, strict=True)
            if r not in refused
        ]
        result.applications = [a for a, _ in kept]
        result.row_numbers = [r for _, r in kept]
    result.errors.sort(key=lambda e: (e.row or 0, e.letter.rjust(3)))


def _header_row_hint(rows: Iterator[tuple[int, tuple[Any, ...]]]) -> str:
    """Whether a later row looks like the header row (a ledger that starts with a title)."""
    partial = ""
    for offset, values in rows:
        if offset > HEADER_ROW + _HEADER_SEARCH_ROWS:
            break
        sheet = _Sheet(tuple(values))
        missing = sheet.missing_required()
        if not missing:
            return f"，而表头现在在第{offset}行：请删除第{offset}行以上的标题行"
        found = [c.header for c in LEDGER_COLUMNS if c.required and c not in missing]
        if found and not partial:
            names = "、".join(f"“{h}”" for h in found)
            partial = f"；第{offset}行有{names}，像是手工台账的表头：请用导入向导"
    return partial


def _convert(column: LedgerColumn, raw: object) -> Any:
    kind = column.kind
    if kind == "date":
        return cell_values.parse_date(raw)
    if kind == "choice":
        return cell_values.parse_choice(raw, column.choices)
    if kind == "bool":
        return bool(cell_values.parse_yes_no(raw))
    if kind == "money":
        return cell_values.parse_money_cents(raw)
    if kind == "outcome":
        return cell_values.parse_outcome(raw)
    if kind == "days":
        return cell_values.parse_working_days(raw)
    if kind == "outcome_2014":
        return cell_values.parse_outcome_2014(raw)
    if column.field in _CODE_FIELDS:
        code = cell_values.parse_code(raw)
        if "*" in code:
            raise CellValueError(
                f"“{code}”是遮蔽后的号码（含 *），不能导入；请改用导出时选择“不遮蔽”（--unmasked）的台账"
            )
        return code
    if column.field == "number":  # decision 8: the office's own text, verbatim (（2026） stays)
        return cell_values.parse_text(raw)
    # Long texts come back exactly as written, so an export imports back unchanged.
    return cell_values.parse_text(raw, strip=column.field not in _VERBATIM_FIELDS)


def _read_row(
    sheet: _Sheet,
    values: tuple[Any, ...],
    row_number: int,
    error: Callable[[int | None, str, int | None], None],
) -> tuple[str, Application | None]:
    """The row's 申请编号 (for the duplicate check, even when the row is refused) and its
    application (`None` when the receipt date is missing or unreadable)."""
    fields: dict[str, Any] = {}
    failed: set[str] = set()
    for index, column in sheet.columns.items():
        raw = values[index] if index < len(values) else None
        if column.required and cell_values.is_blank(raw):
            error(row_number, "不能为空", index)
            failed.add(column.field)
            continue
        try:
            fields[column.field] = _convert(column, raw)
        except CellValueError as exc:
            error(row_number, str(exc), index)
            failed.add(column.field)
    number = fields.get("number", "")
    if fields.get("receipt_date") is None:
        return number, None  # nothing more can be checked without the receipt date
    for name in ("channel", "applicant_type", "applicant"):
        fields.setdefault(name, "")
    app = Application(**fields)
    for problem in validate(app):
        if problem.field in failed:
            continue  # already reported with the cell's own reason
        found = sheet.index_of(problem.field)
        if found is None:
            header = COLUMN_BY_FIELD.get(problem.field)
            text = header.header if header else FIELD_LABELS.get(problem.field, problem.field)
            error(row_number, f"{problem.message}（表中没有“{text}”列）", None)
        else:
            error(row_number, problem.message, found)
    return number, app


# --------------------------------------------------------------------------------- importing


def import_ledger(
    register: Register, path: str | Path, *, read: LedgerReadResult | None = None
) -> ImportResult:
    """Add a ledger's applications to the register, all or nothing.

    `read` may be the result of an earlier `read_ledger(path)` (the preview), to avoid reading twice.
    On any problem nothing is written and `errors` lists every refused row.
    """
    result = read if read is not None else read_ledger(path)
    outcome = ImportResult(
        result.file, result.sheet, [], list(result.errors), result.notes, result.rows
    )

    def error(
        row: int | None, message: str, column: str = "", header: str = "", letter: str = ""
    ) -> None:
        outcome.errors.append(
            LedgerError(result.file, result.sheet, row, column, message, header, letter)
        )

    if register.readonly:
        reason = register.readonly_reason or "登记簿以只读方式打开"
        outcome.errors.append(LedgerError(result.file, "", None, "", f"不能导入：{reason}"))
        return outcome
    clashes = existing_numbers(register.conn, (a.number for a in result.applications))
    letter, header = result.columns.get("number", ("", "申请编号"))
    for app, row in zip(result.applications, result.row_numbers, strict=True):
        if app.number in clashes:
            deleted = "（该申请已删除，但编号不能再用）" if clashes[app.number] else ""
            message = f"申请编号“{app.number}”已在登记簿中{deleted}"
            error(row, message, column_label(letter, header), header, letter)
    if outcome.errors:
        outcome.errors.sort(key=lambda e: (e.row or 0, e.letter.rjust(3)))
        return outcome

    # Numbered rows first: a number the register hands out never collides with one in the file.
    pairs = list(zip(result.applications, result.row_numbers, strict=True))
    ordered = [p for p in pairs if p[0].number] + [p for p in pairs if not p[0].number]
    try:
        outcome.applications = register.add_many(app for app, _ in ordered)
    except ValidationError as exc:  # cannot happen after read_ledger's checks; kept for safety
        error(None, str(exc))
    except DuplicateNumberError as exc:  # another clerk added the number meanwhile
        rows = [r for app, r in ordered if app.number == exc.number]
        error(rows[0] if rows else None, f"申请编号“{exc.number}”已在登记簿中")
    except RegisterError as exc:
        error(None, str(exc))
    except sqlite3.Error as exc:  # e.g. the file is locked by another clerk's long write
        error(None, f"登记簿无法写入：{exc}；未导入任何申请")
    return outcome


# --------------------------------------------------------------------------------- writing

_WIDTHS: dict[str, float] = {
    "number": 11,
    "channel": 10,
    "applicant_type": 13,
    "applicant": 18,
    "id_number": 21,
    "phone": 15,
    "content": 40,
    "outcome": 26,
    "remarks": 30,
    "due_override_reason": 24,
    "review_result": 14,
    "litigation_type": 17,
    "litigation_result": 14,
    "status": 10,
    "deadline_summary": 60,
}
_DATE_WIDTH = 13
_SHEET_KINDS = {"date": "date", "money": "money", "bool": "flag"}


def _sheet_kind(column: LedgerColumn) -> str:
    # 是/否 and 状态 are short words read down the column: centred.
    return "flag" if column.field == "status" else _SHEET_KINDS.get(column.kind, "text")


def _width(column: LedgerColumn, header: str) -> float:
    # A CJK character takes two width units; +3 leaves room for the filter button.
    header_width = 2 * len(header) + 3
    base = _DATE_WIDTH if column.kind == "date" else _WIDTHS.get(column.field, 10)
    return max(base, header_width)


def write_ledger(
    register: Register,
    path: str | Path,
    *,
    year: int | None = None,
    traditional: bool = False,
    masked: bool = True,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the register (received in `year`, if given) as a ledger workbook; returns the rows.

    Soft-deleted applications are left out. ID and phone numbers are masked unless `masked=False`.
    The file is written to a temporary name and moved into place, so a failed export never leaves
    half a workbook where the old one was. `progress(rows_written)` is called every 1,000 rows.
    """
    path = Path(path)
    check_output(path, register=register.path)  # never over the register (F4)
    today = today or date.today()
    script: Callable[[str], str] = to_traditional if traditional else (lambda s: s)
    words: dict[str, str] = {}

    def word(value: str) -> str:  # fixed vocabulary, converted once per distinct value
        if value not in words:
            words[value] = script(value)
        return words[value]

    columns = [
        SheetColumn(word(c.header), _width(c, c.header), _sheet_kind(c)) for c in EXPORTED_COLUMNS
    ]
    yes, no = word(vocab.YES), word(vocab.NO)
    cal = register.calendar()
    # On paper: the ledger's own columns up to 状态; the later ones (v2, 期限计算过程) stay in
    # the file but would shrink the fitted page past reading.
    printed = next((i + 1 for i, c in enumerate(columns) if c.header == word("状态")), None)
    # A temporary name beside the file, owner-only, renamed when complete (store.outputs): a
    # failed export never leaves half a workbook, or a 0-byte file, where the old one was.
    with (
        atomic_output(path) as temporary,
        StreamingSheetWriter(temporary, word(SHEET_TITLE), columns, print_columns=printed) as sheet,
    ):
        for app in iter_ledger_rows(register.conn, year):
            sheet.row(_row_values(app, today, word, yes, no, masked, cal, script))
            if progress is not None and sheet.rows % 1000 == 0:
                progress(sheet.rows)
    return sheet.rows


def count_for_export(register: Register, year: int | None = None) -> int:
    """How many rows `write_ledger` would write (for a progress bar)."""
    return count_ledger_rows(register.conn, year)


# The fields `_row_values` yields, in order; checked against the declared columns on import.
_ROW_FIELDS = (
    *(c.field for c in LEDGER_COLUMNS),
    "answer_due",
    "due_confirmed",
    "status",
    "fee_notice_date",
    "fee_paid_date",
    "due_override_date",
    "due_override_reason",
    "review_result_date",
    "litigation_result_date",
    "consultation_party",
    "extension_days",
    "outcome_2014",
    "deadline_summary",
)
if tuple(c.field for c in EXPORTED_COLUMNS) != _ROW_FIELDS:  # a column was added to ledger_columns
    raise RuntimeError("ledger_io._row_values no longer matches domain.ledger_columns")


def _row_values(
    app: Application,
    today: date,
    word: Callable[[str], str],
    yes: str,
    no: str,
    masked: bool,
    cal: WorkCalendar,
    script: Callable[[str], str],
) -> list[Any]:
    """One ledger row in EXPORTED_COLUMNS order: dates as `date`, money as yuan `Decimal`;
    the sheet writer stores every text as text (never a formula)."""
    id_number = mask_id_number(app.id_number) if masked else app.id_number
    phone = mask_phone(app.phone) if masked else app.phone
    outcome = vocab.OUTCOME_BY_CODE[app.outcome].short if app.outcome else ""
    cents = app.fee_amount_cents
    return [
        app.number,
        word(app.channel),
        app.receipt_date,
        word(app.applicant_type),
        app.applicant,
        id_number,
        phone,
        app.content,
        app.correction_notice_date,
        app.correction_received_date,
        app.consultation_sent_date,
        app.consultation_received_date,
        yes if app.extended else no,
        app.answer_date,
        word(outcome) if outcome else None,
        None if cents is None else Decimal(cents) / 100,
        app.review_date,
        word(app.review_result) if app.review_result else None,
        word(app.litigation_type) if app.litigation_type else None,
        app.litigation_date,
        word(app.litigation_result) if app.litigation_result else None,
        app.remarks,
        # Computed columns (contract.md): the register's stored due date and today's status.
        app.answer_due,
        yes if app.due_confirmed else no,
        word(status(app, app.answer_due, today)),
        # Extra columns (this program's additions, after the contract's).
        app.fee_notice_date,
        app.fee_paid_date,
        app.due_override_date,
        app.due_override_reason,
        app.review_result_date,
        app.litigation_result_date,
        # Contract v2 columns, then the one-line 期限计算过程.
        word(app.consultation_party) if app.consultation_party else None,
        app.extension_days,
        word(outcome_2014_label(app.outcome_2014)) if app.outcome_2014 else None,
        script(deadline_summary(app, cal, today)),  # unique per row: not cached like `word`
    ]
