"""Taking in the Excel ledgers offices kept by hand before this program (the import wizard's engine).

Unlike the contract ledger (reports.ledger_io: fixed headers in row 1), a hand-kept workbook has a
title merged across the top, its own header wording, outcomes written in free text and dates typed in
every form. The steps, each a function the wizard calls and the tests drive directly:

1. `open_source(path)` — the workbook's sheets; `read_sheet(source, sheet)` finds the header row
   below any merged title rows (the first of the top rows whose headers map to the most ledger
   columns) and reads the data rows under it; `propose_columns` (domain.ledger_mapping) suggests
   which source column is which ledger column.
2. The clerk confirms the column mapping and each distinct outcome wording (`distinct_values`,
   `ledger_mapping.propose_outcomes`).
3. `convert(...)` turns every row into an `Application` with the shared cell parsers
   (domain.cell_values: 2025.3.1, 2025年3月1日, Excel serials…), lists every problem row naming its
   Excel row and source column, and finds duplicates of applications already in the register.
4. `import_converted(...)` adds them through `Register.add_many`: all, or nothing.

Decisions (docs/consolidation.md): the office's own number is kept verbatim in 申请编号, whatever its
scheme (2025-0042, 依申请〔2025〕3号; contract decision 8); only a number that cannot be one — already
in the register, repeated higher up in the file, with a line break or longer than the field — is kept
in 备注 as “原编号…” and the register numbers the application. Rows with neither 收到日期 nor 申请人 (footers such as 填表人：…,
合计) are not applications and are skipped, with a note. A required choice column the old ledger never
had (many lack 申请人类型) takes a default the clerk picks for the whole file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from desktop.domain import cell_values, ledger_mapping
from desktop.domain.application import TEXT_LIMITS, Application, validate
from desktop.domain.cell_values import CellValueError
from desktop.domain.ledger_columns import COLUMN_BY_FIELD
from desktop.reports.workbook_errors import DAMAGED_WORKBOOK_ERRORS
from desktop.reports.workbook_reader import (
    LEGACY_LIMITS,
    SheetTooLarge,
    WorkbookRefused,
    choose_sheets,
    iter_sheet_rows,
    open_workbook,
)
from desktop.store import duplicates
from desktop.store.register import DuplicateNumberError, Register, RegisterError, ValidationError

# How far down a sheet to look for the header row (titles, dates, 填报单位 lines come first).
HEADER_SEARCH_ROWS = 20
# Choice columns a legacy ledger may lack entirely; the clerk picks one value for every row.
DEFAULTABLE_FIELDS = ("channel", "applicant_type")
_CODE_FIELDS = ("id_number", "phone")
# Data lines shown under the header row on the wizard's first page.
PREVIEW_ROWS = 5


class LegacyLedgerError(Exception):
    """A workbook that cannot be read at all; the message names the file, in Chinese."""


@dataclass(frozen=True)
class Problem:
    """One problem row of the preview: Excel row, source column and the Chinese reason."""

    row: int
    column: str  # e.g. "C列“受理日期”"; "" for the whole row
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"，{self.column}" if self.column else "")
        return f"{where}：{self.message}"


@dataclass
class LegacySheet:
    """A sheet of the source workbook with its header row found and its data rows read."""

    file: str
    sheet: str
    header_row: int  # Excel row number of the header row (1-based)
    headers: list[str]
    rows: list[tuple[int, tuple[Any, ...]]]  # (Excel row, cell values) of every non-blank row
    proposals: list[ledger_mapping.ColumnProposal]
    # The sheet's first lines, titles and header row included, for the wizard to show.
    top: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)
    header_end: int = 0  # last header row (header_row + 1 for a two-line header)

    def column_label(self, index: int) -> str:
        header = self.headers[index] if index < len(self.headers) else ""
        return f"{get_column_letter(index + 1)}列“{header}”"

    def proposed_mapping(self) -> dict[int, str | None]:
        return {p.index: p.field for p in self.proposals}


@dataclass
class LegacySource:
    path: Path
    sheets: list[str]

    @property
    def file(self) -> str:
        return self.path.name


def _load(path: Path) -> Any:
    try:
        return open_workbook(path)
    except WorkbookRefused as exc:
        raise LegacyLedgerError(str(exc)) from exc


def open_source(path: str | Path) -> LegacySource:
    path = Path(path)
    workbook = _load(path)
    try:
        # Hidden sheets are not offered: the clerk never sees them in Excel.
        return LegacySource(path, [ws.title for ws in choose_sheets(workbook)])
    finally:
        workbook.close()


def _header_score(values: Sequence[Any]) -> int:
    """How many ledger columns a row's texts map to (a merged title row maps to at most one)."""
    texts = [cell_values.parse_text(v) for v in values]
    if sum(1 for t in texts if t) < 2:
        return 0
    return sum(1 for p in ledger_mapping.propose_columns(texts) if p.field)


