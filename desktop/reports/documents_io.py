"""Document lists (规章 and 行政规范性文件, contract.md last section) in and out of Excel.

The contract's workbook is one sheet, headers in the first row, matched by text (simplified or
traditional): 文号, 标题, 类别, 制发日期, 公开日期, 废止日期, 有效期至, 公开方式, 网址, 备注. Hand-kept
公开台账 rarely look like that, so reading has the old-ledger wizard's tolerance:

- a title, a 填报单位 line or a date above the header row: the header row is the first of the top
  rows whose texts name the most document columns, and the rows above it are skipped (with a note);
- headers in the office's own words (发文字号, 文件名称, 成文日期, 发布日期, 有效期…), see HEADER_SYNONYMS;
  a 序号 column is ignored; any other column's text is kept in 备注 as “表头：内容”, so nothing typed
  into the list is lost;
- dates in every form domain.cell_values knows (real dates, serials, 2025.3.1, 2025年3月1日,
  二〇二五年三月一日 …); an optional date written as 长期, 无, 未公开, 现行有效 … is empty;
- 类别 written loosely (规范性文件, 政府规章, 規章 … domain.documents.parse_category);
- footer lines with neither 文号 nor 标题 (填表人：…, 合计) are skipped, with a note.

Anything else wrong refuses the whole file: every problem names the file, sheet, Excel row and
column, and nothing is written.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from desktop.domain import cell_values
from desktop.domain import documents as dm
from desktop.domain.cell_values import CellValueError
from desktop.domain.chinese import to_traditional
from desktop.domain.documents import Document
from desktop.reports.ledger_io import LedgerError, _open_workbook, column_label, header_key
from desktop.reports.workbook_errors import DAMAGED_WORKBOOK_ERRORS
from desktop.reports.workbook_reader import (
    LEGACY_LIMITS,
    RepeatedNumbers,
    SheetTooLarge,
    choose_sheets,
    drop_refused,
    iter_sheet_rows,
)
from desktop.reports.xlsx_stream import SheetColumn, StreamingSheetWriter
from desktop.store import documents as ds
from desktop.store.outputs import atomic_output, check_output
from desktop.store.register import Register, RegisterError

SHEET_TITLE = "规章和规范性文件"
HEADER_SEARCH_ROWS = 20

# Headers seen in offices' own lists, per field (simplified; the contract header always matches).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": (
        "发文字号",
        "发文文号",
        "文件字号",
        "文件编号",
        "文件文号",
        "字号",
        "编号",
        "发文号",
    ),
    "title": ("文件名称", "文件标题", "名称", "文件名", "规章名称", "规范性文件名称", "标题名称"),
    "category": ("类型", "文件类别", "文件类型", "种类", "文种", "文件种类"),
    "issued": ("成文日期", "印发日期", "发文日期", "制定日期", "签发日期", "制发时间", "成文时间"),
    "published": ("发布日期", "公开时间", "发布时间", "公布日期", "公布时间", "公开发布日期"),
    "repealed": ("废止时间", "废止日"),
    "valid_until": (
        "有效期",
        "有效期限",
        "有效期截止日期",
        "有效截止日期",
        "有效期至日期",
        "失效日期",
    ),
    "channel": ("公开形式", "公开途径", "公开渠道", "发布渠道", "发布方式", "发布途径"),
    "url": ("链接", "网页链接", "公开网址", "链接地址", "url", "网页地址"),
    "remarks": ("说明", "备考"),
}
IGNORED_HEADERS = frozenset({"序号", "序", "编号序号", "no"})
# What an optional date cell may say instead of a date, meaning "none".
NO_DATE_WORDS = frozenset(
    {
        "无",
        "长期",
        "长期有效",
        "未公开",
        "尚未公开",
        "未废止",
        "现行有效",
        "有效",
        "—",
        "-",
        "/",
        "／",
        "——",
    }
)

_BY_HEADER: dict[str, str] = {}
for _field, _header in dm.COLUMNS:
    _BY_HEADER[header_key(_header)] = _field
for _field, _words in HEADER_SYNONYMS.items():
    for _word in _words:
        _BY_HEADER.setdefault(header_key(_word).casefold(), _field)


def field_of(header: object) -> str | None:
    """The document field a header names (contract header or a synonym), or None."""
    key = header_key(header).casefold()
    for mark in ("（", "("):
        if mark in key and key not in _BY_HEADER:
            key = key.split(mark, 1)[0]  # 有效期至（日期） → 有效期至
    return _BY_HEADER.get(key)


@dataclass
class DocumentReadResult:
    file: str
    sheet: str = ""
    documents: list[Document] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    errors: list[LedgerError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: int = 0
    number_column: tuple[str, str] = ("", "文号")  # (letter, header as written)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class DocumentImportResult:
    file: str
    documents: list[Document] = field(default_factory=list)  # as stored, with ids
    errors: list[LedgerError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return f"{self.file}：共 {len(self.errors)} 处问题，未导入任何文件，登记簿没有任何改动"
        return f"{self.file}：已导入 {len(self.documents)} 件规章和规范性文件"


def _header_row(rows: list[tuple[int, tuple[Any, ...]]]) -> int | None:
    """Index in `rows` of the header row: the top row naming the most columns (at least two)."""
    best, best_score = None, 1
    for i, (_n, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = len({f for f in (field_of(v) for v in values if not cell_values.is_blank(v)) if f})
        if score > best_score:
            best, best_score = i, score
    return best


def _optional_date(raw: object) -> date | None:
    if isinstance(raw, str) and "".join(raw.split()) in NO_DATE_WORDS:
        return None
    return cell_values.parse_date(raw)


def read_documents(path: str | Path) -> DocumentReadResult:
    """Read a document list; every problem is collected, nothing is written."""
    path = Path(path)
    result = DocumentReadResult(file=path.name)
    workbook, problem = _open_workbook(path, path.name)
    if problem is not None:
        result.errors.append(problem)
        return result
    try:
        if not workbook.worksheets:
            result.errors.append(LedgerError(result.file, "", None, "", "工作簿中没有工作表"))
            return result
        sheets = choose_sheets(workbook)  # hidden sheets are not read (F15)
        if not sheets:
            result.errors.append(
                LedgerError(result.file, "", None, "", "工作簿中的工作表都是隐藏的；请先取消隐藏")
            )
            return result
        ws = sheets[0]
        result.sheet = ws.title
        if len(workbook.worksheets) > 1:
            result.notes.append(f"读取的是工作表“{ws.title}”，其余工作表未读取")
        # Only the rows the file holds, bounded (workbook_reader, F1).
        rows = list(iter_sheet_rows(ws, result.file, LEGACY_LIMITS))
    except SheetTooLarge as exc:
        result.errors.append(
            LedgerError(
                result.file, result.sheet, None, "", str(exc).removeprefix(f"{result.file} ")
            )
        )
        return result
    except DAMAGED_WORKBOOK_ERRORS:
        result.errors.append(
            LedgerError(result.file, result.sheet, None, "", "文件已损坏，无法读取")
        )
        return result
    finally:
        workbook.close()
    _read_rows(rows, result)
    return result


def _read_rows(rows: list[tuple[int, tuple[Any, ...]]], result: DocumentReadResult) -> None:
    at = _header_row(rows)
    if at is None:
        result.errors.append(
            LedgerError(
                result.file,
                result.sheet,
                1,
                "",
                f"前{HEADER_SEARCH_ROWS}行中找不到表头；表头须有“文号”“标题”“类别”“制发日期”等列",
            )
        )
        return
    header_number, header_cells = rows[at]
    if at:
        result.notes.append(f"第1—{header_number - 1}行是标题，未导入；表头在第{header_number}行")
    headers = {i: cell_values.parse_text(v) for i, v in enumerate(header_cells)}
    columns: dict[int, str] = {}
    extra: dict[int, str] = {}
    seen: dict[str, list[int]] = defaultdict(list)
    for index, text in headers.items():
        if not text or header_key(text).casefold() in IGNORED_HEADERS:
            continue
        name = field_of(text)
        if name is None:
            extra[index] = text
        else:
            columns[index] = name
            seen[name].append(index)

    def label(index: int) -> str:
        return column_label(get_column_letter(index + 1), headers.get(index, ""))

    def error(row: int, message: str, index: int | None = None) -> None:
        letter = get_column_letter(index + 1) if index is not None else ""
        result.errors.append(
            LedgerError(
                result.file,
                result.sheet,
                row,
                label(index) if index is not None else "",
                message,
                headers.get(index, "") if index is not None else "",
                letter,
            )
        )

    for name, indexes in seen.items():
        if len(indexes) > 1:
            shown = "、".join(label(i) for i in indexes)
            error(
                header_number,
                f"“{dm.FIELD_LABELS[name]}”有 {len(indexes)} 列（{shown}），只能有一列",
            )
    missing = [dm.FIELD_LABELS[f] for f in dm.REQUIRED_FIELDS if f not in seen]
    if missing:
        names = "、".join(f"“{m}”" for m in missing)
        error(header_number, f"缺少必需的列 {names}")
    if result.errors:
        return
    if extra:
        result.notes.append(
            "以下列不是台账的列，内容记入“备注”：" + "、".join(f"“{t}”" for t in extra.values())
        )
    index_of = {name: i for i, name in columns.items()}
    if "number" in index_of:
        i = index_of["number"]
        result.number_column = (get_column_letter(i + 1), headers[i])

    numbers = RepeatedNumbers()
    skipped: list[int] = []
    for row_number, values in rows[at + 1 :]:
        if all(cell_values.is_blank(v) for v in values):
            continue

        def cell(name: str, values: tuple[Any, ...] = values) -> object:
            i = index_of.get(name)
            return values[i] if i is not None and i < len(values) else None

        if cell_values.is_blank(cell("number")) and cell_values.is_blank(cell("title")):
            skipped.append(row_number)  # 填表人：…, 合计, a note under the list
            continue
        result.rows += 1
        before = len(result.errors)
        fields: dict[str, Any] = {}
        for name, i in index_of.items():
            raw = cell(name)
            try:
                if name in dm.REQUIRED_FIELDS and cell_values.is_blank(raw):
                    raise CellValueError("不能为空")
                if name == "category":
                    try:
                        fields[name] = dm.parse_category(raw)
                    except ValueError as exc:
                        raise CellValueError(str(exc)) from None
                elif name == "issued":
                    fields[name] = cell_values.parse_date(raw)
                elif name in dm.DATE_FIELDS:
                    fields[name] = _optional_date(raw)
                elif name == "remarks":
                    fields[name] = cell_values.parse_text(raw, strip=False)
                else:
                    fields[name] = cell_values.parse_text(raw)
            except CellValueError as exc:
                error(row_number, str(exc), i)
        notes = [
            f"{text}：{cell_values.parse_text(values[i])}"
            for i, text in extra.items()
            if i < len(values) and not cell_values.is_blank(values[i])
        ]
        if notes:
            fields["remarks"] = "；".join(filter(None, [fields.get("remarks", ""), *notes]))
        if len(result.errors) > before:
            continue
        doc = Document(
            number=fields["number"],
            title=fields["title"],
            category=fields["category"],
            issued=fields["issued"],
            **{k: v for k, v in fields.items() if k not in dm.REQUIRED_FIELDS},
        )
        for problem in dm.validate(doc):
            error(row_number, problem.message, index_of.get(problem.field))
        if len(result.errors) > before:
            continue
        numbers.note(dm.number_key(doc.number), row_number)
        result.documents.append(doc)
        result.row_numbers.append(row_number)
    if skipped:
        shown = "、".join(str(r) for r in skipped[:10]) + ("等" if len(skipped) > 10 else "")
        result.notes.append(f"第{shown}行既无文号也无标题（如填表人、合计），未导入")
    for _key, where, _good in numbers.repeats():
        for row_number in where:
            number = result.documents[result.row_numbers.index(row_number)].number
            error(row_number, RepeatedNumbers.message("文号", number, where), index_of["number"])
    if result.errors:
        result.documents, result.row_numbers = drop_refused(
            result.documents, result.row_numbers, (e.row for e in result.errors)
        )
    result.errors.sort(key=lambda e: (e.row or 0, e.letter.rjust(3)))


def import_documents(
    register: Register,
    path: str | Path,
    *,
    read: DocumentReadResult | None = None,
    before_commit: Callable[[], None] | None = None,
) -> DocumentImportResult:
    """Add a list's documents to the register, all or nothing; a 文号 already there is refused.
    `before_commit` runs inside the transaction (the year lock's check; raising rolls back)."""
    result = read if read is not None else read_documents(path)
    outcome = DocumentImportResult(result.file, [], list(result.errors), result.notes, result.rows)
    if register.readonly:
        reason = register.readonly_reason or "登记簿以只读方式打开"
        outcome.errors.append(LedgerError(result.file, "", None, "", f"不能导入：{reason}"))
        return outcome
    letter, header = result.number_column
    clashes = ds.existing_numbers(register, (d.number for d in result.documents))
    for doc, row in zip(result.documents, result.row_numbers, strict=True):
        stored = clashes.get(dm.number_key(doc.number))
        if stored is not None:
            shown = f"（登记簿中写作“{stored}”）" if stored != doc.number else ""
            outcome.errors.append(
                LedgerError(
                    result.file,
                    result.sheet,
                    row,
                    column_label(letter, header),
                    f"文号“{doc.number}”已在登记簿中{shown}",
                    header,
                    letter,
                )
            )
    if outcome.errors:
        outcome.errors.sort(key=lambda e: (e.row or 0, e.letter.rjust(3)))
        return outcome
    try:
        outcome.documents = ds.add_many(register, result.documents, before_commit)
    except (ds.DuplicateDocumentError, ds.DocumentValidationError, RegisterError) as exc:
        outcome.errors.append(LedgerError(result.file, result.sheet, None, "", str(exc)))
    except sqlite3.Error as exc:
        outcome.errors.append(
            LedgerError(result.file, "", None, "", f"登记簿无法写入：{exc}；未导入任何文件")
        )
    return outcome


_WIDTHS = {"number": 22, "title": 44, "category": 16, "channel": 16, "url": 36, "remarks": 30}


def write_documents(register: Register, path: str | Path, *, traditional: bool = False) -> int:
    """Write every live document as the contract's workbook; returns the rows written.

    Written to a temporary name and moved into place, so a failed export leaves no half workbook.
    """
    path = Path(path)
    check_output(path, register=register.path)  # never over the register (F4)
    script: Callable[[str], str] = to_traditional if traditional else (lambda s: s)
    columns = [
        SheetColumn(
            script(header),
            13 if name in dm.DATE_FIELDS else _WIDTHS.get(name, 14),
            "date" if name in dm.DATE_FIELDS else "text",
        )
        for name, header in dm.COLUMNS
    ]
    with (
        atomic_output(path) as temporary,
        StreamingSheetWriter(temporary, script(SHEET_TITLE), columns) as sheet,
    ):
        for doc in ds.all_documents(register):
            sheet.row(
                [
                    doc.number,
                    doc.title,
                    script(doc.category),
                    doc.issued,
                    doc.published,
                    doc.repealed,
                    doc.valid_until,
                    doc.channel,
                    doc.url,
                    doc.remarks,
                ]
            )
    return sheet.rows
