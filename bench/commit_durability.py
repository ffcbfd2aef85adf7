"""What one saved application costs with synchronous=NORMAL and FULL (the register's setting).

Usage: PYTHONPATH=. .venv/bin/python bench/commit_durability.py [N] [ROUNDS]
For each setting, in alternating rounds (so a busy machine hurts both alike), adds N applications
one at a time (each its own transaction, as a clerk saves them) to a fresh register on the real
disk (/var/tmp: fsync on a tmpfs costs nothing), then edits each once. Prints the median over the
rounds of the mean time per save and per edit. See docs/safety.md.
"""

from __future__ import annotations

import dataclasses
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from desktop.domain.application import Application
from desktop.store.register import Register


def per_change(mode: str, n: int) -> tuple[float, float]:
    """(seconds per add, seconds per update) with `PRAGMA synchronous = mode`."""
    folder = Path(tempfile.mkdtemp(prefix="ogi-durability-", dir="/var/tmp"))
    try:
        reg = Register.open(folder / "register.ogidb")
        reg.conn.execute(f"PRAGMA synchronous = {mode}")
        added = []
        started = time.perf_counter()
        for i in range(n):
            added.append(
                reg.add(
                    Application(
                        date(2026, 3, 2), "网络", "自然人", f"申请人{i}", content="申请公开"
                    )
                )
            )
        add_seconds = (time.perf_counter() - started) / n
        started = time.perf_counter()
        for app in added:
            reg.update(dataclasses.replace(app, content="申请公开预算"))
        update_seconds = (time.perf_counter() - started) / n
        reg.close()
        return add_seconds, update_seconds
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    results: dict[str, list[tuple[float, float]]] = {"NORMAL": [], "FULL": []}
    for _ in range(rounds):
        for mode in results:
            results[mode].append(per_change(mode, n))
    for mode, runs in results.items():
        add = statistics.median(r[0] for r in runs) * 1000
        update = statistics.median(r[1] for r in runs) * 1000
        print(
            f"synchronous={mode:<7} {add:6.2f} ms per saved application, "
            f"{update:6.2f} ms per edit (median of {rounds} rounds of {n})"
        )


if __name__ == "__main__":
    main()
