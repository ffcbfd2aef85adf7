"""`ogi holidays import NOTICE.txt --db FILE [--yes]` and `ogi holidays show --year Y --db FILE`.

import: reads a State Council holiday notice as published (simplified or traditional, UTF-8 or GB18030),
prints what it understood, asks before saving when run at a terminal (not with --yes, nor when run
from a script, whose stdin is no terminal: a script could not answer) and stores it: the year's days are
replaced and the due dates that counted them are re-derived. Exit 1, with nothing stored, when the
notice cannot be understood (the message names the line) or the register cannot be written.
show: lists a year's days off and 调休 working weekends as the register holds them.
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
)
from desktop.domain.holiday_notice import (
    HolidayNotice,
    NoticeError,
    decode_notice,
    describe_days,
    differences,
    parse_notice,
)
from desktop.ops.calendar import import_notice
from desktop.ops.year_lock import ReasonRequired
from desktop.store import calendar_store
from desktop.store.register import Register, RegisterError

EXIT_OK, EXIT_REFUSED = 0, 1


def read_notice_text(path: Path) -> str:
    """The notice file's text (see `decode_notice`); NoticeError for a file that is not text."""
    return decode_notice(path.read_bytes())


def _os_message(path: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"通知文件 {path} 不存在"
    if isinstance(exc, IsADirectoryError):
        return f"{path} 是文件夹，不是通知文件"
    if isinstance(exc, PermissionError):
        return f"没有权限读取通知文件 {path}"
    return f"无法读取通知文件 {path}：{exc.strerror or exc}"


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _print_understood(path: Path, notice: HolidayNotice, register: Register) -> None:
    print(f"{path}：{notice.year}年部分节假日安排，读到 {len(notice.entries)} 项：")
    for line in notice.summary():
        print(f"  {line}")
    print(f"合计：放假 {len(notice.days_off)} 天，调休上班 {len(notice.working_days)} 天。")
    for warning in notice.warnings:
        print(f"注意：{warning}")
    existing = calendar_store.year_info(register, notice.year)
    if existing is not None:
        print(f"登记簿已有{notice.year}年的日历（来源：{existing.source}），保存后将被替换。")
        changed = differences(register.calendar(), notice)
        if changed:
            print("与现有日历相比，以下日子将改变：")
            for line in changed:
                print(f"  {line}")
        else:
            print("与现有日历相比，没有任何工作日或休息日改变。")
    _print_moving(calendar_store.deadlines_that_move(register, notice))


MOVING_SHOWN = 200  # a terminal full; the rest are counted


def _print_moving(moving: list[calendar_store.MovingDeadline]) -> None:
    """Decision 6 v2: the open applications whose due dates the notice moves, before saving."""
    if not moving:
        print("办理中的申请答复期限都不会因此改变。")
        return
    print(f"以下 {len(moving)} 件办理中的申请答复期限将改变（原期限 → 新期限）：")
    for item in moving[:MOVING_SHOWN]:
        print(f"  {item.describe()}")
    if len(moving) > MOVING_SHOWN:
        print(f"  ……另有 {len(moving) - MOVING_SHOWN} 件")


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _confirmed() -> bool:
    try:
        answer = input("保存到登记簿？[y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes", "是")


def run_import(args: argparse.Namespace) -> int:
    path = Path(args.notice)
    try:
        text = read_notice_text(path)
    except OSError as exc:
        _err(_os_message(path, exc))
        return EXIT_REFUSED
    except NoticeError as exc:
        _err(f"{path}：{exc}。未保存任何内容。")
        return EXIT_REFUSED
    try:
        notice = parse_notice(text)
    except NoticeError as exc:
        _err(f"{path}：{exc}。未保存任何内容。")
        return EXIT_REFUSED
    db = Path(args.db)
    if not db.exists():
        _err(f"登记簿文件 {db} 不存在")
        return EXIT_REFUSED
    try:
        # The one-writer lock and the full check, as every writer (F9): never while the window
        # holds the register, never into a damaged file.
        opened = open_for_writing(db)
    except CommandRefused as exc:
        _err(f"无法写入登记簿 {db}：{exc}。未保存任何内容。")
        return EXIT_REFUSED
    register = opened.register
    try:
        _print_understood(path, notice, register)
        if not args.yes and _interactive() and not _confirmed():
            _err("未保存：没有确认（可加 --yes 直接保存）。")
            return EXIT_REFUSED
        stored = import_notice(register, notice, getattr(args, "reason", None))
    except ReasonRequired as exc:
        _err(f"未保存：{exc}（加 --reason 说明原因）。")
        return EXIT_REFUSED
    except RegisterError as exc:
        _err(f"无法写入登记簿 {db}：{exc}")
        return EXIT_REFUSED
    except (sqlite3.Error, OSError) as exc:
        _err(failure_message(db, exc))
        return EXIT_REFUSED
    finally:
        opened.close()
    print(
        f"已保存{stored.year}年日历：放假 {stored.days_off} 天，调休上班 {stored.working_days} 天；"
        f"{stored.deadlines_changed} 件申请的答复期限已重新计算。"
    )
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    db = Path(args.db)
    try:
        opened = open_for_reading(db)
    except CommandRefused as exc:
        _err(str(exc))
        return EXIT_REFUSED
    register = opened.register
    try:
        info = calendar_store.year_info(register, args.year)
        next_info = calendar_store.year_info(register, args.year + 1)
        off, work = calendar_store.year_days(register, args.year)
    except sqlite3.DatabaseError as exc:
        _err(failure_message(db, exc))
        return EXIT_REFUSED
    finally:
        opened.close()
    if info is None:
        print(
            f"{args.year}年不在日历中：除《全国年节及纪念日放假办法》规定的法定节假日外按周一至周五"
            "计算（调休未知），据此算出的期限标为“未确认”。"
            f"国务院办公厅通知发布后，请用 ogi holidays import 导入。"
        )
    else:
        print(f"{args.year}年（来源：{info.source}，{info.added_at.replace('T', ' ')[:16]}）")
    for line in describe_days(off, work):
        print(f"  {line}")
    if info is not None:
        print(f"合计：放假 {len(off)} 天，调休上班 {len(work)} 天。")
    if info is not None and next_info is None:
        # notice_span: the next notice may still move these days (2018-12-29 上班 came with 2019's).
        print(
            f"12月25日至31日由{args.year + 1}年的通知安排，该通知尚未导入："
            f"期限经过这几天的申请标为“未确认”。"
        )
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    if args.holidays_command == "import":
        return run_import(args)
    return run_show(args)
