"""A truncated or garbage register gets the restore path (one click), never a crash."""

from __future__ import annotations

import argparse
import os
from datetime import date

import pytest

from desktop.domain.application import Application
from desktop.store import backup, integrity, lock
from desktop.ui import app as app_module
from desktop.ui import errors


def filled(path, n=30, *, with_backup=True):
    opened = lock.open_register(path, backup_on_open=False)
    opened.register.add_many(
        Application(date(2025, 6, 2), "网络", "自然人", f"申请人{i}", content="内容" * 300)
        for i in range(n)
    )
    if with_backup:
        backup.make_backup(opened.register)
    opened.register.add(Application(date(2025, 6, 3), "当面", "自然人", "备份之后"))
    opened.close()
    return path


def truncate(path):
    with path.open("rb+") as handle:
        handle.truncate(path.stat().st_size // 3)


def garbage(path):
    path.write_bytes(os.urandom(path.stat().st_size))


def middle_page(path):
    size = path.stat().st_size
    with path.open("rb+") as handle:
        handle.seek(size // 2 // 4096 * 4096)
        handle.write(os.urandom(4096))
    # As after a crash: the marker makes the next open run quick_check.
    conn = integrity._connect_existing(path)
    integrity.mark_open(conn)
    conn.close()


@pytest.fixture
def seams(monkeypatch):
    said: dict[str, list] = {"asked": [], "told": []}

    def ask(parent, check, best):
        said["asked"].append((check, best))
        return said.get("answer", True)

    monkeypatch.setattr(app_module, "ask_restore", ask)
    monkeypatch.setattr(
        app_module, "show_problem", lambda parent, text, **kw: said["told"].append(text)
    )
    return said


@pytest.mark.parametrize(
    ("damage", "words"),
    [(truncate, "被截断"), (garbage, "不是登记簿文件"), (middle_page, "已损坏")],
)
def test_damaged_register_is_restored_with_one_click(qapp, tmp_path, seams, damage, words):
    path = filled(tmp_path / "register.ogidb")
    damage(path)
    damaged_bytes = path.read_bytes()
    opened = app_module.open_for_window(path)
    assert opened is not None, seams["told"]
    [(check, best)] = seams["asked"]
    assert words in check.problem and best.rows == 30
    assert opened.register.count() == 30 and not opened.register.readonly
    [kept] = [b for b in backup.list_backups(path) if b.kind == "damaged"]
    assert kept.path.read_bytes() == damaged_bytes  # the damaged file is kept as it was
    opened.close()
    assert integrity.full_check(path).ok


@pytest.mark.parametrize("damage", [truncate, garbage])
def test_declining_the_restore_leaves_the_file_alone(qapp, tmp_path, seams, damage):
    path = filled(tmp_path / "register.ogidb")
    damage(path)
    before = path.read_bytes()
    seams["answer"] = False
    assert app_module.open_for_window(path) is None
    assert path.read_bytes() == before
    assert lock.RegisterLock.acquire(path).release() is None  # lock released


def test_without_any_backup_the_clerk_is_told_and_nothing_changes(qapp, tmp_path, seams):
    path = filled(tmp_path / "register.ogidb", with_backup=False)
    garbage(path)
    before = path.read_bytes()
    assert app_module.open_for_window(path) is None
    assert seams["asked"] == []
    assert "没有找到可用的备份" in seams["told"][0] and path.read_bytes() == before


def test_the_program_itself_starts_on_a_garbage_register(qtbot, tmp_path, seams, monkeypatch):
    from desktop.ui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    path = filled(tmp_path / "register.ogidb")
    garbage(path)
    args = argparse.Namespace(db=str(path), traditional_ui=False, grab=None, exit_after=300)
    try:
        assert app_module.run_gui(args) == 0
        # One short event loop after app.exec(): without it pytest-qt's later waits return at
        # once (Qt keeps the application's "quit" state), and later tests in the process stall.
        qtbot.wait(20)
    finally:
        reporter = errors.reporter()
        if reporter is not None:
            reporter.uninstall()
    assert len(seams["asked"]) == 1 and seams["told"] == []
    assert integrity.full_check(path).ok
    assert lock.RegisterLock.acquire(path).release() is None
    assert integrity.why_check_needed(path) != "上次未正常关闭"  # closed cleanly on exit


def test_the_program_offers_restore_for_damage_found_after_the_morning_check(
    qtbot, tmp_path, seams, monkeypatch
):
    """F3: a page broken after today's check passed made MainWindow's first query fail and the
    program exit with a traceback; now the restore path is offered and the window opens."""
    from desktop.ui.main_window import MainWindow
    from tests.faults.test_hostile_registers import _damage_a_leaf_page, checkpointed, make_register

    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    path = make_register(tmp_path / "register.ogidb", 120)
    lock.open_register(path, backup_on_open=True).close()  # today's backup and check passed
    _damage_a_leaf_page(checkpointed(path))
    assert integrity.check_on_open(path).ok and not integrity.quick_check(path).ok
    args = argparse.Namespace(db=str(path), traditional_ui=False, grab=None, exit_after=300)
    try:
        assert app_module.run_gui(args) == 0
        qtbot.wait(20)
    finally:
        reporter = errors.reporter()
        if reporter is not None:
            reporter.uninstall()
    assert len(seams["asked"]) == 1
    assert integrity.quick_check(path).ok  # the backup from before the damage is back
