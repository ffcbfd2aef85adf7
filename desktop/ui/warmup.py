"""Load the feature windows' modules while the clerk reads the first page, one module per turn.

Start-up loads only what the main window needs (features.py imports each window on first use), so
the window paints early. But the first 修改 then paid ~65 ms of imports on the GUI thread, the first
年度报告 ~55 ms and the first 统计图表 ~65 ms, each a stall the clerk feels (issue 12: < 50 ms).
After the first paint the warm-up imports those modules on idle turns of the event loop, in
dependency order (each module's own imports are already loaded when its turn comes), so no turn
runs more than one module body: ~1–20 ms each. A window opened before the warm-up reaches it
imports what it needs itself, as before.

`WARM_MODULES` is checked by tests/ui/test_warmup.py: every turn loads at most one module of ours
or of Qt, and once the warm-up has run, opening these windows imports nothing more.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import QObject

from desktop.ui.idle import IdleSteps
from desktop.ui.ops import freeze_start_up_objects, share_the_gil_with_the_gui

log = logging.getLogger(__name__)

# Leaf first (the order `python -X importtime` reports them in). The windows at the end.
WARM_MODULES: tuple[str, ...] = (
    "html",
    "desktop.domain.deadline_evidence",
    "desktop.domain.ledger_columns",
    "desktop.domain.checks",
    "desktop.domain.letters",
    "desktop.store.duplicates",
    "desktop.store.settings",
    "desktop.store.annual_figures",
    "desktop.store.statistics",
    "desktop.store.register_checks",
    "desktop.ops.annual",
    "desktop.ops.year_lock",
    "desktop.reports",
    "secrets",
    "desktop.store.tempfiles",
    "desktop.store.outputs",
    "desktop.reports.evidence_docs",
    "desktop.ui.evidence_view",
    "desktop.ui.application_form",
    "desktop.domain.on_time",
    "desktop.ui.report_window",
    "desktop.ui.unit_settings",
    "PySide6.QtCharts",
    "desktop.store.chart_queries",
    "desktop.ui.charts_window",
    "desktop.domain.holiday_notice",
    "desktop.ui.due_board",
    "desktop.ui.year_lock_dialogs",
    "desktop.ui.documents_window",
    "desktop.resources",
    "desktop.store.letters_store",
    "desktop.reports.letters",
    "desktop.ops.letters",
    "desktop.ui.letters_dialog",
    "desktop.ui.table2_dialog",
    "calendar",
    "desktop.store.calendar_store",
    "desktop.ops.calendar",
    "desktop.ui.holiday_dialog",
    "PySide6.QtPrintSupport",
    "desktop.reports.print_docs",
    "desktop.ui.printing",
    "desktop.ops.backup",
    "desktop.ui.backup_dialog",
    "platform",
    "uuid",
    "desktop.reports.data_package",
    "desktop.ops.package",
    "desktop.ui.data_package_dialog",
    "opencc",
)

# Libraries a window needs whole, imported by a thread of the warm-up: a package's __init__ loads
# all of it (openpyxl ~180 ms, python-docx ~110 ms), longer than any turn may take, and a package
# cannot be imported in parts. The thread shares the GIL with the window like the workers do
# (0.2 ms, desktop/ui/ops.py). Pure Python and lxml: nothing of Qt is made off the GUI thread.
THREAD_MODULES: tuple[str, ...] = ("openpyxl", "docx")

# The thread starts once the modules above are in; then, on the GUI thread again once it is done,
# the modules that import those libraries.
AFTER_THREAD: tuple[str, ...] = (
    "desktop.reports.excel_text",
    "desktop.reports.workbook_errors",
    "desktop.reports.workbook_reader",
    "desktop.reports.stats_reader",
    "desktop.reports.stats_workbook",
    "desktop.reports.consolidate",
    "desktop.ops.consolidation",
    "desktop.ui.consolidate_window",
    "desktop.reports.report_draft",
    "desktop.ops.report_draft",
    "desktop.ui.report_draft_dialog",
    "desktop.domain.ledger_mapping",
    "desktop.domain.date_doubts",
    "desktop.domain.cell_values",
    "desktop.reports.legacy_ledger",
    "desktop.ui.import_wizard",
    "desktop.domain.masking",
    "desktop.reports.xlsx_stream",
    "desktop.store.ledger_rows",
    "desktop.reports.ledger_io",
    "desktop.ops.ledger",
    "desktop.ui.files",
    "desktop.ui.ledger_dialogs",
    "desktop.ui.help",
)


class Warmup(QObject):
    """Imports `modules` one per event-loop turn (`idle.IdleSteps`); lives and dies with its parent
    (the window)."""

    def __init__(self, parent: QObject, modules: Sequence[str] | None = None):
        super().__init__(parent)
        wanted = (*WARM_MODULES, *AFTER_THREAD) if modules is None else modules
        self._left = [name for name in wanted if name not in sys.modules]
        self._libraries: threading.Thread | None = None
        if modules is None and any(name not in sys.modules for name in THREAD_MODULES):
            self._libraries = threading.Thread(
                target=_import_libraries, name="ogi-warm-up", daemon=True
            )
        self._waiting: list[Callable[[], None]] = []  # `when_done`
        self._steps = IdleSteps(self, self._imports(), self._finished)

    @property
    def done(self) -> bool:
        return not self._left

    @property
    def running(self) -> bool:
        return self._steps.running

    def start(self) -> None:
        self._steps.start()

    def stop(self) -> None:
        """The window closed: no more imports, and nothing waiting is called."""
        self._steps.stop()
        self._waiting.clear()

    def when_done(self, callback: Callable[[], None]) -> None:
        """`callback()` once every module is in (at once if they are)."""
        if self.done:
            callback()
        else:
            self._waiting.append(callback)

    def _finished(self) -> None:
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            callback()

    def _imports(self) -> Iterator[None]:
        while self._left:
            name = self._left[0]
            libraries = self._libraries
            if name in AFTER_THREAD and libraries is not None:
                # The thread's turn; the GUI thread imports nothing meanwhile: two imports at
                # once share the GIL (each twice as long) and may wait on each other's modules.
                if libraries.ident is None:
                    share_the_gil_with_the_gui()
                    libraries.start()
                if libraries.is_alive():
                    yield
                    continue
            if name not in sys.modules:  # else a window opened meanwhile brought it in
                try:
                    importlib.import_module(name)
                except Exception:  # the window imports it again when opened, and reports it there
                    log.exception("warm-up: could not import %s", name)
            self._left.pop(0)
            # A module's objects live as long as the program: out of the collections at once,
            # or the next one on the GUI thread would scan each import's thousands (~20 ms).
            freeze_start_up_objects()
            yield


def prefetch_module_files(names: Sequence[str] | None = None) -> threading.Thread:
    """Read the files of our modules the warm-up will import, on a thread, so that the GUI thread
    finds them in the disk cache. The first open after the PC starts has a cold cache: each import
    on the GUI thread waited for its .pyc (and the .py, which PySide's import hook reads) behind
    the register's own reads, 0.3–1.7 s gaps while the clerk typed the first search. Only reads:
    nothing is imported here. Files that are not there (the bundle keeps its modules in one
    archive) are skipped."""
    wanted = (*WARM_MODULES, *AFTER_THREAD) if names is None else names
    # The paths are found on the thread too: each is a file-system look-up, cold in the morning.
    thread = threading.Thread(
        target=_read_module_files, args=(wanted,), name="ogi-prefetch", daemon=True
    )
    thread.start()
    return thread


def _read_module_files(names: Sequence[str]) -> None:
    _read_files([path for name in names for path in _module_files(name)])


def _module_files(name: str) -> list[Path]:
    if name in sys.modules or not name.startswith("desktop."):
        return []
    import desktop  # the folder its modules were imported from (in the bundle: no sources there)

    source = Path(list(desktop.__path__)[0]).joinpath(*name.split(".")[1:]).with_suffix(".py")
    if not source.is_file():
        package = source.with_suffix("") / "__init__.py"
        if not package.is_file():
            return []
        source = package
    return [Path(importlib.util.cache_from_source(str(source))), source]


def _read_files(paths: list[Path]) -> None:
    for path in paths:
        try:
            with open(path, "rb") as file:
                while file.read(1 << 20):
                    pass
        except OSError:  # no .pyc yet (it is written on import), or not a plain file
            continue


def _import_libraries() -> None:
    for name in THREAD_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # the window that needs it imports it again, and reports it there
            log.exception("warm-up: could not import %s", name)


def warm_up(parent: QObject, modules: Sequence[str] | None = None) -> Warmup:
    """Start importing `modules` (default WARM_MODULES, then AFTER_THREAD) on idle turns."""
    warmup = Warmup(parent, modules)
    warmup.start()
    return warmup
