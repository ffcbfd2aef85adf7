"""The queries behind the ledger (台账) export and import: streamed rows and number look-ups.

The export walks the register with one SQL cursor (never a list of the whole register), so
100,000 applications go out in constant memory. Soft-deleted rows are never exported.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from desktop.domain.application import Application
from desktop.store import rows as rowmap

# SQLite's default limit on host parameters is 999 in old builds; stay well below it.
_CHUNK = 500


def _year_filter(year: int | None) -> tuple[str, tuple[str, ...]]:
    if year is None:
        return "", ()
    # ISO text dates: a range on receipt_date uses the ix_app_receipt index.
    return " AND receipt_date BETWEEN ? AND ?", (f"{year:04d}-01-01", f"{year:04d}-12-31")


def count_ledger_rows(conn: sqlite3.Connection, year: int | None = None) -> int:
    """How many applications an export with this filter writes."""
    where, params = _year_filter(year)
    sql = f"SELECT count(*) FROM applications WHERE deleted_at IS NULL{where}"
    return int(conn.execute(sql, params).fetchone()[0])


def iter_ledger_rows(conn: sqlite3.Connection, year: int | None = None) -> Iterator[Application]:
    """Every live application (received in `year`, if given) in receipt order, streamed."""
    where, params = _year_filter(year)
    cursor = conn.execute(
        f"SELECT {rowmap.SELECT_COLUMNS} FROM applications WHERE deleted_at IS NULL{where} "
        "ORDER BY receipt_date, number",
        params,
    )
    while True:
        batch = cursor.fetchmany(1000)
        if not batch:
            return
        for row in batch:
            yield rowmap.from_row(row)


def existing_numbers(conn: sqlite3.Connection, numbers: Iterable[str]) -> dict[str, bool]:
    """Which of these 申请编号 the register already holds → whether that row is soft-deleted.

    Deleted rows count: a number is never issued twice, even after its application was deleted.
    """
    wanted = sorted({n for n in numbers if n})
    found: dict[str, bool] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for row in conn.execute(
            f"SELECT number, deleted_at IS NOT NULL FROM applications WHERE number IN ({marks})",
            chunk,
        ):
            found[row[0]] = bool(row[1])
    return found
