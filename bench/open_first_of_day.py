"""The first open of the day on a big register, through the window's start-up flow.

Usage: PYTHONPATH=. .venv/bin/python bench/open_first_of_day.py REGISTER.ogidb
Copies REGISTER into a temporary folder on the same disk (the original is not touched), then opens
the copy twice the way the window does (app.open_for_window), as the first open of a day: the quick
check runs and the daily backup is taken:
- "worker": the slow steps on a worker thread behind the busy message (what the program does);
- "GUI thread": the same steps on the GUI thread (as before run_modal), for comparison.
Prints the time of each step, the total, and the longest the GUI thread went without handling an
event (a 20 ms timer measures it): beyond ~5 s Windows greys the window as “未响应”.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.store import lock
from desktop.ui.ops import run_modal


def first_open(path: Path, on_worker: bool) -> None:
    for old in (path.parent / "backups").glob("*"):
        old.unlink()  # so today's backup is due
    steps: list[tuple[str, float]] = []

    def timed(label: str, step):
        started = time.perf_counter()
        try:
            if on_worker:
                return run_modal(None, label, step)
            QApplication.processEvents()
            return step()
        finally:
            steps.append((label, time.perf_counter() - started))

    last = time.perf_counter()
    longest = 0.0

    def tick() -> None:
        nonlocal last, longest
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(20)
    started = time.perf_counter()
    last = started
    opened = lock.open_register(
        path,
        today=date.today() + timedelta(days=1),
        run_slow=timed,  # "tomorrow": check due
    )
    total = time.perf_counter() - started
    tick()
    timer.stop()
    assert opened.check is not None and opened.check.ran_quick_check and opened.backup is not None
    rows = opened.backup.rows
    opened.close()
    where = "worker" if on_worker else "GUI thread"
    detail = ", ".join(f"{label.rstrip('…')} {seconds:.2f} s" for label, seconds in steps)
    print(f"{where:>10}: {total:5.2f} s in all ({rows:,} applications; {detail})")
    print(f"{'':>10}  longest the GUI thread did not answer: {longest:.2f} s")


def main() -> None:
    source = Path(sys.argv[1])
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 (kept alive)
    folder = Path(tempfile.mkdtemp(prefix="ogi-open-bench-", dir="/var/tmp"))
    try:
        copy = folder / source.name
        shutil.copyfile(source, copy)
        for on_worker in (True, False):
            first_open(copy, on_worker)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
