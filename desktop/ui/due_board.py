"""The due-date board (到期提醒): on start, what is overdue, due today, and due in the next 5 working days.

`open_due_board(bench)` always shows it; `maybe_show_due_board(bench)` shows it only when something
needs attention. Before reading, due dates that depend on today (open pauses, awaited 补正;
docs/deadlines.md) are brought forward. Double-clicking a row opens that application through
`Workbench.open_application(id)`. The first call also installs a timer
that refreshes those provisional due dates just after every midnight while the window stays open. All figures come from
`desktop.store.due_queries`; nothing here decides a deadline. The board's reads and the write that
brings provisional dates forward run on the window's worker (`desktop.ui.ops.RegisterOp`): at a
million applications they took ~0.8 s of the GUI thread at start-up (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import documents as dm
from desktop.domain.holiday_notice import day_text
from desktop.store.changes import APPLICATIONS
from desktop.store.documents import DocumentReminder
from desktop.store.due_queries import SOON_WORKING_DAYS, DueBoard, DueRow, due_board
from desktop.store.register import Register
from desktop.ui.context import Workbench
from desktop.ui.i18n import t
from desktop.ui.idle import STEP_GAP_MS
from desktop.ui.ops import RegisterOp
from desktop.ui.widgets import fit_to_screen

ID_ROLE = Qt.ItemDataRole.UserRole
DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 1  # the id of a document row (the document register)
COLUMNS = ("申请编号", "申请人", "申请内容", "答复期限", "状态", "说明")
CONTENT = COLUMNS.index("申请内容")
CONTENT_WIDTH = 220
FIT_ROWS = 200  # rows the column widths are taken from
FIRST_ROWS = 100  # rows of each group listed when the board is made; the rest follow
CHUNK_ROWS = 150  # rows added per turn of the event loop after that
MEASURED_TEXTS = 12


def _display_length(text: str) -> int:
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


OVERDUE_COLOUR = QColor("#b3261e")
TODAY_COLOUR = QColor("#b06000")


class DueBoardDialog(QDialog):
    def __init__(
        self,
        register: Register,
        board: DueBoard,
        parent: QWidget | None = None,
        open_application: Callable[[int], None] | None = None,
        open_document: Callable[[int], None] | None = None,
    ):
        super().__init__(parent)
        self.register = register
        self.open_application = open_application
        self.open_document = open_document
        self.board = board
        self.setWindowTitle(t("到期提醒"))
        fit_to_screen(self, 900, 480)
        layout = QVBoxLayout(self)

        self.summary = QLabel(self._summary_text())
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels([t(c) for c in COLUMNS])
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)  # one line a row: no size hint asked of every row
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Widths set once from the texts (_fit_columns), not ResizeToContents: that asked every
        # row's size at each layout, ~200 ms at 1,500 rows. 申请内容 may be a paragraph: a fixed
        # width, cut with "…", the whole text in the tooltip.
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.header().setStretchLastSection(True)
        layout.addWidget(self.tree)
        self.groups: dict[str, QTreeWidgetItem] = {}
        self._measured: list[list[str]] = []  # the rows the column widths are taken from
        self._backlog: list[tuple[QTreeWidgetItem, list[DueRow], QBrush | None]] = []
        # A chunk per turn, re-armed once a chunk is in (see desktop/ui/idle.py: a repeating 0 ms
        # timer ran chunks back to back).
        self._filling = QTimer(self)
        self._filling.setSingleShot(True)
        self._filling.setInterval(STEP_GAP_MS)
        self._filling.timeout.connect(self._fill_next)
        self._when_filled: list[Callable[[], None]] = []
        self._add_group("overdue", t("已超期"), board.overdue, board.overdue_count, OVERDUE_COLOUR)
        self._add_group(
            "today", t("今天到期"), board.due_today, board.due_today_count, TODAY_COLOUR
        )
        self._add_group(
            "soon",
            t(f"{SOON_WORKING_DAYS}个工作日内到期（至{day_text(board.horizon)}）"),
            board.due_soon,
            board.due_soon_count,
            None,
        )
        self._add_document_group(
            "documents_unpublished",
            t(f"制发后逾{dm.PUBLISH_WITHIN_WORKING_DAYS}个工作日尚未公开的规章和规范性文件"),
            board.documents_unpublished,
            OVERDUE_COLOUR,
        )
        self._add_document_group(
            "documents_expiring",
            t(f"{dm.EXPIRY_NOTICE_DAYS}日内有效期届满的行政规范性文件（请评估后延续或到期失效）"),
            board.documents_expiring,
            TODAY_COLOUR,
        )
        self.tree.expandAll()
        self._fit_columns()
        self.tree.itemDoubleClicked.connect(self._open_item)

        hint = QLabel(t("双击一行打开该申请或文件。"))
        hint.setStyleSheet("color: #5f6368")
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(t("关闭"))
        buttons.rejected.connect(self.reject)
        self.print_button = buttons.addButton(
            t("打印(&P)…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.clicked.connect(self.print_board)
        layout.addWidget(buttons)

    def _fit_columns(self) -> None:
        """Each column as wide as its header and its widest text among the first rows listed."""
        metrics = self.tree.fontMetrics()
        padding = 2 * metrics.averageCharWidth() + 12  # the cell's margins, as Qt's own fit
        for column in range(len(COLUMNS) - 1):  # the last one stretches
            if column == CONTENT:
                self.tree.setColumnWidth(CONTENT, CONTENT_WIDTH)
                continue
            texts = {t(COLUMNS[column])} | {row[column] for row in self._measured}
            # Measure only the longest few (a CJK character counts two): ~1,000 measurements of
            # near-equal numbers would cost more than the whole board.
            longest = sorted(texts, key=_display_length, reverse=True)[:MEASURED_TEXTS]
            width = max(metrics.horizontalAdvance(text) for text in longest) + padding
            if column == 0:
                width += self.tree.indentation()
            self.tree.setColumnWidth(column, width)

    def print_board(self) -> None:
        from desktop.ui.printing import due_board_job, print_job

        print_job(self, due_board_job(self.register, self.board))

    def _summary_text(self) -> str:
        b = self.board
        documents = ""
        if b.documents_unpublished or b.documents_expiring:
            documents = (
                f"规章和规范性文件：逾期未公开 {len(b.documents_unpublished)} 件，"
                f"有效期{dm.EXPIRY_NOTICE_DAYS}日内届满 {len(b.documents_expiring)} 件。"
            )
        if not b.needs_attention:
            return t(
                f"今天是{day_text(b.today, 0)}，没有已超期或{SOON_WORKING_DAYS}个工作日内到期的申请。"
            )
        return t(
            f"今天是{day_text(b.today, 0)}：已超期 {b.overdue_count} 件，今天到期 "
            f"{b.due_today_count} 件，{SOON_WORKING_DAYS}个工作日内到期 {b.due_soon_count} 件。"
            + documents
        )

    def _note(self, row: DueRow) -> str:
        today = self.board.today
        notes = []
        if row.answer_due < today:
            notes.append(t(f"超期 {row.working_days} 个工作日"))
        elif row.answer_due > today:
            notes.append(t(f"还剩 {row.working_days} 个工作日"))
        if row.overridden:
            notes.append(t("按第三十五条确定的期限"))
        if row.provisional:
            notes.append(t("征求意见、缴费或补正未完成，期限暂定"))
        if not row.confirmed:
            notes.append(t("期限未确认（所经日期的国务院节假日安排尚未录入）"))
        return "；".join(notes)

    def _add_group(
        self, key: str, title: str, rows: list[DueRow], count: int, colour: QColor | None
    ) -> None:
        shown = f"{title}（{count}）"
        if count > len(rows):
            shown += t(f"，列出前 {len(rows)} 件")
        group = QTreeWidgetItem([shown])
        font = QFont(group.font(0))
        font.setBold(True)
        group.setFont(0, font)
        brush = QBrush(colour) if colour is not None else QBrush()
        if colour is not None:
            group.setForeground(0, brush)
        self.groups[key] = group
        # The first rows now, the rest a chunk per turn of the event loop: 1,500 rows made at once
        # held the window ~60 ms. The counts in the titles and the summary are complete at once.
        group.addChildren(self._items(rows[:FIRST_ROWS], brush if colour is not None else None))
        self.tree.addTopLevelItem(group)
        group.setFirstColumnSpanned(True)
        for start in range(FIRST_ROWS, len(rows), CHUNK_ROWS):
            chunk = rows[start : start + CHUNK_ROWS]
            self._backlog.append((group, chunk, brush if colour is not None else None))
        if self._backlog and not self._filling.isActive():
            self._filling.start()

    def _items(self, rows: list[DueRow], brush: QBrush | None) -> list[QTreeWidgetItem]:
        items = []
        for row in rows:
            content = " ".join(row.content.split())  # one line: line breaks would hide the rest
            texts = [
                row.number,
                row.applicant,
                content,
                row.answer_due.isoformat(),
                t(row.status),
                self._note(row),
            ]
            if len(self._measured) < FIT_ROWS:
                self._measured.append(texts)
            item = QTreeWidgetItem(texts)
            item.setToolTip(CONTENT, row.content)
            item.setData(0, ID_ROLE, row.id)
            if brush is not None:
                for column in range(CONTENT + 3):
                    item.setForeground(column, brush)
            items.append(item)
        return items

    def _fill_next(self) -> None:
        if self._backlog:
            group, rows, brush = self._backlog.pop(0)
            group.addChildren(self._items(rows, brush))
            self._filling.start()
            return
        waiting, self._when_filled = self._when_filled, []
        for callback in waiting:
            callback()

    def when_filled(self, callback: Callable[[], None]) -> None:
        """`callback()` on a later turn, once every row is in: a board is shown whole, so adding
        rows to a tree on screen does not lay it out and paint it again for each chunk."""
        self._when_filled.append(callback)
        if not self._filling.isActive():
            self._filling.start()  # an empty backlog: the next turn calls back

    @property
    def filled(self) -> bool:
        """Every row listed is in the tree (a big board fills in over a few turns)."""
        return not self._backlog

    def _add_document_group(
        self, key: str, title: str, rows: list[DocumentReminder], colour: QColor
    ) -> None:
        """A group of the document register's reminders; shown only when it has any."""
        if not rows:
            return
        group = QTreeWidgetItem([f"{title}（{len(rows)}）"])
        font = QFont(group.font(0))
        font.setBold(True)
        group.setFont(0, font)
        group.setForeground(0, QBrush(colour))
        self.tree.addTopLevelItem(group)
        group.setFirstColumnSpanned(True)
        self.groups[key] = group
        today = self.board.today
        for reminder in rows:
            doc = reminder.document
            if key == "documents_expiring":
                state = "有效期将届满"
                note = f"有效期至{day_text(reminder.due, 0)}，还剩 {(reminder.due - today).days} 天"
            else:
                late, _ = self.register.calendar().working_days_between(reminder.due, today)
                state = "逾期未公开"
                issued = doc.issued.isoformat() if doc.issued else ""
                note = (
                    f"{issued}制发，应于{day_text(reminder.due, 0)}前公开，已逾期 {late} 个工作日"
                )
                if not reminder.confirmed:
                    note += "；期限未确认（所经日期的国务院节假日安排尚未录入）"
            texts = [doc.number, doc.title, "", reminder.due.isoformat(), t(state), t(note)]
            self._measured.append(texts)
            item = QTreeWidgetItem(texts)
            item.setToolTip(1, doc.title)
            item.setData(0, DOCUMENT_ROLE, doc.id)
            for column in range(CONTENT + 3):
                item.setForeground(column, QBrush(colour))
            group.addChild(item)

    def _open_item(self, item: QTreeWidgetItem, _column: int) -> None:
        document_id = item.data(0, DOCUMENT_ROLE)
        if document_id is not None:
            if self.open_document is not None:
                self.open_document(int(document_id))
            return
        application_id = item.data(0, ID_ROLE)
        if application_id is None:
            return
        if self.open_application is not None:
            self.open_application(int(application_id))