def read_sheet(source: LegacySource, sheet: str | None = None) -> LegacySheet:
    """Read one sheet (default: the one whose header row maps best), header row found by its texts."""
    workbook = _load(source.path)
    try:
        candidates = [workbook[sheet]] if sheet else choose_sheets(workbook)
        best: tuple[int, Any, int, list[tuple[int, tuple[Any, ...]]]] | None = None
        for ws in candidates:
            try:
                # Only the non-blank rows the file holds, bounded (workbook_reader, F1).
                rows = list(iter_sheet_rows(ws, source.file, LEGACY_LIMITS))
            except SheetTooLarge as exc:
                raise LegacyLedgerError(str(exc)) from exc
            except DAMAGED_WORKBOOK_ERRORS as exc:
                # Read-only mode inflates the sheet only now, so damage can surface here.
                raise LegacyLedgerError(
                    f"{source.file} 工作表“{ws.title}”已损坏，无法读取：{exc}"
                ) from exc
            top = [(n, _header_score(v)) for n, v in rows if n <= HEADER_SEARCH_ROWS]
            score, header_row = max(((s, -n) for n, s in top), default=(0, -1))
            if best is None or score > best[0]:
                best = (score, ws, -header_row, rows)
        if best is None:
            raise LegacyLedgerError(f"{source.file} 中没有工作表")
        score, ws, header_row, rows = best
        if score < 2:
            raise LegacyLedgerError(
                f"{source.file} 工作表“{ws.title}”的前 {HEADER_SEARCH_ROWS} 行中找不到表头行"
                "（应有“收到日期”“申请人”“申请内容”等列名）"
            )
        by_number = {n: v for n, v in rows if n <= header_row + 1}
        header_values = by_number[header_row]
        width = max((len(v) for _, v in rows), default=0)
        headers = [cell_values.parse_text(v) for v in header_values] + [""] * width
        header_end = header_row
        # A two-line header: 办理情况 merged over 答复日期 | 答复结果. The line below counts as part
        # of the header when its texts, under their parents, map to more ledger columns.
        if header_row + 1 in by_number:
            below = [cell_values.parse_text(v) for v in by_number[header_row + 1]] + [""] * width
            combined = [b or h for h, b in zip(headers, below, strict=False)]
            if any(below) and _header_score(combined) > _header_score(headers):
                headers, header_end = combined, header_row + 1
        # Trailing columns with neither a header nor any content are not part of the table.
        used = [
            i
            for i in range(width)
            if headers[i] or any(i < len(v) and not cell_values.is_blank(v[i]) for _, v in rows)
        ]
        width = max(used, default=-1) + 1
        headers = headers[:width]
        data = [
            (n, tuple(v[:width]) + (None,) * (width - len(v)))
            for n, v in rows
            if n > header_end and any(not cell_values.is_blank(x) for x in v)
        ]
        return LegacySheet(
            source.file,
            ws.title,
            header_row,
            headers,
            data,
            ledger_mapping.propose_columns(headers),
            [(n, tuple(v)) for n, v in rows if n <= header_end + PREVIEW_ROWS],
            header_end,
        )
    finally:
        workbook.close()


def distinct_values(sheet: LegacySheet, index: int) -> list[str]:
    """The distinct non-blank texts of one source column, in order of first appearance."""
    seen: dict[str, None] = {}
    for _, values in sheet.rows:
        text = cell_values.parse_text(values[index]) if index < len(values) else ""
        if text:
            seen.setdefault(text, None)
    return list(seen)


