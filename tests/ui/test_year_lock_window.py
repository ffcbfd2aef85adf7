"""The year lock in the windows (issue 14), driven like a clerk: mark the report 已报送 in the report
window, edit an application in the form, type the reason the dialog asks for, see the changed cell in
the 差异 view and the reason in the log; table 二 and deleting ask too; 撤销报送 asks for a reason."""

from __future__ import annotations

import sys
from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.application import Application
from desktop.ops import year_lock
from desktop.ui.application_form import ApplicationForm
from desktop.ui.report_window import (
    CHANGED_BRUSH,
    VIEW_DIFF,
    VIEW_NOW,
    VIEW_SUBMITTED,
    open_report_window,
)
from desktop.ui.year_lock_dialogs import ReasonDialog
from tests.ui.test_application_form import type_into, type_text
from tests.ui.test_report_window import FakeMainWindow

ORIGINAL_REASON_EXEC = ReasonDialog.exec


def _later(qtbot, handle, kind=(ReasonDialog, QMessageBox)) -> list:
    """Run `handle(modal)` on the next modal widget (a dialog opened by what the test does next);
    the list gets the text it showed."""
    seen: list = []
    if kind is ReasonDialog:
        # The reason dialog is answered inside its own exec(), shown, made the active window (as
        # it is for a clerk) and typed into for real. The timer-driven answer hung the run now and
        # then: when the keys came before the dialog was the active window, the main window's own
        # Return shortcut took the Enter, and the dialog waited in exec() for ever.
        def exec_once(dialog: ReasonDialog) -> int:
            ReasonDialog.exec = ORIGINAL_REASON_EXEC  # this one dialog only
            dialog.show()
            dialog.activateWindow()
            qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
            seen.append(dialog.message.text())
            handle(dialog)
            result = dialog.result()
            dialog.hide()
            return result

        ReasonDialog.exec = exec_once
        return seen
    passed: list = []

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, kind):  # none yet, or the window that opens it (a modal dialog)
            if modal is not None and modal not in passed:
                passed.append(modal)  # say what else was modal, should the watch never end
                print(f"_later: passing over modal {type(modal).__name__}", file=sys.stderr)
            QTimer.singleShot(30, look)
            return
        seen.append(modal.message.text() if isinstance(modal, ReasonDialog) else modal.text())
        handle(modal)

    QTimer.singleShot(30, look)
    return seen


def _answer_yes(qtbot):
    def handle(box):
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Yes).click()

    return _later(qtbot, handle)


def _type_reason(qtbot, text: str):
    def handle(dialog):
        assert isinstance(dialog, ReasonDialog)
        assert not dialog.ok_button.isEnabled()  # no empty reason
        type_text(qtbot, dialog.reason_edit, text)
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)

    # Only the reason dialog: a message box left by another window must not stop the watch.
    return _later(qtbot, handle, kind=ReasonDialog)


