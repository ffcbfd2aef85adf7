"""The typed-in figures form: fields from the declaration, all-or-nothing save, clear messages."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.domain import report_formats as rf
from desktop.store.annual_figures import get_figures
from desktop.store.statistics import compute_report
from desktop.ui.table2_dialog import Table2Dialog


def test_typing_figures_and_saving_stores_them(qtbot, register):
    dialog = Table2Dialog(register, 2024)
    qtbot.addWidget(dialog)
    assert dialog.format_code == "2021"
    assert len(dialog.fields) == len(rf.TABLE2_2021.figure_keys("2021"))
    key = rf.figure_key("2021", "规章", "本年制发件数")
    fee = rf.figure_key("2021", "行政事业性收费", "本年收费金额（单位：万元）")
    qtbot.keyClicks(dialog.field(key), "12")
    qtbot.keyClicks(dialog.field(fee), "3.25")
    dialog.unit_edit.setText("某某市某某局")  # QTest cannot type CJK characters
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    stored = get_figures(register, 2024)
    assert stored == {key: "12", fee: "3.25", rf.UNIT_NAME_KEY: "某某市某某局"}
    report = compute_report(register, 2024)
    assert report.table2[key] == 12 and report.unit == "某某市某某局"
    # Reopened, the form shows what was stored.
    again = Table2Dialog(register, 2024)
    qtbot.addWidget(again)
    assert again.field(key).text() == "12"


def test_a_bad_field_refuses_the_whole_form(qtbot, register):
    dialog = Table2Dialog(register, 2024)
    qtbot.addWidget(dialog)
    key = rf.figure_key("2021", "规章", "本年制发件数")
    other = rf.figure_key("2021", "行政许可", "本年处理决定数量")
    qtbot.keyClicks(dialog.field(other), "7")
    dialog.field(key).setText("十二")
    dialog.save()
    assert get_figures(register, 2024) == {}
    assert "“规章—本年制发件数”须填写数字，而不是“十二”" in dialog.error_label.text()
    assert dialog.field(key).styleSheet() != ""
    dialog.field(key).setText("1.5")
    dialog.save()
    assert "须为整数" in dialog.error_label.text() and get_figures(register, 2024) == {}


def test_2019_and_2014_forms(qtbot, register):
    dialog = Table2Dialog(register, 2020)
    qtbot.addWidget(dialog)
    assert dialog.format_code == "2019"
    change = rf.figure_key("2019", "行政许可", "本年增/减")
    dialog.field(change).setText("-3")  # a change may be negative
    dialog.save()
    assert get_figures(register, 2020)[change] == "-3"
    old = Table2Dialog(register, 2016)
    qtbot.addWidget(old)
    assert old.format_code == "2014"
    key = rf.manual_key_2014("proactive.count")
    old.field(key).setText("1,234")
    old.save()
    assert get_figures(register, 2016)[key] == "1234"
    assert compute_report(register, 2016).statistics["proactive.count"] == 1234


def test_opened_from_the_main_window_menu(qtbot, register):
    from PySide6.QtWidgets import QWidget

    from desktop.ui.context import Workbench
    from desktop.ui.report_window import open_report_window
    from desktop.ui.table2_dialog import open_table2_dialog

    main = QWidget()
    qtbot.addWidget(main)
    bench = Workbench(register, main)
    dialog = open_table2_dialog(bench)
    assert dialog.isVisible() and dialog.register is register
    assert (
        dialog.year_spin.value() == date.today().year - 1
    )  # the report being written: last year's
    dialog.reject()
    report = open_report_window(bench)
    report.select(2021)
    dialog = open_table2_dialog(bench)
    assert dialog.year_spin.value() == 2021  # the year the open report window shows
    dialog.reject()
    report.close()


# The clerk's figures of the review (newcomer-gui.md, finding 1), in table order.
TYPED = ["0", "0", "0", "12", "3", "45", "1234", "56", "7", "0"]


def test_tab_follows_the_table_and_enter_saves_what_was_typed(qtbot, register, tmp_path):
    from openpyxl import load_workbook

    from desktop.reports.stats_workbook import write_workbook

    dialog = Table2Dialog(register, 2025)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.unit_edit.setFocus()
    dialog.unit_edit.setText("某县人民政府办公室")  # QTest cannot type CJK characters
    edits = [edit for edit, _n, _u in dialog.fields.values()]
    for text, edit in zip(TYPED, edits, strict=True):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        assert dialog.focusWidget() is edit  # one Tab to each figure, row by row
        qtbot.keyClicks(edit, text)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted

    stored = get_figures(register, 2025)
    row = lambda r, c: stored[rf.figure_key("2021", r, c)]  # noqa: E731
    assert [row("规章", c) for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == ["0"] * 3
    assert [row("行政规范性文件", c) for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == [
        "12",
        "3",
        "45",
    ]
    assert row("行政许可", "本年处理决定数量") == "1234"
    assert (
        row("行政处罚", "本年处理决定数量") == "56" and row("行政强制", "本年处理决定数量") == "7"
    )

    out = write_workbook(compute_report(register, 2025), tmp_path / "report.xlsx")
    sheet = load_workbook(out)["表二"]
    lines = {r[0]: r[1:] for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert list(lines["行政规范性文件"][:3]) == [12, 3, 45]
    assert lines["行政许可"][0] == 1234 and lines["行政处罚"][0] == 56


def test_enter_in_the_year_box_with_typed_figures_never_drops_them(qtbot, register, monkeypatch):
    dialog = Table2Dialog(register, 2025)
    qtbot.addWidget(dialog)
    dialog.show()
    key = rf.figure_key("2021", "规章", "本年制发件数")
    qtbot.keyClicks(dialog.field(key), "99")
    asked = []
    monkeypatch.setattr(dialog, "ask_unsaved", lambda: asked.append(dialog.year) or "save")
    dialog.year_spin.setFocus()
    dialog.year_spin.lineEdit().selectAll()
    qtbot.keyClicks(dialog.year_spin, "2024")
    qtbot.keyClick(dialog.year_spin, Qt.Key.Key_Return)
    assert asked  # asked before the form was rebuilt for 2024
    assert get_figures(register, 2025)[key] == "99"


def test_cancel_with_typed_figures_asks(qtbot, register, monkeypatch):
    dialog = Table2Dialog(register, 2025)
    qtbot.addWidget(dialog)
    dialog.show()
    key = rf.figure_key("2021", "行政许可", "本年处理决定数量")
    qtbot.keyClicks(dialog.field(key), "5")
    monkeypatch.setattr(dialog, "ask_unsaved", lambda: "cancel")
    qtbot.keyClick(dialog.field(key), Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.field(key).text() == "5"
    monkeypatch.setattr(dialog, "ask_unsaved", lambda: "save")
    dialog.reject()
    assert get_figures(register, 2025)[key] == "5"


def test_register_counts_shown_in_empty_fields_and_typing_overrides(qtbot, register):
    """Issue 16: with a document register, the first block's empty fields show its counts; a typed
    figure then wins in the report and clearing it goes back to the count."""
    from desktop.store import documents as ds
    from tests.documents_sample import SAMPLE

    ds.add_many(register, SAMPLE)
    dialog = Table2Dialog(register, 2025)
    qtbot.addWidget(dialog)
    key = rf.figure_key("2021", "行政规范性文件", "现行有效件数")
    assert dialog.field(key).text() == "" and dialog.field(key).placeholderText() == "登记簿计得 2"
    other = rf.figure_key("2021", "行政许可", "本年处理决定数量")
    assert not dialog.field(other).placeholderText().startswith("登记簿")
    qtbot.keyClicks(dialog.field(key), "3")
    dialog.save()
    report = compute_report(register, 2025)
    assert report.table2[key] == 3 and report.table2_source(key) == "typed"
    again = Table2Dialog(register, 2025)
    qtbot.addWidget(again)
    again.field(key).clear()
    again.save()
    report = compute_report(register, 2025)
    assert report.table2[key] == 2 and report.table2_source(key) == "register"
