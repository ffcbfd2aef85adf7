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
import sys
from collections.abc import Callable
from pathlib import Path

from desktop.store import integrity
from desktop.store.lock import OpenedRegister, RegisterDamaged, refusal_reason
from desktop.store.register import DISK_FULL, Register, RegisterError, is_disk_full

RESTORE_ADVICE = (
    "没有写入任何内容。请用窗口打开这个登记簿，按提示“恢复最近的备份”"
    "（或“文件 → 备份与恢复”）；没有备份时请把文件交给技术人员处理"
)


EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def refuse(lines: list[str]) -> int:
    """Every problem on stderr, one line each: exit 1 (refused, nothing written)."""
    for line in lines:
        print(line, file=sys.stderr)
    return EXIT_REFUSED


def usage_error(text: str) -> int:
    print(f"ogi: 用法错误: {text}", file=sys.stderr)
    return EXIT_USAGE


def not_a_register(db: Path) -> bool:
    """An existing, non-empty file that is not SQLite (a register is created when missing)."""
    try:
        with db.open("rb") as handle:
            head = handle.read(len(integrity.SQLITE_MAGIC))
    except FileNotFoundError:
        return False
    except OSError:
        return False  # unreadable: open_register says why
    return bool(head) and head != integrity.SQLITE_MAGIC


def refuse_import_target(db: Path, what: str) -> int | None:
    """Exit 1 when --db cannot take an import (a folder, another kind of file), else None.
    Checked before taking the lock, which would leave a stray .lock file beside, say, a workbook
    given as --db by mistake. `what` names the input (台账, 文件清单) for the hint."""
    if db.is_dir():
        return refuse([f"{db} 是文件夹，不是登记簿文件"])
    if not_a_register(db):
        return refuse([f"{db} 不是登记簿文件（--db 须是登记簿，{what}写在 --db 之前）"])
    return None


def refuse_export_target(db: Path, out: Path) -> int | None:
    """Exit 2 or 1 when an export cannot go from --db to --out (checked before opening), else None."""
    if out.suffix.lower() != ".xlsx":
        return usage_error(f"输出文件须以 .xlsx 结尾：{out}")
    if db.is_dir():
        return refuse([f"{db} 是文件夹，不是登记簿文件"])
    if not db.is_file():
        return refuse([f"找不到登记簿文件 {db}"])
    if not out.parent.is_dir():
        return refuse([f"输出文件夹 {out.parent} 不存在"])
    from desktop.store.outputs import OutputRefused, check_output

    try:
        check_output(out, register=db)  # never over the register (F4)
    except OutputRefused as exc:
        return refuse([str(exc)])
    return None


def dispatch(command: str, commands: dict[str, Callable[[], int]]) -> int:
    """Run the named subcommand; exit 2 for a name this module does not know."""
    run = commands.get(command)
    if run is None:
        print(f"ogi: 未知的命令 {command}", file=sys.stderr)
        return EXIT_USAGE
    return run()


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