# ------------------------------------------------------------------------------------ converting
@dataclass
class ConvertResult:
    """The preview: what would be imported, every problem row, duplicates; nothing written yet."""

    file: str
    sheet: str
    applications: list[Application] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # Excel row of each application
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    duplicates: dict[int, str] = field(default_factory=dict)  # position → number in the register
    repeats: dict[int, int] = field(default_factory=dict)  # position → earlier position in file

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def duplicate_positions(self) -> set[int]:
        """Applications already in the register or earlier in the file (a row may be both)."""
        return set(self.duplicates) | set(self.repeats)

    def to_import(self, *, skip_duplicates: bool = True) -> list[Application]:
        """What 全部导入 adds: every application, less the duplicates when they are skipped."""
        drop = self.duplicate_positions if skip_duplicates else set()
        return [a for i, a in enumerate(self.applications) if i not in drop]

    def duplicate_rows(self) -> list[tuple[int, str]]:
        """(Excel row, why) of every row that is already in the register or earlier in the file;
        one line per row, both reasons when it is both."""
        reasons: dict[int, list[str]] = {}
        for i, number in self.duplicates.items():
            reasons.setdefault(i, []).append(f"与登记簿中的 {number} 相同")
        for i, j in self.repeats.items():
            reasons.setdefault(i, []).append(f"与本表第{self.row_numbers[j]}行相同")
        return sorted((self.row_numbers[i], "，".join(why)) for i, why in reasons.items())


def _parse_extended(raw: object) -> bool:
    try:
        return bool(cell_values.parse_yes_no(raw))
    except CellValueError:
        text = cell_values.parse_text(raw)
        # Old ledgers write 已延期 / 延长20个工作日 / 未延期 instead of 是 or 否.
        if any(w in text for w in ("延期", "延长")):
            return not any(w in text for w in ("未", "不", "无", "没有"))
        raise


def _convert_cell(field_name: str, raw: object, outcome_map: dict[str, str | None]) -> Any:
    column = COLUMN_BY_FIELD[field_name]
    kind = column.kind
    if kind == "date":
        return cell_values.parse_date(raw)
    if kind == "bool":
        return _parse_extended(raw)
    if kind == "money":
        return cell_values.parse_money_cents(raw)
    if kind == "outcome":
        text = cell_values.parse_text(raw)
        if not text:
            return None
        if text not in outcome_map:
            return cell_values.parse_outcome(raw)
        code = outcome_map[text]
        if code is ledger_mapping.UNDECIDED:
            raise CellValueError(f"“{text}”尚未确认对应表三的哪一项办理结果")
        return code or None  # STILL_OPEN: the wording says the application is not concluded
    if kind == "choice":
        if cell_values.is_blank(raw):
            return ""
        try:
            return cell_values.parse_choice(raw, column.choices)
        except CellValueError:
            guess = ledger_mapping.propose_choice(field_name, raw)
            if guess is None:
                raise
            return guess
    if field_name in _CODE_FIELDS:
        return cell_values.parse_code(raw)
    return cell_values.parse_text(raw)


