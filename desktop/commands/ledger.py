"""`ogi import-ledger` and `ogi export-ledger` (contract.md): the ledger workbook in and out.

Exit 0 done (one summary line on stdout); 1 refused: every problem on stderr, one line each, naming
file, sheet, row and column, and nothing written to the register or the output file; 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from desktop.commands.registers import (
    CommandRefused,
    failure_message,
    open_for_reading,
    open_for_writing,
    os_message,
)
from desktop.store.outputs import OutputRefused, check_output

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def _refuse(lines: list[str]) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    return EXIT_REFUSED


def run(args: argparse.Namespace) -> int:
    if args.command == "import-ledger":
        return import_command(
            Path(args.ledger), Path(args.db), reason=getattr(args, "reason", None)
        )
    if args.command == "export-ledger":
        return export_command(
            Path(args.db),
            Path(args.out),
            year=args.year,
            traditional=bool(getattr(args, "traditional", False)),
            masked=not getattr(args, "unmasked", False),
        )
    print(f"ogi: 未知的台账命令 {args.command}", file=sys.stderr)
    return EXIT_USAGE


def import_command(ledger: Path, db: Path, *, reason: str | None = None) -> int:
    from desktop.ops.ledger import import_ledger, preview_ledger
    from desktop.ops.year_lock import ReasonRequired

    read = preview_ledger(ledger)
    if read.errors and not db.exists():
        # A refused ledger never even creates a register file.
        return _refuse([str(e) for e in read.errors] + [_refused_line(read.file, len(read.errors))])
    if db.is_dir():
        return _refuse([f"{db} 是文件夹，不是登记簿文件"])
    if _not_a_register(db):
        # Refused before taking the lock, which would leave a stray .lock file beside, say, a
        # workbook given as --db by mistake.
        return _refuse([f"{db} 不是登记簿文件（--db 须是登记簿，台账写在 --db 之前）"])
    try:
        # The one-writer lock (a register another clerk has open is refused, saying who holds
        # it) and a full integrity check: nothing is written into a damaged file.
        opened = open_for_writing(db)
    except CommandRefused as exc:
        return _refuse([f"无法导入到登记簿 {db}：{exc}"])
    try:
        # Also when the ledger has bad rows: the register check names the clashing rows too, so
        # the clerk gets every refused row in one go.
        result = import_ledger(opened.register, ledger, read=read, reason=reason)
    except ReasonRequired as exc:
        # Issue 14's year lock: a published figure moves only with a reason on record.
        return _refuse(
            [f"{ledger.name}：{exc}。请加 --reason “原因” 重新导入；台账未导入，登记簿没有任何改动"]
        )
    except (sqlite3.Error, OSError) as exc:
        return _refuse([failure_message(db, exc)])
    finally:
        opened.close()
    if result.errors:
        lines = [str(e) for e in result.errors]
        return _refuse([*lines, _refused_line(result.file, len(result.errors))])
    for note in result.notes:  # which sheet was read, columns ignored (F15)
        print(note)
    print(f"{result.summary()}（{ledger} → {db}）")
    return EXIT_OK


def _not_a_register(db: Path) -> bool:
    """An existing, non-empty file that is not SQLite (a register is created when missing)."""
    from desktop.store.integrity import SQLITE_MAGIC

    try:
        with db.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return False
    except OSError:
        return False  # unreadable: open_register says why
    return bool(head) and head != SQLITE_MAGIC


def _refused_line(file: str, count: int) -> str:
    return f"{file}：共 {count} 处问题，台账未导入，登记簿没有任何改动"


def export_command(
    db: Path, out: Path, *, year: int | None, traditional: bool, masked: bool
) -> int:
    from desktop.ops.ledger import export_ledger

    if out.suffix.lower() != ".xlsx":
        print(f"ogi: 用法错误: 输出文件须以 .xlsx 结尾：{out}", file=sys.stderr)
        return EXIT_USAGE
    if year is not None and not 1990 <= year <= 2099:
        print(f"ogi: 用法错误: 年份 {year} 不在 1990—2099 之间", file=sys.stderr)
        return EXIT_USAGE
    if db.is_dir():
        return _refuse([f"{db} 是文件夹，不是登记簿文件"])
    if not db.is_file():
        return _refuse([f"找不到登记簿文件 {db}"])
    if not out.parent.is_dir():
        return _refuse([f"输出文件夹 {out.parent} 不存在"])
    try:
        check_output(out, register=db)
    except OutputRefused as exc:
        return _refuse([str(exc)])
    try:
        # Read-only: an export never writes to the register and needs no lock.
        opened = open_for_reading(db)
    except CommandRefused as exc:
        return _refuse([f"无法打开登记簿 {db}：{exc}"])
    try:
        rows = export_ledger(
            opened.register, out, year=year, traditional=traditional, masked=masked
        )
    except sqlite3.DatabaseError as exc:
        return _refuse([failure_message(db, exc)])
    except OSError as exc:
        return _refuse([os_message(out, exc)])
    finally:
        opened.close()
    scope = f"{year}年收到的" if year is not None else ""
    privacy = "证件号码和电话已遮蔽" if masked else "证件号码和电话未遮蔽，请妥善保管"
    script = "，繁体" if traditional else ""
    print(f"已导出{scope} {rows} 条申请到 {out}（{privacy}{script}）")
    return EXIT_OK
