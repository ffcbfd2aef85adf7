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

from desktop.commands.registers import (
    CommandRefused,
    failure_message,
    open_for_reading,
    open_for_writing,
    os_message,
)
from desktop.domain import report_formats as rf
from desktop.store import outputs
from desktop.store.outputs import OutputRefused, check_output

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
MIN_YEAR, MAX_YEAR = 2008, 2100  # the Regulation took effect on 2008-05-01


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from desktop.ops import annual
    from desktop.reports.report_json import report_to_json

    year = int(args.year)
    if not MIN_YEAR <= year <= MAX_YEAR:
        _err(f"ogi report: 用法错误: 年度 {year} 不在 {MIN_YEAR}–{MAX_YEAR} 之间")
        return EXIT_USAGE
    db = Path(args.db)
    if db.is_dir():
        _err(f"{db} 是文件夹，不是登记簿文件")
        return EXIT_REFUSED
    if not db.is_file():
        _err(f"登记簿文件 {db} 不存在")
        return EXIT_REFUSED
    # An output that is the register (`--json R.ogidb`) is refused before anything is read (F4).
    for target in (args.json, args.xlsx):
        if target:
            try:
                check_output(target, register=db)
            except OutputRefused as exc:
                _err(str(exc))
                return EXIT_REFUSED
    if getattr(args, "compare_submitted", False):
        return _compare_command(db, year, args.format, args.xlsx)
    if getattr(args, "unmark_submitted", None) is not None:
        return _unmark_command(db, year, args.format, args.unmark_submitted)
    marking = bool(getattr(args, "mark_submitted", False))
    if marking and not args.json and not args.xlsx:
        return _mark_command(db, year, args.format)
    try:
        # Read-only, so a report never writes to the register and needs no lock.
        opened = open_for_reading(db)
    except CommandRefused as exc:
        _err(str(exc))
        return EXIT_REFUSED
    try:
        built = annual.build(opened.register, year, args.format)
    except sqlite3.DatabaseError as exc:
        _err(failure_message(db, exc))
        return EXIT_REFUSED
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
        # Each output under a temporary name, renamed when complete: a full disk leaves the old
        # file or nothing, never a 0-byte report (F12).
        if args.json:
            outputs.write_text(args.json, report_to_json(report, checks) + "\n")
            print(f"已写入 {args.json}")
        if args.xlsx:
            # openpyxl only for the workbook: ~0.1 s of imports a JSON-only report does not pay.
            from desktop.reports.stats_workbook import write_workbook

            write_workbook(report, args.xlsx, checks, traditional=bool(args.traditional))
            print(f"已写入 {args.xlsx}")
    except OSError as exc:
        _err(f"无法写入输出文件：{os_message(Path(exc.filename or args.json or args.xlsx), exc)}")
        return EXIT_REFUSED
    name = rf.FORMATS[report.format].name
    print(
        f"{year}年度，{name}；勾稽关系{'全部通过' if all(c.ok for c in checks) else '有不符，见上'}"
    )
    if marking:  # exported, then marked 已报送 (the figures computed again, under the lock)
        return _mark_command(db, year, args.format)
    return EXIT_OK


# ------------------------------------------------------------------ the year lock (issue 14)


def _mark_command(db: Path, year: int, fmt: str | None) -> int:
    from desktop.ops import year_lock
    from desktop.store.year_lock import AlreadySubmitted

    try:
        opened = open_for_writing(db)
    except CommandRefused as exc:
        _err(f"无法标记已报送：{exc}")
        return EXIT_REFUSED
    try:
        marked = year_lock.mark_submitted(opened.register, year, fmt)
    except AlreadySubmitted as exc:
        _err(f"{exc}；如需重新报送，请先 --unmark-submitted “原因”")
        return EXIT_REFUSED
    except sqlite3.DatabaseError as exc:
        _err(failure_message(db, exc))
        return EXIT_REFUSED
    finally:
        opened.close()
    print(
        f"已将 {year}年度报告（{marked.format}年格式）标记为已报送（{marked.submitted_at.replace('T', ' ')}，"
        f"{len(marked.cells)} 个数字）；此后改变这些数字的修改须说明原因"
    )
    return EXIT_OK


