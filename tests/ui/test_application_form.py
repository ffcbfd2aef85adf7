"""The entry form, driven by keyboard like a clerk: type, Tab, Enter; errors beside the field."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.domain.application import Application, id_card_check_char
from desktop.store.queries import RegisterQueries, RegisterQuery
from desktop.ui.application_form import ApplicationForm, audit_value
from desktop.ui.widgets import parse_date_text, parse_yuan

TODAY = date(2026, 2, 20)
GOOD_ID17 = "43010419900307123"
GOOD_ID = GOOD_ID17 + id_card_check_char(GOOD_ID17)
BAD_ID = GOOD_ID17 + ("0" if GOOD_ID[-1] != "0" else "1")


def new_form(qtbot, register, app=None) -> ApplicationForm:
    form = ApplicationForm(register, app, today=TODAY)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def type_text(qtbot, widget, text: str) -> None:
    """Type like a clerk: ASCII as key presses, Chinese as an input-method commit (as a real IME does).

    QTest.keyClicks cannot send non-ASCII characters (it asserts in qasciikey.cpp).
    """
    run = ""
    for ch in text + "\0":
        if ch != "\0" and not ch.isascii():
            run += ch
            continue
        if run:
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)
            run = ""
        if ch != "\0":
            qtbot.keyClicks(widget, ch)


def type_into(qtbot, form: ApplicationForm, name: str, text: str) -> None:
    editor = form.editors[name]
    target = getattr(editor, "edit", editor)
    target.setFocus()
    if hasattr(target, "selectAll"):
        target.selectAll()
        qtbot.keyClick(target, Qt.Key.Key_Delete)
    type_text(qtbot, target, text)


def test_new_application_typed_and_saved_with_enter(qtbot, register):
    form = new_form(qtbot, register)
    type_into(qtbot, form, "receipt_date", "20260213")
    type_into(qtbot, form, "applicant", "张三")
    type_into(qtbot, form, "id_number", GOOD_ID)
    type_into(qtbot, form, "phone", "13800138000")
    type_into(qtbot, form, "content", "申请公开道路拓宽工程的征收补偿方案")
    form.editors["channel"].setCurrentIndex(form.editors["channel"].findData("网络"))
    with qtbot.waitSignal(form.accepted, timeout=2000):
        qtbot.keyClick(form.editors["phone"], Qt.Key.Key_Return)
    stored = register.get(form.saved.id)
    assert stored.applicant == "张三"
    assert stored.receipt_date == date(2026, 2, 13)
    assert stored.channel == "网络"
    assert stored.id_number == GOOD_ID
    assert stored.number == "2026-0001"
    assert stored.answer_due == date(2026, 3, 19)
    rows = RegisterQueries(register.conn).page(RegisterQuery(), 0, 10)
    assert [r.application.applicant for r in rows] == ["张三"]


def test_ctrl_enter_saves_from_the_multiline_content(qtbot, register):
    form = new_form(qtbot, register)
    type_into(qtbot, form, "applicant", "李四")
    type_into(qtbot, form, "content", "第一行")
    qtbot.keyClick(form.editors["content"], Qt.Key.Key_Return)  # a new line, not a save
    type_text(qtbot, form.editors["content"], "第二行")
    assert form.isVisible() and register.count() == 0
    with qtbot.waitSignal(form.accepted, timeout=2000):
        qtbot.keyClick(
            form.editors["content"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    assert register.get(form.saved.id).content == "第一行\n第二行"


def test_bad_id_card_is_shown_beside_the_field_and_nothing_is_saved(qtbot, register):
    form = new_form(qtbot, register)
    type_into(qtbot, form, "applicant", "张三")
    type_into(qtbot, form, "id_number", BAD_ID)
    type_into(qtbot, form, "remarks", "x")
    qtbot.keyClick(form.editors["remarks"], Qt.Key.Key_Return)
    assert form.isVisible()
    assert register.count() == 0
    errors = form.errors()
    assert list(errors) == ["id_number"]
    assert "证件号码" in errors["id_number"] and "身份证" in errors["id_number"]
    assert form.boxes["id_number"].error_label.isVisible()
    assert form.focusWidget() is form.editors["id_number"]
    # Corrected, it saves and the message goes away.
    type_into(qtbot, form, "id_number", GOOD_ID)
    with qtbot.waitSignal(form.accepted, timeout=2000):
        qtbot.keyClick(form.editors["id_number"], Qt.Key.Key_Return)
    assert register.count() == 1


def test_every_problem_is_named_and_focus_goes_to_the_first_in_tab_order(qtbot, register):
    form = new_form(qtbot, register)
    type_into(qtbot, form, "receipt_date", "2026-02-30")  # no such day
    type_into(qtbot, form, "answer_date", "2026-03-01")  # answered without an outcome
    type_into(qtbot, form, "fee_amount_cents", "十元")
    assert not form.save()
    errors = form.errors()
    assert set(errors) == {"receipt_date", "applicant", "outcome", "fee_amount_cents"}
    assert "收到日期" in errors["receipt_date"] and "日期" in errors["receipt_date"]
    assert "办理结果" in errors["outcome"]
    assert "收费金额" in errors["fee_amount_cents"]
    assert form.focusWidget() is form.editors["receipt_date"].edit
    assert register.count() == 0


def test_answer_before_receipt_is_refused_by_the_domain_rule(qtbot, register):
    form = new_form(qtbot, register)
    type_into(qtbot, form, "receipt_date", "2026-02-13")
    type_into(qtbot, form, "applicant", "王五")
    type_into(qtbot, form, "answer_date", "2026-02-10")
    form.editors["outcome"].set_value("grant")
    assert not form.save()
    assert "不能早于" in form.errors()["answer_date"]
    assert register.count() == 0


def test_live_due_dates_follow_the_typed_receipt_date(qtbot, register):
    form = new_form(qtbot, register)
    type_into(qtbot, form, "receipt_date", "2026-02-13")
    assert form.answer_due_text == "2026-03-19"
    assert form.correction_due_text == "2026-03-02"  # 7 working days; 春节 2026-02-15…23
    assert "2026-03-19" in form.deadline_label.text()
    form.editors["extended"].setFocus()
    qtbot.keyClick(form.editors["extended"], Qt.Key.Key_Space)  # 延期: 20 more working days
    assert form.editors["extended"].isChecked()
    assert form.answer_due_text == "2026-04-17"
    type_into(qtbot, form, "receipt_date", "")
    assert form.answer_due_text == ""


def test_due_date_in_a_year_without_a_holiday_notice_says_unconfirmed(qtbot, register):
    form = new_form(qtbot, register)
    type_into(qtbot, form, "receipt_date", "2027-03-01")
    assert "未确认" in form.answer_due_text
    assert "未确认" in form.deadline_label.text()


def test_edit_keeps_id_and_records_history(qtbot, register):
    app = register.add(
        Application(
            receipt_date=date(2026, 2, 13),
            channel="网络",
            applicant_type="自然人",
            applicant="赵六",
            id_number=GOOD_ID,
            phone="13800138000",
        )
    )
    form = new_form(qtbot, register, register.get(app.id))
    # Whole numbers here (and only here).
    assert form.editors["id_number"].text() == GOOD_ID
    assert form.editors["phone"].text() == "13800138000"
    type_into(qtbot, form, "answer_date", "2026-02-19")
    form.editors["outcome"].set_value("deny.secret")
    type_into(qtbot, form, "fee_amount_cents", "12.50")
    with qtbot.waitSignal(form.accepted, timeout=2000):
        qtbot.keyClick(form.editors["fee_amount_cents"], Qt.Key.Key_Enter)
    stored = register.get(app.id)
    assert (stored.outcome, stored.answer_date, stored.fee_amount_cents) == (
        "deny.secret",
        date(2026, 2, 19),
        1250,
    )
    assert register.count() == 1

    again = new_form(qtbot, register, stored)
    table = again.history_table
    cells = [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    outcome_row = next(row for row in cells if row[3] == "办理结果")
    assert outcome_row[2] == "修改" and outcome_row[5] == "不予公开／属于国家秘密"
    fee_row = next(row for row in cells if row[3] == "收费金额")
    assert fee_row[5] == "12.50元"
    assert any(row[2] == "新增" and row[3] == "申请人" and row[5] == "赵六" for row in cells)


def test_duplicate_number_is_named_on_the_number_field(qtbot, register):
    register.add(
        Application(
            receipt_date=date(2026, 1, 5),
            channel="网络",
            applicant_type="自然人",
            applicant="甲",
            number="2026-0007",
        )
    )
    form = new_form(qtbot, register)
    type_into(qtbot, form, "number", "2026-0007")
    type_into(qtbot, form, "applicant", "乙")
    assert not form.save()
    assert "2026-0007" in form.errors()["number"]
    assert register.count() == 1


def test_escape_cancels_without_saving(qtbot, register):
    form = new_form(qtbot, register)
    type_into(qtbot, form, "applicant", "张三")
    asked = []
    form.confirm_discard = lambda: asked.append(True) or True  # the clerk says 放弃修改
    with qtbot.waitSignal(form.rejected, timeout=2000):
        qtbot.keyClick(form.editors["applicant"], Qt.Key.Key_Escape)
    assert asked == [True]
    assert register.count() == 0


def test_escape_on_an_untouched_form_closes_at_once(qtbot, register):
    stored = register.add(
        Application(
            receipt_date=date(2026, 2, 2), channel="网络", applicant_type="自然人", applicant="张三"
        )
    )
    for app in (None, stored):
        form = new_form(qtbot, register, app)
        form.confirm_discard = lambda: pytest.fail("nothing was typed; nothing to ask")
        with qtbot.waitSignal(form.rejected, timeout=2000):
            qtbot.keyClick(form.editors["applicant"], Qt.Key.Key_Escape)


def test_escape_after_typing_asks_and_keep_editing_keeps_the_text(qtbot, register):
    form = new_form(qtbot, register)
    type_into(qtbot, form, "applicant", "张三")
    form.confirm_discard = lambda: False  # the clerk says 继续填写
    qtbot.keyClick(form.editors["applicant"], Qt.Key.Key_Escape)
    assert form.isVisible() and form.result() == 0
    assert form.editors["applicant"].text() == "张三"
    assert form.save()  # and can still save it
    assert register.count() == 1


def test_discard_question_takes_enter_as_discard_and_escape_as_keep_editing(qtbot, register):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    form = new_form(qtbot, register)
    type_into(qtbot, form, "applicant", "张三")

    def answer(key):
        def press():
            box = QApplication.activeModalWidget()
            assert isinstance(box, QMessageBox)
            qtbot.keyClick(box, key)

        QTimer.singleShot(50, press)

    answer(Qt.Key.Key_Escape)
    assert form.confirm_discard() is False
    answer(Qt.Key.Key_Return)
    assert form.confirm_discard() is True


def test_readonly_register_form_cannot_save(qtbot, register):
    app = register.add(
        Application(
            receipt_date=date(2026, 2, 13), channel="网络", applicant_type="自然人", applicant="甲"
        )
    )
    register.readonly = True
    form = new_form(qtbot, register, register.get(app.id))
    assert not form.save_button.isEnabled()
    assert form.editors["applicant"].isReadOnly()
    assert not form.save()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-01", date(2025, 3, 1)),
        ("20250301", date(2025, 3, 1)),
        ("2025/3/1", date(2025, 3, 1)),
        ("2025.03.01", date(2025, 3, 1)),
        ("2025年3月1日", date(2025, 3, 1)),
        ("", None),
    ],
)
def test_typed_date_forms(text, expected):
    assert parse_date_text(text) == expected


@pytest.mark.parametrize("text", ["2025-02-30", "3月1日", "2025-3", "abc"])
def test_not_a_date(text):
    with pytest.raises(ValueError):
        parse_date_text(text)


def test_yuan_to_fen():
    assert parse_yuan("20") == 2000
    assert parse_yuan("12.5元") == 1250
    assert parse_yuan("1,000.00") == 100000
    assert parse_yuan("") is None
    for bad in ("1.234", "十元", "nan"):
        with pytest.raises(ValueError):
            parse_yuan(bad)
    assert audit_value("extended", "1") == "是"


def test_tab_walks_the_fields_in_form_order(qtbot, register):
    from desktop.ui.application_form import FORM_FIELDS

    form = new_form(qtbot, register)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=2000)
    form.editors["number"].setFocus()
    visited = []
    for _ in range(len(FORM_FIELDS) - 1):
        widget = QApplication.focusWidget()
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        owner = focused if focused.objectName() else focused.parentWidget()
        visited.append(owner.objectName())
    assert visited == list(FORM_FIELDS[1:])


def test_live_due_date_follows_correction_and_consultation_dates(qtbot, register):
    # Expected dates hand-worked in tests/domain/test_deadlines.py (CORRECTIONS and PAUSES).
    form = new_form(qtbot, register)
    type_into(qtbot, form, "receipt_date", "2025-09-20")
    type_into(qtbot, form, "correction_notice_date", "2025-09-24")
    assert "暂定" in form.answer_due_text  # 补正 awaited: the period has not started
    type_into(qtbot, form, "correction_received_date", "2025-09-30")
    assert form.answer_due_text == "2025-11-04"  # restarts from 9/30, over 国庆+中秋 2025
    form2 = new_form(qtbot, register)
    type_into(qtbot, form2, "receipt_date", "2025-03-03")
    assert form2.answer_due_text == "2025-03-31"
    type_into(qtbot, form2, "consultation_sent_date", "2025-03-10")
    type_into(qtbot, form2, "consultation_received_date", "2025-03-14")
    assert form2.answer_due_text == "2025-04-07"  # 4 paused working days, over 清明 2025


def test_due_date_in_late_december_waits_for_next_years_notice(qtbot, register):
    # 12/1/2026 → 12/29/2026: dated 2026, but 25–31 December are the 2027 notice's days.
    form = new_form(qtbot, register)
    type_into(qtbot, form, "receipt_date", "2026-12-01")
    assert form.answer_due_text == "2026-12-29（未确认）"


def test_saving_an_edit_leaves_an_imported_long_text_with_outer_blanks_alone(qtbot, register):
    # A ledger import keeps 申请内容 / 备注 exactly as typed; changing the outcome must not trim them.
    stored = register.add(
        Application(
            receipt_date=date(2026, 2, 2),
            channel="网络",
            applicant_type="自然人",
            applicant="张三",
            content="  第一行\n第二行  ",
            remarks=" ",
        )
    )
    form = new_form(qtbot, register, stored)
    type_into(qtbot, form, "answer_date", "2026-02-10")
    form.editors["outcome"].set_value("grant")
    assert form.save()
    saved = register.get(stored.id)
    assert saved.content == "  第一行\n第二行  " and saved.remarks == " "
    fields = {e["field"] for e in register.audit_entries(stored.id) if e["action"] == "update"}
    assert "content" not in fields and "remarks" not in fields
    # What the clerk does change is trimmed as before.
    form = new_form(qtbot, register, saved)
    type_into(qtbot, form, "remarks", "已电话告知 ")
    assert form.save()
    assert register.get(stored.id).remarks == "已电话告知"


def test_a_mistyped_future_year_asks_before_saving(qtbot, register):
    register.add(
        Application(
            receipt_date=date(2026, 1, 5), channel="网络", applicant_type="自然人", applicant="甲"
        )
    )
    form = new_form(qtbot, register)
    asked = []
    form.ask_dates = lambda doubts: asked.append([str(d) for d in doubts]) or False
    type_into(qtbot, form, "receipt_date", "2062-11-20")
    type_into(qtbot, form, "applicant", "zhang")
    qtbot.keyClick(form.editors["applicant"], Qt.Key.Key_Enter)
    assert asked == [["“收到日期”2062年11月20日晚于今天（2026年2月20日）"]]
    assert form.isVisible() and register.count() == 1  # not saved: back to the form
    assert form.focusWidget() is form.editors["receipt_date"].edit
    form.ask_dates = lambda doubts: True  # the clerk confirms
    with qtbot.waitSignal(form.accepted, timeout=2000):
        qtbot.keyClick(form.editors["applicant"], Qt.Key.Key_Enter)
    assert register.count() == 2 and form.saved.receipt_date == date(2062, 11, 20)


def test_an_impossible_date_names_the_month_or_day(qtbot, register):
    form = new_form(qtbot, register)
    type_into(qtbot, form, "receipt_date", "2026-02-30")
    assert form.editors["receipt_date"].error() == "不是有效的日期：2026年2月没有30日"
    type_into(qtbot, form, "receipt_date", "2026-13-01")
    assert form.editors["receipt_date"].error() == "不是有效的日期：没有13月"
    form.save()
    assert form.boxes["receipt_date"].error_label.isVisible()
    type_into(qtbot, form, "receipt_date", "2026-02-18")
    assert not form.boxes["receipt_date"].error_label.isVisible()  # gone once the field is fixed


def test_withdrawal_is_a_visible_choice_typed_and_counted_as_other(qtbot, register):
    """申请人撤回: typed into the outcome box, saved with the withdrawal date as 答复日期, shown again
    when the form reopens, and counted under （六）3.其他 (decision 3)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    from desktop.store.statistics import compute_report

    form = new_form(qtbot, register)
    form.confirm_discard = lambda: True  # a failed step must not leave a question open
    type_into(qtbot, form, "receipt_date", "20260203")
    type_into(qtbot, form, "applicant", "李四")
    type_into(qtbot, form, "content", "申请公开某路段改造预算")
    form.editors["channel"].setCurrentIndex(form.editors["channel"].findData("当面"))
    combo = form.outcome_combo
    # Listed, not hidden: the choice is in the outcome box's own list.
    texts = [combo.itemText(i).strip("　") for i in range(combo.count())]
    assert "申请人撤回（计入“其他”）" in texts
    # Alt+J reaches the outcome box; typing 撤 picks the withdrawal.
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=2000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is combo
    QApplication.sendEvent(
        combo, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, "撤")
    )
    assert combo.is_withdrawal() and combo.value() == "other.other"
    assert form.withdrawal_hint.isVisibleTo(form)
    # Without the withdrawal date the answer date field is named.
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert "答复日期" in form.errors()["answer_date"]
    type_into(qtbot, form, "answer_date", "20260210")
    with qtbot.waitSignal(form.accepted, timeout=2000):
        qtbot.keyClick(form.editors["answer_date"].edit, Qt.Key.Key_Return)

    stored = register.get(form.saved.id)
    assert (stored.outcome, stored.answer_date) == ("other.other", date(2026, 2, 10))
    assert stored.remarks == "申请人撤回"
    row = RegisterQueries(register.conn).page(RegisterQuery(), 0, 10)[0]
    assert row.application.remarks == "申请人撤回"

    reopened = new_form(qtbot, register, stored)
    assert reopened.outcome_combo.is_withdrawal()
    assert reopened.outcome_combo.currentText().strip("　").startswith("申请人撤回")

    report = compute_report(register, 2026)
    assert report.table3["other.other"][0] == 1  # 自然人, （六）3.其他
    assert report.table3["other.other"][6] == 1  # 总计
