"""Start-up on a big register: the slow steps run off the GUI thread behind a busy message."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from desktop.store import backup, integrity
from desktop.store.lock import BACKING_UP, CHECKING
from desktop.ui import app as app_module
from desktop.ui import ops as ops_module


def _visible_busy_labels() -> list[str]:
    return [
        w.labelText()
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.isVisible()
    ]


def _hold_until_painted(seen: dict, name: str, release: threading.Event) -> None:
    """On the GUI thread: once the worker is inside the step, note the busy message shown."""
    if name in seen and _visible_busy_labels():
        seen[name + " label"] = _visible_busy_labels()[0]
        release.set()
    else:
        QTimer.singleShot(10, lambda: _hold_until_painted(seen, name, release))


def test_check_and_backup_run_on_a_worker_while_the_busy_message_shows(
    qtbot, qapp, tmp_path, monkeypatch
):
    monkeypatch.setattr(ops_module, "BUSY_AFTER_MS", 0)
    path = tmp_path / "register.ogidb"
    first = app_module.open_for_window(path)  # creates it; today's backup taken
    assert first is not None
    first.close()
    path.with_name(path.name + ".lock").unlink()
    for old in (path.parent / "backups").glob("*.ogidb"):
        old.unlink()  # so that today's automatic backup is due again

    seen: dict = {}
    checked, backed_up = threading.Event(), threading.Event()
    real_check, real_backup = integrity.check_on_open, backup.auto_backup

    def watched_check(*args, **kwargs):
        seen["check"] = threading.current_thread()
        assert checked.wait(10), "the busy message never painted"
        return real_check(*args, **kwargs)

    def watched_backup(register, now=None):
        seen["backup"] = threading.current_thread()
        assert backed_up.wait(10), "the busy message never painted"
        return real_backup(register, now)

    monkeypatch.setattr(integrity, "check_on_open", watched_check)
    monkeypatch.setattr(backup, "auto_backup", watched_backup)
    QTimer.singleShot(0, lambda: _hold_until_painted(seen, "check", checked))
    QTimer.singleShot(0, lambda: _hold_until_painted(seen, "backup", backed_up))
    # Not deferred: the unclean-shutdown check and a schema upgrade still take this path.
    opened = app_module.open_for_window(path, defer_daily=False)
    try:
        assert opened is not None and opened.backup is not None
        gui = threading.current_thread()
        assert seen["check"] is not gui and seen["backup"] is not gui
        assert seen["check label"] == CHECKING and seen["backup label"] == BACKING_UP
        assert _visible_busy_labels() == []  # gone once the register is open
    finally:
        if opened is not None:
            opened.close()


def test_an_error_in_a_slow_step_comes_back_to_the_caller(qapp):
    def broken() -> int:
        raise ZeroDivisionError("in the worker")

    with pytest.raises(ZeroDivisionError, match="in the worker"):
        ops_module.run_modal(None, CHECKING, broken)
    assert ops_module.run_modal(None, CHECKING, lambda: 42) == 42


def test_opening_a_damaged_register_from_the_window_gets_the_start_up_dialogs(
    qtbot, register, tmp_path, monkeypatch
):
    from desktop.ui.main_window import MainWindow

    told: list[str] = []
    monkeypatch.setattr(
        app_module, "show_problem", lambda parent, text, warning=False: told.append(text)
    )
    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    window = MainWindow(register)
    qtbot.addWidget(window)
    garbage = b"not a register " * 500
    bad = tmp_path / "别处的.ogidb"
    bad.write_bytes(garbage)
    assert window.open_register_window(bad) is None
    assert len(told) == 1 and "没有找到可用的备份" in told[0]
    assert bad.read_bytes() == garbage  # untouched
