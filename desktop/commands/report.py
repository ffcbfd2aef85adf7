"""`ogi report --db FILE --year Y [--format 2021|2019|2014] [--json OUT.json] [--xlsx OUT.xlsx] [--traditional]`.

Computes one year's statistics from the register (format by contract decision 7 unless given),
runs the logic checks, and writes the JSON and/or the workbook; with neither, prints the JSON.
Register-level problems and failed checks are printed on stderr as warnings: the report is still
written (it is what the register says), and the messages name the application numbers to fix.
Exit 0 done, 1 refused (no such register, unreadable file, cannot write the output), 2 usage.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from desktop.domain import report_formats as rf

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
MIN_YEAR, MAX_YEAR = 2008, 2100  # the Regulation took effect on 2008-05-01


def _err(message: str) -> None:
    print(message, file=sys.stderr)


class _Opened:
    def __init__(self, register, closer=None):
        self.register = register
        self._closer = closer or register.close

    def close(self) -> None:
        self._closer()


def _open(db: Path) -> _Opened:
    """Read-only, so a report never writes to the register and needs no lock. A register written by
    an older version is first brought up to date the way the window opens it (lock, migration)."""
    from desktop.store.register import Register, RegisterError
    from desktop.store.schema import SCHEMA_VERSION

    try:
        return _Opened(Register.open(db, readonly=True))
    except RegisterError:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError:
            raise RegisterError(f"登记簿文件 {db} 已损坏或不是登记簿") from None
        finally:
            conn.close()
        if not 0 < version < SCHEMA_VERSION:
            raise
    from desktop.store.lock import open_register

    opened = open_register(db, backup_on_open=False)
    return _Opened(opened.register, opened.close)


def run(args: argparse.Namespace) -> int:
    from desktop.ops import annual
    from desktop.reports.report_json import report_to_json
    from desktop.store.register import RegisterError

    year = int(args.year)
    if not MIN_YEAR <= year <= MAX_YEAR:
        _err(f"ogi report: 用法错误: 年度 {year} 不在 {MIN_YEAR}–{MAX_YEAR} 之间")
        return EXIT_USAGE
    db = Path(args.db)
    if not db.is_file():
        _err(f"登记簿文件 {db} 不存在")
        return EXIT_REFUSED
    try:
        opened = _open(db)
    except (RegisterError, OSError) as exc:
        _err(str(exc))
        return EXIT_REFUSED
    try:
        built = annual.build(opened.register, year, args.format)
    finally:
        opened.close()
    report, checks = built.report, built.checks
    for problem in built.problems:
        _err(f"登记簿检查：{problem}")
    for check in checks:
        for failure in check.failures:
            _err(f"勾稽关系不符：{failure.message}")

    if not args.json and not args.xlsx:
        sys.stdout.write(report_to_json(report, checks) + "\n")
        return EXIT_OK
    for target in (args.json, args.xlsx):
        if not target:
            continue
        path = Path(target)
        if not path.parent.is_dir():
            _err(f"无法写入 {path}：文件夹 {path.parent} 不存在")
            return EXIT_REFUSED
    try:
        if args.json:
            Path(args.json).write_text(report_to_json(report, checks) + "\n", encoding="utf-8")
            print(f"已写入 {args.json}")
        if args.xlsx:
            # openpyxl only for the workbook: ~0.1 s of imports a JSON-only report does not pay.
            from desktop.reports.stats_workbook import write_workbook

            write_workbook(report, args.xlsx, checks, traditional=bool(args.traditional))
            print(f"已写入 {args.xlsx}")
    except OSError as exc:
        _err(f"无法写入输出文件：{exc}")
        return EXIT_REFUSED
    name = rf.FORMATS[report.format].name
    print(
        f"{year}年度，{name}；勾稽关系{'全部通过' if all(c.ok for c in checks) else '有不符，见上'}"
    )
    return EXIT_OK
