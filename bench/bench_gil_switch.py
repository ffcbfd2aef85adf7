"""How long a table repaint holds the window while a worker thread runs Python, by switch interval.

Every call Qt makes into Python on the GUI thread (a model's data(): ~1,500 a screen) takes the GIL
back first; beside a busy worker that waits up to `sys.getswitchinterval()` each time. The program
sets 0.5 ms when its worker threads start (desktop/ui/ops.py `share_the_gil_with_the_gui`).

    .venv/bin/python bench/bench_gil_switch.py [--repaints 20]

Prints, for each interval, the median and worst repaint (wall) and the GUI thread's own CPU time,
alone and beside a worker looping in Python. Each interval runs in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

CHILD = r"""
import json, os, sys, threading, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QAbstractTableModel
from PySide6.QtWidgets import QApplication, QTableView
interval, busy, repaints = float(sys.argv[1]), sys.argv[2] == "1", int(sys.argv[3])
sys.setswitchinterval(interval)
app = QApplication([])

class Model(QAbstractTableModel):
    def rowCount(self, parent=None): return 1_000_000
    def columnCount(self, parent=None): return 12
    def data(self, index, role=0): return "申请内容" if role == 0 else None

view = QTableView(); view.setModel(Model()); view.resize(1000, 700); view.show()
app.processEvents(); view.viewport().repaint()
stop = False
def work():
    n = 0
    while not stop:
        n += 1
worker = threading.Thread(target=work)
if busy:
    worker.start()
walls, cpus = [], []
for i in range(repaints):
    wall, cpu = time.perf_counter(), time.thread_time()
    view.verticalScrollBar().setValue(i * 40)
    view.viewport().repaint()
    walls.append((time.perf_counter() - wall) * 1000)
    cpus.append((time.thread_time() - cpu) * 1000)
stop = True
print(json.dumps({"walls": walls, "cpus": cpus}))
"""


def run(interval: float, busy: bool, repaints: int) -> dict[str, list[float]]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(interval), "1" if busy else "0", str(repaints)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repaints", type=int, default=20)
    args = parser.parse_args()
    print(
        f"{'switch interval':>16} {'worker':>8} {'repaint median':>15} {'worst':>8} {'GUI CPU':>8}"
    )
    for interval in (0.005, 0.001, 0.0005, 0.0002, 0.0001):
        for busy in (False, True):
            got = run(interval, busy, args.repaints)
            walls, cpus = got["walls"][1:], got["cpus"][1:]  # the first repaint warms caches
            print(
                f"{interval * 1000:>13.1f} ms {'busy' if busy else 'idle':>8}"
                f" {statistics.median(walls):>12.0f} ms {max(walls):>5.0f} ms"
                f" {statistics.median(cpus):>5.0f} ms"
            )
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
