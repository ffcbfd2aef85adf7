"""The form's 行政复议结果日期 / 行政诉讼结果日期 (decision 4): typed, saved, and refused when wrong."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desktop.domain.application import Application
from tests.ui.test_application_form import new_form, type_into


def _filed(register) -> Application:
    return register.add(
        Application(
            receipt_date=date(2025, 8, 1),
            channel="网络",
            applicant_type="自然人",
            applicant="钱七",
            answer_date=date(2025, 8, 20),
            outcome="grant",
        )
    )


def _choose(form, name: str, value: str) -> None:
    combo = form.editors[name]
    combo.setCurrentIndex(combo.findData(value))


def test_the_form_saves_both_result_dates(qtbot, register):
    app = _filed(register)
    form = new_form(qtbot, register, register.get(app.id))
    type_into(qtbot, form, "review_date", "2025-11-10")
    _choose(form, "review_result", "结果维持")
    type_into(qtbot, form, "review_result_date", "20260120")
    _choose(form, "litigation_type", "复议后起诉")
    type_into(qtbot, form, "litigation_date", "2026-02-01")
    _choose(form, "litigation_result", "结果纠正")
    type_into(qtbot, form, "litigation_result_date", "2026-02-15")
    with qtbot.waitSignal(form.accepted, timeout=2000):
        qtbot.keyClick(form.editors["litigation_result_date"].edit, Qt.Key.Key_Return)
    stored = register.get(app.id)
    assert (stored.review_result, stored.review_result_date) == ("结果维持", date(2026, 1, 20))
    assert (stored.litigation_result, stored.litigation_result_date) == (
        "结果纠正",
        date(2026, 2, 15),
    )
    # Reopened, the dates are shown, and the history names the new fields.
    again = new_form(qtbot, register, stored)
    assert again.editors["review_result_date"].edit.text() == "2026-01-20"
    table = again.history_table
    fields = {table.item(r, 3).text() for r in range(table.rowCount())}
    assert {"行政复议结果日期", "行政诉讼结果日期"} <= fields


def test_a_result_date_before_the_filing_date_is_named_and_nothing_is_saved(qtbot, register):
    app = _filed(register)
    form = new_form(qtbot, register, register.get(app.id))
    type_into(qtbot, form, "review_date", "2025-11-10")
    _choose(form, "review_result", "结果维持")
    type_into(qtbot, form, "review_result_date", "2025-11-09")
    assert not form.save()
    errors = form.errors()
    assert list(errors) == ["review_result_date"]
    assert "行政复议结果日期" in errors["review_result_date"]
    assert "不能早于“行政复议日期”" in errors["review_result_date"]
    assert form.boxes["review_result_date"].error_label.isVisible()
    assert register.get(app.id).review_date is None
