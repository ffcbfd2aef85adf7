"""The day's check and backup run after the window shows, and the status bar says when they end."""

from __future__ import annotations

import os
import threading

import pytest

from desktop.store import backup, integrity
from desktop.ui import app as app_module
from desktop.ui.daily_care import start_daily_care
from desktop.ui.main_window import MainWindow
from tests.faults.test_damaged_files import filled, seams  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def _no_due_board(monkeypatch):
    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)


def open_window(qtbot, path):
    opened = app_module.open_for_window(path)
    assert opened is not None
    window = MainWindow(opened.register)
    qtbot.addWidget(window)
    window.show()
    return opened, window


def test_window_paints_first_then_check_and_backup_run_on_a_worker(qtbot, tmp_path, monkeypatch):
    path = filled(tmp_path / "register.ogidb", with_backup=False)
    threads: list[threading.Thread] = []
    real_check = integrity.quick_check

    def watched(p):
        threads.append(threading.current_thread())
        return real_check(p)

    monkeypatch.setattr(integrity, "quick_check", watched)
    opened, window = open_window(qtbot, path)
    try:
        assert threads == []  # nothing read every page before the window
        assert window.model.rowCount() == 31
        task = start_daily_care(window, opened.daily)
        assert task is not None
        with qtbot.waitSignal(task.finished, timeout=20_000) as done:
            pass
        result = done.args[0]
        assert threads and threads[0] is not threading.main_thread()
        assert result.check.ok and result.backup is not None and result.backup.rows == 31
        assert [b.kind for b in backup.list_backups(path)] == ["auto"]
        text = task.label.text()
        assert text.startswith("今日检查完好，已备份（") and text.endswith("）")
        meta = "SELECT value FROM meta WHERE key = ?"
        assert window.register.conn.execute(meta, (integrity.LAST_CHECK_KEY,)).fetchone()
    finally:
        window.close()
        opened.close(window.register)


def test_damage_found_in_the_background_leads_to_the_restore(qtbot, tmp_path, seams):  # noqa: F811
    path = filled(tmp_path / "register.ogidb")  # a backup of 30, then one more application
    size = path.stat().st_size
    with path.open("rb+") as handle:  # garbage over a middle page: only quick_check sees it
        handle.seek(size // 2 // 4096 * 4096)
        handle.write(os.urandom(4096))
    opened, window = open_window(qtbot, path)
    try:
        task = start_daily_care(window, opened.daily)
        with qtbot.waitSignal(task.finished, timeout=20_000) as done:
            pass
        assert done.args[0].damaged
        [(check, best)] = seams["asked"]
        assert "已损坏" in check.problem and best.rows == 30
        assert task.label.text() == "登记簿检查发现损坏"
        assert window.register.count() == 30 and not window.register.readonly
        assert window.model.rowCount() == 30  # the table shows the restored register
        [kept] = [b for b in backup.list_backups(path) if b.kind == "damaged"]
        assert not integrity.quick_check(kept.path).ok  # the damaged file, kept as it was
        assert not [b for b in backup.list_backups(path) if b.kind == "auto"]
    finally:
        window.close()
        opened.close(window.register)
    assert integrity.full_check(path).ok


def test_declining_the_restore_leaves_the_register_open_as_it_is(qtbot, tmp_path, seams):  # noqa: F811
    seams["answer"] = False
    path = filled(tmp_path / "register.ogidb")
    size = path.stat().st_size
    with path.open("rb+") as handle:
        handle.seek(size // 2 // 4096 * 4096)
        handle.write(os.urandom(4096))
    opened, window = open_window(qtbot, path)
    try:
        task = start_daily_care(window, opened.daily)
        with qtbot.waitSignal(task.finished, timeout=20_000):
            pass
        assert len(seams["asked"]) == 1
        assert window.register is opened.register
        assert not [b for b in backup.list_backups(path) if b.kind == "damaged"]
    finally:
        window.close()
        opened.close(window.register)
