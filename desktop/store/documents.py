"""The 规章 and 行政规范性文件 register in SQLite: storing, searching, and table 二's counts.

Documents live in the `documents` table of the same register file (schema v9). Every write is one
transaction of `Register` with each changed field in the append-only `document_audit` table; a delete
is soft (deleted_at), and deleted documents are never counted. 文号 are unique among live documents,
compared in their folded form (domain.documents.number_key).

Table 二's counts are SQL conditions (`MEASURE_SQL`), one per measure of domain.documents; the same
condition answers the drill-down (`documents_behind`), so a figure and the list behind it cannot
disagree, and the tests check the SQL against the domain's predicates on generated registers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from desktop.domain import documents as dm
from desktop.domain.chinese import normalise_for_search
from desktop.domain.documents import Document
from desktop.store.changes import Changes
from desktop.store.register import Register, now_text

LIVE = "deleted_at IS NULL"
_COLUMNS = (
    "id, number, title, category, issued_date, published_date, repealed_date, valid_until, "
    "channel, url, remarks, deleted_at"
)
# Document attribute -> column, for the audit trail (the field names the clerk sees are dm.FIELD_LABELS).
_FIELD_COLUMNS = {
    "number": "number",
    "title": "title",
    "category": "category",
    "issued": "issued_date",
    "published": "published_date",
    "repealed": "repealed_date",
    "valid_until": "valid_until",
    "channel": "channel",
    "url": "url",
    "remarks": "remarks",
}


class DocumentValidationError(Exception):
    def __init__(self, errors: list[dm.FieldError]):
        super().__init__("；".join(str(e) for e in errors))
        self.errors = errors


class DuplicateDocumentError(Exception):
    def __init__(self, number: str, existing: str = ""):
        shown = f"（登记簿中写作“{existing}”）" if existing and existing != number else ""
        super().__init__(f"文号“{number}”已在登记簿中{shown}")
        self.number = number


@dataclass(frozen=True)
class StoredDocument:
    document: Document
    deleted: bool = False


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _row(doc: Document) -> dict[str, object]:
    return {
        "number": doc.number.strip(),
        "number_key": dm.number_key(doc.number),
        "title": doc.title.strip(),
        "category": doc.category,
        "issued_date": _iso(doc.issued),
        "published_date": _iso(doc.published),
        "repealed_date": _iso(doc.repealed),
        "valid_until": _iso(doc.valid_until),
        "channel": doc.channel.strip(),
        "url": doc.url.strip(),
        "remarks": doc.remarks,
        "search_text": dm.search_text(doc),
    }


def _from_row(row: sqlite3.Row) -> Document:
    return Document(
        id=row["id"],
        number=row["number"],
        title=row["title"],
        category=row["category"],
        issued=_date(row["issued_date"]),
        published=_date(row["published_date"]),
        repealed=_date(row["repealed_date"]),
        valid_until=_date(row["valid_until"]),
        channel=row["channel"],
        url=row["url"],
        remarks=row["remarks"],
    )


def _audit(
    register: Register,
    document_id: int | None,
    action: str,
    field: str = "",
    before=None,
    after=None,
) -> None:
    register.conn.execute(
        "INSERT INTO document_audit (at, user, document_id, action, field, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (now_text(), register.user, document_id, action, field, before, after),
    )


def _clash(register: Register, number: str, except_id: int | None = None) -> str | None:
    """The 文号 as stored of a live document with the same folded 文号, if any."""
    row = register.conn.execute(
        f"SELECT number FROM documents WHERE number_key = ? AND {LIVE} AND id IS NOT ?",
        (dm.number_key(number), except_id),
    ).fetchone()
    return row[0] if row else None


def insert_in_transaction(register: Register, doc: Document) -> Document:
    """Store one document inside a transaction the caller holds (a package merge, add_many)."""
    errors = dm.validate(doc)
    if errors:
        raise DocumentValidationError(errors)
    existing = _clash(register, doc.number)
    if existing is not None:
        raise DuplicateDocumentError(doc.number, existing)
    row = _row(doc)
    stamp = now_text()
    row.update(created_at=stamp, updated_at=stamp)
    cursor = register.conn.execute(
        f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
        tuple(row.values()),
    )
    doc = doc.replace(id=cursor.lastrowid)
    for name, column in _FIELD_COLUMNS.items():
        value = row[column]
        if value not in (None, ""):
            _audit(register, doc.id, "create", name, None, str(value))
    return doc


def add(
    register: Register, doc: Document, before_commit: Callable[[], None] | None = None
) -> Document:
    """Validate and store a new document. Raises DocumentValidationError, DuplicateDocumentError.
    `before_commit` runs inside the transaction after the write (the year lock's check: it may
    raise, and then nothing is written)."""
    with register.transaction():
        saved = insert_in_transaction(register, doc)
        if before_commit is not None:
            before_commit()
    register.notify(Changes(documents=True))
    return saved


def add_many(
    register: Register,
    docs: Iterable[Document],
    before_commit: Callable[[], None] | None = None,
) -> list[Document]:
    """Store many documents in one transaction: all of them, or none."""
    with register.transaction():
        saved = [insert_in_transaction(register, d) for d in docs]
        if before_commit is not None:
            before_commit()
    register.notify(Changes(documents=True))
    return saved


def update(
    register: Register, doc: Document, before_commit: Callable[[], None] | None = None
) -> Document:
    """Save changes to a stored document; each changed field goes into the audit trail."""
    if doc.id is None:
        raise ValueError("update() needs a document that has an id")
    errors = dm.validate(doc)
    if errors:
        raise DocumentValidationError(errors)
    with register.transaction():
        old = get(register, doc.id)
        if old is None:
            raise KeyError(doc.id)
        existing = _clash(register, doc.number, doc.id)
        if existing is not None:
            raise DuplicateDocumentError(doc.number, existing)
        new_row, old_row = _row(doc), _row(old.document)
        changed = {k: v for k, v in new_row.items() if v != old_row[k]}
        if changed:
            changed["updated_at"] = now_text()
            sets = ", ".join(f"{k} = ?" for k in changed)
            register.conn.execute(
                f"UPDATE documents SET {sets} WHERE id = ?", (*changed.values(), doc.id)
            )
            for name, column in _FIELD_COLUMNS.items():
                if column in changed:
                    before, after = old_row[column], new_row[column]
                    _audit(
                        register,
                        doc.id,
                        "update",
                        name,
                        None if before in (None, "") else str(before),
                        None if after in (None, "") else str(after),
                    )
        if before_commit is not None:
            before_commit()
    register.notify(Changes(documents=True))
    return doc


def delete(
    register: Register, document_id: int, before_commit: Callable[[], None] | None = None
) -> None:
    """Soft delete: the row stays, marked, and can be restored; table 二 ignores it."""
    with register.transaction():
        register.conn.execute(
            f"UPDATE documents SET deleted_at = ? WHERE id = ? AND {LIVE}",
            (now_text(), document_id),
        )
        _audit(register, document_id, "delete")
        if before_commit is not None:
            before_commit()
    register.notify(Changes(documents=True))


def undelete(
    register: Register, document_id: int, before_commit: Callable[[], None] | None = None
) -> None:
    """Restore a deleted document; refused when its 文号 was entered again meanwhile."""
    with register.transaction():
        found = get(register, document_id)
        if found is None:
            raise KeyError(document_id)
        existing = _clash(register, found.document.number, document_id)
        if existing is not None:
            raise DuplicateDocumentError(found.document.number, existing)
        register.conn.execute("UPDATE documents SET deleted_at = NULL WHERE id = ?", (document_id,))
        _audit(register, document_id, "undelete")
        if before_commit is not None:
            before_commit()
    register.notify(Changes(documents=True))


def get(register: Register, document_id: int) -> StoredDocument | None:
    row = register.conn.execute(
        f"SELECT {_COLUMNS} FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    return StoredDocument(_from_row(row), bool(row["deleted_at"])) if row else None


def get_by_number(register: Register, number: str) -> Document | None:
    """The live document with this 文号 (compared folded), or None."""
    row = register.conn.execute(
        f"SELECT {_COLUMNS} FROM documents WHERE number_key = ? AND {LIVE}",
        (dm.number_key(number),),
    ).fetchone()
    return _from_row(row) if row else None


def existing_numbers(register: Register, numbers: Iterable[str]) -> dict[str, str]:
    """Folded 文号 -> 文号 as stored, for those of `numbers` already live in the register."""
    keys = sorted({dm.number_key(n) for n in numbers})
    found: dict[str, str] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        for key, number in register.conn.execute(
            f"SELECT number_key, number FROM documents WHERE {LIVE} AND number_key IN "
            f"({', '.join('?' for _ in chunk)})",
            chunk,
        ):
            found[key] = number
    return found


def count(register: Register) -> int:
    return register.conn.execute(f"SELECT count(*) FROM documents WHERE {LIVE}").fetchone()[0]


def all_documents(register: Register, *, include_deleted: bool = False) -> Iterator[Document]:
    """Every document in 制发日期 order (the export's order)."""
    where = "" if include_deleted else f"WHERE {LIVE}"
    for row in register.conn.execute(
        f"SELECT {_COLUMNS} FROM documents {where} ORDER BY issued_date, number, id"
    ):
        yield _from_row(row)


def search(
    register: Register,
    text: str = "",
    *,
    category: str | None = None,
    year: int | None = None,
    include_deleted: bool = False,
) -> list[StoredDocument]:
    """The window's list: 文号 or 标题 containing `text` (simplified or traditional, 〔〕 or []),
    of one 类别, issued in one year; newest first."""
    where: list[str] = []
    params: list[object] = []
    if not include_deleted:
        where.append(LIVE)
    if text.strip():
        # Folded as 文号 are (〔〕 for [], no blanks) and as plain text (a title with a blank).
        where.append("(instr(search_text, ?) > 0 OR instr(search_text, ?) > 0)")
        params += [dm.number_key(text), normalise_for_search(text)]
    if category:
        where.append("category = ?")
        params.append(category)
    if year is not None:
        where.append("issued_date BETWEEN ? AND ?")
        params += [f"{year:04d}-01-01", f"{year:04d}-12-31"]
    sql = f"SELECT {_COLUMNS} FROM documents"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY issued_date DESC, number DESC, id DESC"
    return [
        StoredDocument(_from_row(r), bool(r["deleted_at"]))
        for r in register.conn.execute(sql, params)
    ]


def years(register: Register) -> list[int]:
    """The years documents were issued in (for the year filter)."""
    return [
        int(r[0])
        for r in register.conn.execute(
            f"SELECT DISTINCT substr(issued_date, 1, 4) FROM documents WHERE {LIVE} ORDER BY 1"
        )
    ]


def audit_entries(register: Register, document_id: int) -> list[sqlite3.Row]:
    return register.conn.execute(
        "SELECT at, user, action, field, before, after FROM document_audit "
        "WHERE document_id = ? ORDER BY id",
        (document_id,),
    ).fetchall()


# ------------------------------------------------------------------------------- table 二


def measure_condition(measure: str, year: int) -> tuple[str, list[str]]:
    """The SQL condition of one measure of domain.documents for report year `year`."""
    start, end = f"{year:04d}-01-01", f"{year:04d}-12-31"
    if measure == dm.ISSUED:
        return "issued_date BETWEEN ? AND ?", [start, end]
    if measure == dm.REPEALED:
        return "repealed_date BETWEEN ? AND ?", [start, end]
    if measure == dm.PUBLISHED:
        return "published_date BETWEEN ? AND ?", [start, end]
    if measure == dm.PUBLISHED_TOTAL:
        return "published_date <= ?", [end]
    if measure == dm.IN_FORCE:
        return (
            "published_date <= ? AND (repealed_date IS NULL OR repealed_date > ?) "
            "AND (valid_until IS NULL OR valid_until >= ?)",
            [end, end, end],
        )
    raise KeyError(measure)


def has_documents(register: Register) -> bool:
    """Whether the office keeps the register (any live document); if not, table 二 stays typed."""
    return (
        register.conn.execute(f"SELECT 1 FROM documents WHERE {LIVE} LIMIT 1").fetchone()
        is not None
    )


def table2_counts(register: Register, year: int, fmt: str) -> dict[tuple[str, str], int]:
    """(row label, column label) -> documents counted, for every figure the register counts."""
    found: dict[tuple[str, str], int] = {}
    for row, column, category, measure in dm.counted_figures(fmt):
        where, params = measure_condition(measure, year)
        found[(row, column)] = register.conn.execute(
            f"SELECT count(*) FROM documents WHERE category = ? AND {where} AND {LIVE}",
            [category, *params],
        ).fetchone()[0]
    return found


def documents_behind(
    register: Register, year: int, fmt: str, row: str, column: str
) -> list[Document]:
    """The documents counted in table 二's figure (row, column), in 制发日期 order (drill-down)."""
    if not dm.is_counted(fmt, row, column):
        raise KeyError((fmt, row, column))
    category = dm.ROW_CATEGORIES[fmt][row]
    where, params = measure_condition(dm.COLUMN_MEASURES[fmt][column], year)
    return [
        _from_row(r)
        for r in register.conn.execute(
            f"SELECT {_COLUMNS} FROM documents WHERE category = ? AND {where} AND {LIVE} "
            "ORDER BY issued_date, number, id",
            [category, *params],
        )
    ]


# ------------------------------------------------------------------------------- due board


@dataclass(frozen=True)
class DocumentReminder:
    document: Document
    due: date  # 有效期至, or the last day to publish
    confirmed: bool = True  # False: the publishing deadline counts days of an unknown calendar year


def expiring(
    register: Register, today: date, days: int = dm.EXPIRY_NOTICE_DAYS
) -> list[DocumentReminder]:
    """行政规范性文件 whose 有效期至 falls within `days` days (to be renewed or let lapse)."""
    until = today + timedelta(days=days)
    found = []
    for r in register.conn.execute(
        f"SELECT {_COLUMNS} FROM documents WHERE {LIVE} AND valid_until BETWEEN ? AND ? "
        "AND category = ? AND (repealed_date IS NULL OR repealed_date > ?) ORDER BY valid_until",
        (today.isoformat(), until.isoformat(), dm.NORMATIVE, today.isoformat()),
    ):
        doc = _from_row(r)
        if dm.expires_soon(doc, today, days):
            assert doc.valid_until is not None
            found.append(DocumentReminder(doc, doc.valid_until))
    return found


def unpublished(register: Register, today: date) -> list[DocumentReminder]:
    """Documents issued but not published after 20 working days (条例第二十六条), oldest first."""
    calendar = register.calendar()
    # 20 working days span at least 26 calendar days: anything issued later cannot be overdue.
    latest = today - timedelta(days=dm.PUBLISH_WITHIN_WORKING_DAYS)
    found = []
    for r in register.conn.execute(
        f"SELECT {_COLUMNS} FROM documents WHERE {LIVE} AND published_date IS NULL "
        "AND repealed_date IS NULL AND issued_date <= ? ORDER BY issued_date",
        (latest.isoformat(),),
    ):
        doc = _from_row(r)
        assert doc.issued is not None
        due, confirmed = calendar.add_working_days(doc.issued, dm.PUBLISH_WITHIN_WORKING_DAYS)
        if dm.publish_overdue(doc, today, due):
            found.append(DocumentReminder(doc, due, confirmed))
    return found
