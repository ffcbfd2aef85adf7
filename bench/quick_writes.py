"""The writes the window still makes on its GUI connection, timed on a 1,000,000-application register.

docs/architecture.md keeps these on the GUI thread because each is a single short transaction that
touches no application row: the office settings, a 表二 figure, the document register's add, edit and
delete, the clean-open mark. Each is timed N times (median and max, ms) on a copy of the synthetic
register (it is written). Beside them, for scale, the writes that moved to the worker: one
application saved, deleted and undeleted (the search index and the audit log are updated too).

Run: `nice .venv/bin/python bench/quick_writes.py [--db FILE] [--n 20]`
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TARGET_MS = 10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", type=Path, default=Path("/tmp/ogi-bench-ops/register-1000000.ogidb")
    )
    parser.add_argument("--n", type=int, default=20)
    args = parser.parse_args()

    from desktop.domain.application import Application
    from desktop.domain.documents import NORMATIVE, Document
    from desktop.domain.letters import OfficeSettings
    from desktop.store import documents as ds
    from desktop.store import integrity, settings
    from desktop.store.annual_figures import set_figures
    from desktop.store.register import Register

    register = Register.open(args.db)
    count = register.count()
    rows: list[tuple[str, list[float]]] = []

    def timed(name: str, write: Callable[[int], object]) -> None:
        times = []
        for i in range(args.n):
            started = time.perf_counter()
            write(i)
            times.append((time.perf_counter() - started) * 1000)
        rows.append((name, times))

    timed(
        "office settings saved",
        lambda i: settings.save_office_settings(
            register, OfficeSettings(f"某县财政局{i}", "某财信〔{年}〕{号}号")
        ),
    )
    timed("a 表二 figure saved", lambda i: set_figures(register, 2025, {"2_1_1": str(i)}))
    added: list[int] = []

    def add_document(i: int) -> None:
        doc = ds.add(
            register,
            Document(f"测试发〔2026〕{i + 1}号", f"测试文件{i}", NORMATIVE, date(2026, 1, 5)),
        )
        assert doc.id is not None
        added.append(doc.id)

    timed("a document added", add_document)
    timed(
        "a document edited",
        lambda i: ds.update(register, ds.get(register, added[i]).document.replace(remarks=str(i))),  # type: ignore[union-attr]
    )
    timed("a document deleted", lambda i: ds.delete(register, added[i]))
    timed("the clean-open mark", lambda i: integrity.mark_open(register.conn))
    kept = register.get(register.conn.execute("SELECT max(id) FROM applications").fetchone()[0])
    assert kept is not None
    timed(
        "(worker) an application saved",
        lambda i: register.update(kept.replace(remarks=f"基准 {i}")),
    )
    timed("(worker) an application deleted", lambda i: register.delete(kept.id))  # type: ignore[arg-type]
    timed("(worker) an application undeleted", lambda i: register.undelete(kept.id))  # type: ignore[arg-type]
    new = Application(date.today(), "网络", "自然人", "基准测试", content="写入计时")
    timed("(worker) an application added", lambda i: register.add(new))
    register.close()

    print(f"writes on one connection, {count:,} applications ({args.db}), {args.n} each")
    for name, times in rows:
        verdict = "" if name.startswith("(") else ("ok" if max(times) < TARGET_MS else "OVER")
        print(
            f"  {name:<36} median {statistics.median(times):6.1f} ms  max {max(times):6.1f} ms  {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
