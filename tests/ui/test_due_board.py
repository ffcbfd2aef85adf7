"""The due-date board dialog driven through its widgets, on a register with known due dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from desktop.domain.application import Application
from desktop.store.register import Register
from desktop.ui.context import Workbench
from desktop.ui.due_board import (
    COLUMNS,
    DAILY_REFRESH,
    DueBoardDialog,
    install_daily_refresh,
    maybe_show_due_board,
    ms_until_after_midnight,
    open_due_board,
)

D = date
TODAY = D(2026, 3, 16)  # Monday; 5 working days → 2026-03-23


class Window(QMainWindow):
    def __init__(self, register: Register):
        super().__init__()
        self.register = register
        self.opened: list[int] = []
        self.bench = Workbench(register, self, open_application=self.open_application)

    def open_application(self, application_id: int) -> None:
        self.opened.append(application_id)


def add(register: Register, receipt: date, name: str, **fields: object) -> int:
    return register.add(Application(receipt, "当面", "自然人", name, **fields)).id


@pytest.fixture
def dispose():
    """Destroy the test's widgets when it ends, not at interpreter exit (PySide6 can crash
    collecting Python-subclassed widgets during finalisation)."""
    widgets: list = []
    yield widgets.append
    for widget in reversed(widgets):
        if shiboken6.isValid(widget):
            widget.close()
            shiboken6.delete(widget)


@pytest.fixture
def window(qtbot, register: Register, dispose) -> Window:
    w = Window(register)
    dispose(w)
    return w


def test_board_lists_groups_and_opens_on_double_click(
    qtbot, window: Window, register: Register, dispose
) -> None:
    content = "申请公开本县2025年道路拓宽工程的征收补偿方案、补偿标准、\n资金拨付明细及被征收户名单"
    late = add(register, D(2026, 2, 9), "超期甲", content=content)  # due 3/13
    soon = add(register, D(2026, 2, 13), "将到丁")  # due 3/19
    add(register, D(2026, 2, 25), "未到庚")  # due 3/24: after the horizon
    dialog = open_due_board(window.bench, TODAY)
    dispose(dialog)
    qtbot.waitUntil(dialog.isVisible)  # built on one turn, shown on the next
    qtbot.waitUntil(dialog.isActiveWindow)  # and made the active window on the one after
    assert (
        "已超期 1 件" in dialog.summary.text() and "5个工作日内到期 1 件" in dialog.summary.text()
    )
    overdue = dialog.groups["overdue"]
    assert overdue.childCount() == 1
    row = overdue.child(0)
    assert [row.text(c) for c in range(5)] == [
        register.get(late).number,
        "超期甲",
        content.replace("\n", " "),  # one line, cut with … by the column (whole in the tooltip)
        "2026-03-13",
        "已超期",
    ]
    assert row.toolTip(2) == content
    assert dialog.tree.columnWidth(2) < dialog.tree.fontMetrics().horizontalAdvance(content)
    assert row.text(5) == "超期 1 个工作日"  # 3/16 is the one working day after 3/13
    assert dialog.groups["today"].childCount() == 0
    soon_row = dialog.groups["soon"].child(0)
    assert soon_row.text(1) == "将到丁" and soon_row.text(5) == "还剩 3 个工作日"  # 3/17, 18, 19

    rect = dialog.tree.visualItemRect(soon_row)
    # A real double-click: press and release, then the double-click event.
    qtbot.mouseClick(dialog.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.opened == [soon]


def test_columns_are_as_wide_as_their_texts(qtbot, window: Window, register: Register, dispose):
    # Set once from the texts, not measured by Qt at every layout (ResizeToContents asked every
    # row's size: ~200 ms on a big board). A long name still shows whole.
    add(register, D(2026, 2, 9), "某某县自然资源和规划局土地征收与房屋拆迁安置补偿办公室")
    dialog = open_due_board(window.bench, TODAY)
    dispose(dialog)
    row = dialog.groups["overdue"].child(0)
    metrics = dialog.tree.fontMetrics()
    for column in (0, 1, 3, 4):
        texts = [row.text(column), dialog.tree.headerItem().text(column)]
        widest = max(metrics.horizontalAdvance(text) for text in texts)
        assert dialog.tree.columnWidth(column) > widest, COLUMNS[column]


def test_deleted_and_answered_rows_are_not_shown(
    qtbot, window: Window, register: Register, dispose
) -> None:
    gone = add(register, D(2026, 2, 9), "已删")
    register.delete(gone)
    add(register, D(2026, 2, 9), "已办", answer_date=D(2026, 3, 2), outcome="grant")
    assert maybe_show_due_board(window.bench, TODAY) is None
    dialog = open_due_board(window.bench, TODAY)
    dispose(dialog)
    assert "没有已超期" in dialog.summary.text()


def test_maybe_show_refreshes_paused_rows(
    qtbot, window: Window, register: Register, dispose
) -> None:
    # Consultation sent 3/12 with no reply: on 3/16 the provisional due date is 3/17.
    add(register, D(2026, 2, 9), "暂停癸", consultation_sent_date=D(2026, 3, 12))
    dialog = maybe_show_due_board(window.bench, TODAY)
    assert dialog is not None
    dispose(dialog)
    row = dialog.groups["soon"].child(0)
    assert row.text(3) == "2026-03-17" and "期限暂定" in row.text(5)


def test_window_without_open_application(qtbot, register: Register, dispose) -> None:
    plain = QMainWindow()
    dispose(plain)
    add(register, D(2026, 2, 9), "超期甲")
    dialog = open_due_board(Workbench(register, plain), TODAY)
    dispose(dialog)
    dialog.tree.itemDoubleClicked.emit(dialog.groups["overdue"].child(0), 0)  # no error


def test_daily_refresh_timer(qtbot, window: Window, register: Register, monkeypatch) -> None:
    assert ms_until_after_midnight(datetime(2026, 3, 16, 23, 59, 0)) == 120_000
    assert ms_until_after_midnight(datetime(2026, 3, 16, 0, 1, 0)) == 24 * 3600 * 1000
    maybe_show_due_board(window.bench, TODAY)  # nothing due: no dialog, but the timer is installed
    timer = window.bench.timers[DAILY_REFRESH]
    assert timer.isActive() and install_daily_refresh(window.bench) is timer
    calls: list[date | None] = []
    # The write runs on the window's worker, on its own connection to the file.
    monkeypatch.setattr(
        Register, "refresh_provisional_deadlines", lambda self, day=None: calls.append(day)
    )
    timer.timeout.emit()
    assert calls == [date.today()] and timer.isActive()


def test_unconfirmed_due_date_is_flagged_on_the_board(
    qtbot, window: Window, register: Register, dispose
) -> None:
    # Received 2026-12-01 → due 12/29 (tests/domain/test_deadlines.py), counted over 25–29 December,
    # which the 2027 notice governs: unconfirmed until it is added.
    add(register, D(2026, 12, 1), "年末辛")
    dialog = open_due_board(window.bench, D(2026, 12, 23))
    dispose(dialog)
    row = dialog.groups["soon"].child(0)
    assert row.text(1) == "年末辛" and row.text(3) == "2026-12-29"
    assert "期限未确认" in row.text(5)


def test_document_reminders_on_the_board(
    qtbot, window: Window, register: Register, dispose
) -> None:
    """Issue 16: a 行政规范性文件 expiring within 90 days; a document unpublished after 20 working days."""
    from desktop.domain.documents import NORMATIVE, REGULATION, Document
    from desktop.store import documents as ds

    expiring = ds.add(
        register,
        Document(
            "益政发〔2021〕4号",
            "将届满的办法",
            NORMATIVE,
            D(2021, 4, 1),
            D(2021, 4, 2),
            valid_until=D(2026, 5, 31),
        ),
    )
    ds.add(  # 95 days ahead: not yet
        register,
        Document(
            "益政发〔2021〕5号",
            "稍后届满",
            NORMATIVE,
            D(2021, 4, 1),
            D(2021, 4, 2),
            valid_until=D(2026, 6, 19),
        ),
    )
    ds.add(  # a 规章 has no 有效期 reminder
        register,
        Document(
            "益政令〔2021〕1号",
            "规章",
            REGULATION,
            D(2021, 4, 1),
            D(2021, 4, 2),
            valid_until=D(2026, 4, 30),
        ),
    )
    # Issued Friday 2026-02-06; 20 working days after it (春节 2/15–2/23 off, 2/14 and 2/28 worked)
    # end before 3/16, so it is overdue; one issued 3/2 is not yet.
    late = ds.add(
        register, Document("益政办发〔2026〕2号", "未公开的通知", NORMATIVE, D(2026, 2, 6))
    )
    ds.add(register, Document("益政办发〔2026〕3号", "刚制发", NORMATIVE, D(2026, 3, 2)))
    dialog = maybe_show_due_board(window.bench, TODAY)
    assert dialog is not None
    dispose(dialog)
    assert "逾期未公开 1 件" in dialog.summary.text() and "届满 1 件" in dialog.summary.text()
    rows = dialog.groups["documents_expiring"]
    assert rows.childCount() == 1
    assert [rows.child(0).text(c) for c in range(4)] == [
        "益政发〔2021〕4号",
        "将届满的办法",
        "",
        "2026-05-31",
    ]
    assert "还剩 76 天" in rows.child(0).text(5)
    unpublished = dialog.groups["documents_unpublished"]
    assert [unpublished.child(i).text(0) for i in range(unpublished.childCount())] == [
        "益政办发〔2026〕2号"
    ]
    due, _ = register.calendar().add_working_days(D(2026, 2, 6), 20)
    assert unpublished.child(0).text(3) == due.isoformat() and due < TODAY
    item = rows.child(0)
    rect = dialog.tree.visualItemRect(item)
    qtbot.mouseClick(dialog.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    from desktop.ui.documents_window import DocumentsWindow

    documents_window = window.bench.dialogs.get(DocumentsWindow)
    dispose(documents_window)
    assert documents_window.current_id == expiring.id and window.opened == []
    assert late.id is not None


def test_the_board_is_read_and_refreshed_on_the_worker(
    qtbot, window: Window, register: Register, dispose, threaded_ops, monkeypatch
) -> None:
    """Start-up's board: its queries and the write that brings provisional due dates forward run
    on the window's worker thread; the GUI thread only shows the dialog when it is read."""
    import threading

    from desktop.store import due_queries

    add(register, D(2026, 2, 9), "超期甲")
    threads: dict[str, threading.Thread] = {}
    refresh, board = Register.refresh_provisional_deadlines, due_queries.due_board

    def refreshed(self, day=None):  # type: ignore[no-untyped-def]
        threads["refresh"] = threading.current_thread()
        return refresh(self, day)

    def read(reg, day):  # type: ignore[no-untyped-def]
        threads["board"] = threading.current_thread()
        return board(reg, day)

    monkeypatch.setattr(Register, "refresh_provisional_deadlines", refreshed)
    monkeypatch.setattr("desktop.ui.due_board.due_board", read)
    assert maybe_show_due_board(window.bench, TODAY) is None  # not waited for
    qtbot.waitUntil(lambda: window.bench.dialogs.get(DueBoardDialog) is not None, timeout=10_000)
    dialog = window.bench.dialogs.get(DueBoardDialog)
    dispose(dialog)
    assert dialog.groups["overdue"].child(0).text(1) == "超期甲"
    assert threads["refresh"] is not threading.main_thread()
    assert threads["board"] is threads["refresh"]


