"""The operations runner (desktop.ui.ops): one worker with its own connection, progress, cancel,
errors in one place, and the changes an operation made told to the views once, on the GUI thread."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from desktop.domain.application import Application
from desktop.ops.progress import current
from desktop.store.changes import Changes
from desktop.store.register import Register, RegisterError
from desktop.ui import ops as ops_module
from desktop.ui.context import Workbench
from desktop.ui.ops import QueryOp, RegisterOp


def app(name: str) -> Application:
    return Application(date(2025, 3, 3), "网络", "自然人", name, content="预算")


class Host(QWidget):
    def __init__(self, register: Register):
        super().__init__()
        self.errors: list[tuple[str, str]] = []
        self.bench = Workbench(
            register, self, show_error=lambda title, text: self.errors.append((title, text))
        )


@pytest.fixture
def host(qtbot, register):
    widget = Host(register)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.bench.close()


def _busy_dialog(host: QWidget) -> QProgressDialog | None:
    found = [d for d in host.findChildren(QProgressDialog) if d.isVisible()]
    return found[0] if found else None


def test_a_query_runs_on_the_worker_with_its_own_connection(qtbot, host, register, threaded_ops):
    register.add(app("张三"))
    seen: dict[str, object] = {}
    results: list[int] = []

    def count(reg: Register) -> int:
        seen["thread"] = threading.current_thread()
        seen["register"] = reg
        return reg.count()

    def done(n: int) -> None:
        seen["callback thread"] = threading.current_thread()
        results.append(n)

    QueryOp(host, count).success(done).run()
    qtbot.waitUntil(lambda: results == [1], timeout=5000)
    assert seen["thread"] is not threading.main_thread()
    assert seen["callback thread"] is threading.main_thread()
    worker = seen["register"]
    assert isinstance(worker, Register) and worker is not register
    assert worker.conn is not register.conn and worker.path == register.path
    # The same worker (and connection) serves the next operation.
    QueryOp(host, lambda reg: seen.update(again=reg)).run()
    qtbot.waitUntil(lambda: "again" in seen, timeout=5000)
    assert seen["again"] is worker


def test_operations_run_one_after_another(qtbot, host, threaded_ops):
    release = threading.Event()
    order: list[str] = []

    def slow(reg: Register) -> None:
        order.append("slow starts")
        release.wait(5)
        order.append("slow ends")

    QueryOp(host, slow).run()
    QueryOp(host, lambda reg: order.append("quick")).run()
    qtbot.waitUntil(lambda: order == ["slow starts"], timeout=5000)
    qtbot.wait(100)
    assert order == ["slow starts"]  # the second waits for the first: one worker
    release.set()
    qtbot.waitUntil(lambda: not host.bench.ops.busy, timeout=5000)
    assert order == ["slow starts", "slow ends", "quick"]


def test_progress_is_shown_and_follows_the_work(qtbot, host, threaded_ops, monkeypatch):
    monkeypatch.setattr(ops_module, "BUSY_AFTER_MS", 0)
    step = threading.Event()
    go_on = threading.Event()
    finished: list[str] = []

    def work(reg: Register) -> str:
        progress = current()
        progress.update(1, 4, "正在检查第1个文件…")
        step.set()
        go_on.wait(5)
        progress.update(3, 4, "正在检查第3个文件…")
        go_on.clear()
        step.set()
        go_on.wait(5)
        return "完成"

    QueryOp(host, work).with_progress("正在检查…").success(finished.append).run()
    qtbot.waitUntil(lambda: _busy_dialog(host) is not None, timeout=5000)
    dialog = _busy_dialog(host)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.maximum() == 4 and dialog.value() == 1, timeout=5000)
    assert dialog.labelText() == "正在检查第1个文件…"
    assert not dialog.findChildren(QPushButton)  # not cancellable: no 取消 button
    step.clear()
    go_on.set()
    qtbot.waitUntil(lambda: step.is_set(), timeout=5000)
    qtbot.waitUntil(lambda: dialog.value() == 3, timeout=5000)
    go_on.set()
    qtbot.waitUntil(lambda: finished == ["完成"], timeout=5000)
    assert _busy_dialog(host) is None


def test_cancel_stops_the_work_and_rolls_it_back(qtbot, host, register, threaded_ops, monkeypatch):
    monkeypatch.setattr(ops_module, "BUSY_AFTER_MS", 0)
    started = threading.Event()
    outcome: list[str] = []

    def import_many(reg: Register) -> int:
        progress = current()
        with reg.transaction():
            for i in range(10_000):
                reg._insert(app(f"申请人{i}"))  # noqa: SLF001
                started.set()
                progress.update(i, 10_000)  # raises Cancelled once the clerk cancels
                threading.Event().wait(0.001)
        return 10_000

    RegisterOp(host, import_many).with_progress("正在导入…", cancellable=True).success(
        lambda n: outcome.append("success")
    ).failure(lambda m: outcome.append("failure")).cancelled(
        lambda: outcome.append("cancelled")
    ).run()
    qtbot.waitUntil(started.is_set, timeout=5000)
    qtbot.waitUntil(lambda: _busy_dialog(host) is not None, timeout=5000)
    dialog = _busy_dialog(host)
    assert dialog is not None
    [cancel] = dialog.findChildren(QPushButton)
    assert cancel.text() == "取消"
    cancel.click()
    qtbot.waitUntil(lambda: outcome != [], timeout=5000)
    assert outcome == ["cancelled"]
    assert register.count() == 0  # the transaction rolled back: nothing half-imported
    assert _busy_dialog(host) is None


def test_an_error_goes_to_one_place_and_a_refusal_is_shown_as_written(qtbot, host, reporter_off):
    QueryOp(host, lambda reg: 1 / 0).run()
    ((title, text),) = host.errors
    assert title == "操作失败" and "意外错误" in text and "ZeroDivisionError" not in text
    refused: list[str] = []

    def refuse(reg: Register) -> None:
        raise RegisterError("登记簿以只读方式打开，不能修改")

    RegisterOp(host, refuse).failure(refused.append).run()
    assert refused == ["登记簿以只读方式打开，不能修改"]  # no log path: it is not a failure
    assert len(host.errors) == 1


def test_the_views_hear_what_an_operation_changed_once(qtbot, host, register, threaded_ops):
    heard: list[Changes] = []
    host.bench.events.changed.connect(heard.append)
    added: list[object] = []
    RegisterOp(host, lambda reg: reg.add_many([app("张三"), app("李四")])).success(
        added.append
    ).run()
    qtbot.waitUntil(lambda: bool(added), timeout=5000)
    assert heard == [Changes(applications=True)]  # one notice for the whole operation
    assert register.count() == 2  # the GUI's connection sees the worker's commit


def test_a_dialog_closed_meanwhile_gets_no_callback(qtbot, host, threaded_ops):
    dialog = QWidget(host)  # e.g. a preview dialog the clerk closes while its file is read
    release = threading.Event()
    called: list[int] = []
    QueryOp(dialog, lambda reg: release.wait(5) and 1).success(called.append).run()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not _alive(dialog), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: not host.bench.ops.busy, timeout=5000)
    assert called == []


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


def test_inline_runner_gives_the_result_at_once(qtbot, host):
    results: list[int] = []
    QueryOp(host, lambda reg: 41 + 1).success(results.append).run()
    assert results == [42] and not host.bench.ops.busy


@pytest.fixture
def reporter_off(monkeypatch, tmp_path):
    """No installed error handler: failure_message logs to the test's data folder only."""
    from desktop.ui import errors

    monkeypatch.setattr(errors, "_reporter", None)


