"""Backups of the register: automatic (on open, at most one a day), by hand, and restore.

A backup is taken with SQLite's online backup API (`sqlite3.Connection.backup`) from the open
connection, so it is a consistent copy even while the register is in use, WAL content included.
It goes to `backups/` beside the register, named `<register>-YYYYmmdd-HHMMSS-<kind>.ogidb`, is
verified with `PRAGMA quick_check` after writing, and is readable by its owner only.

Retention (`backups_to_keep`, a pure function): the newest 30, plus the newest of every calendar
month, for ever. Copies kept because a file was found damaged are never pruned.

Restore never loses the present: it first keeps a copy of what it replaces (a `before-restore`
backup, or a raw `damaged` copy when the register cannot be read), then swaps the file in with an
atomic rename, then the caller re-opens the register.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.store import integrity
from desktop.store.lock import make_private, make_private_dir
from desktop.store.register import Register, RegisterError

BACKUP_DIR_NAME = "backups"
KEEP_LAST = 30
KINDS = ("auto", "manual", "before-restore", "damaged")
KIND_LABELS = {"auto": "自动", "manual": "手动", "before-restore": "恢复前", "damaged": "损坏文件"}
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    kind: str
    size: int
    rows: int | None  # applications (not deleted) in the copy; None when it cannot be read


class BackupError(RegisterError):
    """A backup could not be made or restored; the message is for the user.

    `register_closed`: a restore had already closed the register when it failed; the register file
    is the one that was there before, and the caller must re-open it.
    """

    def __init__(self, message: str, *, register_closed: bool = False):
        super().__init__(message)
        self.register_closed = register_closed


def backups_dir(register_path: str | Path) -> Path:
    return Path(register_path).parent / BACKUP_DIR_NAME


def backup_name(register_path: str | Path, taken_at: datetime, kind: str) -> str:
    return f"{Path(register_path).stem}-{taken_at.strftime(_STAMP)}-{kind}.ogidb"


def parse_backup_name(name: str, register_stem: str) -> tuple[datetime, int, str] | None:
    """(taken at, sequence within that second, kind) from a backup's file name."""
    kinds = "|".join(re.escape(k) for k in KINDS)
    match = re.fullmatch(
        rf"{re.escape(register_stem)}-(\d{{8}}-\d{{6}})(?:-(\d+))?-({kinds})\.ogidb", name
    )
    if not match:
        return None
    return datetime.strptime(match.group(1), _STAMP), int(match.group(2) or 1), match.group(3)


def _rows_in(path: Path) -> int | None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'backup.rows'").fetchone()
            if row:
                return int(row[0])
            return conn.execute(
                "SELECT count(*) FROM applications WHERE deleted_at IS NULL"
            ).fetchone()[0]
        finally:
            conn.close()
    except (sqlite3.DatabaseError, ValueError):
        return None


def list_backups(register_path: str | Path, *, with_rows: bool = True) -> list[BackupInfo]:
    """This register's backups, newest first."""
    folder = backups_dir(register_path)
    if not folder.is_dir():
        return []
    stem = Path(register_path).stem
    found = []
    for path in folder.iterdir():
        parsed = parse_backup_name(path.name, stem)
        if parsed is None or not path.is_file():
            continue
        taken_at, seq, kind = parsed
        stat = path.stat()
        rows = _rows_in(path) if with_rows and kind != "damaged" else None
        found.append(
            (taken_at, seq, stat.st_mtime_ns, BackupInfo(path, taken_at, kind, stat.st_size, rows))
        )
    found.sort(key=lambda f: f[:3], reverse=True)  # several in one second: by sequence, then time
    return [f[3] for f in found]


def newest_good_backup(register_path: str | Path) -> BackupInfo | None:
    """The newest backup that passes quick_check (what the one-click restore offers)."""
    for info in list_backups(register_path, with_rows=False):
        if info.kind != "damaged" and integrity.quick_check(info.path).ok:
            return info
    return None


def _free_name(folder: Path, register_path: Path, taken_at: datetime, kind: str) -> Path:
    """The file name for a new backup; several in the same second are numbered 2, 3, … in order."""
    stamp = taken_at.strftime(_STAMP)
    same_second = list(folder.glob(f"{glob.escape(register_path.stem)}-{stamp}-*"))
    if not same_second:
        return folder / backup_name(register_path, taken_at, kind)
    n = len(same_second) + 1
    while True:
        target = folder / f"{register_path.stem}-{stamp}-{n}-{kind}.ogidb"
        if not target.exists():
            return target
        n += 1


