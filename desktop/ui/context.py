"""The Workbench: what every feature window gets from the main window, typed.

One per main window: the register (the GUI thread's connection), its change events, the operations
runner (the worker and its connection), the dialog registry (one instance per dialog), and the few
things a feature asks of the main window: open an application in the form, show an error. Feature
windows take a Workbench instead of reaching into the main window for `register` or private
attributes, and the main window builds its menus from typed references (no import by string).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import APP_NAME
from desktop.store.changes import Changes
from desktop.store.register import Register
from desktop.ui.events import RegisterEvents
from desktop.ui.i18n import t
from desktop.ui.ops import OpRunner

W = TypeVar("W", bound=QWidget)


class Dialogs:
    """One instance per kind of dialog: opening it again brings the open one forward."""

    def __init__(self) -> None:
        self._open: dict[str, QWidget] = {}

    def get(self, key: type[QWidget] | str) -> QWidget | None:
        """The open dialog under `key`, if any."""
        key = key if isinstance(key, str) else f"{key.__module__}.{key.__qualname__}"
        widget = self._open.get(key)
        if widget is not None and not shiboken6.isValid(widget):
            del self._open[key]  # deleted on close
            return None
        return widget

    def open(
        self,
        key: type[W] | str,
        make: Callable[[], W],
        *,
        show: bool = True,
        reuse_hidden: bool = True,
    ) -> W:
        """The dialog under `key`, made by `make()` if there is none yet; shown and raised.

        `reuse_hidden=False` for a dialog that is done once closed (a wizard, an import): a closed
        one is replaced by a fresh one; a window such as the report's keeps its state instead.
        """
        name = key if isinstance(key, str) else f"{key.__module__}.{key.__qualname__}"
        widget = self.get(name)
        if widget is not None and not reuse_hidden and not widget.isVisible():
            widget = None
        if widget is None:
            widget = make()
            self._open[name] = widget
        if show:
            widget.show()
            widget.raise_()
            widget.activateWindow()
        return cast(W, widget)  # the maker under a key makes that type

    def forget(self, key: type[QWidget] | str) -> None:
        name = key if isinstance(key, str) else f"{key.__module__}.{key.__qualname__}"
        self._open.pop(name, None)

    def close_all(self) -> None:
        for widget in list(self._open.values()):
            if shiboken6.isValid(widget):
                widget.close()
        self._open.clear()


class Workbench(QObject):
    """The context a feature window works in (see the module docstring)."""

    # The register's connection is about to close (a restore swaps the file): stop reading it.
    register_closing = Signal()

    def __init__(
        self,
        register: Register,
        window: QWidget | None = None,
        *,
        open_application: Callable[[int], None] | None = None,
        show_error: Callable[[str, str], None] | None = None,
        inform: Callable[[str], None] | None = None,
        reopen_register: Callable[[Path], None] | None = None,
        traditional: bool = False,
    ):
        super().__init__(window)
        self.register = register
        self.window = window
        self.traditional = traditional
        self.events = RegisterEvents(register, self)
        self.ops = OpRunner(register, self.events, self)
        self.dialogs = Dialogs()
        self.timers: dict[str, QTimer] = {}  # per-window timers (the due board's midnight refresh)
        self._open_application = open_application
        self._show_error = show_error
        self._inform = inform
        self._reopen_register = reopen_register

    def open_application(self, application_id: int) -> None:
        """Show one application in the main window's form (the report's drill-down, the due board)."""
        if self._open_application is not None:
            self._open_application(application_id)

    def show_error(self, title: str, text: str) -> None:
        if self._show_error is not None:
            self._show_error(title, text)
        else:
            QMessageBox.warning(self.window, title or t(APP_NAME), text)

    def inform(self, text: str) -> None:
        if self._inform is not None:
            self._inform(text)
        else:
            QMessageBox.information(self.window, t(APP_NAME), text)

    @property
    def can_reopen(self) -> bool:
        """Whether the window can re-open its register itself (else the clerk restarts)."""
        return self._reopen_register is not None

    def close_register(self) -> None:
        """Before a restore swaps the file: the views stop reading, the GUI connection closes.

        The worker's connection is the restore's own (it closes it); every other read waits for
        `reopen` (the table shows the rows it has, Workbench.register_closing).
        """
        self.register_closing.emit()
        self.register.close()

    def reopen(self, path: Path) -> None:
        """Open the file again in the window (after a restore, or a failed one)."""
        if self._reopen_register is not None:
            self._reopen_register(path)

    def replace_register(self, register: Register) -> None:
        """The file was re-opened (after a restore): every part follows the new connection."""
        self.register = register
        self.events.set_register(register)
        self.ops.set_register(register)
        register.notify(Changes(register_replaced=True))

    def close(self) -> None:
        """The window is closing: dialogs close, the worker finishes and lets go of its connection."""
        self.dialogs.close_all()
        self.ops.shutdown()
        self.events.detach()
