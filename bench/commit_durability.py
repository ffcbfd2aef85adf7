"""What one saved application costs with synchronous=NORMAL (now) and FULL (durable at a power cut).

Usage: PYTHONPATH=. .venv/bin/python bench/commit_durability.py [N]
Adds N applications one at a time (each its own transaction, as a clerk saves them) to a fresh
register in /tmp for each setting and prints the mean time per save. See docs/safety.md.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from desktop.domain.application import Application
from desktop.store.register import Register


def per_save(mode: str, n: int) -> float:
    folder = Path(tempfile.mkdtemp(prefix="ogi-durability-", dir="/var/tmp"))
    try:
        reg = Register.open(folder / "register.ogidb")
        reg.conn.execute(f"PRAGMA synchronous = {mode}")
        started = time.perf_counter()
        for i in range(n):
            reg.add(
                Application(date(2026, 3, 2), "网络", "自然人", f"申请人{i}", content="申请公开")
            )
        seconds = (time.perf_counter() - started) / n
        reg.close()
        return seconds
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    for mode in ("NORMAL", "FULL"):
        print(f"synchronous={mode:<7} {per_save(mode, n) * 1000:7.2f} ms per saved application")


if __name__ == "__main__":
    main()
