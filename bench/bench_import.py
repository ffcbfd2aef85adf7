"""How fast and how lean a ledger import is, against just reading the workbook (issue 12).

Builds (once, cached under /tmp) a ledger of N rows in the contract's columns, then measures in
fresh child processes:
- the baseline: openpyxl read_only iterating every row's values (what any import must pay);
- `ogi import-ledger` of the same file into a new register (read, check, store, audit, index).
Prints both times, their ratio and each child's peak RSS. Nothing here is a test.

Usage: PYTHONPATH=. .venv/bin/python bench/bench_import.py [ROWS [ROUNDS]]   (default 100000 1)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HEADERS = [
    "申请编号",
    "申请方式",
    "收到日期",
    "申请人类型",
    "申请人",
    "证件号码",
    "联系电话",
    "申请内容",
    "答复日期",
    "办理结果",
]


def build(rows: int) -> Path:
    from desktop.reports.xlsx_stream import SheetColumn, StreamingSheetWriter

    path = Path(tempfile.gettempdir()) / f"ogi-bench-ledger-{rows}.xlsx"
    if path.exists():
        return path
    columns = [SheetColumn(h, 14, "date" if "日期" in h else "text") for h in HEADERS]
    start = date(2025, 1, 2)
    with StreamingSheetWriter(path, "台账", columns) as sheet:
        for i in range(rows):
            received = start + timedelta(days=i % 300)
            answered = received + timedelta(days=10) if i % 3 else None
            sheet.row(
                [
                    f"2025-{i + 1:06d}",
                    "网络",
                    received,
                    "自然人",
                    f"申请人{i}",
                    "",
                    f"1380013{i % 10000:04d}",
                    f"请公开第{i}号项目的立项批复、资金安排和验收材料",
                    answered,
                    "予以公开" if answered else None,
                ]
            )
    return path


BASELINE = """
import sys, time
from openpyxl import load_workbook
t = time.perf_counter()
wb = load_workbook(sys.argv[1], read_only=True, data_only=True)
n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
print(time.perf_counter() - t, n)
"""


def child(args: list[str]) -> tuple[float, float, str, float]:
    """Wall time, peak RSS (MB) of one child process (its own rusage, os.wait4), its output and
    its CPU time (user + system: steadier than the wall time on a machine shared with others)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        text = out.read()
    if proc.returncode != 0:
        print(text[-2000:], file=sys.stderr)
    return seconds, usage.ru_maxrss / 1024, text.strip(), usage.ru_utime + usage.ru_stime


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    ledger = build(rows)
    print(f"ledger: {ledger} ({ledger.stat().st_size / 1e6:.1f} MB, {rows:,} rows)")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    for round_ in range(rounds):
        # Interleaved, the order flipped each round: the same load falls on both.
        order = ("read", "import") if round_ % 2 == 0 else ("import", "read")
        got = {}
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.ogidb"
            for which in order:
                if which == "read":
                    got[which] = child([sys.executable, "-c", BASELINE, str(ledger)])
                else:
                    got[which] = child(
                        [
                            sys.executable,
                            "-m",
                            "desktop",
                            "import-ledger",
                            str(ledger),
                            "--db",
                            str(db),
                        ]
                    )
        (read_s, read_mb, _, read_cpu), (import_s, import_mb, out, import_cpu) = (
            got["read"],
            got["import"],
        )
        print(f"round {round_ + 1}:")
        print(
            f"  openpyxl read_only, values only: {read_s:6.1f} s (CPU {read_cpu:6.1f} s)"
            f"   peak RSS {read_mb:6.0f} MB"
        )
        print(
            f"  ogi import-ledger:               {import_s:6.1f} s (CPU {import_cpu:6.1f} s)"
            f"   peak RSS {import_mb:6.0f} MB"
        )
        last = out.splitlines()[-1] if out else "failed"
        print(
            f"  ratio import / read: {import_s / read_s:.2f} wall, {import_cpu / read_cpu:.2f} CPU"
            f"   ({last})"
        )


if __name__ == "__main__":
    main()
