"""One writer per register: a lock file beside it, held with an OS lock, and who holds it.

`register.ogidb.lock` holds JSON {user, host, pid, since} of the instance that may write. The JSON
is only information for the banner; the exclusion itself is an OS lock on the open file
(`fcntl.flock` on POSIX, `msvcrt.locking` on Windows), which the OS drops when the holder exits or
crashes, so a dead holder never blocks the register. A second instance opens the register
read-only and says who holds it (or waits, `wait_seconds`).

A register on a network share is refused: SQLite's WAL needs shared memory between the processes
using the file, which network file systems (SMB/CIFS, NFS) do not provide, and their byte-range
locks are unreliable, so two offices could corrupt the file. See docs/safety.md.

Files the register writes (the register, its WAL and SHM, backups, this lock) are made readable by
their owner only where the OS allows (`make_private`: mode 0600 on POSIX).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import socket
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from desktop.store import integrity
from desktop.store.integrity import CheckResult
from desktop.store.register import (
    Register,
    RegisterError,
    describe_sqlite_error,
    is_disk_full,
    os_user,
)

if TYPE_CHECKING:
    from desktop.store.backup import BackupInfo
    from desktop.store.daily_care import DailyCare

# Network file systems as named in /proc/mounts; "fuse.sshfs" and the like start with "fuse.".
NETWORK_FS_TYPES = frozenset(
    {
        "cifs",
        "smb",
        "smbfs",
        "smb2",
        "smb3",
        "nfs",
        "nfs4",
        "ncpfs",
        "afs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "davfs",
        "fuse.sshfs",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.s3fs",
    }
)
# Windows locks are mandatory: lock one byte far past the JSON so others can still read who holds it.
_WINDOWS_LOCK_OFFSET = 1 << 30


def make_private(path: str | Path, *, create: bool = False) -> None:
    """Owner read/write only (POSIX). With `create`, make the file empty and private first."""
    path = Path(path)
    if create:
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        os.close(fd)
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)


def make_private_dir(path: str | Path) -> None:
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o700)


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int
    since: str  # ISO date-time

    def describe(self) -> str:
        try:
            since = datetime.fromisoformat(self.since).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            since = self.since
        return f"{self.user}（计算机 {self.host}，进程 {self.pid}）自 {since} 起"


class RegisterBusy(Exception):
    """Another instance holds the register for writing."""

    def __init__(self, register_path: Path, holder: Holder | None):
        who = holder.describe() if holder else "另一个程序"
        super().__init__(f"登记簿 {register_path} 正由 {who}使用")
        self.register_path = register_path
        self.holder = holder


def lock_path_for(register_path: str | Path) -> Path:
    register_path = Path(register_path)
    return register_path.with_name(register_path.name + ".lock")


def read_holder(register_path: str | Path) -> Holder | None:
    try:
        data = json.loads(lock_path_for(register_path).read_text(encoding="utf-8") or "null")
        return Holder(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"]))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _try_os_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _os_unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


class RegisterLock:
    """The right to write one register, held until `release()` (or the process ends)."""

    def __init__(self, register_path: Path, fd: int, holder: Holder):
        self.register_path = register_path
        self.path = lock_path_for(register_path)
        self.holder = holder
        self._fd: int | None = fd

    @classmethod
    def acquire(
        cls, register_path: str | Path, *, wait_seconds: float = 0.0, poll_seconds: float = 0.2
    ) -> RegisterLock:
        """Take the lock, waiting up to `wait_seconds`. Raises RegisterBusy naming the holder."""
        register_path = Path(register_path)
        register_path.parent.mkdir(parents=True, exist_ok=True)
        path = lock_path_for(register_path)
        deadline = time.monotonic() + wait_seconds
        while True:
            # The lock file is never deleted (deleting it would let two instances lock two
            # different files); it is only emptied on release.
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
            if _try_os_lock(fd):
                break
            os.close(fd)
            if time.monotonic() >= deadline:
                raise RegisterBusy(register_path, read_holder(register_path))
            time.sleep(poll_seconds)
        make_private(path)
        holder = Holder(
            os_user(),
            socket.gethostname(),
            os.getpid(),
            datetime.now().isoformat(timespec="seconds"),
        )
        text = json.dumps(holder.__dict__, ensure_ascii=False).encode("utf-8")
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, text)
        os.fsync(fd)
        return cls(register_path, fd, holder)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
            _os_unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> RegisterLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


# ------------------------------------------------------------------------------- network shares
def _mount_of(path: Path, mounts_text: str) -> tuple[str, str] | None:
    """(mount point, fs type) of the longest mount point containing `path`."""
    best: tuple[str, str] | None = None
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ").replace("\\011", "\t")
        inside = str(path) == point or str(path).startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > len(best[0])):
            best = (point, parts[2])
    return best


def _windows_drive_is_remote(path: PurePath) -> bool:
    if sys.platform != "win32" or not path.drive:
        return False
    import ctypes

    drive_remote = 4
    return ctypes.windll.kernel32.GetDriveTypeW(path.drive + "\\") == drive_remote


def network_share_reason(path: str | Path, mounts_text: str | None = None) -> str:
    """Why this register path is on a network share (refused), or "" for a local disk."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return f"登记簿 {text} 位于网络共享文件夹（UNC 路径）"
    if _windows_drive_is_remote(PurePath(text)):
        return f"登记簿 {text} 位于网络驱动器 {PurePath(text).drive}"
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
    resolved = Path(os.path.realpath(text))
    found = _mount_of(resolved, mounts_text)
    if found and (found[1] in NETWORK_FS_TYPES or found[1].split(".")[0] in NETWORK_FS_TYPES):
        return f"登记簿 {text} 位于网络文件系统（{found[1]}，挂载于 {found[0]}）"
    return ""