@pytest.fixture
def window(qtbot, register):
    register.add(
        Application(
            date(2025, 3, 3),
            "网络",
            "自然人",
            "张三",
            number="2025-0001",
            answer_date=date(2025, 3, 20),
            outcome="grant",
        )
    )
    register.add(Application(date(2025, 12, 29), "当面", "商业企业", "某公司", number="2025-0002"))
    main = FakeMainWindow(register)
    qtbot.addWidget(main)
    win = open_report_window(main.bench)
    qtbot.addWidget(win)
    win.select(2025)
    win.resize(1024, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_mark_edit_with_reason_and_see_the_difference(qtbot, register, window):
    win = window
    assert "未报送" in win.lock_label.text() and not win.view_combo.isEnabled()
    dialogs = _answer_yes(qtbot)
    qtbot.mouseClick(win.submit_button, Qt.MouseButton.LeftButton)
    assert dialogs and "标记为已报送" in dialogs[0]
    assert (
        win.lock_label.text().startswith("已报送 于 ")
        and "数字与报送时一致" in win.lock_label.text()
    )
    assert not win.submit_button.isEnabled() and win.withdraw_button.isEnabled()

    # The open application was in fact answered on 2025-12-31 (部分公开): edit it in the form.
    app = register.get_by_number("2025-0002")
    form = ApplicationForm(register, app, today=date(2026, 2, 20))
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    type_into(qtbot, form, "answer_date", "2025-12-31")
    form.editors["outcome"].set_value("partial")
    asked = _type_reason(qtbot, "答复日期漏登，按原件补录")
    assert form.save()
    assert asked and "2025年度的年度报告已报送" in asked[0]
    assert register.get_by_number("2025-0002").answer_date == date(2025, 12, 31)

    qtbot.waitUntil(lambda: "个数字改变" in win.lock_label.text(), timeout=3000)
    assert "报送后有 6 个数字改变" in win.lock_label.text()
    # 差异: the changed cell highlighted, its difference beside it.
    win.set_view(VIEW_DIFF)
    cell = win.figure_item("表三.carried_out.商业企业")
    assert cell.text() == "0 (-1)" and cell.background() == CHANGED_BRUSH
    assert "报送时 1，现在 0" in cell.toolTip()
    assert win.figure_item("表三.new.total").background() != CHANGED_BRUSH
    # 报送时: the figure as submitted; 现在: as counted now.
    win.set_view(VIEW_SUBMITTED)
    assert win.figure_item("表三.carried_out.商业企业").text() == "1"
    win.set_view(VIEW_NOW)
    assert win.figure_item("表三.carried_out.商业企业").text() == "0"
    # The lists below: the six cells, and the reason.
    assert win.diff_table.rowCount() == 6
    rows = {tuple(win.diff_table.item(r, c).text() for c in range(6)) for r in range(6)}
    assert ("表三", "四、结转下年度继续办理", "商业企业", "1", "0", "-1") in rows
    log = [
        tuple(win.log_table.item(r, c).text() for c in (2, 3, 4))
        for r in range(win.log_table.rowCount())
    ]
    assert log == [("报送", "", ""), ("修改", "2025-0002", "答复日期漏登，按原件补录")]


def test_cancelling_the_reason_saves_nothing(qtbot, register, window):
    year_lock.mark_submitted(register, 2025)
    app = register.get_by_number("2025-0001")
    form = ApplicationForm(register, app, today=date(2026, 2, 20))
    qtbot.addWidget(form)
    form.show()
    type_into(qtbot, form, "answer_date", "2025-04-01")  # same year, same cells: no question
    assert form.save()
    form = ApplicationForm(register, register.get(app.id), today=date(2026, 2, 20))
    qtbot.addWidget(form)
    form.show()
    form.editors["outcome"].set_value("deny.secret")

    def cancel(dialog):
        assert isinstance(dialog, ReasonDialog)
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Escape)

    _later(qtbot, cancel, kind=ReasonDialog)
    assert not form.save()
    assert register.get(app.id).outcome == "grant"
    assert register.get(app.id).answer_date == date(2025, 4, 1)


def test_table2_figure_of_a_submitted_year_asks_and_withdraw_asks(qtbot, register, window):
    from desktop.ui.table2_dialog import Table2Dialog

    win = window
    year_lock.mark_submitted(register, 2025)
    dialog = Table2Dialog(register, 2025, win)
    qtbot.addWidget(dialog)
    edit = dialog.fields["2021.二.行政许可.本年处理决定数量"][0]
    edit.setText("12")
    _type_reason(qtbot, "漏填行政许可")
    assert dialog._store(2025)
    win.recompute()
    win.set_view(VIEW_DIFF)
    cell = win.figure_item("2021.二.行政许可.本年处理决定数量")
    assert cell.text() == "12 (空→12)" and cell.background() == CHANGED_BRUSH
    assert win.log_table.item(win.log_table.rowCount() - 1, 4).text() == "漏填行政许可"

    # 撤销报送 with a reason: no longer locked, the state line says so.
    _type_reason(qtbot, "上级退回")
    qtbot.mouseClick(win.withdraw_button, Qt.MouseButton.LeftButton)
    assert "未报送" in win.lock_label.text() and win.submit_button.isEnabled()
    assert year_lock.submission(register, 2025) is None


