"""Benchmark: the 统计图表 figures of one year on a register of 1,000,000 applications over ten years.

Prints the time of `chart_queries.year_figures` (everything the six charts show) and of its parts:
the received rows grouped by (month, channel, applicant type) — served by the covering index
ix_app_received_stats — the concluded rows grouped by (month, outcome) with the on-time count,
which has to read answer_due from the row, and the rows that fell overdue in the year while open
(counted late by the 按时办结率, domain.on_time). Also the year picker (`years_with_data`). Best of several
runs after a warm-up.

The register comes from bench/synthetic.py (built once, then reused). It is opened read-only.
Run: `.venv/bin/python bench/chart_speed.py [--n 1000000] [--years 10] [--db FILE]`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synthetic import DEFAULT_N, DEFAULT_YEARS, ensure_register  # noqa: E402
from desktop.store import chart_queries as cq  # noqa: E402
from desktop.store.register import Register  # noqa: E402

RUNS = 3
TODAY = date.today()


def best(work: Callable[[], object], runs: int = RUNS) -> float:
    """Best wall time in milliseconds over `runs` runs, after one warm-up run."""
    work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=DEFAULT_N)
    parser.add_argument("--years", type=int, default=DEFAULT_YEARS)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    path = args.db or ensure_register(None, args.n, args.years)
    register = Register.open(path, readonly=True)
    years = cq.years_with_data(register)
    print(f"{path}: {register.count():,} live applications, years {years[-1]}–{years[0]}")
    print(f"years_with_data: {best(lambda: cq.years_with_data(register)):.1f} ms")
    for year in (years[1], years[len(years) // 2]):
        received = sum(cq.received_per_month(register, year))
        whole = best(lambda y=year: cq.year_figures(register, y))
        by_receipt = best(lambda y=year: cq.received_groups(register, y))
        by_answer = best(lambda y=year: cq.concluded_groups(register, y))
        overdue = best(lambda y=year: cq.overdue_groups(register, y, TODAY))
        print(
            f"{year}: {received:,} received; year_figures {whole:.0f} ms "
            f"(received groups {by_receipt:.0f} ms, concluded groups {by_answer:.0f} ms, "
            f"overdue groups {overdue:.0f} ms, last year's months once more)"
        )
    register.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
