"""`ogi import-documents` and `ogi export-documents` (contract.md, last section).

Exit 0 done (one summary line on stdout, notes on what was skipped); 1 refused: every problem on
stderr, one line each, naming file, sheet, row and column, and nothing written; 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from desktop.commands import registers as r
from desktop.commands.registers import refuse


def run(args: argparse.Namespace) -> int:
    return r.dispatch(
        args.command,
        {
            "import-documents": lambda: import_command(
                Path(args.documents), Path(args.db), getattr(args, "reason", None)
            ),
            "export-documents": lambda: export_command(
                Path(args.db), Path(args.out), traditional=bool(args.traditional)
            ),
        },
    )


def import_command(path: Path, db: Path, reason: str | None = None) -> int:
    from desktop.ops.documents import import_documents, preview_documents
    from desktop.ops.year_lock import ReasonRequired

    read = preview_documents(path)
    if read.errors and not db.exists():
        return refuse([str(e) for e in read.errors] + [_refused_line(read.file, len(read.errors))])
    refused = r.refuse_import_target(db, "文件清单")
    if refused is not None:
        return refused
    try:
        opened = r.open_for_writing(db)  # the one-writer lock and the full check (F9)
    except r.CommandRefused as exc:
        return refuse([f"无法导入到登记簿 {db}：{exc}"])
    try:
        result = import_documents(opened.register, path, read=read, reason=reason)
    except ReasonRequired as exc:
        return refuse([f"{path}：{exc}（加 --reason 说明原因）", _refused_line(str(path), 1)])
    except (sqlite3.Error, OSError) as exc:
        return refuse([r.failure_message(db, exc)])
    finally:
        opened.close()
    if result.errors:
        return refuse(
            [str(e) for e in result.errors] + [_refused_line(result.file, len(result.errors))]
        )
    for note in result.notes:
        print(f"说明：{note}")
    print(f"{result.summary()}（{path} → {db}）")
    return r.EXIT_OK


def _refused_line(file: str, count: int) -> str:
    return f"{file}：共 {count} 处问题，文件清单未导入，登记簿没有任何改动"


def export_command(db: Path, out: Path, *, traditional: bool) -> int:
    from desktop.ops.documents import export_documents

    refused = r.refuse_export_target(db, out)
    if refused is not None:
        return refused
    try:
        opened = r.open_for_reading(db)
    except r.CommandRefused as exc:
        return refuse([str(exc)])
    try:
        rows = export_documents(opened.register, out, traditional=traditional)
    except sqlite3.DatabaseError as exc:
        return refuse([r.failure_message(db, exc)])
    except OSError as exc:
        return refuse([r.os_message(out, exc)])
    finally:
        opened.close()
    script = "（繁体）" if traditional else ""
    print(f"已导出 {rows} 件规章和规范性文件到 {out}{script}")
    return r.EXIT_OK
