"""Unexpected errors: a Chinese dialog, the traceback in the log file, the program alive."""

from __future__ import annotations

import os
import sqlite3
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from desktop.store.location import log_dir
from desktop.ui import errors


@pytest.fixture
def reporter(qapp, tmp_path):
    rep = errors.install_error_handler(tmp_path / "logs")
    yield rep
    rep.uninstall()
    if rep.dialog is not None:
        rep.dialog.close()


class BrokenSlotError(RuntimeError):
    pass


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_shows_a_dialog_and_is_logged(qtbot, reporter):
    button = QPushButton("保存")
    qtbot.addWidget(button)
    clicks = []

    def broken_slot():
        clicks.append(1)
        raise BrokenSlotError("slot blew up 42")

    button.clicked.connect(broken_slot)
    with qtbot.waitSignal(reporter.shown, timeout=2000) as shown:
        button.click()
    box = shown.args[0]
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "意外错误" in box.text() and "可以继续工作" in box.text()
    assert str(reporter.log_path) in box.informativeText()
    log = reporter.log_path.read_text(encoding="utf-8")
    assert "BrokenSlotError: slot blew up 42" in log and "broken_slot" in log  # the traceback

    # The program is alive: the event loop still runs and the button still works.
    ticked = []
    QTimer.singleShot(0, lambda: ticked.append(1))
    qtbot.waitUntil(lambda: ticked == [1], timeout=1000)
    box.close()
    button.clicked.disconnect(broken_slot)
    button.clicked.connect(lambda: clicks.append(2))
    button.click()
    assert clicks == [1, 2]


@pytest.mark.qt_no_exception_capture
def test_a_storm_of_errors_gives_one_dialog_and_every_traceback_in_the_log(qtbot, reporter):
    for i in range(5):
        QTimer.singleShot(0, lambda i=i: (_ for _ in ()).throw(ValueError(f"storm {i}")))
    qtbot.waitUntil(lambda: reporter.count == 5, timeout=2000)
    qtbot.wait(50)
    dialogs = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert len(dialogs) == 1
    log = reporter.log_path.read_text(encoding="utf-8")
    assert all(f"storm {i}" in log for i in range(5))


def test_error_in_a_worker_thread_is_shown_by_the_gui_thread(qtbot, reporter):
    def work():
        raise sqlite3.OperationalError("database or disk is full")

    with qtbot.waitSignal(reporter.shown, timeout=2000) as shown:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
    assert "磁盘空间已满" in shown.args[0].text()
    assert "database or disk is full" in reporter.log_path.read_text(encoding="utf-8")


def test_default_log_folder_is_in_the_data_folder_and_private(qapp):
    rep = errors.install_error_handler()
    try:
        assert rep.log_path.parent == log_dir()
        rep.write_log(ValueError("x"), None)
        assert rep.log_path.exists()
        if os.name == "posix":
            assert rep.log_path.stat().st_mode & 0o777 == 0o600
            assert rep.log_path.parent.stat().st_mode & 0o777 == 0o700
    finally:
        rep.uninstall()


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (sqlite3.OperationalError("database or disk is full"), "磁盘空间已满"),
        (sqlite3.OperationalError("database is locked"), "正忙"),
        (sqlite3.DatabaseError("database disk image is malformed"), "备份与恢复"),
        (PermissionError(13, "denied", "/tmp/a.xlsx"), "/tmp/a.xlsx"),
        (OSError(28, "No space left on device"), "磁盘空间已满"),
        (KeyError("x"), "意外错误"),
    ],
)
def test_user_messages_are_short_chinese(exc, words):
    message = errors.user_message(exc)
    assert words in message and len(message) < 80


def test_report_exception_from_code_that_caught_it(qtbot, reporter):
    try:
        {}["missing"]
    except KeyError as exc:
        with qtbot.waitSignal(reporter.shown, timeout=2000):
            errors.report_exception(exc)
    log = reporter.log_path.read_text(encoding="utf-8")
    assert "KeyError: 'missing'" in log and "test_report_exception_from_code_that_caught_it" in log


