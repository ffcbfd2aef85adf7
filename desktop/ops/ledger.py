"""The ledger (台账) workbook in and out: `ogi import-ledger` / `ogi export-ledger` and the File menu's
dialogs call these same functions (contract.md: the ledger columns).

Both the preview and the import read the ledger streamed (issue 12): the preview keeps the first
`PREVIEW_ROWS` applications, the counts and the problems; the import checks and stores the rows in
batches inside one transaction, all or nothing. Neither holds the ledger whole. Issue 14's year lock
is watched batch by batch: rows that change a submitted report's figures need a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.domain.application import Application
from desktop.domain.year_lock import Lock, changed_locks
from desktop.ops import year_lock
from desktop.ops.progress import Progress
from desktop.reports import ledger_io
from desktop.reports.ledger_io import ImportResult, LedgerReadResult
from desktop.store import year_lock as lock_store
from desktop.store.register import Register

PREVIEW_ROWS = 100  # the preview lists this many applications; the import takes all of them


def _reporter(progress: Progress | None, verb: str) -> Callable[[int], None] | None:
    """Rows read so far, in the progress text (a stream has no total); a cancel raises there."""
    if progress is None:
        return None
    return lambda rows: progress.update(rows, text=f"{verb}…已读 {rows:,} 行")


class _LockWatch:
    """Which submitted reports (issue 14) the rows of a streamed ledger change, batch by batch.
    Adding applications only adds to counts, so a report moves when any batch moves it."""

    def __init__(self, register: Register) -> None:
        self.locks = lock_store.live_locks(register)
        self.moved: set[Lock] = set()

    def add(self, applications: list[Application]) -> None:
        if self.locks and applications:
            self.moved.update(changed_locks([], applications, self.locks))


def preview_ledger(
    path: str | Path, *, register: Register | None = None, progress: Progress | None = None
) -> LedgerReadResult:
    """Read a ledger: its first applications, the counts, every refused cell (file, row, column),
    the dates to confirm (against `register`'s receipt years) and the submitted reports its rows
    would change (`moved_locks`). Nothing is written."""
    years: list[int] = []
    watch: _LockWatch | None = None
    if register is not None:
        from desktop.store.queries import RegisterQueries

        years = list(RegisterQueries(register.conn).years())
        watch = _LockWatch(register)
    on_rows = None
    if watch is not None and watch.locks and register is not None:
        reg = register
        on_rows = lambda apps: watch.add([reg.derive(a) for a in apps])  # noqa: E731
    result = ledger_io.read_ledger(
        path,
        progress=_reporter(progress, "正在读取台账"),
        keep=PREVIEW_ROWS,
        register_years=years,
        on_rows=on_rows,
    )
    if watch is not None:
        result.moved_locks = sorted(watch.moved)
    return result


def import_ledger(
    register: Register,
    path: str | Path,
    *,
    progress: Progress | None = None,
    reason: str | None = None,
) -> ImportResult:
    """Add a ledger's applications, all or nothing, in one streamed pass. A refused row anywhere,
    or a cancel through `progress`, leaves the register as it was.

    Rows that would change the figures of a submitted report (issue 14's year lock) need `reason`:
    without it `year_lock.ReasonRequired` is raised at the first batch that moves one and nothing
    is written; with it the import is logged against each report it changes."""
    watch = _LockWatch(register)

    def check(stored: list[Application]) -> None:
        watch.add(stored)
        year_lock.note_for(sorted(watch.moved), reason)  # ReasonRequired: everything rolls back

    result = ledger_io.import_ledger(
        register,
        path,
        progress=_reporter(progress, "正在导入台账"),
        on_batch=check if watch.locks else None,
    )
    note = year_lock.note_for(sorted(watch.moved), reason) if not result.errors else None
    if note is not None and result.added and result.applications:
        first, last = result.applications[0].number, result.last_number
        subject = f"{result.added} 件（{first}" + (f" … {last}）" if result.added > 1 else "）")
        with register.transaction() as conn:
            lock_store.record_change(conn, register.user, note, lock_store.IMPORTED, subject)
    return result


def export_ledger(
    register: Register,
    out: str | Path,
    *,
    year: int | None = None,
    traditional: bool = False,
    masked: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the register (or one receipt year) as a ledger; returns the rows written.
    `progress(written, total)` every 1,000 rows; the file appears only when complete."""
    total = ledger_io.count_for_export(register, year)
    report = None if progress is None else (lambda written: progress(written, total))
    return ledger_io.write_ledger(
        register, out, year=year, traditional=traditional, masked=masked, progress=report
    )
