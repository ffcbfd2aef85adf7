"""How long the integrity checks take on a big register (decides when quick_check runs on open).

Usage: .venv/bin/python bench/integrity_check.py [ROWS] [FILE]
Builds (or reuses) a register of ROWS applications (default 1,000,000) with raw SQL, then times
the cheap header check, PRAGMA quick_check, PRAGMA integrity_check and one backup.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from desktop.store import backup, integrity
from desktop.store.register import Register

CONTENT = "申请公开本机关二〇二四年度关于城市道路改造项目的立项批复、资金预算和招投标文件"


def build(path: Path, rows: int) -> None:
    reg = Register.open(path)
    have = reg.conn.execute("SELECT count(*) FROM applications").fetchone()[0]
    rng = random.Random(1)
    start = date(2019, 1, 1)
    batch = []
    with reg.transaction():
        for i in range(have, rows):
            day = start + timedelta(days=i % 2500)
            text = CONTENT[rng.randrange(10) :] + str(i)
            batch.append(
                (
                    f"{day.year}-{i:07d}",
                    "网络",
                    day.isoformat(),
                    "自然人",
                    f"申请人{i}",
                    "430104199001011234",
                    "13800138000",
                    text,
                    text,
                    day.isoformat(),
                    day.isoformat(),
                )
            )
            if len(batch) == 10000:
                reg.conn.executemany(
                    "INSERT INTO applications (number, channel, receipt_date, applicant_type, "
                    "applicant, id_number, phone, content, search_text, created_at, updated_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    batch,
                )
                batch.clear()
    reg.close()


def timed(label: str, fn) -> None:
    t0 = time.perf_counter()
    result = fn()
    print(f"{label:<34} {time.perf_counter() - t0:8.2f} s   {result}")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    path = Path(sys.argv[2] if len(sys.argv) > 2 else f"/tmp/ogi-bench-{rows}.ogidb")
    t0 = time.perf_counter()
    build(path, rows)
    print(
        f"register of {rows} rows: {path.stat().st_size / 2**20:.0f} MB "
        f"(built in {time.perf_counter() - t0:.1f} s)"
    )
    timed("header check (open)", lambda: integrity.check_header(path))
    timed("PRAGMA quick_check", lambda: integrity.quick_check(path).ok)
    timed("PRAGMA integrity_check", lambda: integrity.full_check(path).ok)
    reg = Register.open(path)
    out = Path("/tmp/ogi-bench-backups")
    timed("backup (SQLite backup API + check)", lambda: backup.make_backup(reg, out).size)
    reg.close()


if __name__ == "__main__":
    main()
