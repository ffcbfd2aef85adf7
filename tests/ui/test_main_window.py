"""The main window driven like a clerk: filter, search, new with Ctrl+N, edit with Enter, Del, Ctrl+Z."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.domain import deadlines
from desktop.domain.application import Application
from desktop.ui.main_window import MainWindow
from desktop.ui.register_model import COLUMN_INDEX

TODAY = date(2026, 3, 10)

SAMPLES = [
    # (receipt, channel, type, applicant, content, answer, outcome)
    ("2026-02-13", "网络", "自然人", "张三", "申请公开道路拓宽工程的征收补偿方案", None, None),
    ("2025-11-03", "邮寄", "自然人", "陳大文", "環境影響評價報告全文", None, None),
    (
        "2025-06-02",
        "网络",
        "商业企业",
        "长沙某科技有限公司",
        "财政预算执行情况",
        "2025-06-20",
        "grant",
    ),
    ("2025-01-06", "当面", "自然人", "王五", "学校招生计划", "2025-04-30", "deny.secret"),
    (
        "2024-12-30",
        "电子邮件",
        "法律服务机构",
        "湖南某律师事务所",
        "规划许可",
        "2025-01-10",
        "unable.none",
    ),
]


def type_text(qtbot, widget, text: str) -> None:
    """ASCII by key presses, Chinese as an input-method commit (QTest cannot send non-ASCII keys)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


@pytest.fixture
def window(qtbot, register, monkeypatch):
    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    for receipt, channel, kind, who, content, answer, outcome in SAMPLES:
        register.add(
            Application(
                receipt_date=date.fromisoformat(receipt),
                channel=channel,
                applicant_type=kind,
                applicant=who,
                content=content,
                answer_date=date.fromisoformat(answer) if answer else None,
                outcome=outcome,
            )
        )
    win = MainWindow(register)
    win.model.set_query(win.model.query.replace(today=TODAY))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.messages = []
    win.inform = lambda text: win.messages.append(text)
    win.show_error = lambda title, text: win.messages.append(f"{title}: {text}")
    return win


def applicants(win: MainWindow) -> list[str]:
    col = COLUMN_INDEX["applicant"]
    return [win.model.index(r, col).data() for r in range(win.model.rowCount())]


def choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_register_is_listed_newest_first_with_counts_in_the_status_bar(window):
    assert applicants(window) == [
        "张三",
        "陳大文",
        "长沙某科技有限公司",
        "王五",
        "湖南某律师事务所",
    ]
    status = window.status_label.text()
    assert "共 5 件" in status and "已超期 1" in status and "逾期办结 1" in status


def test_filters_by_year_status_channel_type_and_outcome(window):
    choose(window.year_combo, 2025)
    assert applicants(window) == ["陳大文", "长沙某科技有限公司", "王五"]
    choose(window.status_combo, deadlines.OVERDUE)
    assert applicants(window) == ["陳大文"]
    choose(window.status_combo, None)
    choose(window.channel_combo, "网络")
    assert applicants(window) == ["长沙某科技有限公司"]
    choose(window.channel_combo, None)
    choose(window.year_combo, None)
    choose(window.type_combo, "法律服务机构")
    assert applicants(window) == ["湖南某律师事务所"]
    choose(window.type_combo, None)
    choose(window.outcome_combo, "deny")  # the family
    assert applicants(window) == ["王五"]
    choose(window.outcome_combo, "unable.none")  # a leaf
    assert applicants(window) == ["湖南某律师事务所"]
    assert "共 1 件" in window.status_label.text()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("环境影响", ["陳大文"]),  # simplified query, traditional text, trigram
        ("環境", ["陳大文"]),  # 2 characters, LIKE
        ("徵收補償", ["张三"]),  # traditional query, simplified text
        ("补偿", ["张三"]),
        ("律师", ["湖南某律师事务所"]),
        ("没有这个", []),
    ],
)
def test_search_box_finds_either_script(qtbot, window, query, found):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_edit.hasFocus()
    type_text(qtbot, window.search_edit, query)
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
    assert applicants(window) == found


def test_search_applies_by_itself_after_typing_stops(qtbot, window):
    type_text(qtbot, window.search_edit, "招生")
    qtbot.waitUntil(lambda: applicants(window) == ["王五"], timeout=2000)


