"""Is the register file sound? Checked on open, before anything is read from it or written to it.

Two levels (figures from `bench/integrity_check.py`, see docs/safety.md):
- `check_header` — milliseconds whatever the size: the file exists, starts with the SQLite magic, is
  as long as its own header says (catches a truncated copy) and SQLite can read its schema. Runs on
  every open.
- `quick_check` — `PRAGMA quick_check` reads every page, so it grows with the register (seconds at
  1,000,000 applications). It runs on open only when it is worth it: the file was not closed cleanly
  last time (the `open_session` marker in `meta` is still there: crash, power cut, kill), or no check
  has passed today. A clean daily routine therefore pays for it once a day at most.

Every problem is reported as a `CheckResult` with a Chinese sentence for the clerk; nothing here raises
on a bad file, so the window can offer the restore path instead of crashing.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import struct
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from desktop.store.register import os_user

SQLITE_MAGIC = b"SQLite format 3\x00"
OPEN_MARKER_KEY = "open_session"
LAST_CHECK_KEY = "last_quick_check"
UNCLEAN = "上次未正常关闭"
FIRST_TODAY = "今天首次打开"


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    problem: str = ""  # for the clerk, in Chinese; empty when ok
    seconds: float = 0.0
    ran_quick_check: bool = False
    why_checked: str = ""  # why quick_check ran: "上次未正常关闭", "今天首次打开"
    details: list[str] = field(default_factory=list)
    # The day's quick_check is due but left to the window's background (`check_on_open(defer_daily=
    # True)`): only the header was checked so far.
    deferred: bool = False


def can_write(path: str | Path) -> bool:
    """Whether this process may write the register and create files beside it (-wal, -shm, lock).

    A copy from a CD or USB stick (read-only attribute), or a folder the user may only read, opens
    read-only with the banner instead of failing on the first write (docs/safety.md, F2 and F6).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    while not folder.exists() and folder != folder.parent:
        # A folder still to be made (the default register on first start): can it be made?
        folder = folder.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.R_OK | os.W_OK)


def readonly_uri(path: str | Path) -> str:
    """The SQLite URI that reads `path` without writing anything, in any folder.

    A read-only connection to a WAL database must still create `-shm` beside it, impossible in a
    folder we cannot write: there the file is opened `immutable` (no locks, no -shm), which is
    exact as long as no WAL is pending; with a pending WAL, `private_copy` is used instead.
    """
    path = Path(path)
    folder_writable = os.access(path.parent if str(path.parent) else ".", os.W_OK | os.X_OK)
    immutable = "" if folder_writable or wal_pending(path) else "&immutable=1"
    return f"file:{pathname2uri(path)}?mode=ro{immutable}"


def pathname2uri(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path.absolute()), safe="/:\\")


def wal_pending(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def needs_private_copy(path: str | Path) -> bool:
    """A register with a pending WAL in a folder we cannot write: read a private copy of both."""
    path = Path(path)
    folder_writable = os.access(path.parent if str(path.parent) else ".", os.W_OK | os.X_OK)
    shm = path.with_name(path.name + "-shm")
    return not folder_writable and wal_pending(path) and not shm.exists()


def _connect_existing(path: Path) -> sqlite3.Connection:
    """A connection that never creates a file (mode=rw): a missing file is an error, not a new register.
    Where we may not write, a read-only one (`readonly_uri`): a read-only file is not a damaged one."""
    if not can_write(path):
        uri = readonly_uri(path)
        if needs_private_copy(path):
            # Checks read the main file only (its pages are what can be damaged); the pending WAL
            # is read through a private copy when the register itself is opened.
            uri = f"file:{pathname2uri(path)}?mode=ro&immutable=1"
        return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=10)
    return sqlite3.connect(f"file:{path}?mode=rw", uri=True, isolation_level=None, timeout=10)


def _wal_has_content(path: Path) -> bool:
    return wal_pending(path)


def check_header(path: str | Path) -> CheckResult:
    """The cheap check: magic, length against the header's page count, schema readable."""
    started = time.perf_counter()
    path = Path(path)

    def bad(problem: str) -> CheckResult:
        return CheckResult(False, problem, time.perf_counter() - started)

    if not path.exists():
        return bad(f"找不到登记簿文件 {path}")
    size = path.stat().st_size
    if size == 0:
        return bad(f"登记簿文件 {path} 是空的（0 字节）")
    with path.open("rb") as handle:
        header = handle.read(100)
    if not header.startswith(SQLITE_MAGIC):
        return bad(f"{path} 不是登记簿文件，或文件开头已损坏")
    if len(header) < 100:
        return bad(f"登记簿文件 {path} 被截断：只有 {size:,} 字节")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return bad(f"登记簿文件 {path} 的文件头已损坏（页大小 {page_size}）")
    change_counter, pages = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    # The page count in the header is trusted only when it was written by a current SQLite
    # (valid-for == change counter), and only with no WAL pending: pages still in the WAL are
    # legitimately missing from the main file until the next checkpoint.
    if pages and valid_for == change_counter and not _wal_has_content(path):
        expected = pages * page_size
        if size < expected:
            return bad(f"登记簿文件 {path} 被截断：应有 {expected:,} 字节，实有 {size:,} 字节")
    try:
        conn = _connect_existing(path)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA user_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return bad(f"登记簿文件 {path} 无法读取（{exc}）")
    return CheckResult(True, seconds=time.perf_counter() - started)


