"""The due-date board (到期提醒): on start, what is overdue, due today, and due in the next 5 working days.

`open_due_board(main_window)` always shows it; `maybe_show_due_board(main_window)` shows it only when
something needs attention. Before reading, due dates that depend on today (open pauses, awaited 补正;
docs/deadlines.md) are brought forward. Double-clicking a row opens that application through
`main_window.open_application(id)` when the window offers it. The first call also installs a timer
that refreshes those provisional due dates just after every midnight while the window stays open. All figures come from
`desktop.store.due_queries`; nothing here decides a deadline.
"""

from __future__ import annotations

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

from desktop.domain.holiday_notice import day_text
from desktop.store.due_queries import SOON_WORKING_DAYS, DueBoard, DueRow, due_board
from desktop.store.register import Register
from desktop.ui.i18n import t

ID_ROLE = Qt.ItemDataRole.UserRole
OVERDUE_COLOUR = QColor("#b3261e")
TODAY_COLOUR = QColor("#b06000")


class DueBoardDialog(QDialog):
    def __init__(self, register: Register, board: DueBoard, parent: QWidget | None = None):
        super().__init__(parent)
        self.register = register
        self.board = board
        self.setWindowTitle(t("到期提醒"))
        self.resize(720, 460)
        layout = QVBoxLayout(self)

        self.summary = QLabel(self._summary_text())
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([t("申请编号"), t("申请人"), t("答复期限"), t("状态"), t("说明")])
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        layout.addWidget(self.tree)
        self.groups: dict[str, QTreeWidgetItem] = {}
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
        self.tree.expandAll()
        self.tree.itemDoubleClicked.connect(self._open_item)

        hint = QLabel(t("双击一行打开该申请。"))
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

    def print_board(self) -> None:
        from desktop.ui.printing import due_board_job, print_job

        print_job(self, due_board_job(self.register, self.board))

    def _summary_text(self) -> str:
        b = self.board
        if not b.needs_attention:
            return t(
                f"今天是{day_text(b.today, 0)}，没有已超期或{SOON_WORKING_DAYS}个工作日内到期的申请。"
            )
        return t(
            f"今天是{day_text(b.today, 0)}：已超期 {b.overdue_count} 件，今天到期 "
            f"{b.due_today_count} 件，{SOON_WORKING_DAYS}个工作日内到期 {b.due_soon_count} 件。"
        )

    def _note(self, row: DueRow) -> str:
        cal = self.register.calendar()
        today = self.board.today
        notes = []
        if row.answer_due < today:
            late, _ = cal.working_days_between(row.answer_due, today)
            notes.append(t(f"超期 {late} 个工作日"))
        elif row.answer_due > today:
            left, _ = cal.working_days_between(today, row.answer_due)
            notes.append(t(f"还剩 {left} 个工作日"))
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
        if colour is not None:
            group.setForeground(0, QBrush(colour))
        self.tree.addTopLevelItem(group)
        group.setFirstColumnSpanned(True)
        self.groups[key] = group
        for row in rows:
            item = QTreeWidgetItem(
                [
                    row.number,
                    row.applicant,
                    row.answer_due.isoformat(),
                    t(row.status),
                    self._note(row),
                ]
            )
            item.setData(0, ID_ROLE, row.id)
            if colour is not None:
                for column in range(4):
                    item.setForeground(column, QBrush(colour))
            group.addChild(item)

    def _open_item(self, item: QTreeWidgetItem, _column: int) -> None:
        application_id = item.data(0, ID_ROLE)
        if application_id is None:
            return
        opener = getattr(self.parent(), "open_application", None)
        if callable(opener):
            opener(int(application_id))


def ms_until_after_midnight(now: datetime) -> int:
    """Milliseconds from `now` to one minute past the next midnight."""
    tomorrow = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    return int((tomorrow + timedelta(minutes=1) - now).total_seconds() * 1000)


def refresh_for_new_day(main_window: QWidget) -> None:
    """Bring provisional due dates forward to today (they depend on it; docs/deadlines.md)."""
    register: Register = main_window.register  # type: ignore[attr-defined]
    changed = 0 if register.readonly else register.refresh_provisional_deadlines(date.today())
    if not changed:
        register.notify()  # statuses depend on today too: every view re-reads them


def install_daily_refresh(main_window: QWidget) -> QTimer:
    """Once per window: just after each midnight, refresh the due dates that depend on today.

    A register left open overnight would otherwise keep yesterday's provisional due dates.
    """
    timer = getattr(main_window, "_due_refresh_timer", None)
    if isinstance(timer, QTimer):
        return timer
    timer = QTimer(main_window)
    timer.setSingleShot(True)

    def fire() -> None:
        try:
            refresh_for_new_day(main_window)
        finally:
            timer.start(ms_until_after_midnight(datetime.now()))

    timer.timeout.connect(fire)
    timer.start(ms_until_after_midnight(datetime.now()))
    main_window._due_refresh_timer = timer  # type: ignore[attr-defined]
    return timer


def _board_for(main_window: QWidget, today: date | None) -> tuple[Register, DueBoard]:
    register: Register = main_window.register  # type: ignore[attr-defined]
    day = today or date.today()
    if not register.readonly:
        register.refresh_provisional_deadlines(day)
    install_daily_refresh(main_window)
    return register, due_board(register, day)


def _show(main_window: QWidget, register: Register, board: DueBoard) -> DueBoardDialog:
    dialog = DueBoardDialog(register, board, main_window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    main_window._due_board_dialog = dialog  # type: ignore[attr-defined]  # keep it alive
    dialog.show()
    return dialog


def open_due_board(main_window: QWidget, today: date | None = None) -> DueBoardDialog:
    """Show the board (from the menu): always, even when nothing is due."""
    register, board = _board_for(main_window, today)
    return _show(main_window, register, board)


def maybe_show_due_board(main_window: QWidget, today: date | None = None) -> DueBoardDialog | None:
    """Show the board on start, only if something is overdue, due today or due soon."""
    register, board = _board_for(main_window, today)
    if not board.needs_attention:
        return None
    return _show(main_window, register, board)
