"""`ogi import-documents` and `ogi export-documents` (contract.md, last section).

Exit 0 done (one summary line on stdout, notes on what was skipped); 1 refused: every problem on
stderr, one line each, naming file, sheet, row and column, and nothing written; 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from desktop.commands.ledger import _not_a_register
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
    if args.command == "import-documents":
        return import_command(Path(args.documents), Path(args.db))
    if args.command == "export-documents":
        return export_command(Path(args.db), Path(args.out), traditional=bool(args.traditional))
    print(f"ogi: 未知的命令 {args.command}", file=sys.stderr)
    return EXIT_USAGE


def import_command(path: Path, db: Path) -> int:
    from desktop.ops.documents import import_documents, preview_documents

    read = preview_documents(path)
    if read.errors and not db.exists():
        return _refuse([str(e) for e in read.errors] + [_refused_line(read.file, len(read.errors))])
    if db.is_dir():
        return _refuse([f"{db} 是文件夹，不是登记簿文件"])
    if _not_a_register(db):
        return _refuse([f"{db} 不是登记簿文件（--db 须是登记簿，文件清单写在 --db 之前）"])
    try:
        opened = open_for_writing(db)  # the one-writer lock and the full check (F9)
    except CommandRefused as exc:
        return _refuse([f"无法导入到登记簿 {db}：{exc}"])
    try:
        result = import_documents(opened.register, path, read=read)
    except (sqlite3.Error, OSError) as exc:
        return _refuse([failure_message(db, exc)])
    finally:
        opened.close()
    if result.errors:
        return _refuse(
            [str(e) for e in result.errors] + [_refused_line(result.file, len(result.errors))]
        )
    for note in result.notes:
        print(f"说明：{note}")
    print(f"{result.summary()}（{path} → {db}）")
    return EXIT_OK


def _refused_line(file: str, count: int) -> str:
    return f"{file}：共 {count} 处问题，文件清单未导入，登记簿没有任何改动"


def export_command(db: Path, out: Path, *, traditional: bool) -> int:
    from desktop.ops.documents import export_documents

    if out.suffix.lower() != ".xlsx":
        print(f"ogi: 用法错误: 输出文件须以 .xlsx 结尾：{out}", file=sys.stderr)
        return EXIT_USAGE
    if db.is_dir():
        return _refuse([f"{db} 是文件夹，不是登记簿文件"])
    if not db.is_file():
        return _refuse([f"找不到登记簿文件 {db}"])
    if not out.parent.is_dir():
        return _refuse([f"输出文件夹 {out.parent} 不存在"])
    try:
        check_output(out, register=db)  # never over the register (F4)
        opened = open_for_reading(db)
    except (OutputRefused, CommandRefused) as exc:
        return _refuse([str(exc)])
    try:
        rows = export_documents(opened.register, out, traditional=traditional)
    except sqlite3.DatabaseError as exc:
        return _refuse([failure_message(db, exc)])
    except OSError as exc:
        return _refuse([os_message(out, exc)])
    finally:
        opened.close()
    script = "（繁体）" if traditional else ""
    print(f"已导出 {rows} 件规章和规范性文件到 {out}{script}")
    return EXIT_OK