def test_ctrl_n_enter_adds_an_application_and_selects_it(qtbot, window, register):
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.form
    assert form is not None and form.isVisible()
    date_edit = form.editors["receipt_date"].edit
    date_edit.selectAll()
    qtbot.keyClicks(date_edit, "20260305")
    type_text(qtbot, form.editors["applicant"], "新申请人")
    type_text(qtbot, form.editors["content"], "预算公开")
    with qtbot.waitSignal(form.accepted, timeout=2000):
        qtbot.keyClick(form.editors["applicant"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.rowCount() == 6, timeout=2000)
    assert applicants(window)[0] == "新申请人"
    selected = window.current_application_id()
    assert register.get(selected).applicant == "新申请人"
    assert register.get(selected).number == "2026-0002"


def test_enter_on_a_row_opens_it_and_saving_updates_the_row(qtbot, window, register):
    window.table.setFocus()
    window.table.selectRow(1)
    app_id = window.current_application_id()
    assert register.get(app_id).applicant == "陳大文"
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    form = window.form
    assert form is not None and form.original.id == app_id
    form.editors["answer_date"].edit.setText("2025-11-20")
    form.editors["outcome"].set_value("grant")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=2000)
    with qtbot.waitSignal(form.accepted, timeout=2000):
        qtbot.keyClick(form.editors["applicant"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_application_id() == app_id, timeout=2000)
    row = window.table.currentIndex().row()
    assert window.model.index(row, COLUMN_INDEX["outcome"]).data() == "予以公开"
    assert window.model.index(row, COLUMN_INDEX["status"]).data() == deadlines.CONCLUDED


def test_delete_asks_then_soft_deletes_and_ctrl_z_brings_it_back(qtbot, window, register):
    asked = []
    window.confirm = lambda title, text: asked.append(text) or True
    window.table.setFocus()
    window.table.selectRow(0)
    app_id = window.current_application_id()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert asked and "2026-0001" in asked[0]
    assert register.is_deleted(app_id)
    assert "张三" not in applicants(window)
    assert register.count() == 4
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not register.is_deleted(app_id)
    assert applicants(window)[0] == "张三"
    assert window.current_application_id() == app_id


def test_delete_refused_in_the_dialog_changes_nothing(qtbot, window, register):
    window.confirm = lambda title, text: False
    window.table.setFocus()
    window.table.selectRow(0)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert register.count() == 5


def test_show_deleted_lists_them_again(qtbot, window, register):
    window.confirm = lambda title, text: True
    window.table.setFocus()
    window.table.selectRow(0)
    window.delete_current()
    assert len(applicants(window)) == 4
    window.show_deleted_action.trigger()
    assert window.deleted_check.isChecked()
    assert len(applicants(window)) == 5


def test_a_deletion_from_an_earlier_session_is_restored_from_show_deleted(qtbot, window, register):
    target = register.get_by_number("2026-0001").id
    register.delete(target)  # deleted before this window opened: not on the Ctrl+Z stack
    window.refresh()
    assert not window.undo_stack
    window.show_deleted_action.trigger()
    window.select_application(target)
    assert window.current_application_id() == target
    assert window.restore_action.isEnabled() and not window.delete_action.isEnabled()
    window.restore_action.trigger()
    assert not register.is_deleted(target)
    assert window.current_application_id() == target
    assert not window.restore_action.isEnabled() and window.delete_action.isEnabled()
    assert [e["action"] for e in register.audit_entries(target)][-2:] == ["delete", "undelete"]


def test_open_application_clears_filters_that_hide_it(qtbot, window, register):
    target = register.get_by_number("2025-0001").id
    choose(window.year_combo, 2026)
    window.open_application(target)
    assert window.current_application_id() == target
    assert window.form is not None and window.form.original.id == target
    window.form.reject()


def test_readonly_register_shows_the_banner_and_refuses_changes(qtbot, register, monkeypatch):
    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    register.add(
        Application(
            receipt_date=date(2026, 2, 13), channel="网络", applicant_type="自然人", applicant="甲"
        )
    )
    register.readonly = True
    register.readonly_reason = "另一位同事（李四，办公室电脑）正在使用这个登记簿"
    win = MainWindow(register)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.banner.isVisible()
    assert "李四" in win.banner.text()
    assert not win.new_action.isEnabled()
    assert not win.import_ledger_action.isEnabled()
    win.table.selectRow(0)
    assert not win.delete_action.isEnabled()
    win.new_application()
    assert win.form is None
    win.edit_current()
    assert win.form is not None and not win.form.save_button.isEnabled()
    win.form.reject()


def test_feature_windows_get_the_windows_workbench(window, monkeypatch):
    from desktop.ui import features

    calls = []
    monkeypatch.setattr(features, "report_window", lambda bench: calls.append(bench))
    window = type(window)(window.register)  # menus built after the patch, as at start-up
    [action] = [
        a
        for menu in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu()))
        for a in menu.actions()
        if a.text() == "年度报告(&R)…"
    ]
    action.trigger()
    assert calls == [window.bench] and calls[0].register is window.register
    window.close()


