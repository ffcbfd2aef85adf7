"""The cost of decision 8's automatic numbering (the office's pattern, the counter taking the highest
matching number in use) on a big register.

Prints, on a copy of bench/synthetic.py's register (default 200,000 applications over ten years, about
20,000 a year), best of 5 unless said otherwise:
- the scan for the highest sequence in use for one year (`Register._highest_in_use`), with the default
  pattern and with `某政信〔{年}〕{序号:3}号` (after 2,000 numbers of that form were added), beside the
  query the register ran before per generated number (LIKE 'YYYY-%' ORDER BY number DESC LIMIT 1);
- `peek_number` (the 单位设置 dialog's live example, one per keystroke);
- `Register.add` of one unnumbered application (one transaction; the scan runs once per pattern and
  year, marked in meta, so best-of-5 is the steady state);
- `Register.add_many` of 2,000 unnumbered applications, per row (validation, deadline, audit included).

Run: `.venv/bin/python bench/numbering_speed.py [--n 200000] [--db FILE]`
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synthetic import ensure_register  # noqa: E402
from desktop.domain import numbering  # noqa: E402
from desktop.domain.application import Application  # noqa: E402
from desktop.store import settings  # noqa: E402
from desktop.store.register import Register  # noqa: E402

PATTERN = "某政信〔{年}〕{序号:3}号"


def best_ms(action: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def app(year: int, number: str = "") -> Application:
    return Application(
        receipt_date=date(year, 6, 1),
        channel="网络",
        applicant_type="自然人",
        applicant="测试",
        content="预算",
        number=number,
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument(
        "--db", default=str(Path(tempfile.gettempdir()) / "ogi-numbering-bench.ogidb")
    )
    args = parser.parse_args()
    source = ensure_register(args.db, n=args.n)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "copy.ogidb"
        shutil.copy(source, path)
        register = Register.open(path)
        year = register.conn.execute(
            "SELECT max(CAST(substr(number, 1, 4) AS INTEGER)) FROM applications"
        ).fetchone()[0]
        in_year = register.conn.execute(
            "SELECT count(*) FROM applications WHERE number LIKE ?", (f"{year}-%",)
        ).fetchone()[0]
        print(f"register: {args.n:,} applications; {in_year:,} numbered {year}-…")

        old = best_ms(
            lambda: register.conn.execute(
                "SELECT number FROM applications WHERE number LIKE ? ORDER BY number DESC LIMIT 1",
                (f"{year}-%",),
            ).fetchone()
        )
        scan = best_ms(lambda: register._highest_in_use(numbering.DEFAULT, year))
        print(
            f"highest in use, default pattern:       {scan:7.2f} ms  (old per-number query {old:.2f} ms)"
        )

        register.add_many(app(year, f"某政信〔{year}〕{i:03d}号") for i in range(1, 2001))
        custom = numbering.parse_pattern(PATTERN)
        scan_custom = best_ms(lambda: register._highest_in_use(custom, year))
        print(f"highest in use, {PATTERN} (2,000 such): {scan_custom:7.2f} ms")
        peek = best_ms(lambda: register.peek_number(year, custom))
        print(f"peek_number (a keystroke in 单位设置):   {peek:7.2f} ms")

        one = best_ms(lambda: register.add(app(year)))
        print(f"add one unnumbered, default pattern:   {one:7.2f} ms")
        settings.set_number_pattern(register, PATTERN)
        one_custom = best_ms(lambda: register.add(app(year)))
        print(f"add one unnumbered, {PATTERN}: {one_custom:7.2f} ms")

        start = time.perf_counter()
        saved = register.add_many(app(year) for _ in range(2000))
        per_row = (time.perf_counter() - start) * 1e6 / len(saved)
        print(
            f"add_many 2,000 unnumbered, per row:    {per_row:7.1f} µs  (last {saved[-1].number})"
        )
        register.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