def convert(
    sheet: LegacySheet,
    mapping: dict[int, str | None],
    outcome_map: dict[str, str | None],
    *,
    defaults: dict[str, str] | None = None,
    register: Register | None = None,
) -> ConvertResult:
    """Every data row as an Application under the confirmed mappings, with every problem named.

    `mapping`: source column index → Application field (None: not imported). `outcome_map`: each
    distinct outcome text → leaf code ("" still open, None not yet chosen). `defaults`: value of 申请方式 /
    申请人类型 for a file that has no such column. With `register`, duplicates are looked up in it.
    """
    defaults = dict(defaults or {})
    result = ConvertResult(sheet.file, sheet.sheet)
    columns = {i: f for i, f in mapping.items() if f}
    by_field = {f: i for i, f in columns.items()}
    missing = [
        COLUMN_BY_FIELD[f].header
        for f in ("channel", "receipt_date", "applicant_type", "applicant")
        if f not in by_field and not defaults.get(f)
    ]
    if missing:
        result.problems.append(
            Problem(sheet.header_row, "", f"没有对应“{'、'.join(missing)}”的列，也未指定统一取值")
        )
        return result
    repeated = ledger_mapping.duplicated_fields(columns)
    if repeated:
        result.problems.append(
            Problem(sheet.header_row, "", f"多列对应了同一项：{'、'.join(repeated)}")
        )
        return result
    for name in DEFAULTABLE_FIELDS:
        if name not in by_field and defaults.get(name):
            result.notes.append(
                f"表中没有“{COLUMN_BY_FIELD[name].header}”列：一律记为“{defaults[name]}”"
            )

    register_numbers: set[str] = set()
    skipped: list[int] = []
    for row_number, values in sheet.rows:
        raw = {f: values[i] for i, f in columns.items()}
        if cell_values.is_blank(raw.get("receipt_date")) and cell_values.is_blank(
            raw.get("applicant")
        ):
            skipped.append(row_number)
            continue
        fields: dict[str, Any] = {}
        failed: set[str] = set()
        row_problems: list[Problem] = []
        for name, value in raw.items():
            try:
                fields[name] = _convert_cell(name, value, outcome_map)
            except CellValueError as exc:
                row_problems.append(
                    Problem(row_number, sheet.column_label(by_field[name]), str(exc))
                )
                failed.add(name)
        for name in DEFAULTABLE_FIELDS:
            if not fields.get(name) and name not in failed and defaults.get(name):
                fields[name] = defaults[name]
        number = str(fields.pop("number", "") or "").strip()
        remarks_note = ""
        if number and (
            any(c in number for c in "\r\n\t")
            or len(number) > TEXT_LIMITS["number"]
            or number in register_numbers
            or (register is not None and register.get_by_number(number) is not None)
        ):
            remarks_note = f"原编号：{number}"
            number = ""
        if number:
            register_numbers.add(number)
        if remarks_note:
            fields["remarks"] = f"{fields.get('remarks', '')} {remarks_note}".strip()
        if fields.get("receipt_date") is None and "receipt_date" not in failed:
            row_problems.append(
                Problem(
                    row_number, sheet.column_label(by_field["receipt_date"]), "收到日期不能为空"
                )
            )
        if row_problems or fields.get("receipt_date") is None:
            result.problems.extend(row_problems)
            continue
        for name in ("channel", "applicant_type", "applicant"):
            fields.setdefault(name, "")
        app = Application(number=number, **fields)
        for error in validate(app):
            if error.field in failed:
                continue
            index = by_field.get(error.field)
            label = sheet.column_label(index) if index is not None else ""
            row_problems.append(Problem(row_number, label, error.message))
        if row_problems:
            result.problems.extend(row_problems)
            continue
        result.applications.append(app)
        result.row_numbers.append(row_number)
    if skipped:
        shown = "、".join(str(r) for r in skipped[:10]) + ("…" if len(skipped) > 10 else "")
        result.notes.append(f"第{shown}行既无收到日期也无申请人，不是申请，已跳过")
    keys = [duplicates.DuplicateKey.of(a) for a in result.applications]
    result.repeats = duplicates.repeated_within(keys)
    if register is not None:
        result.duplicates = duplicates.find_duplicates(register, keys)
    return result


def import_converted(
    register: Register,
    result: ConvertResult,
    *,
    skip_duplicates: bool = True,
    skip_problem_rows: bool = False,
) -> list[Application]:
    """Add the converted applications, all or nothing. Refused (ValueError) with any problem row,
    unless `skip_problem_rows`: then the good rows go in and the problem rows stay listed in the
    preview for the clerk to fix and import later.

    Duplicates (already in the register, or repeated within the file) are left out when
    `skip_duplicates`; otherwise they are imported as listed.
    """
    if result.problems and not skip_problem_rows:
        raise ValueError(f"{result.file} 有 {len(result.problems)} 处问题，未导入任何申请")
    apps = result.to_import(skip_duplicates=skip_duplicates)
    # Numbered rows first, so a number the register hands out never takes one from the file.
    ordered = [a for a in apps if a.number] + [a for a in apps if not a.number]
    try:
        return register.add_many(ordered)
    except (ValidationError, DuplicateNumberError, RegisterError) as exc:
        raise ValueError(f"{result.file}：{exc}；未导入任何申请") from exc
