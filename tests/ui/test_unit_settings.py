"""单位设置: one dialog for 机关名称 (letters and every report's 填报单位) and the 申请编号 pattern, with a
live example; the office name asked once where it is first needed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from desktop.domain import report_formats as rf
from desktop.domain.application import Application
from desktop.store import settings
from desktop.store.annual_figures import get_figures, set_figures, unit_name
from desktop.store.statistics import compute_report
from desktop.ui import features
from desktop.ui.context import Workbench
from desktop.ui.table2_dialog import Table2Dialog
from desktop.ui.unit_settings import OfficeNameDialog, UnitSettingsDialog, ask_office_name_once

YEAR = date.today().year


def make(**kw) -> Application:
    base = dict(
        receipt_date=date(YEAR, 1, 5), channel="当面", applicant_type="自然人", applicant="张三"
    )
    base.update(kw)
    return Application(**base)


def save_button(dialog) -> QWidget:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_type_a_pattern_see_the_next_number_save_and_number_an_application(qtbot, register):
    register.add(make())  # 2026-0001 under the default pattern
    dialog = UnitSettingsDialog(register)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.pattern_edit.text() == "{年}-{序号:4}"
    assert dialog.pattern_example.text().startswith(f"{YEAR}-0002")

    dialog.pattern_edit.setFocus()
    dialog.pattern_edit.selectAll()
    qtbot.keyClicks(dialog.pattern_edit, "X-{")  # QTest types ASCII only; CJK goes through insert
    dialog.pattern_edit.insert("年")
    qtbot.keyClicks(dialog.pattern_edit, "}-")
    assert "申请编号格式" in dialog.pattern_error.text()
    assert "须包含序号" in dialog.pattern_error.text()
    assert dialog.pattern_example.text() == ""
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # refused: nothing saved
    assert settings.get_number_pattern(register) == "{年}-{序号:4}"

    dialog.pattern_edit.setText("某政信〔{年}〕{序号:3}号")
    assert dialog.pattern_error.text() == ""
    assert dialog.example_pending  # read once typing pauses
    qtbot.waitUntil(lambda: not dialog.example_pending, timeout=3000)
    # The counter is shared by the year: the next number goes on from 0001.
    assert dialog.pattern_example.text().startswith(f"某政信〔{YEAR}〕002号")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert settings.get_number_pattern(register) == "某政信〔{年}〕{序号:3}号"
    assert register.add(make()).number == f"某政信〔{YEAR}〕002号"

    again = UnitSettingsDialog(register)
    qtbot.addWidget(again)
    assert again.pattern_edit.text() == "某政信〔{年}〕{序号:3}号"
    assert again.pattern_example.text().startswith(f"某政信〔{YEAR}〕003号")


def test_enter_in_the_pattern_field_saves_and_the_form_shows_the_pattern(qtbot, register):
    from desktop.ui.application_form import ApplicationForm

    dialog = UnitSettingsDialog(register)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pattern_edit.setText("{年}{序号:5}")
    dialog.pattern_edit.setFocus()
    qtbot.keyClick(dialog.pattern_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert settings.get_number_pattern(register) == "{年}{序号:5}"
    form = ApplicationForm(register, None)
    qtbot.addWidget(form)
    assert f"{YEAR}00001" in form.editors["number"].placeholderText()


def test_the_office_name_is_every_report_s_unit_unless_a_year_has_its_own(qtbot, register):
    dialog = UnitSettingsDialog(register)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("某县人民政府办公室")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert settings.get_office_name(register) == "某县人民政府办公室"
    assert compute_report(register, 2025).unit == "某县人民政府办公室"
    set_figures(register, 2024, {rf.UNIT_NAME_KEY: "某县人民政府办公室（旧称）"})
    assert compute_report(register, 2024).unit == "某县人民政府办公室（旧称）"
    assert unit_name(register, 2025) == "某县人民政府办公室"


def test_the_table2_form_shows_the_office_name_and_does_not_pin_it(qtbot, register):
    settings.set_office_name(register, "某县财政局")
    dialog = Table2Dialog(register, 2025)
    qtbot.addWidget(dialog)
    assert dialog.unit_edit.text() == ""
    assert "某县财政局" in dialog.unit_edit.placeholderText()
    key = rf.figure_key("2021", "规章", "本年制发件数")
    qtbot.keyClicks(dialog.field(key), "3")
    dialog.unit_edit.setText("某县财政局")  # typed the same: still follows 单位设置
    dialog.save()
    assert rf.UNIT_NAME_KEY not in get_figures(register, 2025)
    settings.set_office_name(register, "某县财政局（新）")
    assert compute_report(register, 2025).unit == "某县财政局（新）"
    # A year's own name is kept and wins.
    other = Table2Dialog(register, 2019)
    qtbot.addWidget(other)
    other.unit_edit.setText("某县财政局（2019年名称）")
    other.save()
    assert compute_report(register, 2019).unit == "某县财政局（2019年名称）"
    assert Table2Dialog(register, 2019).unit_edit.text() == "某县财政局（2019年名称）"


def test_a_register_without_the_setting_keeps_its_typed_unit_names(qtbot, register):
    set_figures(register, 2023, {rf.UNIT_NAME_KEY: "某镇人民政府"})
    assert unit_name(register, 2025) == "某镇人民政府"  # as before: the latest earlier year's
    dialog = Table2Dialog(register, 2025)
    qtbot.addWidget(dialog)
    assert dialog.unit_edit.text() == "某镇人民政府"
    assert settings.guess_office_name(register) == "某镇人民政府"


def test_the_office_name_is_asked_once_where_it_is_first_needed(qtbot, register):
    set_figures(register, 2024, {rf.UNIT_NAME_KEY: "某镇人民政府"})
    host = QWidget()
    qtbot.addWidget(host)
    bench = Workbench(register, host)
    window = features.report_window(bench)
    qtbot.addWidget(window)
    asked = window.findChild(OfficeNameDialog)
    assert asked is not None and asked.isVisible()
    assert asked.name_edit.text() == "某镇人民政府"  # offered from what the register knows
    asked.name_edit.setText("某镇人民政府办公室")
    qtbot.mouseClick(asked.save_button, Qt.MouseButton.LeftButton)
    assert settings.get_office_name(register) == "某镇人民政府办公室"
    # The report window's title follows (a settings change says figures=True).
    qtbot.waitUntil(lambda: "某镇人民政府办公室" in window.format_label.full_text(), timeout=5000)


def test_declined_it_is_not_asked_again(qtbot, register):
    host = QWidget()
    qtbot.addWidget(host)
    first = ask_office_name_once(register, host)
    assert first is not None
    qtbot.mouseClick(first.later_button, Qt.MouseButton.LeftButton)
    assert settings.get_office_name(register) == ""
    assert ask_office_name_once(register, host) is None
    dialog = features.table2_dialog(Workbench(register, host))
    qtbot.addWidget(dialog)
    assert dialog.findChild(OfficeNameDialog) is None
    assert QApplication.activeModalWidget() in (None, dialog)


def test_not_asked_when_set_or_read_only(qtbot, register):
    settings.set_office_name(register, "某局")
    assert ask_office_name_once(register, None) is None


def test_the_main_window_title_names_the_office(qtbot, register, monkeypatch):
    from desktop.ui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    window = MainWindow(register)
    qtbot.addWidget(window)
    assert window.windowTitle().startswith("政府信息公开申请登记簿")
    window.office_action.trigger()
    dialog = window.findChild(UnitSettingsDialog)
    assert dialog is not None and dialog.windowTitle() == "单位设置"
    dialog.name_edit.setText("某县人民政府办公室")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert "某县人民政府办公室" in window.windowTitle()


def test_the_data_package_names_the_office(qtbot, register):
    from desktop.store import duplicates
    from desktop.ui.data_package_dialog import ExportPackageDialog

    duplicates.save_unit_name(register, "某镇（上次导出时填的）")
    settings.set_office_name(register, "某某镇人民政府")
    host = QWidget()
    qtbot.addWidget(host)
    dialog = ExportPackageDialog(Workbench(register, host))
    qtbot.addWidget(dialog)
    assert dialog.unit_edit.text() == "某某镇人民政府"


def test_the_office_name_reaches_the_statistics_workbook_and_the_printed_report(register, tmp_path):
    from desktop.reports.print_docs import report_document
    from desktop.reports.stats_reader import read_stats_workbook
    from desktop.reports.stats_workbook import write_workbook

    settings.set_office_name(register, "某县人民政府办公室")
    register.add(make(receipt_date=date(2025, 3, 3)))
    report = compute_report(register, 2025)
    path = write_workbook(report, tmp_path / "2025.xlsx")
    read = read_stats_workbook(path)
    assert read.unit == "某县人民政府办公室"
    assert "填报单位：某县人民政府办公室" in report_document(report, date(2026, 1, 20))


def test_asked_from_the_table2_form_the_unit_field_follows(qtbot, register):
    set_figures(register, 2024, {rf.UNIT_NAME_KEY: "某镇人民政府"})
    host = QWidget()
    qtbot.addWidget(host)
    dialog = features.table2_dialog(Workbench(register, host))
    qtbot.addWidget(dialog)
    assert dialog.unit_edit.text() == "某镇人民政府"  # no office name yet: last year's, as before
    asked = dialog.findChild(OfficeNameDialog)
    asked.name_edit.setText("某镇人民政府办公室")
    qtbot.mouseClick(asked.save_button, Qt.MouseButton.LeftButton)
    assert dialog.unit_edit.text() == ""
    assert "某镇人民政府办公室" in dialog.unit_edit.placeholderText()
    assert not dialog.is_dirty()


def test_the_next_number_is_read_on_the_worker_once_typing_pauses(
    qtbot, register, threaded_ops, monkeypatch
):
    # At a million applications the read took ~140 ms: on the GUI thread at the dialog's opening
    # and at every key typed into the pattern.
    import threading

    from desktop.store.register import Register

    register.add(make())
    seen: list[str] = []
    peek = Register.peek_number

    def on_which_thread(self, year, pattern=None):  # type: ignore[no-untyped-def]
        seen.append(threading.current_thread().name)
        return peek(self, year, pattern)

    monkeypatch.setattr(Register, "peek_number", on_which_thread)
    window = QWidget()
    qtbot.addWidget(window)
    bench = Workbench(register, window)
    window.bench = bench  # type: ignore[attr-defined]
    try:
        dialog = features.office_settings(bench)
        assert isinstance(dialog, UnitSettingsDialog)
        qtbot.waitUntil(lambda: not dialog.example_pending, timeout=5000)
        assert dialog.pattern_example.text().startswith(f"{YEAR}-0002")
        assert seen and threading.main_thread().name not in seen
        dialog.pattern_edit.clear()
        for key in "{年}/{序号:3}号":  # typed key by key: one read once the typing pauses
            dialog.pattern_edit.insert(key)
        assert dialog.example_pending and len(seen) == 1
        qtbot.waitUntil(lambda: not dialog.example_pending, timeout=5000)
        assert len(seen) == 2 and threading.main_thread().name not in seen
        assert dialog.pattern_example.text().startswith(f"{YEAR}/002号")
        dialog.close()
    finally:
        bench.close()
