"""Background work in the window: one runner, one worker, one place where errors are reported.

In the spirit of Anki's CollectionOp/QueryOp (qt/aqt/operations):

    QueryOp(self, lambda reg: annual.build(reg, year, fmt)).with_progress("正在统计…").success(
        self.show
    ).run()
    RegisterOp(self, lambda reg: ledger.import_file(reg, path, progress=current_progress())) \
        .with_progress("正在导入台账…", cancellable=True).success(self.done).run()

- The function runs on the window's single worker thread (`OpRunner`), which owns a second
  connection to the register (`Register.sibling`): work is serialised there, one operation after
  another, and the GUI thread keeps its own connection for painting the table. Nothing is shared
  between threads but the file (SQLite locks it; WAL lets the GUI read while the worker writes).
- `success(result)` and `failure(message)` run on the GUI thread, and only if the widget that
  started the operation still exists. An exception is logged with its traceback and the clerk gets
  the short Chinese message of `errors.failure_message`: by default in one error dialog.
- A `RegisterOp` collects what its commits changed (`Changes`) and hands it to the window's
  `RegisterEvents` once it is done, so every view refreshes once, on the GUI thread.
- `with_progress(label)` shows a busy dialog after `BUSY_AFTER_MS` (no flash for quick work); with
  `cancellable=True` it has 取消, which makes the operation's `Progress.check()` raise `Cancelled`
  (its transaction rolls back; neither callback runs, `cancelled(cb)` does).
- Tests switch `OpRunner.inline_default` on: operations then run at once on the calling thread,
  through the same code, so a test reads the result on the next line.

`run_modal` is the one blocking variant, for opening a register before any window (and so any
runner) exists: the start-up check and the daily backup behind an application-modal message.
"""

from __future__ import annotations

import gc
import itertools
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop import APP_NAME
from desktop.ops.progress import Cancelled, Progress, set_current
from desktop.ops.progress import current as current_progress
from desktop.store.changes import NOTHING, Changes
from desktop.store.register import (
    DuplicateNumberError,
    Register,
    RegisterError,
    ValidationError,
)
from desktop.ui.errors import failure_message
from desktop.ui.i18n import t

if TYPE_CHECKING:
    from desktop.ui.context import Workbench
    from desktop.ui.events import RegisterEvents

__all__ = [
    "BUSY_AFTER_MS",
    "Cancelled",
    "MainThreadCollector",
    "OpRunner",
    "Progress",
    "QueryOp",
    "RegisterOp",
    "current_progress",
    "freeze_start_up_objects",
    "run_modal",
    "share_the_gil_with_the_gui",
]

T = TypeVar("T")

# Work that ends sooner shows no busy message at all (no flash on a small register).
BUSY_AFTER_MS = 400
POLL_MS = 100  # how often the dialog reads the worker's progress


# Each call Qt makes into Python on the GUI thread (a model's data(), an event filter, a timer)
# first takes the GIL back. While a worker runs Python (statistics, an import, an export) that waits
# up to the switch interval, 5 ms by default, at EVERY call: a table repaint of 15–20 ms of work
# took 105 ms (worst 241) beside a busy worker, 39 ms (86) at 0.5 ms; on a quiet machine 28 (38) at
# 5 ms, 19 (27) at 0.5 ms, 12 (16) at 0.2 ms (bench/bench_gil_switch.py). The worker gives the GIL
# up more often only while the GUI thread is waiting for it, so its own pace is unchanged otherwise.
GUI_SWITCH_INTERVAL_S = 0.0002


def share_the_gil_with_the_gui() -> None:
    """Called wherever a worker thread starts beside the window (the runner, the table's reader)."""
    if sys.getswitchinterval() > GUI_SWITCH_INTERVAL_S * 1.01:  # (it reads back rounded)
        sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)


@dataclass
class _Outcome:
    result: Any = None
    error: BaseException | None = None
    cancelled: bool = False
    changes: Changes = NOTHING


class _Bridge(QObject):
    # Emitted on the worker thread; the receiver lives on the GUI thread, so the call is queued.
    # It carries a number only: the operation and its outcome wait in the runner's dicts, so the
    # worker never holds the last reference to anything Qt (see `OpRunner.submit`).
    finished = Signal(int)