def test_a_big_board_lists_its_first_rows_at_once_and_the_rest_over_a_few_turns(
    qtbot, register: Register
) -> None:
    from desktop.store.due_queries import DueBoard, DueRow
    from desktop.ui import due_board as module

    rows = [
        DueRow(i, f"2026-{i:04d}", f"申请人{i}", D(2026, 3, 13), "已超期", True, False)
        for i in range(1, 421)
    ]
    board = DueBoard(TODAY, D(2026, 3, 23), overdue=rows, overdue_count=420)
    dialog = DueBoardDialog(register, board)
    qtbot.addWidget(dialog)
    overdue = dialog.groups["overdue"]
    assert overdue.childCount() == module.FIRST_ROWS and not dialog.filled
    shown_with: list[int] = []  # the board is shown whole (open_due_board waits for this)
    dialog.when_filled(lambda: shown_with.append(overdue.childCount()))
    qtbot.waitUntil(lambda: dialog.filled and bool(shown_with))
    assert shown_with == [420]
    assert overdue.childCount() == 420
    assert [overdue.child(i).text(0) for i in (0, 99, 100, 419)] == [
        "2026-0001",
        "2026-0100",
        "2026-0101",
        "2026-0420",
    ]
    assert overdue.child(419).data(0, module.ID_ROLE) == 420
    assert "已超期（420）" in overdue.text(0)