def make_backup(
    register: Register,
    folder: str | Path | None = None,
    *,
    kind: str = "manual",
    now: datetime | None = None,
) -> BackupInfo:
    """Copy the open register with the backup API, verify the copy, return what was written."""
    return _copy(register.conn, register.path, register.count(), folder, kind, now)


def backup_file(
    register_path: str | Path,
    folder: str | Path | None = None,
    *,
    kind: str = "auto",
    now: datetime | None = None,
) -> BackupInfo:
    """Back up a register file through a read-only connection of its own, for a worker thread.

    The window goes on reading and writing through its own connection meanwhile. The count and the
    copy are taken in one read transaction, and the copy is one backup step, so the backup is the
    register as it was at one moment (WAL: the window's writes are neither blocked nor copied half).
    """
    register_path = Path(register_path)
    source = sqlite3.connect(
        f"file:{register_path}?mode=ro", uri=True, isolation_level=None, timeout=10
    )
    try:
        source.execute("BEGIN")
        rows = source.execute(
            "SELECT count(*) FROM applications WHERE deleted_at IS NULL"
        ).fetchone()[0]
        return _copy(source, register_path, rows, folder, kind, now)
    except sqlite3.Error as exc:
        raise BackupError(f"无法读取登记簿 {register_path} 以备份：{exc}") from exc
    finally:
        source.close()


def _copy(
    source: sqlite3.Connection,
    register_path: Path,
    rows: int,
    folder: str | Path | None,
    kind: str,
    now: datetime | None,
) -> BackupInfo:
    now = now or datetime.now()
    folder = Path(folder) if folder else backups_dir(register_path)
    make_private_dir(folder)
    target = _free_name(folder, register_path, now, kind)
    partial = target.with_name(target.name + ".partial")
    try:
        # Created empty and private first, so the copy is never readable by others, even briefly.
        make_private(partial, create=True)
        dest = sqlite3.connect(partial, isolation_level=None)
        try:
            source.backup(dest)  # one step: the whole file at one moment
            # A backup is a plain rollback-journal file: it can be listed and read without a -shm.
            dest.execute("PRAGMA journal_mode = DELETE")
            dest.execute("BEGIN IMMEDIATE")
            dest.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [
                    ("backup.rows", str(rows)),
                    ("backup.taken_at", now.isoformat(timespec="seconds")),
                    ("backup.kind", kind),
                    ("backup.source", str(register_path)),
                ],
            )
            # The copy was open when it was taken; it is not "left open" by anyone.
            dest.execute("DELETE FROM meta WHERE key = ?", (integrity.OPEN_MARKER_KEY,))
            dest.execute("COMMIT")
        finally:
            dest.close()
        check = integrity.quick_check(partial)
        if not check.ok:
            raise BackupError(f"备份写入后校验失败：{check.problem}")
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"无法写入备份 {target}：{exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(target, now, kind, target.stat().st_size, rows)


def backups_to_keep(stamps: Iterable[datetime], keep_last: int = KEEP_LAST) -> set[datetime]:
    """Retention: the newest `keep_last`, plus the newest of each calendar month."""
    ordered = sorted(set(stamps), reverse=True)
    keep = set(ordered[:keep_last])
    newest_of_month: dict[tuple[int, int], datetime] = {}
    for stamp in ordered:
        newest_of_month.setdefault((stamp.year, stamp.month), stamp)
    return keep | set(newest_of_month.values())


def prune(register_path: str | Path, keep_last: int = KEEP_LAST) -> list[Path]:
    """Delete the backups retention no longer keeps (and copies a crash left half-written)."""
    folder = backups_dir(register_path)
    if folder.is_dir():
        for partial in folder.glob(f"{glob.escape(Path(register_path).stem)}-*.partial"):
            partial.unlink(missing_ok=True)
    backups = [b for b in list_backups(register_path, with_rows=False) if b.kind != "damaged"]
    keep = backups_to_keep((b.taken_at for b in backups), keep_last)
    kept_stamps: set[datetime] = set()
    deleted = []
    for info in backups:  # newest first: of two copies in the same second keep the newer
        if info.taken_at in keep and info.taken_at not in kept_stamps:
            kept_stamps.add(info.taken_at)
            continue
        info.path.unlink(missing_ok=True)
        deleted.append(info.path)
    return deleted


def backed_up_today(register_path: str | Path, now: datetime | None = None) -> bool:
    """Whether a backup was taken today (any kind but a damaged file's copy)."""
    today = (now or datetime.now()).date()
    return any(
        b.taken_at.date() == today and b.kind != "damaged"
        for b in list_backups(register_path, with_rows=False)
    )


