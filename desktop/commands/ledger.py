"""`ogi import-ledger` and `ogi export-ledger` (contract.md): the ledger workbook in and out.

Exit 0 done (one summary line on stdout); 1 refused: every problem on stderr, one line each, naming
file, sheet, row and column, and nothing written to the register or the output file; 2 wrong usage.

The import reads the ledger once, streamed, storing it batch by batch in one transaction (issue 12);
a refused row anywhere rolls everything back. Into a register file that did not exist, a refused
ledger leaves no file behind (the register made for it is removed again).
"""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
from pathlib import Path

from desktop.commands.registers import (
    EXIT_OK,
    EXIT_USAGE,
    CommandRefused,
    dispatch,
    failure_message,
    open_for_reading,
    open_for_writing,
    os_message,
    refuse,
    refuse_export_target,
    refuse_import_target,
    usage_error,
)

__all__ = ["EXIT_OK", "EXIT_USAGE", "export_command", "import_command", "run"]


def run(args: argparse.Namespace) -> int:
    return dispatch(
        args.command,
        {
            "import-ledger": lambda: import_command(
                Path(args.ledger), Path(args.db), reason=getattr(args, "reason", None)
            ),
            "export-ledger": lambda: export_command(
                Path(args.db),
                Path(args.out),
                year=args.year,
                traditional=bool(getattr(args, "traditional", False)),
                masked=not getattr(args, "unmasked", False),
            ),
        },
    )


def import_command(ledger: Path, db: Path, *, reason: str | None = None) -> int:
    from desktop.ops.ledger import import_ledger
    from desktop.ops.year_lock import ReasonRequired

    refused = refuse_import_target(db, "台账")
    if refused is not None:
        return refused
    made = [p for p in _register_files(db) if not p.exists()]  # what a refusal must take away
    try:
        # The one-writer lock (a register another clerk has open is refused, saying who holds
        # it) and a full integrity check: nothing is written into a damaged file.
        opened = open_for_writing(db)
    except CommandRefused as exc:
        return refuse([f"无法导入到登记簿 {db}：{exc}"])
    try:
        # One pass: a refused row stops the storing and rolls it back, and the rest of the ledger
        # is still read, so the clerk gets every refused row (clashes with the register too).
        result = import_ledger(opened.register, ledger, reason=reason)
    except ReasonRequired as exc:
        # Issue 14's year lock: a published figure moves only with a reason on record.
        opened.close()
        return refuse(
            [f"{ledger.name}：{exc}。请加 --reason “原因” 重新导入；台账未导入，登记簿没有任何改动"]
        )
    except (sqlite3.Error, OSError) as exc:
        opened.close()
        return refuse([failure_message(db, exc)])
    opened.close()
    if result.errors:
        if db in made:  # a refused ledger never leaves a new register file behind
            for path in made:
                with contextlib.suppress(OSError):
                    path.unlink()
        lines = [str(e) for e in result.errors]
        if result.error_count > len(result.errors):
            lines.append(f"……另有 {result.error_count - len(result.errors)} 处问题未列出")
        return refuse([*lines, _refused_line(result.file, result.error_count)])
    for note in result.notes:  # which sheet was read, columns ignored (F15)
        print(note)
    print(f"{result.summary()}（{ledger} → {db}）")
    return EXIT_OK


def _register_files(db: Path) -> list[Path]:
    return [db, *(db.with_name(db.name + tail) for tail in ("-wal", "-shm", "-journal", ".lock"))]


def _refused_line(file: str, count: int) -> str:
    return f"{file}：共 {count} 处问题，台账未导入，登记簿没有任何改动"


def export_command(
    db: Path, out: Path, *, year: int | None, traditional: bool, masked: bool
) -> int:
    from desktop.ops.ledger import export_ledger

    if year is not None and not 1990 <= year <= 2099:
        return usage_error(f"年份 {year} 不在 1990—2099 之间")
    refused = refuse_export_target(db, out)
    if refused is not None:
        return refused
    try:
        # Read-only: an export never writes to the register and needs no lock.
        opened = open_for_reading(db)
    except CommandRefused as exc:
        return refuse([f"无法打开登记簿 {db}：{exc}"])
    try:
        rows = export_ledger(
            opened.register, out, year=year, traditional=traditional, masked=masked
        )
    except sqlite3.DatabaseError as exc:
        return refuse([failure_message(db, exc)])
    except OSError as exc:
        return refuse([os_message(out, exc)])
    finally:
        opened.close()
    scope = f"{year}年收到的" if year is not None else ""
    privacy = "证件号码和电话已遮蔽" if masked else "证件号码和电话未遮蔽，请妥善保管"
    script = "，繁体" if traditional else ""
    print(f"已导出{scope} {rows} 条申请到 {out}（{privacy}{script}）")
    return EXIT_OK
