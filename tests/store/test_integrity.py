"""The open-time integrity check: cheap header check always, quick_check after a crash or daily."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path

from desktop.domain.application import Application
from desktop.store import integrity
from desktop.store.register import Register


def filled(path: Path, n: int = 40) -> Path:
    reg = Register.open(path)
    reg.add_many(
        Application(date(2025, 3, 3), "网络", "自然人", f"申请人{i}", content="申请公开" * 50)
        for i in range(n)
    )
    reg.close()
    return path


def test_sound_register_passes_every_level(tmp_path):
    path = filled(tmp_path / "r.ogidb")
    assert integrity.check_header(path).ok
    assert integrity.quick_check(path).ok
    assert integrity.full_check(path).ok


def test_truncated_file_is_caught_by_the_cheap_header_check(tmp_path):
    path = filled(tmp_path / "r.ogidb")
    size = path.stat().st_size
    with path.open("rb+") as handle:
        handle.truncate(size // 2)
    result = integrity.check_header(path)
    assert not result.ok
    assert "被截断" in result.problem and str(path) in result.problem
    assert not integrity.check_on_open(path).ok


def test_garbage_file_is_not_a_register(tmp_path):
    path = tmp_path / "r.ogidb"
    path.write_bytes(os.urandom(50_000))
    result = integrity.check_on_open(path)
    assert not result.ok
    assert "不是登记簿文件" in result.problem


def test_text_file_with_sqlite_magic_but_broken_pages(tmp_path):
    path = tmp_path / "r.ogidb"
    path.write_bytes(integrity.SQLITE_MAGIC + b"\x10\x00" + os.urandom(8190))
    assert not integrity.check_on_open(path).ok


def test_damaged_page_in_the_middle_is_caught_by_quick_check(tmp_path):
    path = filled(tmp_path / "r.ogidb", 300)
    size = path.stat().st_size
    with path.open("rb+") as handle:  # same length, garbage over a middle page
        handle.seek(size // 2 // 4096 * 4096)
        handle.write(os.urandom(4096))
    assert integrity.check_header(path).ok  # the cheap check cannot see this ...
    result = integrity.quick_check(path)  # ... quick_check can
    assert not result.ok and result.details


def test_empty_file_is_new_only_when_there_is_nothing_to_restore(tmp_path):
    path = tmp_path / "r.ogidb"
    path.write_bytes(b"")
    assert integrity.check_on_open(path, empty_is_new=True).ok
    result = integrity.check_on_open(path, empty_is_new=False)
    assert not result.ok and "空的" in result.problem


def test_missing_file_is_a_new_register(tmp_path):
    assert integrity.check_on_open(tmp_path / "new.ogidb").ok


def test_quick_check_runs_after_an_unclean_close_and_once_a_day(tmp_path):
    path = filled(tmp_path / "r.ogidb")
    today = date(2026, 3, 2)
    first = integrity.check_on_open(path, today=today)
    assert first.ok and first.ran_quick_check and first.why_checked == "今天首次打开"

    reg = Register.open(path)
    integrity.mark_open(reg.conn, checked=first, now=datetime(2026, 3, 2, 9))
    integrity.mark_closed(reg.conn)
    reg.close()
    again = integrity.check_on_open(path, today=today)
    assert again.ok and not again.ran_quick_check  # checked today, closed cleanly

    reg = Register.open(path)
    integrity.mark_open(reg.conn)
    reg.close()  # no mark_closed: as after a crash
    crashed = integrity.check_on_open(path, today=today)
    assert crashed.ran_quick_check and crashed.why_checked == "上次未正常关闭"

    reg = Register.open(path)
    integrity.mark_closed(reg.conn)
    reg.close()
    tomorrow = integrity.check_on_open(path, today=today + timedelta(days=1))
    assert tomorrow.ran_quick_check and tomorrow.why_checked == "今天首次打开"
