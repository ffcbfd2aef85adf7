"""The 汇总 window: drop files in, see each unit's status, export only a checked total."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from desktop.domain import report_formats as rf
from desktop.reports.stats_reader import read_stats_workbook
from desktop.ui import features
from desktop.ui.consolidate_window import ConsolidateWindow
from desktop.ui.context import Workbench
from desktop.ui.main_window import MainWindow
from tests.reports.test_stats_reader import consistent_report, hand_typed_workbook


@pytest.fixture(autouse=True)
def _no_due_board_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    # The start-up board is tested in test_main_window; restored after each test (no leak).
    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)


def _drop(window: ConsolidateWindow, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def _states(window: ConsolidateWindow) -> list[str]:
    return [window.table.item(r, 4).text() for r in range(window.table.rowCount())]


def test_drop_files_see_status_fix_and_export(qtbot, register, tmp_path):
    main = MainWindow(register)
    main.inform = lambda text: None
    qtbot.addWidget(main)
    # Through the main window's menu (统计 → 汇总各单位报表…), as the clerk opens it.
    window = main.open_feature(features.consolidate_window)
    assert isinstance(window, ConsolidateWindow) and window.isVisible()
    qtbot.addWidget(window)
    assert not window.export_button.isEnabled()

    reports = [consistent_report(seed=s) for s in (1, 2)]
    good = [
        hand_typed_workbook(tmp_path / f"{n}.xlsx", r, unit=n)
        for n, r in zip(("甲镇", "乙镇"), reports, strict=True)
    ]
    broken_report = consistent_report(seed=3)
    broken_report.table4[2] += 1
    broken = hand_typed_workbook(
        tmp_path / "丙镇.xlsx", broken_report, unit="丙镇", traditional=True
    )
    _drop(window, [*good, broken, good[0]])  # the repeated file is listed once

    assert [window.table.item(r, 1).text() for r in range(3)] == ["甲镇", "乙镇", "丙镇"]
    assert _states(window) == ["有效", "有效", "有错误（1处）"]
    assert not window.export_button.isEnabled()
    assert "不能汇总：有 1 处问题" in window.overall.text()
    window.table.selectRow(2)
    assert window.details.toPlainText().startswith(
        "丙镇.xlsx，工作表“表四”E7单元格（表四“行政复议-总计”列）：表四“行政复议”：总计为"
    )
    assert window.export_to(tmp_path / "汇总.xlsx") is None
    assert not (tmp_path / "汇总.xlsx").exists()

    window.table.selectRow(2)
    qtbot.mouseClick(window.remove_button, Qt.MouseButton.LeftButton)
    assert _states(window) == ["有效", "有效"]
    assert window.export_button.isEnabled()
    assert "2 个单位全部有效：2025年度，2021年格式" in window.overall.text()

    window.unit_edit.setText("某某县")
    out = window.export_to(tmp_path / "汇总.xlsx")
    assert out is not None and out.exists()
    total = read_stats_workbook(out)
    assert total.ok and total.unit == "某某县"
    assert total.report.table3[rf.NEW] == [
        a + b for a, b in zip(reports[0].table3[rf.NEW], reports[1].table3[rf.NEW], strict=True)
    ]
    assert window.messages[-1].startswith("已导出 2 个单位的汇总表")


def test_other_year_is_refused_in_the_window(qtbot, register, tmp_path):
    window = ConsolidateWindow(Workbench(register, inform=lambda text: None))
    qtbot.addWidget(window)
    window.add_files(
        [
            hand_typed_workbook(tmp_path / "a.xlsx", consistent_report(seed=1)),
            hand_typed_workbook(tmp_path / "b.xlsx", consistent_report(seed=2)),
            hand_typed_workbook(tmp_path / "c.xlsx", consistent_report(year=2024, seed=3)),
        ]
    )
    # c.xlsx passes its own checks but is of another year: it says so, in red, and why.
    assert _states(window) == ["有效", "有效", "有效，但不能汇总"]
    assert window.table.item(2, 4).foreground().color().name() == "#b00020"
    assert not window.export_button.isEnabled()
    assert (
        window.overall.text() == "不能汇总：有 1 处问题（c.xlsx 1 处）。选择一个单位查看它的问题。"
    )
    window.table.selectRow(2)
    assert "c.xlsx：统计年度为 2024" in window.details.toPlainText()
    qtbot.mouseClick(window.clear_button, Qt.MouseButton.LeftButton)
    assert window.table.rowCount() == 0 and window.overall.text() == "尚未添加统计表。"


def test_many_files_show_progress_and_cancel_keeps_those_checked(
    qtbot, register, tmp_path, monkeypatch
):
    from desktop.ops.progress import current
    from desktop.reports import consolidate as cons

    books = [
        hand_typed_workbook(tmp_path / f"u{i}.xlsx", consistent_report(seed=i)) for i in range(4)
    ]
    asked = []
    examine = cons.examine

    def cancel_after_two(path):  # the clerk presses 取消 while the third file is due
        progress = current()
        asked.append(progress.text)
        if len(asked) == 2:
            progress.cancel()
        return examine(path)

    monkeypatch.setattr(cons, "examine", cancel_after_two)
    window = ConsolidateWindow(Workbench(register, inform=lambda text: None))
    qtbot.addWidget(window)
    window.add_files(books)
    assert asked[0] == "正在检查 u0.xlsx（1/4）…"
    assert window.table.rowCount() == 2 and _states(window) == ["有效", "有效"]
    asked.clear()
    window.add_files(books)  # added again: the two listed are skipped, the other two checked
    assert asked[0] == "正在检查 u2.xlsx（1/2）…"
    assert window.table.rowCount() == 4