NETWORK_SHARE_ADVICE = (
    "SQLite 的 WAL 日志模式不能在网络文件系统上安全使用，两处同时写入会损坏登记簿。"
    "请把登记簿放在本机硬盘上；需要汇总多个科室的数据时，请用“导出台账”和“汇总”功能。"
)


# ------------------------------------------------------------------------------- opening
# Busy messages for the slow steps of opening (seconds at a million applications, docs/safety.md).
CHECKING = "正在检查登记簿文件是否完好…"
OPENING = "正在打开登记簿…"
BACKING_UP = "正在备份登记簿（每天第一次打开时）…"


class RegisterDamaged(RegisterError):
    """The register failed its integrity check and was not restored."""

    def __init__(self, path: Path, check: CheckResult):
        super().__init__(check.problem)
        self.path = path
        self.check = check


@dataclass
class OpenedRegister:
    """A register as the window opened it: the lock it holds (None when read-only), what was checked."""

    register: Register
    lock: RegisterLock | None
    check: CheckResult | None = None
    backup: BackupInfo | None = None  # the automatic backup taken on this open, if any
    backup_problem: str = ""  # why the automatic backup failed (the register still opens)
    # With `open_register(defer_daily=True)`: the day's check and backup still to run, in the
    # window's background (None: nothing left to do).
    daily: DailyCare | None = None

    def close(self, register: Register | None = None) -> None:
        """Close (the register now in use, after a restore re-opened it) and release the lock."""
        register = register or self.register
        try:
            if self.lock is not None and not register.readonly:
                # Already closed (a restore swapped the file) or gone: nothing to mark.
                with contextlib.suppress(sqlite3.Error):
                    integrity.mark_closed(register.conn)
            with contextlib.suppress(sqlite3.Error):
                register.close()
        finally:
            if self.lock is not None:
                self.lock.release()