class OpRunner(QObject):
    """The window's worker: one thread, its own connection, operations one after another."""

    inline_default: ClassVar[bool] = False

    def __init__(
        self,
        register: Register,
        events: RegisterEvents,
        parent: QObject | None = None,
        *,
        inline: bool | None = None,
    ):
        super().__init__(parent)
        share_the_gil_with_the_gui()
        self.register = register
        self.events = events
        self._inline = inline  # None: the class default (tests switch it for every runner)
        self._worker_register: Register | None = None
        self._pending = NOTHING  # changes collected during the running operation (worker thread)
        self._executor: ThreadPoolExecutor | None = None
        self._bridge = _Bridge()
        self._bridge.finished.connect(self._delivered, Qt.ConnectionType.QueuedConnection)
        self.running: list[_Op[Any]] = []  # submitted and not yet reported back
        self._submitted: dict[int, _Op[Any]] = {}  # by ticket, until the GUI thread takes it back
        self._outcomes: dict[int, _Outcome] = {}
        self._tickets = itertools.count(1)
        self.operations_run = 0  # for tests and the bench

    @property
    def inline(self) -> bool:
        return OpRunner.inline_default if self._inline is None else self._inline

    # ------------------------------------------------------------------ the worker's register
    def _worker(self) -> Register:
        """The worker's connection, opened on first use (on the worker thread)."""
        if self._worker_register is None:
            register = self.register.sibling()
            if register is not self.register:
                register.add_listener(self._collect)
            self._worker_register = register
        return self._worker_register

    def _collect(self, changes: Changes) -> None:
        self._pending = self._pending | changes

    def _close_worker(self) -> None:
        register, self._worker_register = self._worker_register, None
        if register is not None and register is not self.register:
            register.close()

    def set_register(self, register: Register) -> None:
        """Work on another register from now on (after a restore); the old connection closes."""
        self._submit_raw(self._close_worker)
        self.register = register

    def forget_worker_register(self) -> None:
        """On the worker, inside an operation that closed the worker's connection (a restore)."""
        self._worker_register = None

    def release(self) -> None:
        """Close the worker's connection now (a restore must close every connection to the file)."""
        self._submit_raw(self._close_worker)

    def shutdown(self) -> None:
        """Wait for the running operation, then close the worker's connection (window closing)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        self._close_worker()

    # ------------------------------------------------------------------ running
    def _submit_raw(self, work: Callable[[], None]) -> None:
        if self.inline or self._executor is None:
            work()
            return
        self._executor.submit(work).result()  # quick (closing a connection): wait for it

    def submit(self, op: _Op[Any]) -> None:
        """Run `op` on the worker; its callbacks run on the GUI thread.

        Qt objects must be destroyed on the thread they live on. An operation holds Qt objects
        (its parent widget, the busy dialog, callbacks that close over windows), and so may the
        result or the error's traceback. So the worker gets only a ticket: it looks the operation up,
        runs it, parks the outcome under the ticket and lets go of both before it signals; the GUI
        thread takes them back. The worker thus never drops the last reference to a Qt object,
        which would delete it on the wrong thread (a crash, or a deadlock between the GIL and Qt's
        locks: the runner's cancel test hung twice in full runs under load).
        """
        self.running.append(op)
        if self.inline:
            self._finished(op, self._execute(op))
            return
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ogi-worker")
        ticket = next(self._tickets)
        self._submitted[ticket] = op
        self._executor.submit(self._work, ticket)

    def _work(self, ticket: int) -> None:
        """On the worker thread."""
        outcome = self._execute(self._submitted[ticket])
        self._outcomes[ticket] = outcome
        del outcome
        self._bridge.finished.emit(ticket)

    def _delivered(self, ticket: int) -> None:
        """On the GUI thread: the operation and its outcome come back here, and end here."""
        op = self._submitted.pop(ticket)
        self._finished(op, self._outcomes.pop(ticket))

    def _execute(self, op: _Op[Any]) -> _Outcome:
        outcome = _Outcome()
        self._pending = NOTHING
        set_current(op.progress)
        try:
            outcome.result = op.fn(self._worker())
        except Cancelled:
            outcome.cancelled = True
        except BaseException as exc:  # reported on the GUI thread, never lost in the worker
            outcome.error = exc
        finally:
            set_current(None)
            outcome.changes, self._pending = self._pending, NOTHING
        return outcome

    def _finished(self, op: _Op[Any], outcome: _Outcome) -> None:
        if op in self.running:
            self.running.remove(op)
        self.operations_run += 1
        # The views first, so a success callback sees them up to date. Changes go out after a
        # failure too: a multi-step operation may have committed a part.
        self.events.emit_changes(outcome.changes)
        op.finish(outcome)

    @property
    def busy(self) -> bool:
        return bool(self.running)


def bench_of(widget: QObject | None) -> Workbench:
    """The Workbench of the window `widget` belongs to (it or a parent carries `bench`)."""
    from desktop.ui.context import Workbench

    node = widget
    while node is not None:
        bench = getattr(node, "bench", None)
        if isinstance(bench, Workbench):
            return bench
        node = node.parent()
    raise LookupError(f"{widget!r} belongs to no window with a Workbench")


@dataclass(eq=False)
class _Op(Generic[T]):
    parent: QWidget
    fn: Callable[[Register], T]
    label: str = ""
    cancellable: bool = False
    modality: Qt.WindowModality = Qt.WindowModality.WindowModal
    progress: Progress = field(default_factory=Progress)
    _on_success: Callable[[T], None] | None = None
    _on_failure: Callable[[str], None] | None = None
    _on_cancel: Callable[[], None] | None = None
    _dialog: QProgressDialog | None = None
    _timer: QTimer | None = None
    bench: Workbench | None = None
    refusals: tuple[type[BaseException], ...] = (
        RegisterError,
        ValidationError,
        DuplicateNumberError,
    )

    def with_progress(
        self, label: str, *, cancellable: bool = False, application_modal: bool = False
    ) -> _Op[T]:
        """Show `label` in a busy dialog while the work runs (after BUSY_AFTER_MS)."""
        self.label = label
        self.cancellable = cancellable
        if application_modal:
            self.modality = Qt.WindowModality.ApplicationModal
        return self

    def success(self, callback: Callable[[T], None]) -> _Op[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[str], None]) -> _Op[T]:
        """`callback(message)`: the short Chinese message; the traceback is already in the log."""
        self._on_failure = callback
        return self

    def refusing(self, *kinds: type[BaseException]) -> _Op[T]:
        """Errors of these kinds are refusals written for the clerk (a bad package, an unreadable
        file): `failure` gets their own message, and they are not logged as failures."""
        self.refusals = (*self.refusals, *kinds)
        return self

    def cancelled(self, callback: Callable[[], None]) -> _Op[T]:
        self._on_cancel = callback
        return self

    def run(self) -> None:
        bench = self.bench or bench_of(self.parent)
        self.bench = bench
        if self.label and not bench.ops.inline:
            self._show_dialog()
        bench.ops.submit(self)

    # ------------------------------------------------------------------ the dialog
    def _show_dialog(self) -> None:
        cancel_text = t("取消") if self.cancellable else ""
        dialog = QProgressDialog(t(self.label), cancel_text, 0, 0, self.parent)
        if not self.cancellable:
            dialog.setCancelButton(None)
        dialog.setWindowTitle(t(APP_NAME))
        dialog.setWindowModality(self.modality)
        dialog.setMinimumDuration(BUSY_AFTER_MS)
        dialog.setMinimumWidth(360)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)  # without it Qt shows the dialog only after its default 4 s
        dialog.canceled.connect(self._cancel)
        timer = QTimer(dialog)
        timer.setInterval(POLL_MS)
        timer.timeout.connect(self._poll)
        timer.start()
        self._dialog, self._timer = dialog, timer

    def _poll(self) -> None:
        dialog, progress = self._dialog, self.progress
        if dialog is None or progress.cancelled:
            return
        if progress.total and dialog.maximum() != progress.total:
            dialog.setMaximum(progress.total)
        if progress.total:
            dialog.setValue(min(progress.done, progress.total))
        if progress.text:
            dialog.setLabelText(t(progress.text))

    def _cancel(self) -> None:
        self.progress.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText(t("正在取消…"))

    def _close_dialog(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self._cancel)
            self._dialog.close()
            self._dialog.deleteLater()
        self._dialog = self._timer = None

    # ------------------------------------------------------------------ the outcome
    def finish(self, outcome: _Outcome) -> None:
        self._close_dialog()
        alive = shiboken6.isValid(self.parent)
        if outcome.cancelled:
            if alive and self._on_cancel is not None:
                self._on_cancel()
            return
        if outcome.error is not None:
            error = outcome.error
            # A refusal written for the clerk is shown as it is; anything else is logged with its
            # traceback (here, the one place) and the clerk gets the short Chinese message.
            message = str(error) if isinstance(error, self.refusals) else failure_message(error)
            if not alive:
                return
            if self._on_failure is not None:
                self._on_failure(message)
            elif self.bench is not None:
                self.bench.show_error(t("操作失败"), message)
            return
        if alive and self._on_success is not None:
            self._on_success(outcome.result)


class QueryOp(_Op[T]):
    """Reads the register on the worker (statistics, charts, a workbook to preview)."""

    def __init__(self, parent: QWidget, fn: Callable[[Register], T]):
        super().__init__(parent, fn)


class RegisterOp(_Op[T]):
    """Writes the register on the worker; the views hear what changed when it is done."""

    def __init__(self, parent: QWidget, fn: Callable[[Register], T]):
        super().__init__(parent, fn)


class MainThreadCollector(QObject):
    """Python's cycle collector, run on the GUI thread only.

    Automatic collection runs on whichever thread happens to allocate: often the worker, in the
    middle of an import. Garbage cycles can hold widgets, timers and dialogs; collected on the
    worker, their C++ side is destroyed on the wrong thread (a crash, or a deadlock between the
    GIL and Qt's locks). So automatic collection is off while the window runs, and this timer
    collects on the GUI thread, as often as the automatic thresholds would (a young collection
    takes well under a millisecond; the full one, rare, a few tens).
    """

    # Often: with automatic collection off, the young objects of one interval are scanned in one
    # go (a second's worth was ~19 ms on the GUI thread during the warm-up).
    INTERVAL_MS = 200
    installed: ClassVar[MainThreadCollector | None] = None  # the program's own (app.py)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self.collections = 0
        self.frozen = False
        MainThreadCollector.installed = self
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> None:
        young, middle, old = gc.get_count()
        threshold0, threshold1, threshold2 = gc.get_threshold()
        if old > threshold2:
            gc.collect(2)
        elif middle > threshold1:
            gc.collect(1)
        elif young > threshold0:
            gc.collect(0)
        else:
            return
        self.collections += 1

    def freeze_survivors(self) -> None:
        """What start-up made and still holds (modules, classes, the window) lives as long as the
        program: kept out of the collections from now on (`gc.freeze`), so a full one scans only
        what came since. After the warm-up (~46,000 objects) a full collection on the GUI thread
        took 18–22 ms, a stall of its own once every ten or so; the first one, ~1 s after start,
        26–33 ms; now well under 1 ms. Called after the first paint and after each warm-up import."""
        gc.freeze()
        self.frozen = True

    def uninstall(self) -> None:
        self._timer.stop()
        if self.frozen:  # back to the oldest generation: collected again like any other
            gc.unfreeze()
            self.frozen = False
        if MainThreadCollector.installed is self:
            MainThreadCollector.installed = None
        if self._was_enabled:
            gc.enable()


def freeze_start_up_objects() -> None:
    """After the first paint and each module the warm-up imports: see `freeze_survivors`.
    Nothing without the program's collector (tests that build windows alone)."""
    collector = MainThreadCollector.installed
    if collector is not None:
        collector.freeze_survivors()


class _Done(QObject):
    done = Signal()


def run_modal(parent: QWidget | None, label: str, step: Callable[[], T]) -> T:
    """Run `step` on a thread behind an application-modal busy message; its result, or its error.

    Only for opening a register, before a window (and its runner) exists: the caller needs the
    answer before it can go on (quick_check, schema upgrade, daily backup: about 5 s for the first
    open of the day at a million applications). The message paints; nothing else can be clicked.
    """
    outcome: dict[str, Any] = {}
    finished = _Done()
    loop = QEventLoop()
    finished.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def work() -> None:
        try:
            outcome["result"] = step()
        except BaseException as exc:  # re-raised on the caller's thread
            outcome["error"] = exc
        finally:
            finished.done.emit()

    busy = QProgressDialog(t(label), "", 0, 0, parent)
    busy.setCancelButton(None)
    busy.setWindowTitle(t(APP_NAME))
    busy.setWindowModality(Qt.WindowModality.ApplicationModal)
    busy.setMinimumDuration(BUSY_AFTER_MS)
    busy.setValue(0)
    busy.setMinimumWidth(360)
    thread = threading.Thread(target=work, name="ogi-open", daemon=True)
    thread.start()
    loop.exec()
    thread.join()
    busy.close()
    busy.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
