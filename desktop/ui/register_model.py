"""The register as a lazy Qt table model: rows are fetched a page at a time, never all at once.

`rowCount` is the (cached) count of the query, so the scroll bar is true to the register's size, but
only the pages the view asks for are read, through desktop.store.queries. Pages live in a small LRU
cache; a page next to a cached one is read by keyset (after/before that page's edge row), any other by
OFFSET. The model listens to the register and starts afresh after every commit, from whichever thread
the commit came (the notification is turned into a queued Qt signal).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain import deadlines, vocab
from desktop.domain.application import FIELD_LABELS, Application
from desktop.store.changes import Changes
from desktop.store.due_queries import SOON_WORKING_DAYS
from desktop.store.queries import RegisterQueries, RegisterQuery, RegisterRow
from desktop.store.register import Register
from desktop.ui.i18n import t

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
    Column("number", FIELD_LABELS["number"], 100),
    Column("receipt_date", FIELD_LABELS["receipt_date"], 92),
    Column("channel", FIELD_LABELS["channel"], 72),
    Column("applicant_type", FIELD_LABELS["applicant_type"], 96),
    Column("applicant", FIELD_LABELS["applicant"], 190),
    Column("content", FIELD_LABELS["content"], 300),
    Column("outcome", FIELD_LABELS["outcome"], 230),
    Column("answer_due", FIELD_LABELS["answer_due"], 104),
    Column("answer_date", FIELD_LABELS["answer_date"], 92),
    Column("status", "状态", 72),
)
COLUMN_INDEX = {c.key: i for i, c in enumerate(COLUMNS)}

# Urgency colours (backgrounds): overdue red, due soon amber, concluded late grey-red.
OVERDUE_BG = QColor("#f8d0cc")
DUE_SOON_BG = QColor("#fbe7b5")
LATE_BG = QColor("#e8dcdc")
DELETED_FG = QColor("#8a8a8a")
URGENT_FG = QColor("#9c1c1c")


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def due_soon(due: date, today: date, cal: Any) -> bool:
    """Due today or by the SOON_WORKING_DAYS-th working day after today: the due board's horizon
    (desktop.store.due_queries), so the amber rows are the board's 今天到期 and 即将到期."""
    if due < today:
        return False
    horizon, _ = cal.add_working_days(today, DUE_SOON_WORKING_DAYS)
    return due <= horizon


class RegisterModel(QAbstractTableModel):
    """Lazy table over `RegisterQueries`; set the filter with `set_query`."""

    registerChanged = Signal()

    def __init__(self, register: Register, parent: Any = None):
        super().__init__(parent)
        self.register = register
        self.queries = RegisterQueries(register.conn)
        self._query = RegisterQuery()
        self._pages: OrderedDict[int, list[RegisterRow]] = OrderedDict()
        self._count: int | None = None
        self._suspended = False  # see suspend()
        self.fetched_rows = 0  # rows read from the store since the model was made (for tests/bench)
        self.page_reads = 0
        # A commit may happen on a worker thread: the queued signal brings the refresh to ours.
        self.registerChanged.connect(self.refresh, Qt.ConnectionType.QueuedConnection)
        register.add_listener(self._listener)
        self.resets_for_changes = 0  # refreshes a change caused (tests: a letter causes none)

    def _listener(self, changes: Changes) -> None:
        # Only what the table shows: a letter issued or a 表二 figure leaves the rows as they were.
        if changes.touches("applications", "calendar"):
            self.resets_for_changes += 1
            self.registerChanged.emit()

    def detach(self) -> None:
        """Stop listening to the register (when the window closes)."""
        self.register.remove_listener(self._listener)

    def suspend(self) -> None:
        """The register is closing (a restore): until `set_register`, show only the rows in hand.

        Nothing reads the connection meanwhile: a page not cached paints blank, counts stay.
        """
        self._suspended = True

    def set_register(self, register: Register) -> None:
        """Show another register (the same file re-opened after a restore, for instance)."""
        self._suspended = False
        self.beginResetModel()
        self.detach()
        self.register = register
        self.queries = RegisterQueries(register.conn)
        self._pages.clear()
        self._count = None
        register.add_listener(self._listener)
        self.endResetModel()

    # ------------------------------------------------------------------ query
    @property
    def query(self) -> RegisterQuery:
        return self._query

    def set_query(self, query: RegisterQuery) -> None:
        if query == self._query:
            return
        self.beginResetModel()
        self._query = query
        self._pages.clear()
        self._count = None
        self.endResetModel()

    def refresh(self) -> None:
        """Forget every cached page and count: the register changed."""
        self.beginResetModel()
        self.queries.invalidate()
        self._pages.clear()
        self._count = None
        self.endResetModel()

    def today(self) -> date:
        return self._query.today or date.today()

    def cached_rows(self) -> int:
        return sum(len(p) for p in self._pages.values())

    # ------------------------------------------------------------------ paging
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        if self._count is None:
            if self._suspended:
                return 0
            self._count = self.queries.count(self._query)
        return self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def _page(self, number: int) -> list[RegisterRow]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        if self._suspended:
            return []
        before = self._pages.get(number - 1)
        after = self._pages.get(number + 1)
        if before and len(before) == PAGE_SIZE:
            page = self.queries.page_after(self._query, before[-1].key, PAGE_SIZE)
        elif after:
            page = self.queries.page_before(self._query, after[0].key, PAGE_SIZE)
        else:
            page = self.queries.page(self._query, number * PAGE_SIZE, PAGE_SIZE)
        self.fetched_rows += len(page)
        self.page_reads += 1
        self._pages[number] = page
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def row_at(self, row: int) -> RegisterRow | None:
        if row < 0 or row >= self.rowCount():
            return None
        page = self._page(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def application_id(self, row: int) -> int | None:
        found = self.row_at(row)
        return found.application.id if found else None

    def row_of(self, application_id: int) -> int | None:
        """The row an application sits on under the current filter, or None if filtered out."""
        if self._suspended:
            return None
        return self.queries.position(self._query, application_id)

    def status_counts(self) -> dict[str, int]:
        return self.queries.status_counts(self._query)

    # ------------------------------------------------------------------ display
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return t(COLUMNS[section].header)
        return None

    def status_of(self, app: Application) -> str:
        return deadlines.status(app, app.answer_due, self.today())

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        found = self.row_at(index.row())
        if found is None:
            return None
        app = found.application
        key = COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(app, key)
        if role == ApplicationIdRole:
            return app.id
        if role == StatusRole:
            return self.status_of(app)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(found, key)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self._background(app)
            return QBrush(colour) if colour is not None and not found.deleted else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if found.deleted:
                return QBrush(DELETED_FG)
            if key == "status" and self.status_of(app) in (
                deadlines.OVERDUE,
                deadlines.CONCLUDED_LATE,
            ):
                return QBrush(URGENT_FG)
            return None
        if role == Qt.ItemDataRole.FontRole and found.deleted:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and key in (
            "receipt_date",
            "answer_due",
            "answer_date",
            "number",
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, app: Application, key: str) -> str:
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
            return t(self.status_of(app))
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

    def _background(self, app: Application) -> QColor | None:
        state = self.status_of(app)
        if state == deadlines.OVERDUE:
            return OVERDUE_BG
        if state == deadlines.CONCLUDED_LATE:
            return LATE_BG
        if (
            state == deadlines.OPEN
            and app.answer_due is not None
            and due_soon(app.answer_due, self.today(), self.register.calendar())
        ):
            return DUE_SOON_BG
        return None
