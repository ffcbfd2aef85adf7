"""Unexpected errors: a short Chinese message for the clerk, the traceback in a log file, keep running.

`install_error_handler()` replaces `sys.excepthook` (which PySide6 also calls for an exception raised
in a slot or a virtual method such as paintEvent) and `threading.excepthook`. Each error is appended
with its traceback to `errors.log` in the data folder's `logs/` (rotated at 1 MB, 5 files kept) and
shown in a non-blocking dialog; the event loop goes on, so unsaved work in other windows is not lost.
A storm of errors (one raised on every repaint) produces one dialog at a time, the rest go to the log.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop import APP_NAME
from desktop.store.failures import database_failure
from desktop.store.location import log_dir
from desktop.store.lock import make_private, make_private_dir
from desktop.store.register import DuplicateNumberError, RegisterError, ValidationError
from desktop.ui.i18n import t

LOG_NAME = "errors.log"


def user_message(exc: BaseException) -> str:
    """A short Chinese sentence for what happened; the details are in the log."""
    text = str(exc)
    failure = database_failure(exc)
    if failure == "disk full":
        return t("磁盘空间已满，刚才的操作没有保存，登记簿保持原样。请清理磁盘后重试。")
    if failure == "locked":
        return t("登记簿正忙（另一个程序正在写入），刚才的操作没有保存，请稍后重试。")
    if failure == "damaged":
        return t(
            "登记簿文件读写出错，刚才的操作没有保存。请在“文件 → 备份与恢复”中检查或恢复备份。"
        )
    if isinstance(exc, PermissionError):
        return t("没有权限读写文件：") + (exc.filename or text)
    if isinstance(exc, OSError) and exc.errno == 28:  # ENOSPC
        return t("磁盘空间已满，文件没有写完。请清理磁盘后重试。")
    if isinstance(exc, (RegisterError, ValidationError, DuplicateNumberError)):
        return text  # written for the clerk
    return t("程序遇到了意外错误，刚才的操作可能没有完成。其他数据不受影响，可以继续工作。")


def _logger(directory: Path) -> logging.Logger:
    logger = logging.getLogger("ogi.errors")
    path = directory / LOG_NAME
    for handler in list(logger.handlers):
        if getattr(handler, "baseFilename", None) != str(path):
            logger.removeHandler(handler)
            handler.close()
    if not logger.handlers:
        # Tracebacks can quote an applicant's data: the log is the owner's only, like the register.
        make_private_dir(directory)
        if not path.exists():
            make_private(path, create=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


class ErrorReporter(QObject):
    """Logs every unexpected error and shows it; `shown` is emitted from the GUI thread."""

    # Cross-thread: an error in a worker thread is shown by the GUI thread (queued connection).
    _report = Signal(str, str)
    shown = Signal(QMessageBox)

    def __init__(self, directory: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.directory = directory or log_dir()
        self.log_path = self.directory / LOG_NAME
        self.dialog: QMessageBox | None = None
        self.count = 0
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    # ------------------------------------------------------------------ hooks
    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        global _reporter
        if _reporter is self:
            _reporter = None
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self._thread_hook:
            threading.excepthook = self._previous_thread_hook

    def excepthook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_hook(exc_type, exc, tb)
            return
        self.report(exc, tb)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.report(args.exc_value, args.exc_traceback)

    # ------------------------------------------------------------------ work
    def write_log(self, exc: BaseException, tb: TracebackType | None) -> Path:
        text = "".join(traceback.format_exception(type(exc), exc, tb))
        try:
            _logger(self.directory).error("%s", text.rstrip())
        except OSError:  # a full disk must not turn one error into two
            sys.stderr.write(text)
        return self.log_path

    def report(
        self, exc: BaseException, tb: TracebackType | None = None, *, show: bool = True
    ) -> Path:
        """Log and (unless the caller shows it itself) show; safe from any thread."""
        self.count += 1
        tb = tb or exc.__traceback__
        path = self.write_log(exc, tb)
        sys.stderr.write("".join(traceback.format_exception(type(exc), exc, tb)))
        if show:
            self._report.emit(user_message(exc), f"{type(exc).__name__}: {exc}")
        return path

    def _show(self, message: str, detail: str) -> None:
        if QApplication.instance() is None:
            return
        if self.dialog is not None and self.dialog.isVisible():
            return  # one at a time; the others are in the log
        parent = QApplication.activeWindow()
        box = QMessageBox(parent if isinstance(parent, QWidget) else None)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(t(APP_NAME) + " — " + t("出错了"))
        box.setText(message)
        box.setInformativeText(t("详细情况已记入日志文件：") + str(self.log_path))
        box.setDetailedText(detail)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._dialog_closed)
        self.dialog = box
        box.show()  # not exec(): the program keeps running underneath
        self.shown.emit(box)

    def _dialog_closed(self) -> None:
        self.dialog = None


_reporter: ErrorReporter | None = None


def install_error_handler(directory: Path | None = None) -> ErrorReporter:
    """Install (once per process; again with a new folder replaces it) and return the reporter."""
    global _reporter
    if _reporter is not None:
        _reporter.uninstall()
    _reporter = ErrorReporter(directory, QApplication.instance())
    _reporter.install()
    return _reporter


def reporter() -> ErrorReporter | None:
    return _reporter


def report_exception(exc: BaseException, *, show: bool = True) -> Path:
    """For code that catches an unexpected exception itself (a hook, a worker): log it and show it.

    `show=False` only logs, for a caller that puts `failure_message(exc)` in its own dialog.
    Without an installed handler (tests, the command line) it is only written to the log file.
    Returns the log file's path.
    """
    if _reporter is not None:
        return _reporter.report(exc, exc.__traceback__, show=show)
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    directory = log_dir()
    try:
        _logger(directory).error("%s", text.rstrip())
    except OSError:
        sys.stderr.write(text)
    return directory / LOG_NAME


def failure_message(exc: BaseException) -> str:
    """Log `exc` with its traceback; the short Chinese message and where the details are.

    For a background task whose caller shows the failure in its own dialog (one dialog, not two).
    """
    log_path = report_exception(exc, show=False)
    return user_message(exc) + "\n\n" + t("详细情况已记入日志文件：") + str(log_path)
