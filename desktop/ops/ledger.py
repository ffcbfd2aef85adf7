"""The ledger (台账) workbook in and out: `ogi import-ledger` / `ogi export-ledger` and the File menu's
dialogs call these same functions (contract.md: the ledger columns).

Both the preview and the import read the ledger streamed (issue 12): the preview keeps the first
`PREVIEW_ROWS` applications, the counts and the problems; the import checks and stores the rows in
batches inside one transaction, all or nothing. Neither holds the ledger whole.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.ops.progress import Progress
from desktop.reports import ledger_io
from desktop.reports.ledger_io import ImportResult, LedgerReadResult
from desktop.store.register import Register

PREVIEW_ROWS = 100  # the preview lists this many applications; the import takes all of them


def _reporter(progress: Progress | None, verb: str) -> Callable[[int], None] | None:
    """Rows read so far, in the progress text (a stream has no total); a cancel raises there."""
    if progress is None:
        return None
    return lambda rows: progress.update(rows, text=f"{verb}…已读 {rows:,} 行")


def preview_ledger(
    path: str | Path, *, register: Register | None = None, progress: Progress | None = None
) -> LedgerReadResult:
    """Read a ledger: its first applications, the counts, every refused cell (file, row, column)
    and the dates to confirm (against `register`'s receipt years, when given). Nothing is written."""
    years: list[int] = []
    if register is not None:
        from desktop.store.queries import RegisterQueries

        years = list(RegisterQueries(register.conn).years())
    return ledger_io.read_ledger(
        path,
        progress=_reporter(progress, "正在读取台账"),
        keep=PREVIEW_ROWS,
        register_years=years,
    )


def import_ledger(
    register: Register, path: str | Path, *, progress: Progress | None = None
) -> ImportResult:
    """Add a ledger's applications, all or nothing, in one streamed pass. A refused row anywhere,
    or a cancel through `progress`, leaves the register as it was."""
    return ledger_io.import_ledger(register, path, progress=_reporter(progress, "正在导入台账"))


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