def auto_backup(register: Register, now: datetime | None = None) -> BackupInfo | None:
    """The backup on open: at most one a day (any backup taken today counts), then prune."""
    if backed_up_today(register.path, now):
        return None
    info = make_backup(register, kind="auto", now=now)
    prune(register.path)
    return info


def auto_backup_file(register_path: str | Path, now: datetime | None = None) -> BackupInfo | None:
    """`auto_backup` from a worker thread: the copy through a connection of its own (`backup_file`)."""
    if backed_up_today(register_path, now):
        return None
    info = backup_file(register_path, kind="auto", now=now)
    prune(register_path)
    return info


# -------------------------------------------------------------------------------- restore
def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _swap_in(register_path: Path, backup_path: Path) -> None:
    """Replace the register file by a copy of the backup: copy beside, check, atomic rename."""
    staged = register_path.with_name(register_path.name + ".restoring")
    staged.unlink(missing_ok=True)
    make_private(staged, create=True)
    source = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
    dest = sqlite3.connect(staged, isolation_level=None)
    try:
        source.backup(dest)
        dest.execute(
            "DELETE FROM meta WHERE key LIKE 'backup.%' OR key = ?", (integrity.OPEN_MARKER_KEY,)
        )
    finally:
        dest.close()
        source.close()
    with staged.open("rb+") as handle:
        os.fsync(handle.fileno())
    check = integrity.quick_check(staged)
    if not check.ok:
        staged.unlink(missing_ok=True)
        raise BackupError(f"恢复用的副本校验失败：{check.problem}")
    # A WAL left beside the new file would be replayed into it: it belongs to the old file
    # (whose content is already kept in the before-restore or damaged copy). On Windows a file
    # another program has open cannot be deleted or replaced: then stop, nothing swapped.
    try:
        for sidecar in _sidecars(register_path):
            sidecar.unlink(missing_ok=True)
        os.replace(staged, register_path)
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise BackupError(
            f"无法替换登记簿文件（{exc}）：它可能正被另一个程序打开。请关闭其他打开此登记簿的"
            "程序后再试；恢复前的登记簿已另存为“恢复前”备份。"
        ) from exc
    _fsync_dir(register_path.parent)


def restore(register: Register, backup_path: str | Path, now: datetime | None = None) -> Path:
    """Restore an open (writable) register from a backup. Closes `register`; re-open the path returned.

    Raises BackupError; with `register_closed` set the register was closed and must be re-opened
    (its file is unchanged).
    """
    backup_path = Path(backup_path)
    if register.readonly:
        raise BackupError("登记簿以只读方式打开（另一处正在使用），不能恢复备份")
    check = integrity.quick_check(backup_path)
    if not check.ok:
        raise BackupError(f"所选备份已损坏，不能用于恢复：{check.problem}")
    make_backup(register, kind="before-restore", now=now)
    path = register.path
    register.close()
    try:
        _swap_in(path, backup_path)
    except (OSError, sqlite3.Error, BackupError) as exc:
        raise BackupError(
            exc.args[0] if isinstance(exc, BackupError) else f"恢复失败：{exc}",
            register_closed=True,
        ) from exc
    return path


def keep_damaged_copy(register_path: str | Path, now: datetime | None = None) -> Path | None:
    """Copy a register that cannot be read, byte for byte (with its WAL), into the backups folder."""
    register_path = Path(register_path)
    if not register_path.exists():
        return None
    now = now or datetime.now()
    folder = backups_dir(register_path)
    make_private_dir(folder)
    target = _free_name(folder, register_path, now, "damaged")
    make_private(target, create=True)
    shutil.copyfile(register_path, target)
    wal = register_path.with_name(register_path.name + "-wal")
    if wal.exists():
        wal_copy = target.with_name(target.name + "-wal")
        shutil.copyfile(wal, wal_copy)
        make_private(wal_copy)
    return target


def restore_damaged(
    register_path: str | Path, backup_path: str | Path, now: datetime | None = None
) -> Path:
    """Restore a register that failed its check (it is not open): keep its bytes, swap the backup in."""
    register_path, backup_path = Path(register_path), Path(backup_path)
    check = integrity.quick_check(backup_path)
    if not check.ok:
        raise BackupError(f"所选备份已损坏，不能用于恢复：{check.problem}")
    keep_damaged_copy(register_path, now)
    _swap_in(register_path, backup_path)
    return register_path
