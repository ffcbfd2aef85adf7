"""What the year lock (issue 14) costs: marking a report 已报送, the check every save makes ("does this
edit move a submitted figure?"), the check an import makes over all its rows, and the comparison the
report window shows. Prints figures; no timing assertions.

Run: .venv/bin/python bench/bench_year_lock.py [N]   (N applications over ten years, default 100,000;
the register is built once under /tmp/ogi-bench-year-lock)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import ensure_register  # noqa: E402
from desktop.ops import year_lock  # noqa: E402
from desktop.store.register import Register  # noqa: E402


def best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    folder = Path("/tmp/ogi-bench-year-lock")
    folder.mkdir(exist_ok=True)
    path = ensure_register(folder / f"register-{n}.ogidb", n=n)
    register = Register.open(path)
    try:
        for sub in year_lock.store.submissions(register):
            if sub.live:
                year_lock.unmark_submitted(register, sub.year, sub.format, "bench")
        start = time.perf_counter()
        year_lock.mark_submitted(register, 2024)
        marked = time.perf_counter() - start
        year_lock.mark_submitted(register, 2025)
        print(f"register: {register.count():,} applications; locks: 2024, 2025 (2021 format)")
        print(f"mark 已报送 (report computed + snapshot stored): {marked * 1000:8.1f} ms")

        apps = [a for a in register.all_applications() if a.receipt_date.year == 2025]
        sample = apps[:: max(1, len(apps) // 50)][:50]
        per_save = []
        for app in sample:
            edited = app.replace(
                applicant_type="其他" if app.applicant_type != "其他" else "自然人"
            )
            start = time.perf_counter()
            year_lock.locks_moved_by_save(register, edited)
            per_save.append(time.perf_counter() - start)
        print(
            f"save check, one edit (median of {len(per_save)}):   "
            f"{statistics.median(per_save) * 1000:8.2f} ms"
        )
        for size in (1_000, len(apps)):
            rows = [a.replace(id=None, number="") for a in apps[:size]]
            took = best(lambda rows=rows: year_lock.locks_moved_by_import(register, rows), 3)
            print(f"import check, {size:>7,} rows:               {took * 1000:8.1f} ms")
        took = best(lambda: year_lock.compare_submitted(register, 2025), 3)
        print(f"compare_submitted (report recomputed):     {took * 1000:8.1f} ms")
        report = year_lock.annual.build(register, 2025).report
        took = best(lambda: year_lock.compare_submitted(register, 2025, report=report), 5)
        print(f"compare_submitted (window's report given): {took * 1000:8.1f} ms")
    finally:
        register.close()


if __name__ == "__main__":
    main()
