"""The day's care of a register, done in the background after the window has opened.

The first open of a day runs `PRAGMA quick_check`, which reads every page (about 1.3 s at a million
applications), and takes the daily backup, which copies the whole file and verifies the copy (3 s or
more). Both used to run before the window appeared: about 7–9 s at a million applications. The
window now opens after the header check (milliseconds). It then calls `DailyCare.run` on a worker
thread, which has connections of its own and only reads the register:

1. quick_check. On damage the backup is skipped (a damaged file must not become the newest
   backup), and the newest good backup is looked up for the window's restore offer.
2. The daily backup, through SQLite's online backup API (`backup.auto_backup_file`): a consistent
   copy of one moment while the clerk goes on working.

The result comes back to the window's thread, which records a passed check (`integrity.mark_checked`,
written through the window's own connection) and says in the status bar when both are done.
After an unclean shutdown the check still runs before the window opens (`integrity.check_on_open`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.store import backup, integrity
from desktop.store.backup import BackupInfo
from desktop.store.integrity import CheckResult

# What the window's status bar says while each step runs.
CHECKING = "正在检查登记簿文件是否完好…"
BACKING_UP = "正在备份登记簿（每天第一次打开时）…"


@dataclass
class DailyCareResult:
    check: CheckResult | None = None  # None: no check was due
    backup: BackupInfo | None = None  # today's backup, if this run took it
    backup_problem: str = ""  # why the backup failed (the register is fine and stays open)
    best_backup: BackupInfo | None = None  # on damage: the newest backup that passes
    cancelled: bool = False

    @property
    def damaged(self) -> bool:
        return self.check is not None and not self.check.ok


class DailyCare:
    """One run of the day's check and backup for the register at `path` (call `run` on a worker)."""

    def __init__(self, path: str | Path, *, check: bool, backup: bool):
        self.path = Path(path)
        self.check_due = check
        self.backup_due = backup
        self._cancelled = threading.Event()

    @property
    def due(self) -> bool:
        return self.check_due or self.backup_due

    def cancel(self) -> None:
        """From any thread: the steps not yet started are skipped (the window is closing)."""
        self._cancelled.set()

    def run(
        self, now: datetime | None = None, on_step: Callable[[str], None] | None = None
    ) -> DailyCareResult:
        """Check, then back up; `on_step(label)` before each step (CHECKING, BACKING_UP)."""
        result = DailyCareResult()
        if self.check_due:
            if self._cancelled.is_set():
                result.cancelled = True
                return result
            if on_step is not None:
                on_step(CHECKING)
            result.check = integrity.quick_check(self.path)
            if not result.check.ok:
                best = backup.newest_good_backup(self.path)
                if best is not None:  # with its count of applications, for the restore offer
                    listed = backup.list_backups(self.path)
                    best = next((b for b in listed if b.path == best.path), best)
                result.best_backup = best
                return result
        if self.backup_due:
            if self._cancelled.is_set():
                result.cancelled = True
                return result
            if on_step is not None:
                on_step(BACKING_UP)
            try:
                result.backup = backup.auto_backup_file(self.path, now)
            except backup.BackupError as exc:
                result.backup_problem = str(exc)
        return result
