"""Run something once a widget has painted for the first time (start-up work after the first page).

A zero timer queued from `showEvent` may run before the first paint: the clerk then looks at an empty
window while it runs (the due board's queries took ~1 s before the first page at a million
applications). Work that can wait goes here instead: it runs on the next turn of the event loop after
the widget's first paint, or after `fallback_ms` if it never paints (a hidden or minimised window).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 2000


class _AfterPaint(QObject):
    def __init__(self, widget: QWidget, work: Callable[[], object], fallback_ms: int):
        super().__init__(widget)
        self.widget = widget
        self.work: Callable[[], object] | None = work
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.widget and event.type() == QEvent.Type.Paint and self.work is not None:
            QTimer.singleShot(0, self, self._fire)  # after this paint has reached the screen
        return False

    def _fire(self) -> None:
        work, self.work = self.work, None
        if work is None:
            return
        self.widget.removeEventFilter(self)
        self.deleteLater()
        work()


def after_first_paint(
    widget: QWidget, work: Callable[[], object], fallback_ms: int = FALLBACK_MS
) -> None:
    """Call `work()` once, on the GUI thread, after `widget` first paints (or after fallback_ms)."""
    _AfterPaint(widget, work, fallback_ms)
