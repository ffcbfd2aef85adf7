"""IdleSteps: one step per turn of the event loop, and whatever came due during a step goes first."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer

from desktop.ui.idle import IdleSteps


def test_a_timer_due_during_a_step_runs_before_the_next_step(qtbot):
    # Steps of 12 ms beside a 5 ms ticking timer (the bench's stall probe): a tick comes due in
    # every step, so between two steps there must be a tick. A repeating 0 ms timer ran two or
    # three steps back to back here.
    seen: list[str] = []

    def steps():
        for _ in range(12):
            time.sleep(0.012)
            seen.append("step")
            yield

    parent = QObject()
    tick = QTimer(parent)
    tick.setTimerType(Qt.TimerType.PreciseTimer)
    tick.timeout.connect(lambda: seen.append("tick"))
    tick.start(5)
    finished: list[bool] = []
    idle = IdleSteps(parent, steps(), lambda: finished.append(True)).start()
    qtbot.waitUntil(lambda: idle.done, timeout=5000)
    tick.stop()
    assert finished == [True] and seen.count("step") == 12
    first = seen.index("step")
    after_first = seen[first:]
    pairs = list(zip(after_first, after_first[1:], strict=False))
    assert ("step", "step") not in pairs, seen


def test_run_all_finishes_at_once_and_a_dead_parent_stops_the_rest(qtbot):
    seen: list[int] = []
    parent = QObject()
    idle = IdleSteps(parent, iter(seen.append(i) for i in range(5)))
    idle.start()
    idle.run_all()
    assert seen == [0, 1, 2, 3, 4] and idle.done and not idle.running

    seen.clear()
    parent2 = QObject()
    IdleSteps(parent2, (seen.append(i) for i in range(100))).start()
    parent2.deleteLater()  # a window closed: its steps end with it
    qtbot.wait(100)
    assert len(seen) < 100


def test_step_now_drives_the_steps_by_hand(qtbot):
    seen: list[int] = []
    parent = QObject()
    idle = IdleSteps(parent, (seen.append(i) for i in range(3)))
    idle.step_now()
    idle.step_now()
    assert seen == [0, 1] and not idle.done
    idle.step_now()
    idle.step_now()  # the end of the iterator
    assert idle.done
    idle.step_now()  # nothing more
    assert seen == [0, 1, 2]
