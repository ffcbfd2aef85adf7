"""The warm-up after the first paint: one module per turn, and nothing left for a window to import.

The checks run in a fresh interpreter: this test process has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop.ui import warmup

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("desktop", "PySide6", "openpyxl", "docx", "lxml", "opencc")

# What a fresh program has loaded when its main window is up, then each warm-up turn.
PROBE = textwrap.dedent(
    """
    import importlib, json, os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import desktop.ui.app, desktop.ui.main_window, desktop.ui.features
    heavy = tuple(sys.argv[1].split(","))
    ours = lambda names: sorted(n for n in names if n.split(".")[0] in heavy)
    turns = []
    started = ours(set(sys.modules))
    from desktop.ui.warmup import AFTER_THREAD, THREAD_MODULES, WARM_MODULES
    def turn(name):
        before = set(sys.modules)
        importlib.import_module(name)
        turns.append([name, ours(set(sys.modules) - before)])
    for name in WARM_MODULES:
        turn(name)
    for name in THREAD_MODULES:  # the warm-up's thread
        importlib.import_module(name)
    for name in AFTER_THREAD:
        turn(name)
    before = set(sys.modules)
    # what the menus and the form import when the clerk opens them (desktop/ui/features.py)
    for name in sys.argv[2].split(","):
        importlib.import_module(name)
    print(json.dumps({"turns": turns, "left": ours(set(sys.modules) - before), "started": started}))
    """
)

WINDOWS = (
    "desktop.ui.application_form",
    "desktop.ui.report_window",
    "desktop.ui.unit_settings",
    "desktop.ui.charts_window",
    "desktop.ui.due_board",
    "desktop.ui.documents_window",
    "desktop.ui.letters_dialog",
    "desktop.ui.table2_dialog",
    "desktop.ui.holiday_dialog",
    "desktop.ui.printing",
    "desktop.ui.backup_dialog",
    "desktop.ui.consolidate_window",
    "desktop.ui.data_package_dialog",
    "desktop.ui.import_wizard",
    "desktop.ui.report_draft_dialog",
    "desktop.ui.ledger_dialogs",
    "desktop.ui.help",
)


def warm_only(monkeypatch, *names: str, record: bool = False) -> list[str]:
    """The warm-up of `names` only (no thread, nothing after it), the main window without its
    due board; with `record`, the imports are listed instead of done."""
    from desktop.ui import main_window as mw

    seen: list[str] = []
    monkeypatch.setattr(warmup, "WARM_MODULES", names)
    monkeypatch.setattr(warmup, "AFTER_THREAD", ())
    monkeypatch.setattr(warmup, "THREAD_MODULES", ())
    if record:
        monkeypatch.setattr(warmup.importlib, "import_module", seen.append)
    monkeypatch.setattr(mw.MainWindow, "show_due_board_on_start", False)
    return seen


@pytest.fixture(scope="module")
def probe() -> dict:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(HEAVY), ",".join(WINDOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_each_turn_runs_one_module_of_ours_at_most(probe: dict) -> None:
    # A turn that pulled in a chain of our modules would be one long stall: the list must name
    # the dependencies first (leaf first), so each turn executes a single module body.
    for name, loaded in probe["turns"]:
        # (a package's own submodules come with it: opencc's C glue)
        others = [n for n in loaded if n != name and not n.startswith(name + ".")]
        assert not others, f"warming {name} also loaded {loaded}: list them before it"


def test_after_the_warm_up_opening_a_window_imports_nothing_heavy(probe: dict) -> None:
    assert probe["left"] == [], f"modules a window still imports on the GUI thread: {probe['left']}"


def test_the_windows_are_warmed(probe: dict) -> None:
    warmed = {name for name, _ in probe["turns"]}
    assert set(WINDOWS) <= warmed
    # Every window the menus open (features.py) and the main window's own lazy ones are listed.
    import re

    opened = set()
    for source in ("features.py", "main_window.py"):
        text = (ROOT / "desktop" / "ui" / source).read_text(encoding="utf-8")
        opened |= set(re.findall(r"^\s+from (desktop\.ui\.\w+) import", text, re.MULTILINE))
    # loaded with the main window, by its start (the day's check, the first paint), or warmed
    shown = {"desktop.ui.daily_care", "desktop.ui.first_paint"}
    missing = opened - set(probe["started"]) - shown - warmed
    assert not missing, f"windows the warm-up does not import: {missing}"


def test_the_main_window_warms_up_after_its_first_paint(qtbot, register, monkeypatch) -> None:
    from desktop.ui import main_window as mw

    probe_name = "ogi_warmup_probe_module"  # not loaded: the warm-up imports it
    seen = warm_only(monkeypatch, "json", probe_name, record=True)
    window = mw.MainWindow(register)
    qtbot.addWidget(window)
    assert window.warmup is None  # nothing before the window is on screen
    window.show()
    qtbot.waitUntil(lambda: window.warmup is not None and window.warmup.done, timeout=5000)
    assert seen == [probe_name]  # json was loaded already: skipped


def test_after_the_warm_up_start_ups_objects_leave_the_collections(qtbot, register, monkeypatch):
    # A full collection on the GUI thread scanned every object start-up made (~20 ms, a stall
    # every ten or so collections); frozen once the warm-up is done, it scans what came since.
    import gc

    from desktop.ui import main_window as mw
    from desktop.ui.ops import MainThreadCollector

    warm_only(monkeypatch, "json")
    assert gc.get_freeze_count() == 0
    collector = MainThreadCollector()  # as the program installs it (desktop/ui/app.py)
    try:
        window = mw.MainWindow(register)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: collector.frozen, timeout=5000)  # after the first paint
        frozen_at_paint = gc.get_freeze_count()
        assert frozen_at_paint > 1000  # the modules, classes and the window
        qtbot.waitUntil(lambda: window.warmup is not None and window.warmup.done, timeout=5000)
        import weakref

        class Node:
            pass

        node = Node()
        node.self = node  # garbage made after the freeze is still collected
        gone = weakref.ref(node)
        del node
        gc.collect()
        assert gone() is None
    finally:
        collector.uninstall()
    assert gc.get_freeze_count() == 0 and MainThreadCollector.installed is None


def test_without_the_programs_collector_nothing_is_frozen(qtbot, register, monkeypatch):
    import gc

    from desktop.ui import main_window as mw

    warm_only(monkeypatch, "json")
    window = mw.MainWindow(register)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.warmup is not None and window.warmup.done, timeout=5000)
    qtbot.wait(50)
    assert gc.get_freeze_count() == 0


def test_a_window_asked_for_during_the_warm_up_opens_once_it_is_done(qtbot, register, monkeypatch):
    # The first second after start-up: a menu's window waits for the warm-up (hurried, one module
    # per turn) instead of importing everything at the click.
    from desktop.ui import main_window as mw

    imported = warm_only(monkeypatch, "json", "ogi_probe_a", "ogi_probe_b", record=True)
    hidden = mw.MainWindow(register)
    qtbot.addWidget(hidden)
    opened: list[object] = []
    hidden.open_when_warm(lambda bench: opened.append("never shown"))
    assert opened == ["never shown"] and hidden.warmup is None  # at once, no warm-up

    window = mw.MainWindow(register)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.warmup is None  # its turn comes later (WARM_UP_AFTER_MS)
    window.open_when_warm(lambda bench: opened.append(list(imported)))
    assert opened == ["never shown"] and window.warmup is not None  # started now
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=5000)
    assert opened[1] == ["ogi_probe_a", "ogi_probe_b"]  # after every module was in
    assert QApplication.overrideCursor() is None
    window.open_when_warm(lambda bench: opened.append("warm"))
    assert opened[-1] == "warm"  # once warm: at once
    qtbot.wait(mw.WARM_UP_AFTER_MS + 100)  # the scheduled warm-up does not start a second one
    assert imported == ["ogi_probe_a", "ogi_probe_b"]


def test_the_warm_ups_files_are_read_ahead_on_a_thread(monkeypatch, tmp_path) -> None:
    # A cold disk cache in the morning: the GUI thread's imports waited for their files.
    read: list[Path] = []
    threads: list[str] = []

    def record(paths: list[Path]) -> None:
        import threading

        threads.append(threading.current_thread().name)
        read.extend(paths)

    monkeypatch.setattr(warmup, "_read_files", record)
    monkeypatch.delitem(sys.modules, "desktop.ui.help", raising=False)  # as if not imported yet
    names = ("desktop.ui.help", "desktop.ui.warmup", "json", "desktop.ui.no_such_module")
    warmup.prefetch_module_files(names).join(5)
    assert threads == ["ogi-prefetch"]
    # Only ours, only what is not loaded yet: the compiled file and the source PySide's hook reads.
    assert [p.name for p in read] == [f"help.{sys.implementation.cache_tag}.pyc", "help.py"]

    monkeypatch.undo()
    (tmp_path / "a.pyc").write_bytes(b"x" * 3_000_000)
    warmup._read_files([tmp_path / "missing.pyc", tmp_path / "a.pyc"])  # a missing one is skipped
