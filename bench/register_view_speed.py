"""How fast the register view's queries are on a big register (default 1,000,000 applications).

Run: PYTHONPATH=. .venv/bin/python bench/register_view_speed.py [ROWS] [FILE]
(FILE: keep the filled register there and reuse it on the next run.)
Prints the time of: bulk fill, first page, a deep page by OFFSET and by keyset, counts, filtered
pages, searches (2-character LIKE and 3+-character trigram), and the query plans.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from desktop.domain import deadlines, vocab
from desktop.domain.chinese import normalise_for_search
from desktop.store.queries import RegisterQueries, RegisterQuery
from desktop.store.register import Register

APPLICANTS = [
    "张三",
    "李四",
    "王五",
    "赵六",
    "长沙市某某科技有限公司",
    "湖南某律师事务所",
    "陳大文",
]
TOPICS = [
    "道路拓宽工程",
    "征收补偿方案",
    "环境影响评价报告",
    "财政预算执行",
    "学校招生计划",
    "规划许可",
]


def fill(register: Register, rows: int, seed: int = 1) -> None:
    """Bulk insert synthetic applications with executemany (the register's add() is for clerks)."""
    rnd = random.Random(seed)
    start = date(2019, 6, 1)
    stamp = "2026-01-01T00:00:00"
    batch = []
    for i in range(1, rows + 1):
        receipt = start + timedelta(days=rnd.randrange(0, 2700))
        due = receipt + timedelta(days=28)
        answered = receipt + timedelta(days=rnd.randrange(1, 40)) if rnd.random() < 0.8 else None
        outcome = rnd.choice(vocab.OUTCOME_LEAVES).code if answered else None
        applicant = rnd.choice(APPLICANTS)
        content = f"申请公开{rnd.choice(TOPICS)}相关信息"
        batch.append(
            (
                f"{receipt.year}-{i:07d}",
                rnd.choice(vocab.CHANNELS),
                receipt.isoformat(),
                rnd.choice(vocab.APPLICANT_TYPES),
                applicant,
                content,
                answered.isoformat() if answered else None,
                outcome,
                due.isoformat(),
                normalise_for_search(f"{applicant} {content}"),
                stamp,
                stamp,
            )
        )
        if len(batch) == 50_000:
            _insert(register, batch)
            batch = []
    if batch:
        _insert(register, batch)


def _insert(register: Register, batch: list[tuple]) -> None:
    with register.transaction() as conn:
        conn.executemany(
            "INSERT INTO applications (number, channel, receipt_date, applicant_type, applicant, "
            "content, answer_date, outcome, answer_due, search_text, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            batch,
        )


def timed(label: str, fn):
    t0 = time.perf_counter()
    result = fn()
    ms = (time.perf_counter() - t0) * 1000
    size = len(result) if isinstance(result, list) else result
    print(f"{label:<48} {ms:9.1f} ms   ({size})")
    return result


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tmp) / "bench.ogidb"
        fresh = not path.exists()
        register = Register.open(path)
        if fresh:
            t0 = time.perf_counter()
            fill(register, rows)
            print(f"fill {rows} rows: {time.perf_counter() - t0:.1f} s")
        rows = register.count()
        q = RegisterQueries(register.conn)
        today = date(2026, 11, 23)
        base = RegisterQuery(today=today)
        timed("count (all)", lambda: q.count(base))
        timed("status counts (all)", lambda: q.status_counts(base))
        timed("years", q.years)
        first = timed("page 0 (200 rows)", lambda: q.page(base, 0, 200))
        timed("page after page 0 (keyset)", lambda: q.page_after(base, first[-1].key, 200))
        timed("deep page by OFFSET (rows-200)", lambda: q.page(base, rows - 200, 200))
        for label, query in [
            ("year 2024", base.replace(year=2024)),
            ("status 已超期", base.replace(status=deadlines.OVERDUE)),
            ("channel 网络 + year 2025", base.replace(channel="网络", year=2025)),
            ("outcome group deny", base.replace(outcome="deny")),
            ("search 2 chars 陈大 (1/7 of rows)", base.replace(search="陈大")),
            ("search 2 chars 没有 (no match)", base.replace(search="没有")),
            ("search 3+ chars 環境影響 (traditional)", base.replace(search="環境影響")),
            ("search 3+ chars rare 不存在的词", base.replace(search="不存在的词")),
        ]:
            timed(f"count   {label}", lambda query=query: q.count(query))
            timed(f"page 0  {label}", lambda query=query: q.page(query, 0, 200))
            print("    plan:", " | ".join(q.plan(query)))
        register.close()


if __name__ == "__main__":
    main()