def test_a_feature_opens_once_and_comes_forward_again(window, qtbot):
    from desktop.ui.features import holiday_dialog

    first = window.open_feature(holiday_dialog)
    assert first is not None and first.isVisible()
    assert window.open_feature(holiday_dialog) is first  # one instance per dialog
    first.close()


def test_letters_hook_gets_the_selected_application(window, monkeypatch):
    calls = []
    from desktop.ui import features

    monkeypatch.setattr(
        features, "letters_dialog", lambda bench, application_id: calls.append(application_id)
    )
    window.table.selectRow(0)
    window.letters_action.trigger()
    assert calls == [window.current_application_id()]


def test_every_menu_item_has_a_target(window):
    import re

    titles = [a.text() for a in window.menuBar().actions()]
    assert [t.split("(")[0] for t in titles] == ["文件", "登记", "期限", "统计", "文书", "帮助"]
    items = [
        a
        for menu in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu()))
        for a in menu.actions()
        if not a.isSeparator() and a.menu() is None
    ]
    # Every item has an accelerator letter (Alt+F, then the letter), no arrow keys needed.
    assert [a.text() for a in items if "&" not in a.text()] == []
    labels = {re.sub(r"\(&\w\)", "", a.text()) for a in items}
    for label in (
        "导入台账…",
        "导出台账…",
        "打印…",
        "打印预览…",
        "备份与恢复…",
        "备份到其他位置（U盘）…",
        "到期提醒…",
        "节假日安排…",
        "年度报告…",
        "主动公开数据…",
        "汇总各单位报表…",
        "统计图表…",
        "生成文书…",
        "新增申请…",
        "撤销删除",
        "显示已删除",
        "使用说明",
        "关于",
    ):
        assert label in labels
    # One 导入: the wizard is no second menu item; a hand-kept ledger reaches it by itself.
    assert not any("向导" in label for label in labels)
    toolbar = [a.text() for a in window.toolbar.actions() if not a.isSeparator()]
    assert [re.sub(r"\(&\w\)", "", x) for x in toolbar] == [
        "新增申请…",
        "修改…",
        "删除…",
        "打印…",
        "导出台账…",
    ]


def test_due_board_hook_runs_after_show(qtbot, register, monkeypatch):
    calls = []
    from desktop.ui import features

    monkeypatch.setattr(features, "maybe_due_board", lambda bench: calls.append(bench))
    monkeypatch.setattr(MainWindow, "show_due_board_on_start", True)  # other tests switch it off
    win = MainWindow(register)
    qtbot.addWidget(win)
    assert calls == []  # not from the constructor
    win.show()
    assert calls == []  # queued behind the first paint, not run inside showEvent
    # waitUntil returns as soon as the queued call ran; the generous timeout only matters when the
    # machine is loaded (a fixed 2 s made this test fail under load).
    qtbot.waitUntil(lambda: calls == [win.bench], timeout=10_000)
    win.hide()
    win.show()  # shown again (e.g. restored): the board is not shown a second time
    after: list[int] = []
    QTimer.singleShot(
        0, lambda: after.append(1)
    )  # zero timers fire in order: a hook would be first
    qtbot.waitUntil(lambda: after == [1], timeout=10_000)
    assert calls == [win.bench]


def test_traditional_window_titles(qtbot, register, monkeypatch):
    from desktop.ui import i18n

    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    win = MainWindow(register, traditional=True)
    qtbot.addWidget(win)
    try:
        assert "登記" in win.menuBar().actions()[1].text()
        assert win.model.headerData(0, Qt.Orientation.Horizontal) == "申請編號"
    finally:
        i18n.set_traditional(False)


def test_change_announced_by_the_register_keeps_the_selection_and_adds_new_years(
    qtbot, window, register
):
    window.table.selectRow(2)
    selected = window.current_application_id()
    assert window.year_combo.findData(2023) == -1
    with qtbot.waitSignal(window.model.modelReset, timeout=2000):
        register.add(  # e.g. another window (data package, wizard) adding an old application
            Application(
                receipt_date=date(2023, 5, 4),
                channel="网络",
                applicant_type="自然人",
                applicant="旧案",
            )
        )
    assert window.year_combo.findData(2023) > 0
    assert window.current_application_id() == selected
    assert "共 6 件" in window.status_label.text()


def test_reopen_register_shows_the_file_again_after_a_restore(qtbot, window, register, tmp_path):
    from desktop.store.register import Register

    other_path = tmp_path / "restored.ogidb"
    other = Register.open(other_path)
    other.add(
        Application(
            receipt_date=date(2026, 1, 9),
            channel="网络",
            applicant_type="自然人",
            applicant="恢复的",
        )
    )
    other.close()
    window.reopen_register(other_path)
    try:
        assert applicants(window) == ["恢复的"]
        assert window.register.path == other_path
        register.add(  # the old register no longer drives this window
            Application(
                receipt_date=date(2026, 1, 9),
                channel="网络",
                applicant_type="自然人",
                applicant="旧",
            )
        )
        qtbot.wait(20)
        assert applicants(window) == ["恢复的"]
    finally:
        window.register.close()


