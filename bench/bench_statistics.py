"""Benchmark: one year's annual-report tables on a register of 1,000,000 applications over ten years.

Prints, for a recent and a middle year, the time to compute the report (`compute_report`: every
table of the format, by SQL aggregation), to run the checks (`report_checks` and the register-level
`check_register`), and to write the workbook — beside the time of a bare SQLite GROUP BY count over
the same table (the floor: one aggregate query over one year, nothing else). Target: the report
within 2× the floor.

The register comes from bench/synthetic.py (built once, then reused from the temp folder; about two
minutes to build). It is opened read-only. Timings are the best of several runs after one warm-up, so
they measure the work, not the first read of the file from disk.

Run: `.venv/bin/python bench/bench_statistics.py [--n 1000000] [--years 10] [--db FILE]`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synthetic import DEFAULT_N, DEFAULT_YEARS, ensure_register  # noqa: E402
from desktop.reports.stats_workbook import write_workbook  # noqa: E402
from desktop.store.register import Register  # noqa: E402
from desktop.store.register_checks import check_register  # noqa: E402
from desktop.store.statistics import compute_report, report_checks  # noqa: E402

RUNS = 5


def best(work: Callable[[], object], runs: int = RUNS) -> float:
    """Best wall time in milliseconds over `runs` runs, after one warm-up run."""
    work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def floor_query(register: Register, year: int) -> Callable[[], object]:
    """The bare floor: one GROUP BY count over one year of the same table."""
    sql = (
        "SELECT applicant_type, outcome, count(*) FROM applications "
        "WHERE answer_date BETWEEN ? AND ? GROUP BY 1, 2"
    )
    params = (f"{year}-01-01", f"{year}-12-31")
    return lambda: register.conn.execute(sql, params).fetchall()


def covering_floor_query(register: Register, year: int) -> Callable[[], object]:
    """The same count read from the covering index alone: the least one aggregate pass can cost."""
    sql = (
        "SELECT applicant_type, outcome, count(*) FROM applications INDEXED BY ix_app_answered_stats "
        "WHERE answer_date BETWEEN ? AND ? AND deleted_at IS NULL GROUP BY 1, 2"
    )
    params = (f"{year}-01-01", f"{year}-12-31")
    return lambda: register.conn.execute(sql, params).fetchall()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=DEFAULT_N)
    parser.add_argument("--years", type=int, default=DEFAULT_YEARS)
    parser.add_argument("--db", type=Path, help="an existing register to measure instead")
    args = parser.parse_args()

    started = time.perf_counter()
    path = args.db or ensure_register(None, args.n, args.years)
    print(f"register: {path} (ready in {time.perf_counter() - started:.1f} s)")
    started = time.perf_counter()
    # Read-write, so an older cached register is brought to the current schema (its statistics
    # indexes are built once, here); nothing else is written.
    register = Register.open(path)
    print(f"opened (schema v{register.schema_version()}) in {time.perf_counter() - started:.1f} s")
    count = register.conn.execute("SELECT count(*) FROM applications").fetchone()[0]
    first, last = register.conn.execute(
        "SELECT min(substr(receipt_date, 1, 4)), max(substr(receipt_date, 1, 4)) FROM applications"
    ).fetchone()
    print(f"{count:,} applications received {first}–{last}; best of {RUNS} after a warm-up\n")
    out = Path(tempfile.mkdtemp(prefix="ogi-bench-stats-"))
    years = [int(last) - 1, (int(first) + int(last)) // 2]
    header = (
        f"{'year':>6} {'format':>6} {'floor':>9} {'floor2':>9} {'report':>9} {'ratio':>6} "
        f"{'ratio2':>6} {'checks':>9} {'reg.chk':>9} {'xlsx':>9}"
    )
    print(header)
    print("-" * len(header))
    ratios: list[float] = []
    ratios2: list[float] = []
    for year in years:
        for fmt in ("2021", "2014"):
            floor = best(floor_query(register, year))
            floor2 = best(covering_floor_query(register, year))
            report_ms = best(lambda y=year, f=fmt: compute_report(register, y, f))
            report = compute_report(register, year, fmt)
            checks_ms = best(lambda r=report: report_checks(register, r))
            register_ms = best(lambda y=year: check_register(register, y), runs=2)
            checks = report_checks(register, report)
            xlsx_ms = best(
                lambda r=report, c=checks: write_workbook(r, out / f"{r.year}-{r.format}.xlsx", c),
                runs=3,
            )
            ratio, ratio2 = report_ms / floor, report_ms / floor2
            ratios.append(ratio)
            ratios2.append(ratio2)
            print(
                f"{year:>6} {fmt:>6} {floor:>7.1f}ms {floor2:>7.1f}ms {report_ms:>7.1f}ms "
                f"{ratio:>5.2f}× {ratio2:>5.2f}× {checks_ms:>7.1f}ms {register_ms:>7.1f}ms {xlsx_ms:>7.1f}ms"
            )
    print(
        "\nfloor  = SELECT applicant_type, outcome, count(*) … WHERE answer_date in the year GROUP BY 1, 2"
        "\nfloor2 = the same, read from the covering index ix_app_answered_stats (live rows only)"
        "\nreport = compute_report(): every table of the format (new, carried in/out, outcomes, "
        "channels,\n         fees, 复议/诉讼, typed-in figures)"
        "\nchecks = report_checks(): the logic rules plus 二(Y) = 四(Y−1) from the register"
        "\nreg.chk = check_register(year): the register-level checks (SQL), naming numbers at fault"
        f"\nworst report/floor ratio: {max(ratios):.2f}×, report/floor2: {max(ratios2):.2f}×"
        "  (target ≤ 2×)"
    )
    register.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
