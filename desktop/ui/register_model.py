"""The register as a lazy Qt table model: rows are fetched a page at a time, never all at once.

`rowCount` is the (cached) count of the query, so the scroll bar is true to the register's size, but
only the pages the view asks for are read, through desktop.store.queries. Pages live in a small LRU
cache; a page next to a cached one is read by keyset (after/before that page's edge row), any other by
OFFSET. The model listens to the register and starts afresh after every commit, from whichever thread
the commit came (the notification is turned into a queued Qt signal).

The GUI thread never waits for the register's SQL (issue 12: a 2-character search at a million rows
took ~0.5 s of counts, positions and pages). Every read goes to the model's `RowReader`: one thread
with its own connection to the file (`Register.sibling`), reads one after another. A new filter, a
search or a change the register announced is a *load* (the count, the first page, the kept
selection's row, the years; then the status counts); while it runs the view keeps showing the rows it
had and `pending` is true (the window says 正在查询…). A load overtaken by a newer one is dropped when
it arrives. A page the view scrolls to arrives the same way (blank rows meanwhile, a few
milliseconds). In tests (`OpRunner.inline_default`) the reader runs inline, on the GUI connection: the
same code, answered on the next line.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain import deadlines, vocab
from desktop.domain.application import FIELD_LABELS, Application
from desktop.domain.workcalendar import WorkCalendar
from desktop.store.changes import Changes
from desktop.store.due_queries import SOON_WORKING_DAYS
from desktop.store.queries import RegisterQueries, RegisterQuery, RegisterRow
from desktop.store.register import Register
from desktop.ui.i18n import t
from desktop.ui.ops import share_the_gil_with_the_gui

T = TypeVar("T")

PAGE_SIZE = 200
MAX_CACHED_PAGES = 40  # 8,000 rows at most in memory, whatever the register's size
# Open applications due within this many working days are shown amber: the due board's number.
DUE_SOON_WORKING_DAYS = SOON_WORKING_DAYS
UNCONFIRMED_MARK = (
    "※"  # decision 6: due date computed through a year whose holiday notice is missing
)

ApplicationIdRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int  # default width in pixels at the usual font size


COLUMNS: tuple[Column, ...] = (
    # The deadline and the state come right after the receipt date, so a 1024-pixel screen shows
    # them without scrolling sideways (the clerk's first question of every row).
    Column("number", FIELD_LABELS["number"], 100),
    Column("receipt_date", FIELD_LABELS["receipt_date"], 92),
    Column("answer_due", FIELD_LABELS["answer_due"], 104),
    Column("status", "状态", 72),
    Column("channel", FIELD_LABELS["channel"], 72),
    Column("applicant_type", FIELD_LABELS["applicant_type"], 96),
    Column("applicant", FIELD_LABELS["applicant"], 190),
    Column("content", FIELD_LABELS["content"], 300),
    Column("outcome", FIELD_LABELS["outcome"], 230),
    Column("answer_date", FIELD_LABELS["answer_date"], 92),
)
COLUMN_INDEX = {c.key: i for i, c in enumerate(COLUMNS)}
STATUS_COLUMN = COLUMN_INDEX["status"]
CENTRED_COLUMNS = frozenset(
    COLUMN_INDEX[k] for k in ("receipt_date", "answer_due", "answer_date", "number")
)
CENTRED = int(Qt.AlignmentFlag.AlignCenter)
# The roles as plain ints: data() compares them ~1,500 times a screen.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_APPLICATION_ID = int(ApplicationIdRole)
_STATUS = int(StatusRole)

# Urgency colours (backgrounds): overdue red, due soon amber, concluded late grey-red.
OVERDUE_BG = QColor("#f8d0cc")
DUE_SOON_BG = QColor("#fbe7b5")
LATE_BG = QColor("#e8dcdc")
DELETED_FG = QColor("#8a8a8a")
URGENT_FG = QColor("#9c1c1c")
DELETED_BRUSH = QBrush(DELETED_FG)
URGENT_BRUSH = QBrush(URGENT_FG)
_struck: list[QFont] = []  # made on first use: a QFont needs the QGuiApplication


def struck_font() -> QFont:
    if not _struck:
        font = QFont()
        font.setStrikeOut(True)
        _struck.append(font)
    return _struck[0]


@dataclass(frozen=True)
class _RowView:
    """One row as painted (RegisterModel._shown_row)."""

    found: RegisterRow
    texts: tuple[str, ...]
    status: str
    background: QBrush | None
    status_fg: QBrush | None  # the 状态 column's text colour
    other_fg: QBrush | None


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def due_soon(due: date, today: date, cal: Any) -> bool:
    """Due today or by the SOON_WORKING_DAYS-th working day after today: the due board's horizon
    (desktop.store.due_queries), so the amber rows are the board's 今天到期 and 即将到期."""
    if due < today:
        return False
    horizon, _ = cal.add_working_days(today, DUE_SOON_WORKING_DAYS)
    return due <= horizon