def readonly_reason_for(busy: RegisterBusy) -> str:
    who = busy.holder.describe() if busy.holder else "另一个程序"
    return f"登记簿正由 {who}使用。对方关闭程序后，请重新打开本登记簿。"


def _open_readonly(path: Path, reason: str) -> OpenedRegister:
    register = Register.open(path, readonly=True)
    register.readonly_reason = reason
    return OpenedRegister(register, None)


REGISTER_SUFFIX = ".ogidb"


def refusal_reason(path: Path) -> str:
    """Why `path` may not be opened as a register at all (never modified), or "".

    A folder; a file that is not SQLite; another program's SQLite database (tables, but none of the
    register's: adding ours and switching it to WAL would change someone else's file, F14); a new
    register under a name that is not `.ogidb` (a mistyped `--db register.txt` would silently
    create one). An empty file is a register that was never written (a first start killed).
    """
    if path.is_dir():
        return f"{path} 是文件夹，不是登记簿文件"
    if not path.exists():
        if path.suffix.lower() != REGISTER_SUFFIX:
            return f"登记簿文件 {path} 不存在；新建的登记簿须以 {REGISTER_SUFFIX} 结尾（是否写错了文件名？）"
        return ""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(integrity.SQLITE_MAGIC))
    except OSError as exc:
        return f"无法读取登记簿文件 {path}：{exc.strerror or exc}"
    if not head:
        return ""
    if head != integrity.SQLITE_MAGIC:
        return ""  # a damaged start: the integrity check says so and offers the restore path
    try:
        conn = sqlite3.connect(integrity.readonly_uri(path), uri=True)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return ""  # unreadable: the integrity check says why and offers the restore path
    if version == 0 and tables and "applications" not in tables:
        return f"{path} 是其他程序的 SQLite 数据库，不是登记簿；为免改动它，没有打开"
    return ""


def _readonly_file_reason(path: Path) -> str:
    return (
        f"登记簿文件 {path} 是只读的，或所在文件夹 {path.parent} 不能写入（光盘、U 盘副本、只读共享），"
        "只能查看，不能修改。"
    )


