"""How every `ogi` subcommand opens the register: one way to write, one way to read, same messages.

Writers (`import-ledger`, `holidays import`) go through `Register.open_writer`: the one-writer lock
and a full `quick_check` before anything is written, so no command writes while the window holds the
register or into a damaged file (docs/safety.md, F3, F9). Readers (`export-ledger`, `report`,
`holidays show`) open read-only after the cheap header check: a read-only file or folder is read,
never called damaged (F2, F6). Damage found while working (`sqlite3.DatabaseError`) is checked with
`quick_check` and reported with the restore path, never as a traceback; a full disk is named (F5).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.store import integrity
from desktop.store.lock import OpenedRegister, RegisterDamaged, refusal_reason
from desktop.store.register import DISK_FULL, Register, RegisterError, is_disk_full

RESTORE_ADVICE = (
    "没有写入任何内容。请用窗口打开这个登记簿，按提示“恢复最近的备份”"
    "（或“文件 → 备份与恢复”）；没有备份时请把文件交给技术人员处理"
)


class CommandRefused(Exception):
    """The register cannot be used for this command; the message is for the clerk."""


def damaged_message(check: integrity.CheckResult) -> str:
    return f"{check.problem}。{RESTORE_ADVICE}"


def open_for_writing(db: Path) -> OpenedRegister:
    """The register, locked and checked in full, for a command that writes. CommandRefused if not."""
    try:
        return Register.open_writer(db)
    except RegisterDamaged as exc:
        raise CommandRefused(damaged_message(exc.check)) from exc
    except RegisterError as exc:
        raise CommandRefused(str(exc)) from exc
    except OSError as exc:
        raise CommandRefused(os_message(db, exc)) from exc


def open_for_reading(db: Path) -> OpenedRegister:
    """The register read-only (no lock needed, nothing written), after the cheap check.

    A register of an older version is first brought up to date the way the window opens it.
    """
    if not db.exists():
        raise CommandRefused(f"登记簿文件 {db} 不存在")
    reason = refusal_reason(db)
    if reason:
        raise CommandRefused(reason)
    check = integrity.check_header(db)
    if not check.ok:
        raise CommandRefused(damaged_message(check))
    try:
        return OpenedRegister(Register.open(db, readonly=True), None)
    except RegisterError as exc:
        if not _older_version(db):
            raise CommandRefused(str(exc)) from exc
    return open_for_writing(db)  # an upgrade writes: lock and check as any writer


def _older_version(db: Path) -> bool:
    from desktop.store.schema import SCHEMA_VERSION

    try:
        conn = sqlite3.connect(integrity.readonly_uri(db), uri=True)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return 0 < version < SCHEMA_VERSION


def failure_message(db: Path, exc: BaseException) -> str:
    """What to tell the clerk about an error met while working on the register."""
    if is_disk_full(exc):
        return f"{DISK_FULL}（{db}）"
    if isinstance(exc, sqlite3.DatabaseError):
        check = integrity.quick_check(db)
        if not check.ok:
            return damaged_message(check)
        return f"登记簿 {db} 读写出错：{exc}"
    if isinstance(exc, OSError):
        return os_message(db, exc)
    return str(exc)


def os_message(path: Path, exc: OSError) -> str:
    if is_disk_full(exc):
        return f"{DISK_FULL}（{path}）"
    if isinstance(exc, PermissionError):
        return f"没有权限写入 {path}"
    return f"无法写入 {path}：{exc.strerror or exc}"
