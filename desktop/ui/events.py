"""The register's change notifications as one Qt signal: `RegisterEvents.changed(Changes)`.

Every commit on the window's register (`Register.notify`) and every operation the worker finishes
(`desktop.ui.ops`) arrives here, on the GUI thread, as a typed `Changes`. A view connects once and
reacts only to the kinds of change it shows; Qt disconnects it when the view is destroyed, so no
view hand-rolls adding and removing listeners.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.store.changes import Changes
from desktop.store.register import Register


class RegisterEvents(QObject):
    # object, not Changes: PySide6 signals carry Python objects of any class as `object`.
    changed = Signal(object)

    def __init__(self, register: Register, parent: QObject | None = None):
        super().__init__(parent)
        self.register = register
        register.add_listener(self._notified)

    def _notified(self, changes: Changes) -> None:
        # AutoConnection: a notify from another thread is queued to the receivers' (GUI) thread.
        self.changed.emit(changes)

    def emit_changes(self, changes: Changes) -> None:
        """Changes made through another connection (the worker's): tell the views."""
        if changes:
            self.register.notify(changes)

    def set_register(self, register: Register) -> None:
        """Follow another register (the file re-opened after a restore)."""
        self.register.remove_listener(self._notified)
        self.register = register
        register.add_listener(self._notified)

    def detach(self) -> None:
        self.register.remove_listener(self._notified)
