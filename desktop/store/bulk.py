"""Many new applications in one transaction, in batches: the store's side of a ledger import.

`Register.add_many` stores applications one INSERT at a time, with an audit row per filled field
(about ten per application) and the deadline worked out per row through `Register.derive`. A
streamed ledger import of 100,000 rows goes through here instead (issue 12):

- the caller holds ONE transaction (`Register.transaction()`) around every batch, so the import is
  still all or nothing: a refused row in the last batch, a cancel or a crash rolls back the batches
  stored before it;
- each batch is one `executemany` into `applications` (ids given here, in file order) and one into
  `audit_log`: ONE audit row per application (action `import`, the file and Excel row it came from)
  and, at `finish`, one row for the whole import (file, sheet, how many, the id range). The audit
  log stays append-only; the values as imported are the application's row itself, and every later
  change is audited field by field as usual;
- due dates come from the register's calendar, loaded once, and one `today`.

Rows without a 申请编号 are stored under a placeholder and numbered at `finish`, after every
numbered row is in: a number the register hands out never takes one the file uses further down
(the rule `ledger_io` kept by storing numbered rows first, which a stream cannot do).
The caller validates every application first (`domain.application.validate`); this module does
not validate a second time.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import date

from desktop.domain.application import Application
from desktop.domain.chinese import normalise_for_search
from desktop.domain.deadlines import answer_deadline
from desktop.store import rows as rowmap
from desktop.store.register import Register, now_text, search_text_of

IMPORT_ACTION = "import"
SAMPLE = 100  # applications `add` hands back as stored, over the whole import
BULK_CACHE_KIB = -32768  # PRAGMA cache_size during a bulk insert: 32 MB
# A 申请编号 no workbook can hold (XML 1.0 has no U+0001): the placeholder of a row to be numbered.
_PENDING = "\x01"
# The search index's triggers on insert and on a changed search text (schema.py).
_FTS_TRIGGERS = ("applications_fts_ai", "applications_fts_au")
_COLUMNS = ("id", *rowmap.STORED_FIELDS, "search_text", "created_at", "updated_at")
_INSERT = (
    f"INSERT INTO applications ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})"
)
_AUDIT = (
    "INSERT INTO audit_log (at, user, application_id, action, field, before, after) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


class BulkInsert:
    """Store new applications batch by batch inside the transaction the caller holds."""

    def __init__(self, register: Register, *, today: date | None = None) -> None:
        if not register.conn.in_transaction:
            raise RuntimeError("BulkInsert needs the caller's transaction (Register.transaction)")
        self.register = register
        self.conn = register.conn
        self.calendar = register.calendar()  # loaded once for every row
        self.pattern = register.number_pattern()  # the office's 申请编号 pattern (decision 8)
        self.today = today or date.today()
        self.stamp = now_text()
        top = self.conn.execute("SELECT max(id) FROM applications").fetchone()[0]
        self.first_id = (top or 0) + 1
        self.next_id = self.first_id
        self.added = 0
        self.last: tuple[int, str] = (0, "")  # id and number of the last row stored
        self._counters: dict[int, int] = {}  # year -> highest 序号 of the file's numbers
        # Rows still to be numbered: their ids and receipt years (8 + 2 bytes a row, not a tuple).
        self._pending_ids = array("q")
        self._pending_years = array("H")
        # The search index is filled once at `finish` (one INSERT … SELECT), not by the insert
        # trigger row by row: five times faster (docs/performance.md). The triggers are dropped
        # inside this transaction and put back, as they were, before it commits; a rollback puts
        # them back too (SQLite's schema changes are transactional).
        self._triggers = [
            (name, sql)
            for name, sql in self.conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)",
                _FTS_TRIGGERS,
            )
        ]
        for name, _sql in self._triggers:
            self.conn.execute(f"DROP TRIGGER {name}")
        # A larger page cache while the batches go in: 19 indexes on a growing file otherwise evict
        # and re-read their pages batch after batch (100,000 rows: 38 → 28 s of CPU, +32 MB).
        # Connection state, not part of the transaction: `close()` puts it back.
        self._cache_size = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = {BULK_CACHE_KIB}")

    def close(self) -> None:
        """Give the connection its page cache back (after the commit or the rollback)."""
        self.conn.execute(f"PRAGMA cache_size = {int(self._cache_size)}")

    def add(
        self, batch: Sequence[tuple[str, Application]], *, keep_all: bool = False
    ) -> list[Application]:
        """Store (where it came from, application) pairs; returns the first of them (up to SAMPLE
        in all; every one with `keep_all`) as stored: id, due date; an empty 申请编号 stays empty
        until `finish`."""
        rows: list[tuple[object, ...]] = []
        audits: list[tuple[object, ...]] = []
        stored: list[Application] = []
        user = self.register.user
        room = SAMPLE - self.added
        pattern = self.pattern
        for where, app in batch:
            new_id = self.next_id
            self.next_id += 1
            number = app.number
            if number:
                read = pattern.parse(number)  # a number in the office's pattern moves its counter
                if read is not None:
                    year, seq = read
                    if seq > self._counters.get(year, 0):
                        self._counters[year] = seq
            else:
                number = f"{_PENDING}{new_id}"
                self._pending_ids.append(new_id)
                self._pending_years.append(app.receipt_date.year)
            deadline = answer_deadline(app, self.calendar, self.today)
            row = rowmap.to_row(app)
            row["number"] = number
            row["answer_due"] = rowmap.iso(deadline.due)
            row["due_confirmed"] = int(deadline.confirmed)
            rows.append(
                (
                    new_id,
                    *(row[name] for name in rowmap.STORED_FIELDS),
                    search_text_of(app),  # an empty number: searched again once numbered
                    self.stamp,
                    self.stamp,
                )
            )
            audits.append((self.stamp, user, new_id, IMPORT_ACTION, "", None, where))
            self.last = (new_id, number)
            if keep_all or len(stored) < room:  # a few as stored, for the caller's summary
                stored.append(
                    app.replace(
                        id=new_id, answer_due=deadline.due, due_confirmed=deadline.confirmed
                    )
                )
        self.conn.executemany(_INSERT, rows)
        self.conn.executemany(_AUDIT, audits)
        self.added += len(rows)
        return stored

    def finish(self, summary: str) -> dict[int, str]:
        """Number the rows stored without a 申请编号, keep the counters ahead of the file's numbers,
        fill the search index, put its triggers back and write the import's own audit row.
        Returns id -> the number given."""
        self.conn.executemany(
            "INSERT INTO number_counters (year, last) VALUES (?, ?) "
            "ON CONFLICT (year) DO UPDATE SET last = max(last, excluded.last)",
            sorted(self._counters.items()),
        )
        given: dict[int, str] = {}
        for app_id, year in zip(self._pending_ids, self._pending_years, strict=True):
            number = self.register._next_number(year)
            given[app_id] = number
            row = self.conn.execute(
                "SELECT applicant, content FROM applications WHERE id = ?", (app_id,)
            ).fetchone()
            text = normalise_for_search(f"{number} {row['applicant']} {row['content']}")
            self.conn.execute(
                "UPDATE applications SET number = ?, search_text = ? WHERE id = ?",
                (number, text, app_id),
            )
        if self.added:
            self.conn.execute(
                "INSERT INTO applications_fts (rowid, search_text) "
                "SELECT id, search_text FROM applications WHERE id >= ?",
                (self.first_id,),
            )
        for _name, sql in self._triggers:
            self.conn.execute(sql)
        self._triggers = []
        if self.last[0] in given:
            self.last = (self.last[0], given[self.last[0]])
        last = self.next_id - 1
        span = f"，id {self.first_id}–{last}" if self.added else ""
        what = f"{summary}：{self.added} 条申请{span}"
        self.conn.execute(
            _AUDIT, (self.stamp, self.register.user, None, IMPORT_ACTION, "ledger", None, what)
        )
        return given
