"""Work spread over the event loop, one step at a time, with the loop's own work between two steps.

Some work must be done on the GUI thread (widgets are made there) but need not be done at once: the
next entry form built ahead (`application_form.FormSpare`), the windows' modules imported ahead
(`warmup.Warmup`), a big due board filled while hidden (`due_board`). Each is a generator whose
steps take a few milliseconds; `IdleSteps` runs one step per turn of the event loop.

Why not a repeating 0 ms timer: Qt computes a repeating timer's next time-out when it fires, before
its slot runs. After a step of 20 ms the timer is already due again, and its time-out is older than
that of a paint or a key's timer that came due during the step, so the next step ran first: two or
three steps in a row, 40–50 ms without a repaint (measured, issue 12). Here the timer is re-armed
only once a step has ended, so whatever came due meanwhile (a repaint, a key, the table's rows)
is handled before the next step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QTimer

STEP_GAP_MS = 1  # after each step: the loop's pending events and due timers come first


class IdleSteps(QObject):
    """Runs `steps` (any iterator; each `next` is one step) on later turns, then `then()`.

    Lives and dies with `parent`: a window closed meanwhile stops the rest. `run_all` finishes at
    once (the clerk asked for the result now).
    """

    def __init__(
        self,
        parent: QObject,
        steps: Iterator[object],
        then: Callable[[], None] | None = None,
        *,
        gap_ms: int = STEP_GAP_MS,
    ):
        super().__init__(parent)
        self._steps: Iterator[object] | None = steps
        self._then = then
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(gap_ms)
        self._timer.timeout.connect(self._step)

    @property
    def done(self) -> bool:
        return self._steps is None

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> IdleSteps:
        if self._steps is not None:
            self._timer.start()
        return self

    def stop(self) -> None:
        """No more steps (the iterator is left as it is: the caller may close or finish it)."""
        self._timer.stop()

    def step_now(self) -> None:
        """One step at once, the timer left as it is (tests drive the turns by hand)."""
        if self._steps is not None:
            self._advance()

    def run_all(self) -> None:
        self._timer.stop()
        while self._steps is not None:
            self._advance()

    def _step(self) -> None:
        self._advance()
        if self._steps is not None:
            self._timer.start()  # counted from now: the next step waits for what came due

    def _advance(self) -> None:
        assert self._steps is not None
        try:
            next(self._steps)
        except StopIteration:
            self._steps = None
            then, self._then = self._then, None
            if then is not None:
                then()
