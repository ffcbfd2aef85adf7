"""Benchmark: the 规章 and 规范性文件 register (issue 16) at a size far beyond any office's.

A city's departments issue a few hundred 规范性文件 a year; this builds a register of `--n` documents
over twenty years (default 50,000) once, in the temp folder, and prints the time of: importing them
from a workbook (all or nothing), table 二's first block for a year in both formats (SQL), the
drill-down of the largest figure, the window's search by 文号 and by 标题, the due board's two
reminders, and the export. Best of several runs after a warm-up.

Run: `.venv/bin/python bench/bench_documents.py [--n 50000]`.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.domain.documents import CATEGORIES, Document  # noqa: E402
from desktop.ops.documents import export_documents, import_documents  # noqa: E402
from desktop.store import documents as ds  # noqa: E402
from desktop.store.register import Register  # noqa: E402


def synthetic(n: int, seed: int = 16) -> list[Document]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        issued = date(2006, 1, 1) + timedelta(days=rng.randrange(20 * 365))
        published = issued + timedelta(days=rng.randrange(40)) if rng.random() < 0.95 else None
        repealed = issued + timedelta(days=rng.randrange(3000)) if rng.random() < 0.3 else None
        valid = issued + timedelta(days=365 * rng.choice((2, 3, 5))) if rng.random() < 0.5 else None
        docs.append(
            Document(
                f"某政发〔{issued.year}〕{i}号",
                f"关于第{i}项工作的规定",
                rng.choice(CATEGORIES),
                issued,
                published,
                repealed,
                valid,
                "政府网站",
            )
        )
    return docs


def best(fn: Callable[[], object], runs: int = 5) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=50_000)
    args = parser.parse_args()
    folder = Path(tempfile.gettempdir()) / f"ogi-bench-documents-{args.n}"
    folder.mkdir(exist_ok=True)
    source = folder / "docs.xlsx"
    if not source.exists():
        seed = Register.open(folder / "seed.ogidb")
        ds.add_many(seed, synthetic(args.n))
        export_documents(seed, source)
        seed.close()
    target = folder / "bench.ogidb"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    register = Register.open(target)
    start = time.perf_counter()
    result = import_documents(register, source)
    imported = time.perf_counter() - start
    assert result.ok, result.errors[:3]
    print(f"documents: {ds.count(register):,}")
    print(f"import-documents (read + check + store, one transaction): {imported:.1f} s")
    year = 2025
    for fmt in ("2021", "2019"):
        print(
            f"table 二 first block {year} ({fmt}): {best(lambda f=fmt: ds.table2_counts(register, year, f)):.1f} ms"
        )
    counts = ds.table2_counts(register, year, "2019")
    (row, column), n = max(counts.items(), key=lambda kv: kv[1])
    ms = best(lambda: ds.documents_behind(register, year, "2019", row, column), 3)
    print(f"drill-down of the largest figure ({row}/{column}, {n:,} documents): {ms:.1f} ms")
    print(
        f"search by 文号 (某政发[2024]): {best(lambda: ds.search(register, '某政发[2024]')):.1f} ms"
    )
    print(f"search by 标题 (第4999项): {best(lambda: ds.search(register, '第4999项')):.1f} ms")
    today = date(2025, 12, 1)
    print(
        f"due board: expiring {best(lambda: ds.expiring(register, today)):.1f} ms, "
        f"unpublished {best(lambda: ds.unpublished(register, today)):.1f} ms"
    )
    start = time.perf_counter()
    export_documents(register, folder / "out.xlsx")
    print(f"export-documents: {time.perf_counter() - start:.1f} s")
    register.close()


if __name__ == "__main__":
    main()