def test_garbage_holding_qt_objects_is_collected_on_the_gui_thread_only(qtbot):
    """Python's cycle collector runs on whichever thread allocates. Left on, an import on the worker
    destroyed a Qt object from an earlier window's garbage there (the wrong thread). The window's
    collector turns automatic collection off and collects on the GUI thread."""
    import gc

    from PySide6.QtCore import QObject

    from desktop.ui.ops import MainThreadCollector

    destroyed_on: list[str] = []

    class Owned(QObject):
        def __del__(self) -> None:
            destroyed_on.append(threading.current_thread().name)

    def garbage() -> None:
        owned = Owned()  # no parent: Python owns it
        owned.cycle = owned  # type: ignore[attr-defined]  # only the cycle collector frees it

    def allocate() -> None:
        kept = [[i] for i in range(100_000)]  # well past the young generation's threshold
        del kept

    gc.collect()
    collector = MainThreadCollector()
    try:
        garbage()
        worker = threading.Thread(target=allocate, name="ogi-worker")
        worker.start()
        worker.join(30)
        assert destroyed_on == []  # not on the worker
        gc.collect()  # what the collector's timer does on the GUI thread
        assert destroyed_on == [threading.main_thread().name]
    finally:
        collector.uninstall()
    assert gc.isenabled()


def test_a_worker_beside_the_window_makes_python_hand_the_gil_back_quickly(qtbot, register):
    # With the default 5 ms, every call Qt makes into Python on the GUI thread (data() ~1,500
    # times a repaint) could wait 5 ms for a worker running Python: repaints of 15 ms took 100+.
    import sys

    from desktop.ui.register_model import RowReader

    previous = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)
        bench = Workbench(register, QWidget())  # its runner
        bench.close()
        assert sys.getswitchinterval() == pytest.approx(ops_module.GUI_SWITCH_INTERVAL_S)
        sys.setswitchinterval(0.005)
        RowReader(register)
        assert sys.getswitchinterval() == pytest.approx(ops_module.GUI_SWITCH_INTERVAL_S)
    finally:
        sys.setswitchinterval(previous)
