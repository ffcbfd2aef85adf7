"""The report window with its work on the real worker thread (issue 12: the GUI thread never waits).

The statistics, the 报送 comparison, a drill-down list and an export are computed on the window's
worker; the official tables are filled once per result, whole, when it comes back. These tests wait
for each result as the clerk would, then read the tables, the lists and the files."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop.domain.application import Application
from desktop.ops import year_lock
from desktop.store import statistics
from desktop.ui import files
from desktop.ui import report_window as rw
from desktop.ui.report_window import (
    CHANGED_BRUSH,
    VIEW_DIFF,
    VIEW_NOW,
    CellKeyRole,
    FigureKeyRole,
)
from tests.ui.test_report_window import click, open_scenario


def _threads(monkeypatch, module, name: str) -> list[threading.Thread]:
    """Record the thread `module.name` is called on (it keeps doing its work)."""
    seen: list[threading.Thread] = []
    real = getattr(module, name)

    def spy(*args, **kwargs):
        seen.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return seen


@pytest.fixture
def opened(qtbot, register, threaded_ops):
    """The scenario register, its report window on 2024, the worker's result shown."""
    win, main, ids = open_scenario(qtbot, register)
    qtbot.waitUntil(lambda: win.report is not None and win.report.year == 2024, timeout=10_000)
    qtbot.waitUntil(lambda: not main.bench.ops.busy, timeout=10_000)
    yield win, main, ids
    main.bench.close()  # the worker ends and lets go of its connection before the register closes


def _grid(view) -> dict[tuple[int, int], tuple]:
    """Every cell of a table view as (text, drill key, figure key), with its span."""
    model = view.model()
    return {
        (r, c): (
            model.index(r, c).data(),
            model.index(r, c).data(CellKeyRole),
            model.index(r, c).data(FigureKeyRole),
            view.rowSpan(r, c),
            view.columnSpan(r, c),
        )
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    }


def test_tables_are_filled_when_the_worker_returns(opened, qtbot, monkeypatch):
    win, _, _ = opened
    view = win.table3_view
    assert view.model().rowCount() == 3 + 25 and view.model().columnCount() == 10
    assert view.find_key(("grant", "自然人")).data() == "3"
    assert view.model().index(view.find_key(("grant", "自然人")).row(), 1).data() == (
        "（一）予以公开"
    )
    assert (view.rowSpan(0, 0), view.columnSpan(0, 0)) == (3, 3)
    assert view.columnSpan(0, 3) == 7 and view.model().index(0, 3).data() == "申请人情况"
    assert view.model().index(27, 0).data() == "四、结转下年度继续办理"
    # Every figure cell is listed once in `figures`, every drillable one in `keys`, as in the grid.
    for table in win.visible_tables():
        cells = _grid(table)
        figures = {v[2] for v in cells.values() if v[2]}
        assert {item.data(FigureKeyRole) for item in table.figures} == figures
        assert len(table.figures) == len(figures)
        drillable = {tuple(v[1]): place for place, v in cells.items() if v[1]}
        assert table.keys == drillable
    # A wrapped label makes its row taller; the others keep one line.
    base = view.fontMetrics().lineSpacing() + 8
    heights = [view.rowHeight(r) for r in range(view.model().rowCount())]
    assert min(heights) == base and max(heights) > base
    # The header cells: bold on grey, not editable; the numbers centred.
    header = view.model().itemFromIndex(view.model().index(0, 3))
    assert header.font().bold() and header.background() == rw.HEADER_BRUSH
    assert not header.isEditable()
    number = view.model().itemFromIndex(view.find_key(("grant", "自然人")))
    assert number.textAlignment() == Qt.AlignmentFlag.AlignCenter
    assert number.toolTip() == "单击查看这个数字背后的申请"