def ms_until_after_midnight(now: datetime) -> int:
    """Milliseconds from `now` to one minute past the next midnight."""
    tomorrow = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    return int((tomorrow + timedelta(minutes=1) - now).total_seconds() * 1000)


def _refresh_provisional(register: Register, day: date) -> int:
    """On the worker: bring provisional due dates forward to `day` (a write; 0 when read-only)."""
    return 0 if register.readonly else register.refresh_provisional_deadlines(day)


def refresh_for_new_day(bench: Workbench) -> None:
    """Bring provisional due dates forward to today (they depend on it; docs/deadlines.md).

    The write runs on the window's worker (desktop.ui.ops), never on the GUI thread."""
    day = date.today()

    def refreshed(changed: int) -> None:
        if not changed:  # statuses depend on today too: every view re-reads them
            bench.register.notify(APPLICATIONS)

    op = RegisterOp(_parent(bench), lambda reg: _refresh_provisional(reg, day))
    op.bench = bench
    op.success(refreshed).run()


DAILY_REFRESH = "due_board.daily_refresh"  # the timer's key in the Workbench's registry


def install_daily_refresh(bench: Workbench) -> QTimer:
    """Once per window: just after each midnight, refresh the due dates that depend on today.

    A register left open overnight would otherwise keep yesterday's provisional due dates.
    """
    timer = bench.timers.get(DAILY_REFRESH)
    if timer is not None:
        return timer
    timer = QTimer(bench)
    timer.setSingleShot(True)

    def fire() -> None:
        try:
            refresh_for_new_day(bench)
        finally:
            timer.start(ms_until_after_midnight(datetime.now()))

    timer.timeout.connect(fire)
    timer.start(ms_until_after_midnight(datetime.now()))
    bench.timers[DAILY_REFRESH] = timer
    return timer


