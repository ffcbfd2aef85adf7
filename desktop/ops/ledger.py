"""The ledger (台账) workbook in and out: `ogi import-ledger` / `ogi export-ledger` and the File menu's
dialogs call these same functions (contract.md: the ledger columns)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.reports import ledger_io
from desktop.reports.ledger_io import ImportResult, LedgerReadResult
from desktop.store.register import Register


def preview_ledger(
    path: str | Path, *, progress: Callable[[int], None] | None = None
) -> LedgerReadResult:
    """Read a ledger: the applications it holds and every refused cell (file, row, column).
    Nothing is written."""
    return ledger_io.read_ledger(path, progress=progress)


def import_ledger(
    register: Register,
    path: str | Path,
    *,
    read: LedgerReadResult | None = None,
    reason: str | None = None,
) -> ImportResult:
    """Add a ledger's applications, all or nothing. `read` may be the preview of the same file.

    Rows that would change the figures of a submitted report (issue 14's year lock) need `reason`:
    without it `year_lock.ReasonRequired` is raised and nothing is written; with it the import is
    logged against each report it changes."""
    from desktop.ops import year_lock

    read = read if read is not None else ledger_io.read_ledger(path)
    note = None
    if not read.errors and not register.readonly:
        note = year_lock.note_for(
            year_lock.locks_moved_by_import(register, read.applications), reason
        )
    result = ledger_io.import_ledger(register, path, read=read)
    if not result.errors:
        year_lock.record_import(register, note, result.applications)
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
