"""The document register window driven like a clerk: type a document, save, find it, edit, delete,
restore; and table 二 of the report window drilled down to the documents behind a figure."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.domain import report_formats as rf
from desktop.domain.documents import NORMATIVE
from desktop.store import documents as ds
from desktop.store.annual_figures import set_figures
from desktop.ui.context import Workbench
from desktop.ui.documents_window import DocumentsWindow, open_documents_window
from desktop.ui.report_window import TABLE2_ROW, TYPED_MARK, open_report_window
from tests.documents_sample import DELETED, EXPECTED, SAMPLE


class FakeMainWindow(QWidget):
    def __init__(self, register):
        super().__init__()
        self.register = register
        self.opened: list[int] = []
        self.bench = Workbench(register, self, open_application=self.open_application)

    def open_application(self, application_id: int) -> None:
        self.opened.append(application_id)


@pytest.fixture
def main(qtbot, register):
    window = FakeMainWindow(register)
    qtbot.addWidget(window)
    return window


def _type(qtbot, widget, text: str) -> None:
    """Type into a field (QTest types ASCII only: Chinese goes in as an input method would)."""
    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        widget.insert(text)


def test_type_save_and_the_store_has_it(qtbot, main, register) -> None:
    win = open_documents_window(main.bench)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: win.isActiveWindow())
    qtbot.keyClick(win.search_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert win.editors["number"].hasFocus()  # Ctrl+N: a new document, cursor in 文号
    _type(qtbot, win.editors["number"], "益政发〔2025〕12号")
    _type(qtbot, win.editors["title"], "益阳市河道管理办法")
    win.editors["category"].set_value(NORMATIVE)
    _type(qtbot, win.editors["issued"].edit, "20250303")
    _type(qtbot, win.editors["published"].edit, "2025.3.10")
    _type(qtbot, win.editors["valid_until"].edit, "2030-03-02")
    qtbot.keyClick(win.editors["valid_until"].edit, Qt.Key.Key_Return)  # Enter saves
    doc = ds.get_by_number(register, "益政发[2025]12号")
    assert doc is not None
    assert (doc.title, doc.category, doc.issued, doc.published, doc.valid_until) == (
        "益阳市河道管理办法",
        NORMATIVE,
        date(2025, 3, 3),
        date(2025, 3, 10),
        date(2030, 3, 2),
    )
    assert win.shown_numbers() == ["益政发〔2025〕12号"]
    assert "已保存" in win.message_label.text()
    # Edit: repeal it; the audit trail shows the change.
    win.editors["repealed"].set_date(date(2025, 12, 31))
    qtbot.keyClick(win.editors["repealed"].edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert ds.get(register, doc.id).document.repealed == date(2025, 12, 31)
    assert any(
        "废止日期：（空） → 2025-12-31" in win.audit_list.item(i).text()
        for i in range(win.audit_list.count())
    )


def test_bad_input_is_named_and_nothing_saved(qtbot, main, register) -> None:
    win = DocumentsWindow(main.bench, main)
    qtbot.addWidget(win)
    _type(qtbot, win.editors["number"], "益政发〔2025〕13号")
    _type(qtbot, win.editors["issued"].edit, "2025-05-01")
    _type(qtbot, win.editors["published"].edit, "2025-04-01")
    _type(qtbot, win.editors["repealed"].edit, "2025-13-01")
    assert not win.save()
    assert "标题" in win.boxes["title"].error()
    assert "早于" in win.boxes["published"].error()
    assert win.boxes["repealed"].error()
    assert ds.count(register) == 0
    ds.add(register, SAMPLE[0])
    win.editors["number"].setText("益政令[2023]1号")
    win.editors["title"].setText("重复")
    win.editors["published"].set_date(None)
    win.editors["repealed"].set_date(None)
    assert not win.save()
    assert "已在登记簿中" in win.boxes["number"].error()
    assert ds.count(register) == 1


def test_search_filters_delete_restore(qtbot, main, register) -> None:
    ds.add_many(register, SAMPLE)
    win = DocumentsWindow(main.bench, main)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: win.isActiveWindow())
    assert len(win.shown_numbers()) == len(SAMPLE)
    qtbot.keyClick(win.editors["title"], Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert win.search_edit.hasFocus()
    _type(qtbot, win.search_edit, "益政令")
    assert sorted(win.shown_numbers()) == [
        "益政令〔2019〕3号",
        "益政令〔2023〕1号",
        "益政令〔2025〕2号",
    ]
    win.search_edit.clear()
    _type(qtbot, win.search_edit, "养犬")
    assert win.shown_numbers() == ["益政办发〔2023〕7号"]
    win.search_edit.clear()
    win.category_filter.setCurrentIndex(win.category_filter.findData("规章"))
    win.year_filter.setCurrentIndex(win.year_filter.findData(2025))
    assert win.shown_numbers() == ["益政令〔2025〕2号"]
    win.table.selectRow(0)
    target = ds.get_by_number(register, "益政令〔2025〕2号").id
    assert win.current_id == target
    win.table.setFocus()
    qtbot.keyClick(win.table, Qt.Key.Key_Delete)
    assert ds.get(register, target).deleted and win.shown_numbers() == []
    win.deleted_check.setChecked(True)
    assert win.shown_numbers() == ["益政令〔2025〕2号"]
    win.select_document(target)
    assert not win.save_button.isEnabled()  # a deleted document is restored before it is edited
    win.restore_button.click()
    assert not ds.get(register, target).deleted


def test_report_table2_drills_to_documents(qtbot, main, register) -> None:
    ds.add_many(register, SAMPLE)
    gone = ds.add(register, DELETED)
    ds.delete(register, gone.id)
    win = open_report_window(main.bench)
    qtbot.addWidget(win)
    win.select(2025, "2021")
    view = win.table2_view
    for (row, column), n in EXPECTED[("2021", 2025)].items():
        index = view.find_key((TABLE2_ROW + row, column))
        assert index.data() == str(n)
        win.drill(TABLE2_ROW + row, column)
        assert len(win.drilled_ids()) == n
    index = view.find_key((TABLE2_ROW + "行政规范性文件", "现行有效件数"))
    rect = view.visualRect(index)
    win.tabs.setCurrentWidget(view)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    numbers = {ds.get(register, i).document.number for i in win.drilled_ids()}
    assert numbers == {"益政发〔2024〕5号", "益政办发〔2023〕7号"}
    assert win.drill_label.text().startswith("表二“行政规范性文件”“现行有效件数”：共 2 件")
    # A typed figure shows as typed, and its drill-down says what the register counts.
    set_figures(register, 2025, {rf.figure_key("2021", "规章", "本年制发件数"): "4"})
    win.recompute()
    index = view.find_key((TABLE2_ROW + "规章", "本年制发件数"))
    assert index.data() == "4" + TYPED_MARK
    win.drill(TABLE2_ROW + "规章", "本年制发件数")
    assert "登记簿计得 1 件" in win.drill_label.text()
    # Double-clicking a document opens it in the document window.
    first = win.drill_table.model().index(0, 1)
    qtbot.mouseClick(
        win.drill_table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=win.drill_table.visualRect(first).center(),
    )
    qtbot.mouseDClick(
        win.drill_table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=win.drill_table.visualRect(first).center(),
    )
    docs = main.bench.dialogs.get(DocumentsWindow)
    qtbot.addWidget(docs)
    assert docs.current_id == win.drilled_ids()[0]
    # Clicking a table 三 number goes back to applications.
    win.drill("new", "total")
    assert win.drill_table.model() is win.drill_model


def test_import_and_export_from_the_window(qtbot, main, register, tmp_path) -> None:
    from openpyxl import Workbook, load_workbook

    win = DocumentsWindow(main.bench, main)
    qtbot.addWidget(win)
    bad = tmp_path / "bad.xlsx"
    wb = Workbook()
    wb.active.append(["文号", "标题", "类别", "制发日期"])
    wb.active.append(["甲〔2025〕1号", "好", "规章", "2025-01-02"])
    wb.active.append(["甲〔2025〕2号", "坏", "通知", "2025-01-02"])
    wb.save(bad)
    win.import_file(str(bad))
    assert (
        "第3行，C列“类别”" in win._last_message.text()
        and "没有任何改动" in win._last_message.text()
    )
    assert ds.count(register) == 0
    good = tmp_path / "good.xlsx"
    wb.active.delete_rows(3)
    wb.save(good)
    win.import_file(str(good))
    assert "已导入 1 件" in win._last_message.text()
    assert win.shown_numbers() == ["甲〔2025〕1号"]
    out = tmp_path / "out.xlsx"
    win.export_file(str(out))
    assert "已导出 1 件" in win._last_message.text()
    assert load_workbook(out).active["A2"].value == "甲〔2025〕1号"


def test_a_document_counted_in_a_submitted_year_asks_why(qtbot, main, register) -> None:
    from desktop.ops import year_lock
    from tests.ui.test_year_lock_window import _type_reason

    year_lock.mark_submitted(register, 2025)
    win = DocumentsWindow(main.bench, main)
    qtbot.addWidget(win)
    _type(qtbot, win.editors["number"], "益政发〔2025〕21号")
    _type(qtbot, win.editors["title"], "益阳市某某规范性文件")
    win.editors["category"].set_value(NORMATIVE)
    _type(qtbot, win.editors["issued"].edit, "2025-06-01")
    _type(qtbot, win.editors["published"].edit, "2025-06-05")
    asked = _type_reason(qtbot, "补登漏登文件")
    assert win.save()
    assert asked and "2025年度的年度报告已报送" in asked[0]
    doc = ds.get_by_number(register, "益政发〔2025〕21号")
    assert doc is not None
    last = year_lock.compare_submitted(register, 2025).log[-1]
    assert (last.action, last.reason) == ("主动公开文件", "补登漏登文件")


def test_importing_a_list_into_a_submitted_year_asks_why(qtbot, main, register, tmp_path) -> None:
    from openpyxl import Workbook

    from desktop.ops import year_lock
    from tests.ui.test_year_lock_window import _type_reason

    year_lock.mark_submitted(register, 2025)
    wb = Workbook()
    wb.active.append(["文号", "标题", "类别", "制发日期", "公开日期"])
    wb.active.append(
        ["益政令〔2025〕3号", "益阳市某某管理办法", "规章", "2025-06-01", "2025-06-05"]
    )
    wb.save(tmp_path / "清单.xlsx")
    win = DocumentsWindow(main.bench, main)
    qtbot.addWidget(win)
    shown: list[str] = []
    win._message = lambda icon, title, text: shown.append(title)  # noqa: SLF001
    asked = _type_reason(qtbot, "补登规章")
    win.import_file(str(tmp_path / "清单.xlsx"))
    assert asked and "2025年度的年度报告已报送" in asked[0]
    assert shown == ["已导入"] and ds.count(register) == 1
    assert year_lock.compare_submitted(register, 2025).log[-1].reason == "补登规章"
