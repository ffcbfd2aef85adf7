"""How fast the ledger goes out and comes in: export 100,000 rows, import 10,000.

Run: .venv/bin/python bench/bench_ledger.py [--export-rows N] [--import-rows N]
The register is filled with plain SQL (not through Register.add) so the set-up itself is quick;
the measured parts are exactly what `ogi export-ledger` and `ogi import-ledger` do.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.domain import vocab  # noqa: E402
from desktop.reports.ledger_io import import_ledger, write_ledger  # noqa: E402
from desktop.store.register import Register  # noqa: E402

ID = "430104198503151239"


def fill(register: Register, rows: int) -> None:
    start = date(2020, 1, 2)
    leaves = [leaf.code for leaf in vocab.OUTCOME_LEAVES]
    stamp = "2025-01-01T00:00:00"

    def row(i: int) -> tuple:
        received = start + timedelta(days=i % 2000)
        answered = received + timedelta(days=15) if i % 5 else None
        return (
            f"{received.year}-{i:06d}",
            vocab.CHANNELS[i % 7],
            received.isoformat(),
            vocab.APPLICANT_TYPES[i % 6],
            f"申请人{i}",
            ID,
            "13800138000",
            f"关于第{i}号地块征收补偿安置方案的政府信息" * 2,
            answered.isoformat() if answered else None,
            leaves[i % len(leaves)] if answered else None,
            (received + timedelta(days=28)).isoformat(),
            stamp,
            stamp,
        )

    with register.transaction() as conn:
        conn.executemany(
            "INSERT INTO applications (number, channel, receipt_date, applicant_type, applicant, "
            "id_number, phone, content, answer_date, outcome, answer_due, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (row(i) for i in range(rows)),
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--import-rows", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        source = Register.open(tmp / "source.ogidb")
        fill(source, args.export_rows)
        out = tmp / "big.xlsx"
        began, cpu = time.perf_counter(), time.process_time()
        written = write_ledger(source, out, masked=True)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        size = out.stat().st_size / 2**20
        print(
            f"export {written:,} rows: {seconds:.1f} s wall, {cpu:.1f} s CPU "
            f"({written / seconds:,.0f} rows/s), "
            f"file {size:.1f} MB, peak process memory {peak:.0f} MB"
        )

        small = tmp / "small.xlsx"
        source.conn.execute(
            "UPDATE applications SET deleted_at = 'x' WHERE id > ?", (args.import_rows,)
        )
        write_ledger(source, small, masked=False)
        source.close()
        target = Register.open(tmp / "target.ogidb")
        began, cpu = time.perf_counter(), time.process_time()
        result = import_ledger(target, small)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        assert result.ok, result.errors[:3]
        print(
            f"import {result.added:,} rows (read, check, store): {seconds:.1f} s wall, "
            f"{cpu:.1f} s CPU"
        )
        target.close()


if __name__ == "__main__":
    main()