def test_report_exception_without_a_handler_still_logs(qapp):
    rep = errors.reporter()
    if rep is not None:
        rep.uninstall()
    errors._reporter = None
    try:
        raise RuntimeError("no window yet")
    except RuntimeError as exc:
        errors.report_exception(exc)
    assert "RuntimeError: no window yet" in (log_dir() / errors.LOG_NAME).read_text(
        encoding="utf-8"
    )


# ---------------------------------------------------------------- the main window's own catchers
@pytest.fixture
def window(qtbot, register, monkeypatch, reporter):
    from desktop.ui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    win = MainWindow(register)
    qtbot.addWidget(win)
    win.shown_errors = []
    win.show_error = lambda title, text: win.shown_errors.append((title, text))
    win.show()
    qtbot.waitExposed(win)
    return win


def _no_reporter_dialog(reporter) -> bool:
    return reporter.dialog is None or not reporter.dialog.isVisible()


def test_background_task_failure_is_logged_and_shown_in_chinese(
    qtbot, window, reporter, threaded_ops
):
    from desktop.ui.ops import QueryOp

    done = []

    def export_that_breaks(reg):
        return {"rows": 1}["columns"]  # a bug in the worker

    QueryOp(window, export_that_breaks).with_progress("正在导出台账…").success(done.append).run()
    qtbot.waitUntil(lambda: bool(window.shown_errors), timeout=5000)
    ((title, text),) = window.shown_errors
    assert title == "操作失败" and done == []
    assert "意外错误" in text and str(reporter.log_path) in text
    assert "KeyError" not in text  # the clerk gets Chinese; the traceback is in the log
    log = reporter.log_path.read_text(encoding="utf-8")
    assert "KeyError: 'columns'" in log and "export_that_breaks" in log
    assert not window.bench.ops.busy and _no_reporter_dialog(reporter)  # one dialog, not two
    # The window goes on working: the next task succeeds.
    QueryOp(window, lambda reg: 7).with_progress("正在导出台账…").success(done.append).run()
    qtbot.waitUntil(lambda: done == [7], timeout=5000)


def test_background_task_failure_goes_to_the_callers_handler(qtbot, window, reporter, threaded_ops):
    from desktop.ui.ops import RegisterOp

    failures = []

    def full_disk(reg):
        raise sqlite3.OperationalError("database or disk is full")

    RegisterOp(window, full_disk).with_progress("正在导入台账…").failure(failures.append).run()
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert "磁盘空间已满" in failures[0] and str(reporter.log_path) in failures[0]
    assert window.shown_errors == [] and _no_reporter_dialog(reporter)
    assert "in full_disk" in reporter.log_path.read_text(encoding="utf-8")


def test_a_failing_feature_window_is_logged_and_shown_in_chinese(window, reporter):
    def open_broken_window(bench):
        raise AttributeError("'NoneType' object has no attribute 'year'")

    assert window.open_feature(open_broken_window) is None
    ((title, text),) = window.shown_errors
    assert title == "功能出错" and "意外错误" in text and str(reporter.log_path) in text
    log = reporter.log_path.read_text(encoding="utf-8")
    assert "AttributeError" in log and "open_broken_window" in log
    assert window.isVisible()


def test_a_feature_module_that_fails_to_import_is_logged_and_shown(
    window, reporter, tmp_path, monkeypatch
):
    import sys

    package = tmp_path / "brokenpkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "window.py").write_text("import desktop\nraise RuntimeError('half-installed')\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    def open_it(bench):  # a feature opener imports its module when first used
        from brokenpkg import window as broken  # noqa: F401

    window.open_feature(open_it)
    ((title, text),) = window.shown_errors
    assert title == "功能出错" and "意外错误" in text
    assert "RuntimeError: half-installed" in reporter.log_path.read_text(encoding="utf-8")
    sys.modules.pop("brokenpkg", None)
