"""How long checking and consolidating units' statistics workbooks takes (prints figures).

Run: .venv/bin/python bench/consolidate_speed.py [UNITS]
Writes UNITS workbooks (half ours, half typed by hand in traditional characters with a 小计 column),
then times reading one, checking one, and consolidating all of them into a total workbook.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.reports import consolidate as cons  # noqa: E402
from desktop.reports.stats_reader import read_stats_workbook  # noqa: E402
from desktop.reports.stats_workbook import write_workbook  # noqa: E402
from tests.reports.test_stats_reader import consistent_report, hand_typed_workbook  # noqa: E402


def main() -> None:
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        books = []
        for i in range(units):
            report = consistent_report(seed=i)
            report.unit = f"单位{i:03d}"
            path = folder / f"unit{i:03d}.xlsx"
            if i % 2:
                hand_typed_workbook(path, report, unit=report.unit, traditional=True, subtotal=True)
            else:
                write_workbook(report, path)
            books.append(path)
        start = time.perf_counter()
        read_stats_workbook(books[0])
        read_ours = time.perf_counter() - start
        start = time.perf_counter()
        read_stats_workbook(books[1])
        read_hand = time.perf_counter() - start
        start = time.perf_counter()
        status = cons.examine(books[0])
        check_one = time.perf_counter() - start
        assert status.ok
        start = time.perf_counter()
        result = cons.consolidate(books, unit="某某市")
        summed = time.perf_counter() - start
        assert result.ok, result.refusals[:3]
        start = time.perf_counter()
        cons.write_total(result, folder / "total.xlsx")
        written = time.perf_counter() - start
    print(f"read one workbook (ours):            {read_ours * 1000:7.1f} ms")
    print(f"read one workbook (hand-typed, 繁体): {read_hand * 1000:7.1f} ms")
    print(f"ogi check on one workbook:           {check_one * 1000:7.1f} ms")
    print(f"consolidate {units} units (read+check): {summed:7.2f} s")
    print(f"write the total workbook:            {written * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