def open_register(
    path: str | Path,
    *,
    wait_seconds: float = 0.0,
    on_damaged: Callable[[CheckResult], bool] | None = None,
    backup_on_open: bool = True,
    today: date | None = None,
    run_slow: Callable[[str, Callable[[], Any]], Any] | None = None,
    writer: bool = False,
    always_quick_check: bool = False,
    defer_daily: bool = False,
) -> OpenedRegister:
    """The start-up flow, without any window: what `ogi` does before showing the register.

    1. A network share, a folder, a file that is not a register are refused (RegisterError).
    2. A file or folder we may not write opens read-only, `readonly_reason` saying so (never
       "damaged"). The lock: if another instance holds it, the register opens read-only,
       `readonly_reason` saying who holds it and since when. With `writer` (Register.open_writer)
       both raise RegisterError instead: a writing command never gets a read-only register.
    3. The integrity check (`integrity.check_on_open`; with `always_quick_check` a quick_check
       whatever today's check said). On failure `on_damaged(check)` is asked (the window offers to
       restore the newest good backup); it returns True to check again after restoring, False to
       give up (RegisterDamaged).
    4. Register.open, the "in use" marker, the automatic backup (at most one a day). A backup
       whose verification shows the register itself damaged goes back to step 3.

    `run_slow(label, step)` runs each step that takes seconds on a big register (the check, which
    may be a quick_check; opening, which may upgrade the schema; the backup) and returns its result:
    the window runs them on a worker thread behind a busy message (label, in Chinese) so it keeps
    painting. `on_damaged` is always called on the caller's thread.
    """
    from desktop.store import backup

    def slow(label: str, step: Callable[[], Any]) -> Any:
        return step() if run_slow is None else run_slow(label, step)

    path = Path(path)
    reason = network_share_reason(path)
    if reason:
        raise RegisterError(f"{reason}，不能打开。{NETWORK_SHARE_ADVICE}")
    reason = refusal_reason(path)
    if reason:
        raise RegisterError(reason)
    if not integrity.can_write(path):
        if not path.exists():
            raise RegisterError(f"无法在 {path.parent} 中建立登记簿：文件夹不能写入")
        if writer:
            raise RegisterError(
                _readonly_file_reason(path).replace("只能查看，不能修改。", "不能写入。")
            )
        return _open_checked_readonly(path, _readonly_file_reason(path))
    try:
        lock = RegisterLock.acquire(path, wait_seconds=wait_seconds)
    except RegisterBusy as busy:
        if writer:
            raise RegisterError(f"不能写入：{readonly_reason_for(busy)}") from busy
        return _open_readonly(path, readonly_reason_for(busy))
    except OSError as exc:  # a folder we may read but not write (a CD, a locked-down share)
        if is_disk_full(exc):
            raise RegisterError(describe_sqlite_error(path, exc)) from exc
        if not path.exists():
            raise RegisterError(f"无法在 {path.parent} 中建立登记簿：{exc}") from exc
        if writer:
            raise RegisterError(f"登记簿 {path} 不能写入：{exc}") from exc
        return _open_checked_readonly(path, f"无法在 {path.parent} 中写入（{exc}）。")
    try:
        check_needed = always_quick_check
        for _attempt in range(3):
            has_backups = bool(backup.list_backups(path, with_rows=False))
            if check_needed and path.exists() and path.stat().st_size > 0:
                check = slow(CHECKING, lambda: integrity.quick_check(path))
            else:
                check = slow(
                    CHECKING,
                    functools.partial(
                        integrity.check_on_open,
                        path,
                        today=today,
                        empty_is_new=not has_backups,
                        defer_daily=defer_daily,
                    ),
                )
            if check.ok:
                try:
                    register = slow(OPENING, lambda: Register.open(path))
                except RegisterError as exc:
                    if is_disk_full(exc.__cause__ or exc):
                        raise
                    # Damage the cheap check could not see (today's quick_check already passed).
                    check = slow(CHECKING, lambda: integrity.quick_check(path))
                    if check.ok:
                        raise
                else:
                    try:
                        integrity.mark_open(register.conn, checked=check)
                    except sqlite3.Error as exc:
                        register.close()
                        raise RegisterError(describe_sqlite_error(path, exc)) from exc
                    opened = OpenedRegister(register, lock, check)
                    if defer_daily:
                        # The day's check and backup run after the window opened (daily_care),
                        # which offers the restore path itself when the check finds damage.
                        from desktop.store.daily_care import DailyCare

                        due = backup_on_open and not backup.backed_up_today(path)
                        daily = DailyCare(path, check=check.deferred, backup=due)
                        opened.daily = daily if daily.due else None
                        break
                    if not backup_on_open:
                        break
                    try:
                        opened.backup = slow(
                            BACKING_UP, functools.partial(backup.auto_backup, register)
                        )
                        break
                    except backup.BackupError as exc:
                        opened.backup_problem = str(exc)
                    # A backup that fails its own check may have copied a damaged register: look.
                    check = slow(CHECKING, lambda: integrity.quick_check(path))
                    if check.ok:
                        break
                    with contextlib.suppress(sqlite3.Error):
                        integrity.mark_closed(register.conn)
                    register.close()
            check_needed = True  # after a restore, the restored file is checked in full
            if on_damaged is None or not on_damaged(check):
                raise RegisterDamaged(path, check)
        else:
            raise RegisterDamaged(path, check)
    except BaseException:
        lock.release()
        raise
    return opened


def _open_checked_readonly(path: Path, reason: str) -> OpenedRegister:
    """A register we may not write: the cheap check (read-only), then a read-only open."""
    check = integrity.check_header(path)
    if not check.ok:
        raise RegisterDamaged(path, check)
    return _open_readonly(path, reason)