def _parent(bench: Workbench) -> QWidget:
    return bench.window if isinstance(bench.window, QWidget) else QWidget()


def _read_board(register: Register, day: date) -> DueBoard:
    """On the worker: provisional due dates brought forward (a write), then the board's queries."""
    _refresh_provisional(register, day)
    return due_board(register, day)


def _with_board(
    bench: Workbench, today: date | None, show: Callable[[DueBoard], DueBoardDialog | None]
) -> DueBoardDialog | None:
    """Read the board on the worker, then `show` it on the GUI thread. Returns the dialog when the
    board came at once (the runner inline, in tests), else None (it appears when read)."""
    day = today or date.today()
    install_daily_refresh(bench)
    shown: list[DueBoardDialog | None] = []
    op = RegisterOp(_parent(bench), lambda reg: _read_board(reg, day))
    op.bench = bench
    op.success(lambda board: shown.append(show(board))).run()
    return shown[0] if shown else None


def _show(bench: Workbench, board: DueBoard) -> DueBoardDialog:
    def make() -> DueBoardDialog:
        def open_document(document_id: int) -> None:
            from desktop.ui.documents_window import open_documents_window

            open_documents_window(bench).select_document(document_id)

        dialog = DueBoardDialog(
            bench.register, board, bench.window, bench.open_application, open_document
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return dialog

    old = bench.dialogs.get(DueBoardDialog)
    if old is not None:  # a fresh board replaces the one open
        bench.dialogs.forget(DueBoardDialog)
        old.close()
    # Built over a few turns and shown on a later one, whole: at a million applications building
    # and showing are ~30 ms each, together they would hold the window past 50 ms.
    dialog = bench.dialogs.open(DueBoardDialog, make, show=False)
    dialog.when_filled(lambda: _bring_forward(dialog))
    return dialog


def _bring_forward(dialog: QWidget) -> None:
    """Shown first, made the active window on the next turn: activating it repaints the main
    window too (its inactive colours), and the board's first paint and that repaint in one turn
    came to ~50 ms at a million applications."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
    dialog.show()
    dialog.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, False)

    def activate() -> None:
        dialog.raise_()
        dialog.activateWindow()

    QTimer.singleShot(STEP_GAP_MS, dialog, activate)


def open_due_board(bench: Workbench, today: date | None = None) -> DueBoardDialog | None:
    """Show the board (from the menu): always, even when nothing is due. The board is read on the
    worker; the dialog is returned when it came at once (tests), else it appears when read."""
    return _with_board(bench, today, lambda board: _show(bench, board))


def maybe_show_due_board(bench: Workbench, today: date | None = None) -> DueBoardDialog | None:
    """Show the board on start, only if something is overdue, due today or due soon."""
    return _with_board(
        bench, today, lambda board: _show(bench, board) if board.needs_attention else None
    )
