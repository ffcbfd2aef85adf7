"""Not taking the same application in twice: duplicate detection and the data-package ledger.

Two ways an application can arrive twice from outside: an old ledger imported again (or holding an
application that was already typed in), and a unit's data package merged twice. The first is found by
content — same applicant, same 申请内容, same 收到日期 (issue 5) — the second by the package id the
`imported_packages` table keeps. The package rows and the package id are written in one transaction,
so a package is either merged and recorded, or neither.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from desktop.domain.application import Application
from desktop.domain.documents import Document
from desktop.store import documents as store_documents
from desktop.store.changes import Changes
from desktop.store.register import Register, now_text

# meta key under which a register remembers the name of the unit it belongs to (for packages).
UNIT_NAME_KEY = "unit_name"


@dataclass(frozen=True)
class DuplicateKey:
    applicant: str
    content: str
    receipt_date: date

    @classmethod
    def of(cls, app: Application) -> DuplicateKey:
        return cls(app.applicant.strip(), app.content.strip(), app.receipt_date)


def find_duplicates(register: Register, keys: Sequence[DuplicateKey]) -> dict[int, str]:
    """For each key already in the register (not deleted): its position in `keys` → existing 申请编号.

    One join through a temporary table on the receipt-date index, not one query per row, so a
    ledger of thousands of rows is checked against a register of a million in one pass.
    """
    if not keys:
        return {}
    conn = register.conn
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS dup_candidates "
        "(pos INTEGER PRIMARY KEY, applicant TEXT, content TEXT, receipt_date TEXT)"
    )
    conn.execute("DELETE FROM dup_candidates")
    try:
        conn.executemany(
            "INSERT INTO dup_candidates (pos, applicant, content, receipt_date) VALUES (?, ?, ?, ?)",
            [
                (i, k.applicant.strip(), k.content.strip(), k.receipt_date.isoformat())
                for i, k in enumerate(keys)
            ],
        )
        found = conn.execute(
            "SELECT c.pos, min(a.number) AS number FROM dup_candidates c "
            "JOIN applications a ON a.receipt_date = c.receipt_date "
            "AND trim(a.applicant) = c.applicant AND trim(a.content) = c.content "
            "WHERE a.deleted_at IS NULL GROUP BY c.pos"
        ).fetchall()
    finally:
        conn.execute("DELETE FROM dup_candidates")
    return {int(row["pos"]): str(row["number"]) for row in found}


def repeated_within(keys: Sequence[DuplicateKey]) -> dict[int, int]:
    """Positions whose key already appeared earlier in the same list → that earlier position."""
    first: dict[DuplicateKey, int] = {}
    repeats: dict[int, int] = {}
    for pos, key in enumerate(keys):
        norm = DuplicateKey(key.applicant.strip(), key.content.strip(), key.receipt_date)
        if norm in first:
            repeats[pos] = first[norm]
        else:
            first[norm] = pos
    return repeats


# ---------------------------------------------------------------------- data packages
def imported_package(register: Register, package_id: str) -> sqlite3.Row | None:
    """The record of an earlier import of this package (unit, imported_at, rows), or None."""
    return register.conn.execute(
        "SELECT package_id, unit, imported_at, rows FROM imported_packages WHERE package_id = ?",
        (package_id,),
    ).fetchone()


def add_package_rows(
    register: Register,
    apps: Iterable[Application],
    package_id: str,
    unit: str,
    documents: Iterable[Document] = (),
) -> list[Application]:
    """Store a package's applications (and its 规章/规范性文件, issue 16) and record its id, in one
    transaction: all, or nothing.

    A second call with the same package id fails on the table's primary key and rolls back every
    row, so a package can never be merged twice even by two clerks at the same moment.
    """
    with register.transaction():
        saved = [register._insert(app) for app in apps]  # noqa: SLF001 (same layer: the store)
        for doc in documents:
            store_documents.insert_in_transaction(register, doc)
        register.conn.execute(
            "INSERT INTO imported_packages (package_id, unit, imported_at, rows) VALUES (?, ?, ?, ?)",
            (package_id, unit, now_text(), len(saved)),
        )
    register.notify(Changes(applications=True, documents=True))
    return saved


def imported_packages(register: Register) -> list[sqlite3.Row]:
    return register.conn.execute(
        "SELECT package_id, unit, imported_at, rows FROM imported_packages ORDER BY imported_at"
    ).fetchall()


def saved_unit_name(register: Register) -> str:
    row = register.conn.execute("SELECT value FROM meta WHERE key = ?", (UNIT_NAME_KEY,)).fetchone()
    return str(row["value"]) if row else ""


def save_unit_name(register: Register, name: str) -> None:
    with register.transaction():
        register.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (UNIT_NAME_KEY, name.strip()),
        )
