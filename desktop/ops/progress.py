"""How far a long operation is, and whether the clerk asked to stop (no Qt: the CLI can pass one too).

The worker thread writes `done`/`total`/`text`; the GUI reads them on a timer (a few attribute reads,
no signal per row) and sets `cancel()` from the 取消 button. An operation calls `check()` between
steps; it raises `Cancelled`, and a transaction open around it rolls back, so a cancelled import
changes nothing.
"""

from __future__ import annotations

import threading


class Cancelled(Exception):
    """The clerk cancelled; nothing was kept (the transaction, if any, rolled back)."""


class Progress:
    def __init__(self) -> None:
        self.done = 0
        self.total = 0  # 0: unknown (a busy indicator)
        self.text = ""
        self._cancel = threading.Event()

    def update(self, done: int, total: int | None = None, text: str | None = None) -> None:
        """Report progress; also checks for a cancel, so a loop needs only this call."""
        self.done = done
        if total is not None:
            self.total = total
        if text is not None:
            self.text = text
        self.check()

    def __call__(self, done: int, total: int | None = None) -> None:
        """The `progress=` callback shape the store and reports functions take."""
        self.update(done, total)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


_current = threading.local()


def current() -> Progress:
    """The progress of the operation running on this thread (a fresh one outside any operation)."""
    progress = getattr(_current, "progress", None)
    return progress if progress is not None else Progress()


def set_current(progress: Progress | None) -> None:
    _current.progress = progress
