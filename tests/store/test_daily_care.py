"""The day's check and backup, run after the window opened (store/daily_care.py)."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime

from desktop.domain.application import Application
from desktop.store import backup, integrity
from desktop.store.lock import open_register
from desktop.store.register import Register
from tests.store.test_integrity import filled


def test_first_open_of_the_day_leaves_check_and_backup_to_the_background(tmp_path):
    path = filled(tmp_path / "r.ogidb", 50)
    opened = open_register(path, defer_daily=True)
    try:
        assert opened.check is not None and opened.check.ok and opened.check.deferred
        assert not opened.check.ran_quick_check  # only the header, before the window
        assert opened.backup is None and not backup.list_backups(path)
        daily = opened.daily
        assert daily is not None and daily.check_due and daily.backup_due
        result = daily.run()  # what the window's worker does
        assert result.check is not None and result.check.ok and result.check.ran_quick_check
        assert result.backup is not None and result.backup.rows == 50
        assert [b.kind for b in backup.list_backups(path)] == ["auto"]
        conn = opened.register.conn
        last = "SELECT value FROM meta WHERE key = ?"
        assert conn.execute(last, (integrity.LAST_CHECK_KEY,)).fetchone() is None
        integrity.mark_checked(conn)  # the window records it on its thread
        assert conn.execute(last, (integrity.LAST_CHECK_KEY,)).fetchone() is not None
    finally:
        opened.close()
    assert integrity.why_check_needed(path) == ""
    again = open_register(path, defer_daily=True)  # the same day: nothing left to do
    try:
        assert again.daily is None
    finally:
        again.close()


def test_after_an_unclean_shutdown_the_check_still_runs_before_opening(tmp_path):
    path = filled(tmp_path / "r.ogidb")
    crashed = Register.open(path)
    integrity.mark_open(crashed.conn)
    crashed.conn.close()  # killed: the "in use" marker stays
    opened = open_register(path, defer_daily=True)
    try:
        assert opened.check is not None and opened.check.ran_quick_check
        assert opened.check.why_checked == integrity.UNCLEAN
        assert opened.daily is not None and not opened.daily.check_due
    finally:
        opened.close()


def test_damage_found_in_the_background_skips_the_backup_and_names_the_good_one(tmp_path):
    path = filled(tmp_path / "r.ogidb", 300)
    good = backup.backup_file(path, kind="manual", now=datetime(2026, 11, 30, 9, 0))
    size = path.stat().st_size
    with path.open("rb+") as handle:  # garbage over a middle page: the header check passes
        handle.seek(size // 2 // 4096 * 4096)
        handle.write(os.urandom(4096))
    opened = open_register(path, defer_daily=True, backup_on_open=True)
    try:
        daily = opened.daily
        assert daily is not None and daily.check_due and daily.backup_due
        result = daily.run()
        assert result.damaged and "已损坏" in result.check.problem
        assert result.backup is None  # a damaged file never becomes the newest backup
        assert result.best_backup is not None and result.best_backup.path == good.path
        assert result.best_backup.rows == 300
        assert [b.path for b in backup.list_backups(path)] == [good.path]
    finally:
        opened.close()


def test_cancelled_before_it_starts_does_nothing(tmp_path):
    path = filled(tmp_path / "r.ogidb")
    opened = open_register(path, defer_daily=True)
    try:
        assert opened.daily is not None
        opened.daily.cancel()
        result = opened.daily.run()
        assert result.cancelled and result.check is None and result.backup is None
        assert not backup.list_backups(path)
    finally:
        opened.close()


def test_backup_from_its_own_connection_is_one_moment_and_does_not_wait_for_a_writer(tmp_path):
    path = filled(tmp_path / "r.ogidb", 20)
    register = Register.open(path)
    try:
        register.add(Application(date(2025, 4, 1), "邮寄", "自然人", "已提交"))
        conn = register.conn
        conn.execute("BEGIN IMMEDIATE")  # the clerk's save, not yet committed
        conn.execute("UPDATE applications SET applicant = '未提交' WHERE applicant = '已提交'")
        info = backup.backup_file(path, kind="manual")  # would time out if it waited
        conn.execute("COMMIT")
    finally:
        register.close()
    assert info.rows == 21
    copy = sqlite3.connect(info.path)
    names = {r[0] for r in copy.execute("SELECT applicant FROM applications")}
    copy.close()
    assert "已提交" in names and "未提交" not in names
    assert integrity.quick_check(info.path).ok