def test_a_second_result_refills_the_tables(opened, qtbot):
    win, _, _ = opened
    first = {name: _grid(getattr(win, name)) for name in ("table3_view", "table4_view")}
    heights_2021 = [win.table3_view.rowHeight(r) for r in range(28)]
    win.format_combo.setCurrentIndex(win.format_combo.findData("2019"))
    qtbot.waitUntil(lambda: win.report.format == "2019", timeout=10_000)
    view = win.table3_view
    assert view.model().rowCount() == 3 + 23
    assert view.find_key(("other", "total")).data() == "4"
    assert ("grant", "自然人") in view.keys and ("new", "total") in view.keys
    # Each row is as tall as its own labels need, whatever the 2021 table had in that row.
    base = view.fontMetrics().lineSpacing() + 8
    assert [view.rowHeight(r) for r in range(3, 26)].count(base) >= 20
    assert view.rowHeight(24) == base != heights_2021[24]

    win.format_combo.setCurrentIndex(0)  # by year: 2021 again, the same tables as before
    qtbot.waitUntil(lambda: win.report.format == "2021", timeout=10_000)
    assert {name: _grid(getattr(win, name)) for name in first} == first
    assert [win.table3_view.rowHeight(r) for r in range(28)] == heights_2021

    win.format_combo.setCurrentIndex(win.format_combo.findData("2014"))
    qtbot.waitUntil(lambda: win.report.format == "2014", timeout=10_000)
    assert win.visible_tables() == [win.statistics_view]
    index = win.statistics_view.find_key(("received.fax", statistics.VALUE_COLUMN))
    assert index.data() == "4"


def test_the_comparison_with_the_submitted_report_lands(opened, qtbot, register, monkeypatch):
    win, _, _ = opened
    compared = _threads(monkeypatch, year_lock, "compare_submitted")
    assert "未报送" in win.lock_label.text()
    year_lock.mark_submitted(register, 2024)
    late = Application(date(2024, 7, 1), "网络", "自然人", "后来登记的申请人")
    register.add(late)
    win.recompute()
    qtbot.waitUntil(lambda: "个数字改变" in win.lock_label.text(), timeout=10_000)
    assert compared and all(thread is not threading.main_thread() for thread in compared)
    assert win.comparison is not None and win.diff_table.rowCount() == len(
        win.comparison.differences
    )
    assert win.withdraw_button.isEnabled() and not win.submit_button.isEnabled()
    win.set_view(VIEW_DIFF)
    cell = win.figure_item("表三.new.自然人")
    assert cell.text().endswith("(+1)") and cell.background() == CHANGED_BRUSH
    win.set_view(VIEW_NOW)
    cell = win.figure_item("表三.new.自然人")
    assert "(" not in cell.text() and cell.background() != CHANGED_BRUSH


def test_the_drill_down_list_arrives_from_the_worker(opened, qtbot, monkeypatch):
    win, main, ids = opened
    queried = _threads(monkeypatch, statistics, "rows_behind")
    view = win.table3_view
    click(qtbot, view, view.find_key(("grant", "自然人")))
    qtbot.waitUntil(lambda: win.drilled == ("grant", "自然人"), timeout=10_000)
    assert queried and queried[0] is not threading.main_thread()
    assert win.drilled_ids() == [ids["A1"], ids["L0"], ids["A7"]]
    assert win.drill_label.text().startswith("表三“（一）予以公开”“自然人”：共 3 件")
    first = win.drill_table.model().index(0, 1)
    click(qtbot, win.drill_table, first, double=True)
    assert main.opened == [ids["A1"]]


def test_a_list_for_a_report_no_longer_shown_is_dropped(opened, qtbot):
    win, _, _ = opened
    win.drill("grant", "自然人")
    win.select(2025)  # before the list comes back: the tables are recomputed for another year
    qtbot.waitUntil(lambda: win.report.year == 2025, timeout=10_000)
    qtbot.waitUntil(lambda: not win.bench.ops.busy, timeout=10_000)
    assert win.drilled is None and win.drilled_ids() == []


def test_exports_are_written_on_the_worker(opened, qtbot, tmp_path, monkeypatch):
    from desktop.reports import stats_workbook

    win, _, _ = opened
    written = _threads(monkeypatch, stats_workbook, "write_workbook")
    offered: list = []
    monkeypatch.setattr(files, "offer_open", lambda *args, **kw: offered.append(args[3]))
    target = tmp_path / "报表.xlsx"
    monkeypatch.setattr(files, "save_file", lambda *args: str(target))
    qtbot.mouseClick(win.xlsx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: offered == [target], timeout=10_000)
    assert written and written[0] is not threading.main_thread()
    sheet = load_workbook(target).worksheets[0]
    assert any("2024" in str(cell.value) for row in sheet.iter_rows(max_row=3) for cell in row)

    target = tmp_path / "报表.json"
    qtbot.mouseClick(win.json_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: offered[-1] == target, timeout=10_000)
    assert '"year": 2024' in target.read_text(encoding="utf-8")