@dataclass
class _Load:
    """What a new query shows first: asked of the reader in one go."""

    generation: int
    query: RegisterQuery
    keep_id: int | None  # the selection to place in the new rows
    invalidate: bool  # the register changed: forget the reader's cached counts and hits
    count: int = 0
    first_page: list[RegisterRow] = field(default_factory=list)
    position: int | None = None
    years: list[int] = field(default_factory=list)
    status_counts: dict[str, int] | None = None


class _Bridge(QObject):
    # Emitted on the reader's thread; the receiver lives on the GUI thread: a queued call. A ticket
    # only: the reader never holds the last reference to the model or a callback (desktop.ui.ops).
    answered = Signal(int)


class RowReader(QObject):
    """The model's reads: one thread with its own connection, one read after another.

    `submit(read, callback)`: `read(queries)` runs on the reader's thread; `callback(result)` on the
    GUI thread. Inline (tests, an in-memory register) both run at once on the GUI connection.
    """

    def __init__(self, register: Register, parent: QObject | None = None):
        super().__init__(parent)
        share_the_gil_with_the_gui()
        self.register = register
        self.gui_queries = RegisterQueries(register.conn)
        self._own: Register | None = None  # the reader's connection, opened on its thread
        self._queries: RegisterQueries | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._bridge = _Bridge()
        self._bridge.answered.connect(self._answered, Qt.ConnectionType.QueuedConnection)
        self.reads = 0  # reads submitted (tests, bench)
        self._asked: dict[int, tuple[Callable[[RegisterQueries], Any], Callable[[Any], None]]] = {}
        self._answers: dict[int, tuple[Any, BaseException | None]] = {}
        self._tickets = itertools.count(1)

    @property
    def inline(self) -> bool:
        from desktop.ui.ops import OpRunner

        return OpRunner.inline_default or str(self.register.path) == ":memory:"

    def reading_register(self) -> Register:
        """The register the reads run on (the reader's own connection; the GUI's when inline)."""
        if self.inline or self._own is None:
            return self.register
        return self._own

    def _reader_queries(self) -> RegisterQueries:
        if self._queries is None:
            self._own = self.register.sibling()
            self._queries = RegisterQueries(self._own.conn)
        return self._queries

    def submit(self, read: Callable[[RegisterQueries], T], callback: Callable[[T], None]) -> None:
        self.reads += 1
        if self.inline:
            callback(read(self.gui_queries))
            return
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ogi-rows")
        ticket = next(self._tickets)
        self._asked[ticket] = (read, callback)
        self._executor.submit(self._work, ticket)

    def _work(self, ticket: int) -> None:
        """On the reader's thread: the read and its answer stay in the dicts (see ops.submit)."""
        try:
            self._answers[ticket] = (self._asked[ticket][0](self._reader_queries()), None)
        except Exception as exc:  # told on the GUI thread
            self._answers[ticket] = (None, exc)
        self._bridge.answered.emit(ticket)

    def _answered(self, ticket: int) -> None:
        _read, callback = self._asked.pop(ticket)
        result, error = self._answers.pop(ticket)
        if error is not None:
            from desktop.ui.errors import report_exception

            report_exception(error, show=False)  # the rows shown stay; the next load tries again
            return
        callback(result)

    def _close_own(self) -> None:
        own, self._own, self._queries = self._own, None, None
        if own is not None and own is not self.register:
            own.close()

    def close(self) -> None:
        """Let go of the reader's connection (waits for the read under way)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.submit(self._close_own)
            executor.shutdown(wait=True)
        else:
            self._close_own()

    def forget_counts(self) -> None:
        """Drop every cached count and search hit list, the reader's and the GUI's (the bench)."""
        self.gui_queries.invalidate()
        self.submit(lambda queries: queries.invalidate(), lambda _none: None)

    def set_register(self, register: Register) -> None:
        self.close()
        self.register = register
        self.gui_queries = RegisterQueries(register.conn)


class RegisterModel(QAbstractTableModel):
    """Lazy table over `RegisterQueries`; set the filter with `set_query`."""

    registerChanged = Signal()
    _calendar_changed = Signal()
    # pending: a load is under way (the view still shows the previous rows); loaded: its rows are in.
    pendingChanged = Signal(bool)
    loaded = Signal()
    statusCountsChanged = Signal()

    def __init__(self, register: Register, parent: Any = None):
        super().__init__(parent)
        self.register = register
        self.reader = RowReader(register, self)
        self._query = RegisterQuery()  # the query asked for
        self._shown = RegisterQuery()  # the query whose rows (and counts) the model holds
        self._pages: OrderedDict[int, list[RegisterRow]] = OrderedDict()
        self._views: dict[int, _RowView] = {}  # row -> what it paints (for the rows held)
        self._calendar: WorkCalendar | None = None  # from the reader, when it read one
        self._count: int | None = None
        self._status_counts: dict[str, int] | None = None
        self._positions: dict[int, int | None] = {}  # kept selection's row, from the last load
        self.years: list[int] = []
        self._wanted = 0  # generation of the newest load asked for
        self._generation = 0  # generation of the rows held
        self._requested: set[int] = set()  # pages asked of the reader for the rows held
        self._after_load: list[Callable[[], None]] = []
        self.keep_selection: Callable[[], int | None] = lambda: None  # the window sets it
        self._suspended = False  # see suspend()
        self.fetched_rows = 0  # rows read from the store since the model was made (for tests/bench)
        self.page_reads = 0
        self.loads_dropped = 0  # loads overtaken by a newer one (tests)
        # A commit may happen on a worker thread: the queued signal brings the refresh to ours.
        self.registerChanged.connect(self.refresh, Qt.ConnectionType.QueuedConnection)
        self._calendar_changed.connect(self._read_calendar, Qt.ConnectionType.QueuedConnection)
        register.add_listener(self._listener)
        self.resets_for_changes = 0  # refreshes a change caused (tests: a letter causes none)
        # The first page before the window shows: on the GUI connection, at once (a damaged file
        # fails here, where the start-up flow offers the restore: docs/safety.md F3).
        load = _Load(0, self._query, None, False)
        self._apply_load(self._read_load(self.reader.gui_queries, load))
        self.reader.submit(
            lambda queries: self._read_status_counts(queries, load),
            lambda found: self._apply_status_counts(0, found),
        )
        self._read_calendar()

    @property
    def queries(self) -> RegisterQueries:
        """The GUI connection's queries (printing the list, a synchronous question in a test)."""
        return self.reader.gui_queries

    def _read_calendar(self) -> None:
        """The working-day calendar the due-soon (amber) colours walk, read and indexed on the
        reader: building its index is ~100 ms of Python the first paint did on the GUI thread.
        Until it comes the rows paint without amber; the old calendar serves after a change."""
        reader = self.reader

        def read(_queries: RegisterQueries) -> WorkCalendar:
            register = reader.reading_register()
            register.invalidate_calendar()
            calendar = register.calendar()
            calendar.add_working_days(date.today(), 1)  # builds its index here
            return calendar

        def arrived(calendar: WorkCalendar) -> None:
            self._calendar = calendar
            self._views.clear()
            if self.rowCount():
                last = self.index(self.rowCount() - 1, len(COLUMNS) - 1)
                self.dataChanged.emit(self.index(0, 0), last)

        reader.submit(read, arrived)

    def _listener(self, changes: Changes) -> None:
        if changes.touches("calendar", "register_replaced"):
            self._calendar_changed.emit()
        # Only what the table shows: a letter issued or a 表二 figure leaves the rows as they were.
        if changes.touches("applications", "calendar"):
            self.resets_for_changes += 1
            self.registerChanged.emit()

    def detach(self) -> None:
        """Stop listening to the register (when the window closes); the reader lets go."""
        self.register.remove_listener(self._listener)
        self._wanted += 1  # whatever is still on its way is dropped
        self.reader.close()

    def suspend(self) -> None:
        """The register is closing (a restore): until `set_register`, show only the rows in hand.

        Nothing reads the file meanwhile (the reader closes its connection): a page not cached
        paints blank, counts stay.
        """
        self._suspended = True
        self._wanted += 1
        self.reader.close()

    def set_register(self, register: Register) -> None:
        """Show another register (the same file re-opened after a restore, for instance)."""
        self.register.remove_listener(self._listener)
        self.reader.set_register(register)
        self.register = register
        self._suspended = False
        register.add_listener(self._listener)
        self._start_load(invalidate=True)
        self._read_calendar()

    # ------------------------------------------------------------------ query
    @property
    def query(self) -> RegisterQuery:
        return self._query

    @property
    def shown_query(self) -> RegisterQuery:
        return self._shown

    @property
    def pending(self) -> bool:
        """A load is under way: the rows held are the previous query's (or the register before)."""
        return self._wanted != self._generation

    def set_query(self, query: RegisterQuery) -> None:
        if query == self._query:
            return
        self._query = query
        self._start_load(invalidate=False)

    def refresh(self) -> None:
        """Forget every cached page and count: the register changed."""
        self._start_load(invalidate=True)

    def when_loaded(self, callback: Callable[[], None]) -> None:
        """`callback()` once the rows of the query asked for are in (at once if they are)."""
        if self.pending:
            self._after_load.append(callback)
        else:
            callback()

    def _start_load(self, *, invalidate: bool) -> None:
        if self._suspended:
            return
        was_pending = self.pending
        self._wanted += 1
        load = _Load(self._wanted, self._query, self.keep_selection(), invalidate)
        if not was_pending:
            self.pendingChanged.emit(True)

        if invalidate and not self.reader.inline:
            self.reader.gui_queries.invalidate()  # printing reads through it: no stale counts

        # On the reader's thread: a load overtaken before it starts is not read at all (typing on
        # while an older search runs). Reading an int another thread sets is safe.
        def read(queries: RegisterQueries) -> _Load | None:
            if load.generation != self._wanted:
                return None
            return self._read_load(queries, load)

        def counts(queries: RegisterQueries) -> dict[str, int] | None:
            if load.generation != self._wanted:
                return None
            return self._read_status_counts(queries, load)

        self.reader.submit(read, lambda done: self._apply_load(done or load))
        self.reader.submit(counts, lambda found: self._apply_status_counts(load.generation, found))

    # On the reader's thread (or inline): only the queries object, no model state.
    @staticmethod
    def _read_load(queries: RegisterQueries, load: _Load) -> _Load:
        if load.invalidate:
            queries.invalidate()
        load.count = queries.count(load.query)
        load.first_page = queries.page(load.query, 0, PAGE_SIZE)
        if load.keep_id is not None:
            load.position = queries.position(load.query, load.keep_id)
        load.years = queries.years()
        return load

    @staticmethod
    def _read_status_counts(queries: RegisterQueries, load: _Load) -> dict[str, int]:
        return queries.status_counts(load.query)

    def _apply_load(self, load: _Load) -> None:
        if load.generation != self._wanted or self._suspended:
            self.loads_dropped += 1  # an older search's answer: the newer one is on its way
            return
        self.beginResetModel()
        self._generation = load.generation
        self._shown = load.query
        self._pages.clear()
        self._views.clear()
        self._requested.clear()
        self._count = load.count
        self._status_counts = None
        self._positions = {load.keep_id: load.position} if load.keep_id is not None else {}
        self.years = load.years
        if load.first_page or load.count == 0:
            self._pages[0] = load.first_page
        self.fetched_rows += len(load.first_page)
        self.page_reads += 1
        self.endResetModel()
        self.pendingChanged.emit(False)
        self.loaded.emit()
        callbacks, self._after_load = self._after_load, []
        for callback in callbacks:
            callback()

    def _apply_status_counts(self, generation: int, counts: dict[str, int] | None) -> None:
        if counts is None or generation != self._generation or generation != self._wanted:
            return
        self._status_counts = counts
        self.statusCountsChanged.emit()

    def today(self) -> date:
        return self._query.today or date.today()

    def cached_rows(self) -> int:
        return sum(len(p) for p in self._pages.values())

    # ------------------------------------------------------------------ paging
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._count is None:
            return 0
        return self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def _page(self, number: int) -> list[RegisterRow] | None:
        """The page if it is here; else it is asked for (None until it arrives, unless inline)."""
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        if self._suspended or number in self._requested:
            return None
        self._requested.add(number)
        query, generation = self._shown, self._generation
        before = self._pages.get(number - 1)
        after = self._pages.get(number + 1)
        before_key = before[-1].key if before and len(before) == PAGE_SIZE else None
        after_key = after[0].key if after else None

        def read(queries: RegisterQueries) -> list[RegisterRow]:
            if before_key is not None:
                return queries.page_after(query, before_key, PAGE_SIZE)
            if after_key is not None:
                return queries.page_before(query, after_key, PAGE_SIZE)
            return queries.page(query, number * PAGE_SIZE, PAGE_SIZE)

        self.reader.submit(read, lambda rows: self._apply_page(generation, number, rows))
        return self._pages.get(number)  # inline: already here

    def _apply_page(self, generation: int, number: int, page: list[RegisterRow]) -> None:
        if generation != self._generation:
            return  # rows of a query no longer shown
        self._requested.discard(number)
        self.fetched_rows += len(page)
        self.page_reads += 1
        self._pages[number] = page
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        first = number * PAGE_SIZE
        last = min(first + PAGE_SIZE, self.rowCount()) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def row_at(self, row: int) -> RegisterRow | None:
        """The row if its page is here (else None, and the page is asked for)."""
        if row < 0 or row >= self.rowCount():
            return None
        page = self._page(row // PAGE_SIZE)
        if page is None:
            return None
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def application_id(self, row: int) -> int | None:
        found = self.row_at(row)
        return found.application.id if found else None

    def locate(self, application_id: int, callback: Callable[[int | None], None]) -> None:
        """`callback(row)`: the row the application sits on under the query shown (None: filtered
        out). Told only if the same rows are still shown when the answer comes."""
        if self._suspended:
            return
        if not self.pending and application_id in self._positions:
            callback(self._positions[application_id])  # found by the load itself
            return
        query = self._query

        def answered(row: int | None) -> None:
            if not self.pending and self._shown == query:
                callback(row)

        self.reader.submit(lambda queries: queries.position(query, application_id), answered)

    def status_counts(self) -> dict[str, int] | None:
        """The status bar's counts for the rows held; None until they arrive."""
        return self._status_counts

    # ------------------------------------------------------------------ display
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return t(COLUMNS[section].header)
        return None

    def status_of(self, app: Application) -> str:
        return deadlines.status(app, app.answer_due, self.today())

    def _shown_row(self, row: int) -> _RowView | None:
        """What one row paints, worked out once per row and load: the view asks data() for ten
        columns and six roles each (~1,800 calls a screen), and the status, due-soon colour and
        texts were computed again in every call (~40 ms of the GUI thread per repaint)."""
        view = self._views.get(row)
        if view is not None:
            return view
        found = self.row_at(row)
        if found is None:
            return None
        app = found.application
        status = self.status_of(app)
        colour = None if found.deleted else self._background(app, status)
        if found.deleted:
            status_fg: QBrush | None = DELETED_BRUSH
            other_fg: QBrush | None = DELETED_BRUSH
        else:
            urgent = status in (deadlines.OVERDUE, deadlines.CONCLUDED_LATE)
            status_fg, other_fg = (URGENT_BRUSH if urgent else None), None
        view = _RowView(
            found,
            tuple(self._display(app, c.key, status) for c in COLUMNS),
            status,
            QBrush(colour) if colour is not None else None,
            status_fg,
            other_fg,
        )
        if len(self._views) >= MAX_CACHED_PAGES * PAGE_SIZE:
            self._views.clear()
        self._views[row] = view
        return view

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        # ~1,500 calls a screen: plain ints compared, the row's view looked up once (a page-down
        # spent ~18 ms of its ~40 ms here with the enum members looked up in every call).
        row = index.row()
        view = self._views.get(row)
        if view is None:
            if not index.isValid():
                return None
            view = self._shown_row(row)
            if view is None:
                return None
        if role == _DISPLAY:
            return view.texts[index.column()]
        if role == _BACKGROUND:
            return view.background
        if role == _FOREGROUND:
            return view.status_fg if index.column() == STATUS_COLUMN else view.other_fg
        if role == _ALIGNMENT:
            return CENTRED if index.column() in CENTRED_COLUMNS else None
        if role == _FONT:
            return struck_font() if view.found.deleted else None
        if role == _APPLICATION_ID:
            return view.found.application.id
        if role == _STATUS:
            return view.status
        if role == _TOOLTIP:
            return self._tooltip(view.found, COLUMNS[index.column()].key)
        return None

    def _display(self, app: Application, key: str, status: str | None = None) -> str:
        if key == "number":
            return app.number
        if key == "receipt_date":
            return app.receipt_date.isoformat()
        if key == "channel":
            return t(app.channel)
        if key == "applicant_type":
            return t(app.applicant_type)
        if key == "applicant":
            return app.applicant
        if key == "content":
            return first_line(app.content)
        if key == "outcome":
            return t(vocab.outcome_display(app.outcome))
        if key == "answer_due":
            if app.answer_due is None:
                return ""
            mark = "" if app.due_confirmed else f" {UNCONFIRMED_MARK}"
            return app.answer_due.isoformat() + mark
        if key == "answer_date":
            return app.answer_date.isoformat() if app.answer_date else ""
        if key == "status":
            return t(status if status is not None else self.status_of(app))
        return ""

    def _tooltip(self, found: RegisterRow, key: str) -> str | None:
        app = found.application
        if found.deleted:
            return t("已删除（可撤销删除）")
        if key == "content" and app.content.strip():
            return app.content
        if key == "answer_due" and app.answer_due is not None and not app.due_confirmed:
            return t("未确认：期限经过的年度尚未录入国务院节假日安排，按周一至周五计算")
        return None

    def _background(self, app: Application, status: str | None = None) -> QColor | None:
        state = status if status is not None else self.status_of(app)
        if state == deadlines.OVERDUE:
            return OVERDUE_BG
        if state == deadlines.CONCLUDED_LATE:
            return LATE_BG
        if (
            state == deadlines.OPEN
            and app.answer_due is not None
            and self._calendar is not None
            and due_soon(app.answer_due, self.today(), self._calendar)
        ):
            return DUE_SOON_BG
        return None