def _pragma_check(path: Path, pragma: str) -> CheckResult:
    header = check_header(path)
    if not header.ok:
        return header
    started = time.perf_counter()
    try:
        conn = _connect_existing(path)
        try:
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}(20)")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    seconds = header.seconds + time.perf_counter() - started
    if rows == ["ok"]:
        return CheckResult(True, seconds=seconds, ran_quick_check=True)
    return CheckResult(
        False,
        f"登记簿文件 {path} 已损坏（SQLite 检查发现 {len(rows)} 处问题，首个：{rows[0]}）",
        seconds,
        ran_quick_check=True,
        details=rows,
    )


def quick_check(path: str | Path) -> CheckResult:
    """Header check plus `PRAGMA quick_check`: every page readable, b-trees well formed."""
    return _pragma_check(Path(path), "quick_check")


def full_check(path: str | Path) -> CheckResult:
    """Header check plus `PRAGMA integrity_check` (also checks indexes against tables; slower)."""
    return _pragma_check(Path(path), "integrity_check")


# ------------------------------------------------------------------------ the open-time policy
def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    except sqlite3.OperationalError:  # no meta table yet: a register being created
        return None
    return row[0] if row else None


def why_check_needed(path: str | Path, today: date | None = None) -> str:
    """Why quick_check should run on this open, or "" when the header check is enough."""
    today = today or date.today()
    conn = _connect_existing(Path(path))
    try:
        marker = _meta(conn, OPEN_MARKER_KEY)
        last = _meta(conn, LAST_CHECK_KEY)
    finally:
        conn.close()
    if marker:
        return UNCLEAN
    if last is None or last[:10] < today.isoformat():
        return FIRST_TODAY
    return ""


def check_on_open(
    path: str | Path,
    *,
    today: date | None = None,
    empty_is_new: bool = True,
    defer_daily: bool = False,
) -> CheckResult:
    """What the window runs before opening a register for writing.

    A missing file is fine (a new register is created). An empty file is a new register only when
    it has no backups (`empty_is_new`); otherwise it is a register that lost its content.
    `defer_daily`: the once-a-day quick_check of a cleanly closed register is left to the caller's
    background (`deferred` set; see store/daily_care.py), so the window opens after the header
    check. After an unclean shutdown the quick_check still runs before opening.
    """
    path = Path(path)
    if not path.exists() or (empty_is_new and path.stat().st_size == 0):
        return CheckResult(True)
    header = check_header(path)
    if not header.ok:
        return header
    try:
        why = why_check_needed(path, today)
    except sqlite3.DatabaseError as exc:
        return CheckResult(False, f"登记簿文件 {path} 无法读取（{exc}）", header.seconds)
    if not why:
        return header
    if defer_daily and why == FIRST_TODAY:
        return CheckResult(True, seconds=header.seconds, why_checked=why, deferred=True)
    result = quick_check(path)
    return CheckResult(result.ok, result.problem, result.seconds, True, why, result.details)


def _write_meta(conn: sqlite3.Connection, values: dict[str, str | None]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for key, value in values.items():
            if value is None:
                conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def mark_open(
    conn: sqlite3.Connection, *, checked: CheckResult | None = None, now: datetime | None = None
) -> None:
    """Leave the 'in use' marker (cleared by `mark_closed`); remember a passed quick_check."""
    now = now or datetime.now()
    session = {
        "user": os_user(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": now.isoformat(timespec="seconds"),
    }
    values: dict[str, str | None] = {OPEN_MARKER_KEY: json.dumps(session, ensure_ascii=False)}
    if checked is not None and checked.ok and checked.ran_quick_check:
        values[LAST_CHECK_KEY] = now.isoformat(timespec="seconds")
    _write_meta(conn, values)


def mark_checked(conn: sqlite3.Connection, *, now: datetime | None = None) -> None:
    """Remember that today's quick_check passed (it ran in the background after opening)."""
    now = now or datetime.now()
    _write_meta(conn, {LAST_CHECK_KEY: now.isoformat(timespec="seconds")})


def mark_closed(conn: sqlite3.Connection) -> None:
    _write_meta(conn, {OPEN_MARKER_KEY: None})
