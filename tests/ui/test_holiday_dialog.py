"""The holiday dialog driven through its widgets: paste a notice, see the days, save to the register."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow

from desktop.domain.application import Application
from desktop.store import calendar_store
from desktop.store.register import Register
from desktop.ui.context import Workbench
from desktop.ui.holiday_dialog import HolidayDialog, open_holiday_dialog

NOTICES = Path(__file__).parent.parent / "data" / "notices"
D = date
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：2026年12月31日（周四）至2027年1月2日（周六）放假调休，共3天。2026年12月26日（周六）上班。
二、春节：2月6日（周六）至12日（周五）放假调休，共7天。2月13日（周六）上班。
"""


class Window(QMainWindow):
    def __init__(self, register: Register):
        super().__init__()
        self.register = register
        self.bench = Workbench(register, self)


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
def dialog(qtbot, register: Register, dispose):
    window = Window(register)
    dispose(window)
    dialog = open_holiday_dialog(window.bench)
    dispose(dialog)
    return dialog


def test_paste_see_and_save(qtbot, dialog: HolidayDialog, register: Register) -> None:
    a = register.add(Application(D(2026, 12, 15), "当面", "自然人", "赵六"))
    # Mon–Fri minus 2027 statutory holidays (元旦 1/1) before the notice: 1/13, unconfirmed.
    assert register.get(a.id).answer_due == D(2027, 1, 13) and not register.get(a.id).due_confirmed
    # Paste as a clerk does: the notice on the clipboard, Ctrl+V in the text box.
    QApplication.clipboard().setText(NOTICE_2027)
    dialog.text.setFocus()
    qtbot.keyClick(dialog.text, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.text.toPlainText() == NOTICE_2027
    assert dialog.save_button.isEnabled()
    assert dialog.year_box.value() == 2027
    assert (
        "春节：2月6日（周六）至2月12日（周五）放假，共7天；2月13日（周六）上班"
        in dialog.result_label.text()
    )
    cal = dialog.calendar
    assert cal.year == 2027 and "尚未保存" in cal.caption
    assert cal.kind(D(2027, 2, 8)) == "off" and cal.kind(D(2027, 2, 13)) == "work"
    assert cal.kind(D(2027, 2, 14)) == "weekend" and cal.kind(D(2027, 2, 15)) == ""
    # Nothing stored before the click.
    assert calendar_store.year_info(register, 2027) is None

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert calendar_store.year_info(register, 2027) is not None
    off, work = calendar_store.year_days(register, 2027)
    assert D(2027, 2, 12) in off and D(2027, 2, 13) in work
    assert (
        "已保存2027年日历" in dialog.result_label.text()
        and "1 件申请" in dialog.result_label.text()
    )
    assert not dialog.save_button.isEnabled()
    assert "登记簿中的日历" in dialog.calendar.caption
    assert "待2028年通知" in dialog.calendar.caption
    dialog.year_box.setValue(2026)  # 2026's late December is now settled by the 2027 notice
    assert dialog.calendar.caption == "（登记簿中的日历）"
    # The due date now follows the notice (hand-worked in tests/store/test_calendar_store.py).
    assert register.get(a.id).answer_due == D(2027, 1, 13)


def test_unreadable_text_names_the_line_and_cannot_be_saved(dialog: HolidayDialog) -> None:
    text = (NOTICES / "2026.txt").read_text("utf-8").replace("2月28日（周六）", "2月28日（周日）")
    dialog.text.setPlainText(text)
    assert "第9行" in dialog.result_label.text()
    assert not dialog.save_button.isEnabled()


def test_traditional_notice_read_from_file(dialog: HolidayDialog) -> None:
    dialog.load_file(NOTICES / "2025-traditional.txt")
    assert dialog.notice is not None and dialog.notice.year == 2025
    assert "已有2025年的日历" in dialog.result_label.text()
    assert "没有任何工作日或休息日改变" in dialog.result_label.text()
    assert dialog.calendar.kind(D(2025, 10, 11)) == "work"


def test_stored_year_and_unknown_year(dialog: HolidayDialog) -> None:
    dialog.year_box.setValue(2026)
    assert dialog.calendar.kind(D(2026, 2, 16)) == "off"
    assert "程序自带的国务院节假日安排" in dialog.source_label.text()
    assert "chinese-calendar" not in dialog.source_label.text()  # no package name for a clerk
    dialog.year_box.setValue(2030)
    assert "按周一至周五" in dialog.calendar.caption and dialog.calendar.days_off == {}


def test_readonly_register_cannot_save(qtbot, tmp_path: Path, dispose) -> None:
    path = tmp_path / "ro.ogidb"
    Register.open(path).close()
    ro = Register.open(path, readonly=True)
    try:
        dialog = HolidayDialog(Workbench(ro))
        dispose(dialog)
        dialog.text.setPlainText(NOTICE_2027)
        assert dialog.notice is not None and not dialog.save_button.isEnabled()
    finally:
        ro.close()


def test_screenshot(qtbot, dialog: HolidayDialog, tmp_path: Path) -> None:
    dialog.text.setPlainText((NOTICES / "2026.txt").read_text("utf-8"))
    dialog.resize(1400, 780)
    image = dialog.grab()
    assert image.width() >= 1000
    assert image.save(str(tmp_path / "holiday_dialog.png"))


def test_traditional_ui(qtbot, register: Register, dispose) -> None:
    from desktop.ui import i18n

    i18n.set_traditional(True)
    try:
        dialog = HolidayDialog(Workbench(register))
        dispose(dialog)
        assert dialog.save_button.text() == "保存到登記簿"
        dialog.text.setPlainText(NOTICE_2027)
        assert "春節：2月6日（週六）至2月12日（週五）放假" in dialog.result_label.text()
    finally:
        i18n.set_traditional(False)


def test_days_a_reimport_would_change_are_marked(dialog: HolidayDialog) -> None:
    dialog.load_file(NOTICES / "2019.txt")
    assert dialog.calendar.changed == {D(2019, 4, 28), D(2019, 5, 2), D(2019, 5, 3), D(2019, 5, 5)}
    assert "5月2日（周四）：休息 → 上班" in dialog.result_label.text()


def test_pasted_notice_says_it_is_not_saved_and_shows_the_december_days(
    dialog: HolidayDialog,
) -> None:
    dialog.year_box.setValue(2026)
    assert "程序自带的国务院节假日安排" in dialog.source_label.text()
    assert "chinese-calendar" not in dialog.source_label.text()  # no package name for a clerk
    dialog.text.setPlainText(NOTICE_2027)
    # The top line no longer names 2026's source while 2027 is drawn.
    assert "这一年尚未导入通知" in dialog.source_label.text()
    assert "chinese-calendar" not in dialog.source_label.text()
    # 2026-12-26 上班 and 12-31 放假 come with the 2027 notice but lie outside the 2027 grid.
    assert "另有2026年12月31日（周四）放假，共1天；2026年12月26日（周六）上班" in (
        dialog.calendar.caption
    )
    # A partial notice (two festivals) is flagged before saving.
    assert "没有读到清明节、劳动节、端午节、中秋节、国庆节的安排" in dialog.result_label.text()


def test_binary_file_is_refused_in_the_dialog(dialog: HolidayDialog, tmp_path: Path) -> None:
    path = tmp_path / "通知.docx"
    path.write_bytes(bytes(range(128, 256)) * 8)
    dialog.load_file(path)
    assert (
        "无法读取文件 通知.docx" in dialog.result_label.text()
        and "不是文本文件" in dialog.result_label.text()
    )
    assert dialog.notice is None and not dialog.save_button.isEnabled()


def test_the_dialog_lists_the_due_dates_the_notice_moves_before_saving(
    qtbot, dialog: HolidayDialog, register: Register
) -> None:
    a = register.add(Application(D(2027, 1, 29), "当面", "自然人", "钱七"))
    dialog.text.setPlainText(NOTICE_2027)
    assert f"{a.number} 钱七：2027-03-02 → 2027-03-04" in dialog.result_label.text()
    assert "1 件办理中的申请答复期限将改变" in dialog.result_label.text()
    assert register.get(a.id).answer_due == D(2027, 3, 2)  # nothing saved yet
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert register.get(a.id).answer_due == D(2027, 3, 4)


def test_a_notice_that_moves_a_submitted_figure_asks_why(
    qtbot, dialog: HolidayDialog, register: Register
) -> None:
    from desktop.domain.holiday_notice import parse_notice
    from desktop.ops import year_lock
    from desktop.ops.calendar import import_notice
    from tests.ui.test_year_lock_window import _type_reason

    text = (NOTICES / "2026.txt").read_text("utf-8")
    import_notice(register, parse_notice(text))
    a = register.add(Application(D(2026, 9, 21), "网络", "自然人", "李四"))
    due = register.get(a.id).answer_due
    register.update(register.get(a.id).replace(answer_date=due, outcome="grant"))
    year_lock.mark_submitted(register, 2026, "2014")
    dialog.text.setPlainText(
        text.replace(
            "10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。",
            "10月1日（周四）至3日（周六）放假，共3天。",
        )
    )
    assert dialog.save_button.isEnabled()
    asked = _type_reason(qtbot, "国务院更正通知")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已保存2026年日历" in dialog.result_label.text(), timeout=10_000)
    assert asked and "2026年度（2014年格式）的年度报告已报送" in asked[0]
    assert register.get(a.id).answer_due < due
    last = year_lock.compare_submitted(register, 2026, "2014").log[-1]
    assert (last.action, last.reason) == ("节假日安排", "国务院更正通知")