def _unmark_command(db: Path, year: int, fmt: str | None, reason: str) -> int:
    from desktop.ops import year_lock
    from desktop.store.year_lock import NotSubmitted

    if not reason.strip():
        _err("ogi report: 用法错误: --unmark-submitted 须说明撤销原因")
        return EXIT_USAGE
    try:
        opened = open_for_writing(db)
    except CommandRefused as exc:
        _err(f"无法撤销报送：{exc}")
        return EXIT_REFUSED
    try:
        withdrawn = year_lock.unmark_submitted(opened.register, year, fmt, reason)
    except NotSubmitted as exc:
        _err(str(exc))
        return EXIT_REFUSED
    except sqlite3.DatabaseError as exc:
        _err(failure_message(db, exc))
        return EXIT_REFUSED
    finally:
        opened.close()
    print(
        f"已撤销 {year}年度报告（{withdrawn.format}年格式）的已报送标记；报送时的数字和修改记录仍保留"
    )
    return EXIT_OK


def _compare_command(db: Path, year: int, fmt: str | None, xlsx: str | None = None) -> int:
    import json

    from desktop.ops import year_lock

    try:
        opened = open_for_reading(db)
    except CommandRefused as exc:
        _err(str(exc))
        return EXIT_REFUSED
    try:
        comparison = year_lock.compare_submitted(opened.register, year, fmt)
    except sqlite3.DatabaseError as exc:
        _err(failure_message(db, exc))
        return EXIT_REFUSED
    finally:
        opened.close()
    if comparison is None:
        code = rf.get_format(fmt, year).code
        _err(f"{year}年度报告（{code}年格式）尚未标记为已报送，没有可比较的报送数字")
        return EXIT_REFUSED
    if xlsx:  # the differences and the log as a workbook (导出差异 of the window)
        from desktop.reports.year_lock_workbook import write_differences

        try:
            write_differences(
                xlsx, comparison.submission, comparison.differences, comparison.log, register=db
            )
        except OutputRefused as exc:
            _err(str(exc))
            return EXIT_REFUSED
        except OSError as exc:
            _err(f"无法写入输出文件：{os_message(Path(xlsx), exc)}")
            return EXIT_REFUSED
    sys.stdout.write(
        json.dumps(comparison_to_dict(comparison), ensure_ascii=False, indent=2) + "\n"
    )
    for line in comparison.differences:
        _err(
            f"与报送时不同：{line.table}“{line.row}”“{line.column}” 报送时 {_text(line.submitted)}，"
            f"现在 {_text(line.now)}"
        )
    return EXIT_OK


def _plain(value: object) -> object:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _text(value: object) -> str:
    return "空" if value is None else str(value)


def comparison_to_dict(comparison: object) -> dict[str, object]:
    """`ogi report --compare-submitted`'s JSON: the submission, the differing cells, the log."""
    from desktop.ops.year_lock import Comparison

    assert isinstance(comparison, Comparison)
    sub = comparison.submission
    return {
        "year": sub.year,
        "format": sub.format,
        "submitted_at": sub.submitted_at,
        "submitted_by": sub.submitted_by,
        "changed": comparison.changed,
        "differences": [
            {
                "table": d.table,
                "row": d.row,
                "column": d.column,
                "submitted": _plain(d.submitted),
                "now": _plain(d.now),
                "difference": _plain(d.difference),
            }
            for d in comparison.differences
        ],
        "log": [
            {
                "at": e.at,
                "user": e.user,
                "action": e.action,
                "subject": e.subject,
                "reason": e.reason,
            }
            for e in comparison.log
        ],
    }