def test_export_the_differences(qtbot, register, window, tmp_path):
    win = window
    year_lock.mark_submitted(register, 2025)
    year_lock.delete_application(register, register.get_by_number("2025-0001").id, "重复登记")
    win.recompute()
    out = win.export_differences(tmp_path / "差异.xlsx")
    wb = load_workbook(out)
    sheet = wb["报送后改变的数字"]
    assert sheet["A1"].value.startswith(
        "2025年度政府信息公开工作年度报告（2021年格式）报送后改变的数字"
    )
    assert [c.value for c in sheet[3]] == ["表", "行", "列", "报送时", "现在", "差"]
    lines = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert ["表三", "一、本年新收政府信息公开申请数量", "自然人", 1, 0, -1] in lines
    log = [[c.value for c in row] for row in wb["修改记录"].iter_rows(min_row=2)]
    assert log[-1][2:] == ["删除", "2025-0001", "重复登记"]


@pytest.fixture
def main_window(qtbot, register, monkeypatch):
    from desktop.ui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    register.add(Application(date(2025, 12, 29), "当面", "商业企业", "某公司", number="2025-0900"))
    year_lock.mark_submitted(register, 2025)
    win = MainWindow(register)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_importing_a_ledger_of_a_submitted_year_asks_why(qtbot, register, main_window):
    from desktop.ui import ledger_dialogs
    from tests.ui.test_ledger_dialogs import LEDGERS

    dialog = ledger_dialogs.open_import_ledger(main_window, str(LEDGERS / "good_simplified.xlsx"))
    qtbot.waitUntil(lambda: dialog.read_result is not None, timeout=10_000)
    asked = _type_reason(qtbot, "补录2025年纸质登记的申请")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.import_button.click()
    assert asked and "2025年度的年度报告已报送。导入这份台账会改变已报送的统计数字" in asked[0]
    assert register.count() == 5
    last = year_lock.compare_submitted(register, 2025).log[-1]
    assert (last.action, last.subject[:3], last.reason) == (
        "导入",
        "4 件",
        "补录2025年纸质登记的申请",
    )


def test_deleting_an_application_of_a_submitted_year_asks_why(qtbot, register, main_window):
    main_window.confirm = lambda title, text: True
    main_window.table.selectRow(0)
    asked = _type_reason(qtbot, "重复登记")
    main_window.delete_current()
    assert asked and register.count() == 0
    assert year_lock.compare_submitted(register, 2025).log[-1].reason == "重复登记"


def test_the_old_ledger_wizard_asks_why_for_a_submitted_year(
    qtbot, register, main_window, tmp_path
):
    from PySide6.QtWidgets import QWizard

    from desktop.ui.import_wizard import open_import_wizard
    from tests.ui.test_import_wizard import messy_ledger

    path = messy_ledger(
        tmp_path / "简表.xlsx",
        [["2025年3月1日", "网络", "张三", "预算"]],
        headers=["收件日期", "申请渠道", "申请人", "申请事项"],
        title_rows=1,
    )
    main_window.inform = lambda text: None  # the "已导入" message box at the end
    wizard = open_import_wizard(main_window.bench)
    qtbot.addWidget(wizard)
    wizard.file_page.load(path)
    wizard.button(QWizard.WizardButton.NextButton).click()
    wizard.mapping_page.set_default("applicant_type", "自然人")
    wizard.button(QWizard.WizardButton.NextButton).click()
    wizard.button(QWizard.WizardButton.NextButton).click()
    asked = _type_reason(qtbot, "补录旧台账")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: register.count() == 2, timeout=10_000)
    assert asked and "导入这份台账会改变已报送的统计数字" in asked[0]
    last = year_lock.compare_submitted(register, 2025).log[-1]
    assert (last.action, last.reason) == ("导入", "补录旧台账")
