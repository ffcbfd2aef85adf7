"""The letters issued for each application: number, kind and date, in the register's `letters` table.

A letter's number is taken from the year's counter (desktop.store.settings) inside the same transaction
that records it, and checked against every number already issued, so numbers never repeat even if the
office changes its number format or someone sets the counter back. The issue is also written to the
audit log of the application.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from desktop.domain.letters import LetterRecord, format_letter_number
from desktop.store.register import Register, now_text
from desktop.store.settings import next_letter_sequence


def _record(row: sqlite3.Row) -> LetterRecord:
    return LetterRecord(
        id=row["id"],
        application_id=row["application_id"],
        kind=row["kind"],
        number=row["number"],
        issued_on=date.fromisoformat(row["issued_on"]),
        created_at=row["created_at"],
    )


def number_taken(conn: sqlite3.Connection, number: str) -> bool:
    return conn.execute("SELECT 1 FROM letters WHERE number = ?", (number,)).fetchone() is not None


def record_letter(
    register: Register, application_id: int, kind: str, issued_on: date, number_format: str
) -> LetterRecord:
    """Take the next free number of the issue year and record the letter.

    Must run inside `register.transaction()`, so that a failure to write the file gives the number back.
    """
    conn = register.conn
    while True:
        number = format_letter_number(
            number_format, issued_on.year, next_letter_sequence(conn, issued_on.year)
        )
        if not number_taken(conn, number):
            break
    stamp = now_text()
    cursor = conn.execute(
        "INSERT INTO letters (application_id, kind, number, issued_on, created_at) VALUES (?, ?, ?, ?, ?)",
        (application_id, kind, number, issued_on.isoformat(), stamp),
    )
    register._audit(application_id, "letter", kind, None, f"{number} {issued_on.isoformat()}")
    return LetterRecord(cursor.lastrowid or 0, application_id, kind, number, issued_on, stamp)


def letters_for(register: Register, application_id: int) -> list[LetterRecord]:
    """The letters issued for one application, oldest first."""
    rows = register.conn.execute(
        "SELECT id, application_id, kind, number, issued_on, created_at FROM letters "
        "WHERE application_id = ? ORDER BY issued_on, id",
        (application_id,),
    ).fetchall()
    return [_record(r) for r in rows]


def all_letter_numbers(register: Register, year: int) -> list[str]:
    """Every number issued in a year (for checks and tests)."""
    rows = register.conn.execute(
        "SELECT number FROM letters WHERE issued_on BETWEEN ? AND ? ORDER BY id",
        (f"{year}-01-01", f"{year}-12-31"),
    ).fetchall()
    return [r[0] for r in rows]
