"""Deadline engine speed: one due date, the board, and re-deriving due dates on a 1,000,000-row register.

Prints figures; asserts nothing (speed is never a timed test). Uses the shared synthetic register
generator and works on its own copy, since re-deriving rewrites due dates.

Run: `.venv/bin/python bench/deadline_speed.py [--n 1000000]`
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synthetic import AS_OF, ensure_register  # noqa: E402
from desktop.domain.application import Application  # noqa: E402
from desktop.domain.deadlines import answer_deadline  # noqa: E402
from desktop.domain.workcalendar import bundled_calendar  # noqa: E402
from desktop.store.due_queries import due_board  # noqa: E402
from desktop.store.register import Register  # noqa: E402


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn()
    print(f"{label}: {time.perf_counter() - started:.3f} s")
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    args = parser.parse_args()

    cal = bundled_calendar()
    started = time.perf_counter()
    cal.add_working_days(date(2026, 1, 1), 20)  # builds the working-day index
    print(f"working-day index (1990–2100) built in {time.perf_counter() - started:.3f} s")

    rng = random.Random(1)
    apps = []
    for _ in range(20_000):
        receipt = date(2020, 1, 1) + timedelta(days=rng.randrange(2500))
        fields: dict[str, object] = {"extended": rng.random() < 0.1}
        if rng.random() < 0.2:
            fields["consultation_sent_date"] = receipt + timedelta(days=rng.randrange(10))
            fields["consultation_received_date"] = fields["consultation_sent_date"] + timedelta(
                days=rng.randrange(30)
            )
        apps.append(Application(receipt, "网络", "自然人", "甲", **fields))
    started = time.perf_counter()
    for a in apps:
        answer_deadline(a, cal, today=AS_OF)
    per = (time.perf_counter() - started) / len(apps) * 1e6
    print(f"answer_deadline: {per:.1f} µs per application (20,000 mixed, 20% with a pause)")

    source = ensure_register(n=args.n)
    work = Path(tempfile.gettempdir()) / f"ogi-deadline-bench-{args.n}.ogidb"
    shutil.copyfile(source, work)
    register = Register.open(work)
    print(f"register: {register.count():,} applications ({work})")
    timed(
        "refresh_provisional_deadlines (open pauses only)",
        lambda: register.refresh_provisional_deadlines(AS_OF),
    )
    board = timed("due_board", lambda: due_board(register, AS_OF))
    print(
        f"  overdue {board.overdue_count:,}, today {board.due_today_count:,}, "
        f"soon {board.due_soon_count:,}"
    )
    changed = timed(
        f"recompute_deadlines(year={AS_OF.year}) (a notice imported)",
        lambda: register.recompute_deadlines(AS_OF, year=AS_OF.year),
    )
    print(f"  rows re-derived and changed: {changed:,}")
    changed = timed(
        f"recompute_deadlines(year={AS_OF.year + 1}) (next year's notice)",
        lambda: register.recompute_deadlines(AS_OF, year=AS_OF.year + 1),
    )
    print(f"  rows changed: {changed:,}")
    changed = timed(
        "recompute_deadlines() (every row)", lambda: register.recompute_deadlines(AS_OF)
    )
    print(f"  rows changed: {changed:,}")
    register.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
