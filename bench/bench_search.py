"""Window search on the 1,000,000-application register: each search beside its floor, several rounds.

A figure runs from the clerk's Enter in the search box to the table repainted with the hits (the
window's real `_search_now`, then events until the model's reader has answered and the viewport has
painted once); the status bar's counts arrive after the rows, their time is printed beside it. Before every search
the store's count caches are dropped (as a commit does), so each round pays for its counts. Floor:
the bare hit count through the same index SQL (`queries.search_hits`), best of 3. Rounds alternate
the searches (A B C, A B C, …); the ratio is computed per round and quoted as median (min).

`--profile` runs one search under cProfile and prints where its time went.
Run: `nice .venv/bin/python bench/bench_search.py [--rounds 5] [--db FILE] [--profile 征收]`
(the register: bench/synthetic.py's, `OGI_BENCH_DIR` says where it is cached).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TARGET_MS = 200
SEARCHES = ["征收", "徵收", "补偿方", "环境影响评价", "张伟"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--profile", metavar="TEXT", help="profile one search of TEXT")
    parser.add_argument("--search", action="append", help="search these (default: a mix)")
    args = parser.parse_args()

    import synthetic
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from desktop.domain.chinese import normalise_for_search
    from desktop.store import queries as store_queries
    from desktop.store.register import Register
    from desktop.ui.main_window import MainWindow

    path = args.db or synthetic.ensure_register()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    MainWindow.show_due_board_on_start = False
    register = Register.open(path)  # brought up to the current schema once
    window = MainWindow(register)
    window.show()

    class Paints(QObject):
        count = 0

        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    paints = Paints()
    window.table.viewport().installEventFilter(paints)
    app.processEvents()

    def settle() -> None:
        before = paints.count
        app.processEvents()
        if paints.count == before:
            window.table.viewport().repaint()

    model = window.model

    def wait_for_rows() -> None:
        # The table's reads run on the model's reader thread (RegisterModel): wait for them.
        while model.pending:
            app.processEvents()
            time.sleep(0.0005)

    def quiet() -> None:
        wait_for_rows()
        while model.status_counts() is None:
            app.processEvents()
            time.sleep(0.0005)

    counts_ms: dict[str, list[float]] = {}

    def search(text: str) -> float:
        model.reader.forget_counts()  # as after a commit: counts are not cached
        quiet()
        started = time.perf_counter()
        window.search_edit.setText(text)
        window._search_now()
        wait_for_rows()
        settle()
        took = (time.perf_counter() - started) * 1000
        quiet()  # the status bar's counts come after the rows
        counts_ms.setdefault(text, []).append((time.perf_counter() - started) * 1000)
        window.search_edit.clear()
        window.apply_filters()
        quiet()
        settle()
        return took

    conn = register.conn
    texts = args.search or SEARCHES
    floors: dict[str, float] = {}
    hits: dict[str, int] = {}
    for text in texts:
        needle = normalise_for_search(text)
        found, params = store_queries.search_hits(needle)
        sql = f"SELECT count(*) FROM (SELECT DISTINCT * FROM ({found}))"
        times = []
        for _ in range(3):
            started = time.perf_counter()
            hits[text] = conn.execute(sql, params).fetchone()[0]
            times.append((time.perf_counter() - started) * 1000)
        floors[text] = min(times)

    if args.profile:
        search(args.profile)  # warm
        profile = cProfile.Profile()
        profile.enable()
        took = search(args.profile)
        profile.disable()
        print(f"{args.profile}: {took:.0f} ms (profiled)")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        return 0

    for text in texts:
        search(text)  # warm the file cache
    measured: dict[str, list[float]] = {t: [] for t in texts}
    for _ in range(args.rounds):
        for text in texts:
            measured[text].append(search(text))
    print(f"window search, {register.count():,} applications, {args.rounds} rounds, offscreen")
    for text in texts:
        times = measured[text]
        ratios = sorted(t / floors[text] for t in times)
        verdict = "ok" if statistics.median(times) < TARGET_MS else "SLOW"
        print(
            f"  {text:<8} {hits[text]:>8,} hits  {statistics.median(times):6.0f} ms "
            f"(min {min(times):4.0f})  floor {floors[text]:5.1f} ms  "
            f"ratio {statistics.median(ratios):5.1f}× ({ratios[0]:.1f})  "
            f"target < {TARGET_MS} ms {verdict}; status counts in by "
            f"{statistics.median(counts_ms[text][-args.rounds :]):.0f} ms"
        )
    window.close()
    register.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