def test_double_click_opens_the_row(qtbot, window, register):
    rect = window.table.visualRect(window.model.index(3, COLUMN_INDEX["applicant"]))
    # A real double-click is press, release, then the double-click press: QTest needs the first.
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    forms = window.findChildren(type(window.form)) if window.form is not None else []
    assert len([f for f in forms if f.isVisible()]) == 1  # one form, not one per signal
    assert window.form is not None
    assert window.form.original.applicant == "王五"
    window.form.reject()


def test_open_register_opens_another_window_and_releases_it_on_close(qtbot, window, tmp_path):
    from desktop.store.register import Register

    path = tmp_path / "另一个单位.ogidb"
    other = Register.open(path)
    other.add(
        Application(
            receipt_date=date(2026, 1, 9),
            channel="网络",
            applicant_type="自然人",
            applicant="别处的",
        )
    )
    other.close()
    second = window.open_register_window(path)
    assert second is not None and second is not window
    second.show_due_board_on_start = False
    assert applicants(second) == ["别处的"]
    assert not second.register.readonly
    second.close()
    # Released: the same file opens again for writing.
    third = window.open_register_window(path)
    assert third is not None and not third.register.readonly
    third.close()
    assert window.open_register_window(window.register.path) is None
    assert window.messages == ["这个登记簿已经在本窗口中打开。"]


def test_an_empty_register_says_how_to_start_and_a_filter_with_no_match_says_so(
    qtbot, register, window, monkeypatch
):
    assert window.empty_label.isHidden()
    window.search_edit.setText("没有这样的申请内容")
    window._search_now()
    assert window.model.rowCount() == 0
    assert window.empty_label.isVisible() and "没有符合条件的申请" in window.empty_label.text()
    window.clear_filters()
    assert window.empty_label.isHidden()

    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    from desktop.store.register import Register

    fresh = Register.memory()
    empty = MainWindow(fresh)
    qtbot.addWidget(empty)
    empty.show()
    qtbot.waitExposed(empty)
    assert empty.empty_label.isVisible()
    assert "还没有申请" in empty.empty_label.text() and "导入台账" in empty.empty_label.text()
    fresh.close()


def test_content_column_takes_spare_width_but_never_shrinks_below_its_floor(qtbot, window):
    header = window.table.horizontalHeader()
    content = COLUMN_INDEX["content"]
    window.resize(1600, 600)
    qtbot.waitUntil(lambda: header.sectionSize(content) > 400)
    # Filled to the right edge: no gap, no sideways scrolling.
    assert header.length() == window.table.viewport().width()
    window.resize(900, 600)
    qtbot.waitUntil(lambda: header.sectionSize(content) == window._content_min_width)
    assert header.length() > window.table.viewport().width()  # scrolls sideways instead
    # A clerk widening another column takes the width from 申请内容, down to its floor.
    window.resize(1600, 600)
    qtbot.waitUntil(lambda: header.sectionSize(content) > 400)
    before = header.sectionSize(content)
    outcome = COLUMN_INDEX["outcome"]
    header.resizeSection(outcome, header.sectionSize(outcome) + 50)
    assert header.sectionSize(content) == before - 50


@pytest.mark.parametrize(
    ("status", "found"),
    [
        (deadlines.OPEN, ["张三"]),  # open and not yet due on 2026-03-10
        (deadlines.OVERDUE, ["陳大文"]),
        (deadlines.CONCLUDED, ["长沙某科技有限公司", "湖南某律师事务所"]),
        (deadlines.CONCLUDED_LATE, ["王五"]),
    ],
)
def test_each_status_filter_lists_exactly_its_rows_and_counts_them(window, status, found):
    choose(window.status_combo, status)
    assert applicants(window) == found
    status_text = window.status_label.text()
    assert f"共 {len(found)} 件" in status_text and f"{status} {len(found)}" in status_text


def test_start_up_work_waits_for_the_count_of_a_big_register(qtbot, window):
    # On a big register the count comes after the first paint; the due board's read starts after
    # it (its Python beside the table's repaint made that repaint wait for the GIL).
    called: list[str] = []
    window.model.total_known = False  # as at start-up on a big register
    window.when_counted(lambda: called.append("board"))
    qtbot.wait(20)
    assert called == []
    window.model.total_known = True
    window.model.totalArrived.emit()
    qtbot.waitUntil(lambda: called == ["board"], timeout=2000)
    window.when_counted(lambda: called.append("at once"))  # counted: at once
    assert called == ["board", "at once"]
