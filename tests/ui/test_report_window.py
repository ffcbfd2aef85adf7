"""The report window driven like a clerk would: pick a year, read a number, click it, open one."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.store import statistics
from desktop.ui import features
from desktop.ui.context import Workbench
from desktop.ui.report_window import CellKeyRole, open_report_window
from tests.store.test_statistics_scenario import build_scenario


class FakeMainWindow(QWidget):
    """A window with a Workbench whose open_application() records what was opened."""

    def __init__(self, register):
        super().__init__()
        self.register = register
        self.opened: list[int] = []
        self.bench = Workbench(register, self, open_application=self.opened.append)


def open_scenario(qtbot, register):
    """The scenario register and its report window on 2024: (window, main window, ids)."""
    ids = build_scenario(register)
    main = FakeMainWindow(register)
    qtbot.addWidget(main)
    win = open_report_window(main.bench)
    qtbot.addWidget(win)
    win.select(2024)
    return win, main, ids


@pytest.fixture
def window(qtbot, register):
    return open_scenario(qtbot, register)


def click(qtbot, view, index, double=False):
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    if double:  # Qt 6 item views take a double-click only on the index that was just pressed
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_pick_year_see_number_click_it_and_open_an_application(window, qtbot):
    win, main, ids = window
    assert win.report.format == "2021"
    view = win.table3_view
    index = view.find_key(("grant", "自然人"))
    assert index.data() == "3"
    # The label two columns left of the numbers, on the same row, is the verbatim row label.
    assert view.model().index(index.row(), 1).data() == "（一）予以公开"
    click(qtbot, view, index)
    assert win.drilled == ("grant", "自然人")
    assert win.drilled_ids() == [ids["A1"], ids["L0"], ids["A7"]]
    assert win.drill_model.index(0, 0).data().startswith("2023-")  # A1's number
    assert win.drill_model.index(0, 5).data() == "予以公开"
    assert win.drill_label.text().startswith("表三“（一）予以公开”“自然人”：共 3 件")
    first = win.drill_table.model().index(0, 1)
    win.drill_table.scrollTo(first)
    click(qtbot, win.drill_table, first, double=True)
    assert main.opened == [ids["A1"]]


def test_clicking_a_number_of_table_4_lists_the_cases_behind_it(window, qtbot):
    win, _, ids = window
    win.tabs.setCurrentWidget(win.table4_view)
    index = win.table4_view.find_key((statistics.TABLE4_ROW, "review.结果维持"))
    assert index.data() == "1"
    click(qtbot, win.table4_view, index)
    assert win.drilled_ids() == [ids["A4"]]  # A9 (also 维持 in 2024) is deleted
    assert win.drill_label.text().startswith("表四“行政复议-结果维持”：共 1 件")
    total = win.table4_view.find_key((statistics.TABLE4_ROW, "after_review.总计"))
    click(qtbot, win.table4_view, total)
    assert win.drilled_ids() == [ids["A1"]]


def test_spans_follow_the_official_layout(window):
    win, _, _ = window
    view = win.table3_view
    assert view.model().rowCount() == 3 + 25 and view.model().columnCount() == 10
    assert (view.rowSpan(0, 0), view.columnSpan(0, 0)) == (3, 3)  # the 勾稽关系 corner note
    assert view.columnSpan(0, 3) == 7 and view.model().index(0, 3).data() == "申请人情况"
    assert view.rowSpan(5, 0) == 22 and view.model().index(5, 0).data() == "三、本年度办理结果"
    assert view.model().index(27, 0).data() == "四、结转下年度继续办理"
    assert view.model().index(27, 9).data() == "3"
    t4 = win.table4_view
    assert t4.columnSpan(0, 5) == 10 and t4.model().index(3, 4).data() == "2"


def test_checks_show_green_and_other_years_and_formats(window, qtbot):
    win, _, ids = window
    texts = [win.checks_list.item(i).text() for i in range(win.checks_list.count())]
    assert texts and all(t.startswith("✔") for t in texts)
    assert any("上年结转" in t for t in texts)  # 2023 is in the register: cross-year check runs
    win.format_combo.setCurrentIndex(win.format_combo.findData("2019"))
    assert win.report.format == "2019"
    assert win.table3_view.model().rowCount() == 3 + 23
    index = win.table3_view.find_key(("other", "total"))
    assert index.data() == "4"
    win.format_combo.setCurrentIndex(win.format_combo.findData("2014"))
    assert win.visible_tables() == [win.statistics_view]
    index = win.statistics_view.find_key(("received.fax", statistics.VALUE_COLUMN))
    assert index.data() == "4"
    click(qtbot, win.statistics_view, index)
    assert win.drilled_ids() == [ids["L5"], ids["L12"], ids["L19"], ids["A4"]]
    assert win.drill_label.text().startswith("统计表“2．传真申请数”：共 4 件")
    win.format_combo.setCurrentIndex(0)
    win.year_spin.setValue(2025)
    assert (
        win.report.year == 2025 and win.table3_view.find_key(("carried_in", "total")).data() == "3"
    )


def test_a_broken_register_shows_red(window, register):
    win, _, _ = window
    register.conn.execute(
        "UPDATE applications SET outcome = NULL WHERE receipt_date = '2024-03-01'"
    )
    register.notify()  # what every commit does; the open window recomputes
    win.show()
    win.recompute()
    red = [win.checks_list.item(i) for i in range(win.checks_list.count())]
    failing = [i.text() for i in red if i.text().startswith("✘")]
    assert any("（七）总计等于" in t for t in failing)
    assert any("登记簿检查" in t and "未选择办理结果" in t for t in failing)
    assert win.checks_list.item(2).foreground().color().name() == "#c00000"


def test_export_from_the_window(window, tmp_path):
    win, _, _ = window
    xlsx = win.export_xlsx(tmp_path / "r.xlsx")
    data = json.loads(win.export_json(tmp_path / "r.json").read_text(encoding="utf-8"))
    assert xlsx.exists() and data["year"] == 2024 and data["format"] == "2021"
    assert win.table3_view.model().index(7, 3).data(CellKeyRole) == ("deny.secret", "自然人")


def test_screenshot(window, tmp_path):
    win, _, _ = window
    win.show()
    win.table3_view.find_key(("grant", "自然人"))
    win.drill("grant", "自然人")
    assert win.grab().save(str(tmp_path / "report_window.png"))


def test_opened_from_the_real_main_window_menu(qtbot, register, monkeypatch):
    from desktop.ui.main_window import MainWindow
    from desktop.ui.report_window import ReportWindow

    build_scenario(register)
    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    main = MainWindow(register)
    qtbot.addWidget(main)
    win = main.open_feature(features.report_window)
    assert isinstance(win, ReportWindow)
    qtbot.addWidget(win)
    assert main.open_feature(features.report_window) is win  # brought forward
    win.select(2024)
    win.drill("carried_out", "total")
    assert len(win.drilled_ids()) == 3


def test_the_window_follows_register_changes(window, qtbot, register):
    from datetime import date

    from desktop.domain.application import Application

    win, _, _ = window
    win.show()
    assert win.table3_view.find_key(("new", "total")).data() == "26"
    register.add(Application(date(2024, 7, 1), "网络", "自然人", "新申请人"))
    qtbot.waitUntil(lambda: win.table3_view.find_key(("new", "total")).data() == "27", timeout=3000)
    assert win.table3_view.find_key(("carried_out", "自然人")).data() == "2"


def test_traditional_ui_shows_traditional_labels(qtbot, register):
    from desktop.ui.i18n import set_traditional

    build_scenario(register)
    main = FakeMainWindow(register)
    qtbot.addWidget(main)
    set_traditional(True)
    try:
        win = open_report_window(main.bench)
        qtbot.addWidget(win)
        win.select(2024)
        model = win.table3_view.model()
        assert model.index(5, 0).data() == "三、本年度辦理結果"
        assert model.index(27, 0).data() == "四、結轉下年度繼續辦理"
        assert win.table3_view.find_key(("grant", "自然人")).data() == "3"
    finally:
        set_traditional(False)
