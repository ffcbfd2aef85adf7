"""The day's check and backup in the window's background, shown in the status bar.

The window opens after the header check. This module then runs `store.daily_care.DailyCare`: the
quick_check, then the daily backup through SQLite's online backup API, on a thread of its own with
its own connections, while the clerk works. The status bar says what runs and when it ended
("今日检查完好，已备份 09:02"). A failed backup is reported as before. Damage found by the check
leads to the restore path: the same one-click restore of the newest good backup as at start-up
(the damaged file is kept in the backups folder), after which the window re-opens the register.

It runs on its own thread, not on the window's operation worker: a backup takes seconds at a
million applications, and the clerk's own work (a save, a report) must not queue behind it.
"""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QLabel

from desktop.store import backup, integrity
from desktop.store.daily_care import DailyCare, DailyCareResult
from desktop.store.register import Register
from desktop.ui.errors import report_exception

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow
from desktop.ui.i18n import t
from desktop.ui.ops import RegisterOp

RESTORING = "正在恢复登记簿（损坏的文件先另存到备份文件夹）…"


class _Bridge(QObject):
    # Owned by the worker's closure, not by the window: the window may close (and be deleted)
    # before the worker ends; Qt then drops the queued calls to the deleted task.
    step = Signal(str)
    done = Signal(object)


class DailyCareTask(QObject):
    """One background run for one window. `finished` is emitted on the GUI thread when done."""

    finished = Signal(object)  # DailyCareResult, after the window has acted on it

    def __init__(self, window: MainWindow, daily: DailyCare):
        super().__init__(window)
        self.window = window
        self.daily = daily
        self.result: DailyCareResult | None = None
        self.closed = False  # the window closed: its register is closed, nothing more to do
        self.label = QLabel(window)
        window.statusBar().addPermanentWidget(self.label)
        bridge = _Bridge()
        bridge.step.connect(self._show_step)
        bridge.done.connect(self._finish)
        window.installEventFilter(self)  # a closing window cancels what has not started
        self._thread = threading.Thread(
            target=self._work, args=(daily, bridge), name="ogi-daily-care", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """For tests and the bench: block until the worker is done (True) or `timeout` passes."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @staticmethod
    def _work(daily: DailyCare, bridge: _Bridge) -> None:
        result: object
        try:
            result = daily.run(on_step=bridge.step.emit)
        except Exception as exc:  # reported on the GUI thread, never lost
            result = exc
        bridge.done.emit(result)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window and event.type() == QEvent.Type.Close and event.isAccepted():
            self.closed = True
            self.daily.cancel()
        return False

    def _show_step(self, label: str) -> None:
        self.label.setText(t("后台：") + t(label))

    def _finish(self, result: object) -> None:
        if self.closed:
            return
        if isinstance(result, BaseException):
            report_exception(result)
            self.label.setText(t("今日检查与备份未能完成，详见错误日志"))
            return
        assert isinstance(result, DailyCareResult)
        self.result = result
        register = self.window.register
        if result.cancelled:
            self.label.clear()
        elif result.damaged:
            self.label.setText(t("登记簿检查发现损坏"))
            offer_restore(self.window, result)
        else:
            if result.check is not None and not register.readonly:
                integrity.mark_checked(register.conn)
            self.label.setText(self._summary(result))
            if result.backup_problem:
                from desktop.ui.app import show_problem

                show_problem(
                    self.window,
                    t("今天的自动备份没有成功：") + result.backup_problem,
                    warning=True,
                )
        self.finished.emit(result)

    @staticmethod
    def _summary(result: DailyCareResult) -> str:
        """E.g. 今日检查完好，已备份（09:02）: what ended, and when."""
        parts = []
        if result.check is not None:
            parts.append(t("今日检查完好"))
        if result.backup is not None:
            parts.append(t("已备份"))
        elif result.backup_problem:
            parts.append(t("今日备份未成功"))
        if not parts:
            return ""
        return "，".join(parts) + datetime.now().strftime("（%H:%M）")


def start_daily_care(window: MainWindow, daily: DailyCare | None) -> DailyCareTask | None:
    """Run the day's check and backup of the window's register in the background (None: not due)."""
    if daily is None or not daily.due:
        return None
    task = DailyCareTask(window, daily)
    task.start()
    return task


def offer_restore(window: MainWindow, result: DailyCareResult) -> bool:
    """Damage found while the window is open: offer the newest good backup, as at start-up.

    True if the restore started; it runs on the window's worker, with the window's connection
    closed meanwhile (`Workbench.close_register`), and the window re-opens the file after it,
    restored or as it was.
    """
    from desktop.ui.app import ask_restore, show_problem

    check = result.check
    assert check is not None
    best = result.best_backup
    if best is None:
        show_problem(
            window,
            check.problem
            + "\n\n"
            + t("没有找到可用的备份。请不要再修改登记簿，把它交给技术人员处理。"),
        )
        return False
    if not ask_restore(window, check, best):
        return False
    bench = window.bench
    path = bench.register.path
    ops = bench.ops

    def swap(reg: Register) -> Path:
        reg.close()  # the worker's own connection: no handle may stay open on the file
        ops.forget_worker_register()
        return backup.restore_damaged(path, best.path)

    def reopen() -> None:
        bench.reopen(path)  # restored, or as it was
        if not bench.register.readonly:
            integrity.mark_open(bench.register.conn)

    def failed(message: str) -> None:
        reopen()
        show_problem(window, t("恢复失败：") + message)

    bench.close_register()
    RegisterOp(window, swap).with_progress(RESTORING, application_modal=True).success(
        lambda _path: reopen()
    ).failure(failed).run()
    return True
