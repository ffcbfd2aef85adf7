"""The longest the GUI thread stalls during a scripted session on a 1,000,000-application register.

A stall is time the window's thread spends without returning to its event loop: the window cannot
repaint or take a key meanwhile. A 5 ms `QTimer` (PreciseTimer) runs through the whole session, and
each gap between two of its ticks, less the 5 ms, is a stall. Each stall is booked to the step that
was running. Target: no stall over 50 ms (issue 12).

The session runs the real program the way a clerk does, one step after another, each started from
the event loop and given time to settle (the debounced search, the report's recompute):
open (start-up flow, main window, first page, due board, the day's check and backup in the
background), search 征收, clear it, filter by year and by channel, scroll (page down, jump to the
middle, to the end, to the top), open the selected application's form, save it with a new 备注,
open the report window (统计 → 年度报告…), open the charts (统计 → 统计图表…), then every other window
of the menus (到期提醒, 节假日安排, 主动公开数据, 规章和规范性文件登记, 汇总各单位报表, 年度报告文字稿,
备份与恢复, 生成文书, 单位设置), each closed before the next.

The register: a copy of bench/synthetic.py's 1,000,000 register (made once, beside the cached one in
`OGI_BENCH_DIR`, then reused; the session writes into it). `--fresh-day` forgets today's check and
backup first, so the open is a first open of the day. Run it with nice on a shared machine:
`nice .venv/bin/python bench/bench_gui_stall.py [--fresh-day] [--db FILE]`
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TICK_MS = 5
TARGET_MS = 50


def session_copy(db: Path | None) -> Path:
    if db is not None:
        return db
    import synthetic

    source = synthetic.ensure_register()
    copy = source.with_name("gui-stall-" + source.name)
    if not copy.exists():
        shutil.copy2(source, copy)
    return copy


def forget_today(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM meta WHERE key = 'last_quick_check'")
    conn.commit()
    conn.close()
    shutil.rmtree(path.parent / "backups", ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a register to run the session on (it is written)")
    parser.add_argument("--fresh-day", action="store_true", help="make the open a first of the day")
    parser.add_argument(
        "--stacks", action="store_true", help="print where the GUI thread was in stalls over 40 ms"
    )
    parser.add_argument(
        "--sql",
        action="store_true",
        help="print the SQL the window's own connection ran on the GUI thread, per step",
    )
    args = parser.parse_args()
    path = session_copy(args.db)
    if args.fresh_day:
        forget_today(path)

    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    os.environ.setdefault("OGI_DATA_DIR", str(path.parent / "gui-stall-data"))
    from desktop.ui.fonts import apply_chinese_fonts
    from desktop.ui.ops import MainThreadCollector

    # As the program starts (desktop/ui/app.py): the Chinese fonts, and Python's cycle collector
    # run on the GUI thread's timer (its collections are GUI-thread work, counted here).
    apply_chinese_fonts(app)
    collector = MainThreadCollector(app)

    class StallProbe(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.step = "start"
            self.stalls: dict[str, float] = {}
            self.busy: dict[str, float] = {}  # the GUI thread's own CPU time in the longest gap
            self.step_ms: dict[str, float] = {}
            self.last = time.perf_counter()
            self.last_cpu = time.thread_time()
            self.timer = QTimer(self)
            self.timer.setTimerType(Qt.TimerType.PreciseTimer)
            self.timer.timeout.connect(self.tick)
            self.timer.start(TICK_MS)

        def tick(self) -> None:
            now, cpu = time.perf_counter(), time.thread_time()
            stall = max(0.0, (now - self.last) * 1000 - TICK_MS)
            self.stalls[self.step] = max(self.stalls.get(self.step, 0.0), stall)
            # A gap is the GUI thread working, or waiting (for the GIL, or for a CPU on a loaded
            # machine). Its own CPU time in the gap tells the two apart.
            busy = (cpu - self.last_cpu) * 1000
            self.busy[self.step] = max(self.busy.get(self.step, 0.0), busy)
            self.last, self.last_cpu = now, cpu

    probe = StallProbe()
    stacks: dict[str, dict[str, int]] = {}  # --stacks: step -> GUI-thread stack -> samples
    if args.stacks:
        import threading
        import traceback

        gui_id = threading.get_ident()

        def sample() -> None:
            # Every 5 ms: if the GUI thread has not ticked for 40 ms, note where it is.
            while True:
                time.sleep(0.005)
                if (time.perf_counter() - probe.last) * 1000 < 40:
                    continue
                frame = sys._current_frames().get(gui_id)
                if frame is None:
                    continue
                where = "".join(traceback.format_stack(frame, limit=12)[-6:])
                counts = stacks.setdefault(probe.step, {})
                counts[where] = counts.get(where, 0) + 1

        threading.Thread(target=sample, daemon=True).start()

    class FirstPaint(QObject):
        """Start-up until the first page is painted is one block: there is no window yet to stall,
        and its floor is its own (< 2 s). From the first paint on, the stall target applies."""

        def __init__(self) -> None:
            super().__init__()
            self.started = time.perf_counter()
            self.ms: float | None = None

        def watch(self, widget: QObject) -> None:
            self.widget = widget
            widget.installEventFilter(self)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if self.ms is None and event.type() == QEvent.Type.Paint:
                self.ms = -1.0
                QTimer.singleShot(0, self._painted)  # once this paint has been done
            return False

        def _painted(self) -> None:
            self.ms = (time.perf_counter() - self.started) * 1000
            probe.step = "open: after the first paint"
            probe.last, probe.last_cpu = time.perf_counter(), time.thread_time()

    gui_sql: dict[str, list[str]] = {}  # --sql: step -> statements run on the GUI thread
    painted = FirstPaint()
    state: dict[str, object] = {}

    def window():  # type: ignore[no-untyped-def]
        return state["window"]

    def open_program() -> None:
        from desktop.ui.app import open_for_window
        from desktop.ui.main_window import MainWindow

        opened = open_for_window(path)
        assert opened is not None
        win = MainWindow(opened.register)
        state["opened"], state["window"] = opened, win
        if args.sql:  # a cold page cache makes each of these a disk read on the GUI thread
            import threading

            main_thread = threading.main_thread()

            def traced(statement: str) -> None:
                if threading.current_thread() is main_thread:
                    done = gui_sql.setdefault(probe.step, [])
                    done.append(" ".join(statement.split())[:110])

            win.register.conn.set_trace_callback(traced)
        painted.watch(win.table.viewport())
        win.show()
        try:
            from desktop.ui.daily_care import start_daily_care
        except ImportError:  # an older program: the check and backup ran before the window
            return
        state["daily"] = start_daily_care(win, opened.daily)

    def search(text: str) -> Callable[[], None]:
        def run() -> None:
            window().search_edit.setText(text)  # the window searches 250 ms after typing stops

        return run

    def pick(combo_name: str, value: object) -> Callable[[], None]:
        def run() -> None:
            combo = getattr(window(), combo_name)
            combo.setCurrentIndex(max(0, combo.findData(value)) if value is not None else 0)

        return run

    def scroll(where: str) -> Callable[[], None]:
        def run() -> None:
            bar = window().table.verticalScrollBar()
            target = {
                "page down": bar.value() + bar.pageStep(),
                "middle": bar.maximum() // 2,
                "end": bar.maximum(),
                "top": 0,
            }[where]
            bar.setValue(target)

        return run

    def open_form() -> None:
        win = window()
        win.table.selectRow(0)
        win.edit_current()

    def save_form() -> None:
        form = window().form
        assert form is not None, "the form did not open"
        editor = form.editors["remarks"]
        text = f"性能测试 {time.strftime('%H:%M:%S')}"
        (editor.setPlainText if hasattr(editor, "setPlainText") else editor.setText)(text)
        assert form.save(), form.errors()

    def close_windows() -> None:
        for top in QApplication.topLevelWidgets():
            if top is not window() and top.isVisible():
                top.close()

    def menu(label: str) -> Callable[[], None]:
        def actions(menu):  # type: ignore[no-untyped-def]
            for action in menu.actions():
                yield action
                if action.menu() is not None:  # a submenu (文件 → 导入…)
                    yield from actions(action.menu())

        def run() -> None:
            for action in actions(window().menuBar()):
                if re.sub(r"\(&\w\)", "", action.text()).replace("&", "") == label:
                    action.trigger()
                    return
            print(f"no menu item {label}", file=sys.stderr)
            app.quit()

        return run

    steps: list[tuple[str, Callable[[], None], int]] = [
        ("open: until the first paint", open_program, 3000),
        ("search 征收", search("征收"), 1500),
        ("clear the search", search(""), 1000),
        ("filter year 2025", pick("year_combo", 2025), 800),
        ("filter channel 邮寄", pick("channel_combo", "邮寄"), 800),
        (
            "filters back to 全部",
            lambda: (pick("year_combo", None)(), pick("channel_combo", None)()),
            800,
        ),
        ("scroll: page down", scroll("page down"), 300),
        ("scroll: jump to the middle", scroll("middle"), 500),
        ("scroll: to the end", scroll("end"), 500),
        ("scroll: to the top", scroll("top"), 500),
        ("open the form", open_form, 1000),
        ("save the form", save_form, 2000),
        ("report window", menu("年度报告…"), 4000),
        ("charts window", menu("统计图表…"), 4000),
        ("close the windows", close_windows, 800),
    ]
    # Then every other window a clerk opens from the menus, each closed again before the next.
    for label, settle in (
        ("到期提醒…", 2500),
        ("节假日安排…", 1500),
        ("主动公开数据…", 1500),
        ("规章和规范性文件登记…", 1500),
        ("汇总各单位报表…", 1000),
        ("生成年度报告文字稿…", 3000),
        ("备份与恢复…", 1500),
        ("生成文书…", 1500),
        ("单位设置…", 1000),
    ):
        name = label.rstrip("…")
        steps.append((f"{name}", menu(label), settle))
        steps.append((f"  close {name}", close_windows, 500))
    queue = list(steps)

    def next_step() -> None:
        if not queue:
            finish()
            return
        name, action, settle = queue.pop(0)
        probe.step = name
        started = time.perf_counter()
        action()
        probe.step_ms[name] = (time.perf_counter() - started) * 1000
        QTimer.singleShot(settle, next_step)

    def finish() -> None:
        probe.step = "end"
        daily = state.get("daily")
        if daily is not None and getattr(daily, "result", None) is None:
            QTimer.singleShot(200, finish)  # let the day's backup end before closing
            return
        app.quit()

    QTimer.singleShot(100, next_step)
    wall = time.perf_counter()
    app.exec()
    wall = time.perf_counter() - wall
    win = state.get("window")
    rows = win.model.rowCount() if win is not None else 0  # type: ignore[attr-defined]
    for top in QApplication.topLevelWidgets():
        top.close()
    opened = state.get("opened")
    if opened is not None:
        opened.close(win.register)  # type: ignore[attr-defined]
    collector.uninstall()

    print(f"GUI-thread stalls, {rows:,} applications, tick {TICK_MS} ms, session {wall:.1f} s")
    print(f"  {'step':<30} {'longest stall':>14} {'GUI CPU':>10} {'step call':>10}")
    shown = [name for name, _action, _settle in steps]
    shown.insert(1, "open: after the first paint")
    for name in shown:
        if name == "open: until the first paint":
            paint = f"{painted.ms:.0f} ms to the first paint" if painted.ms else "never painted"
            if painted.ms is not None and painted.ms < 0:
                paint = "painting"
            print(f"  {name:<30} ({paint}: start-up, floor < 2 s; no window to stall yet)")
            continue
        print(
            f"  {name:<30} {probe.stalls.get(name, 0.0):11.0f} ms"
            f" {probe.busy.get(name, 0.0):7.0f} ms {probe.step_ms.get(name, 0):7.0f} ms"
        )
    print(f"  {'(after the last step)':<30} {probe.stalls.get('end', 0.0):11.0f} ms")
    after_paint = {k: v for k, v in probe.stalls.items() if k != "open: until the first paint"}
    worst_step = max(after_paint, key=lambda s: after_paint[s])
    worst = after_paint[worst_step]
    verdict = "ok" if worst < TARGET_MS else "OVER"
    for step, counts in stacks.items():
        for where, samples in sorted(counts.items(), key=lambda kv: -kv[1])[:3]:
            print(f"\n--- {step}: {samples} samples (5 ms) in a stall, GUI thread at:\n{where}")
    for step, statements in gui_sql.items():
        print(f"\n--- {step}: {len(statements)} statements on the GUI thread")
        for text in list(dict.fromkeys(statements))[:6]:
            print(f"    {text}")
    print(f"longest stall: {worst:.0f} ms in “{worst_step}” (target < {TARGET_MS} ms: {verdict})")
    cpu_step = max(probe.busy, key=lambda s: probe.busy[s])
    print(
        f"most GUI-thread CPU between two ticks: {probe.busy[cpu_step]:.0f} ms in “{cpu_step}”"
        f" (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
