"""The 统计图表 window draws the register's figures, offscreen, and exports each chart as PNG."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from PySide6.QtCharts import QAbstractBarSeries, QBarCategoryAxis, QLineSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from desktop.domain import vocab
from desktop.domain.on_time import default_year, on_time_counts
from desktop.ui import charts_window as cw
from desktop.ui.context import Workbench
from tests.store.test_chart_queries import add_sample


def bar_values(chart) -> dict[str, dict[str, float]]:
    """{bar set name: {category: value}} read back from the drawn chart."""
    series = chart.series()[0]
    assert isinstance(series, QAbstractBarSeries)
    axis = next(a for a in chart.axes() if isinstance(a, QBarCategoryAxis))
    categories = axis.categories()
    return {s.label(): {categories[i]: s.at(i) for i in range(s.count())} for s in series.barSets()}


def drawn(qtbot, window) -> None:
    """Wait for every chart of the figures read last (they are drawn one per event-loop turn)."""
    qtbot.waitUntil(lambda: not window.drawing, timeout=5000)


def months(values: list[int]) -> dict[str, float]:
    return {f"{m}月": float(v) for m, v in zip(range(1, 13), values, strict=True)}


def test_charts_show_the_register_counts(qtbot, register):
    live = add_sample(register, count=220)
    window = cw.ChartsWindow(Workbench(register))
    qtbot.addWidget(window)
    window.set_year(2025)
    drawn(qtbot, window)
    y = 2025
    received = Counter(a.receipt_date.month for a in live if a.receipt_date.year == y)
    concluded = Counter(
        a.answer_date.month for a in live if a.answer_date and a.answer_date.year == y
    )

    monthly = bar_values(window.charts["monthly"])
    assert monthly["收到"] == months([received[m] for m in range(1, 13)])
    assert monthly["办结"] == months([concluded[m] for m in range(1, 13)])

    in_year = [a for a in live if a.receipt_date.year == y]
    assert bar_values(window.charts["channel"])["申请数"] == {
        ch: float(sum(a.channel == ch for a in in_year)) for ch in vocab.CHANNELS
    }
    assert bar_values(window.charts["applicant_type"])["申请数"] == {
        ty: float(sum(a.applicant_type == ty for a in in_year)) for ty in vocab.APPLICANT_TYPES
    }
    done = [a for a in live if a.answer_date and a.answer_date.year == y]
    assert bar_values(window.charts["outcome"])["办结数"] == {
        g.family: float(sum(vocab.outcome_group(a.outcome).code == g.code for a in done))
        for g in vocab.OUTCOME_GROUPS
    }

    line = window.charts["on_time"].series()[0]
    assert isinstance(line, QLineSeries)
    # The rate judges what domain.on_time judges: concluded in the month, and fell overdue in it
    # and still open at its end (late); a month that judges nothing has no point.
    today = date.today()
    cases = [(a.answer_date, a.answer_due) for a in live]
    expected = {}
    for m in range(1, 13):
        end = date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
        judged, in_time = on_time_counts(cases, date(y, m, 1), end, today)
        if judged:
            expected[m - 1] = round(100 * in_time / judged, 1)
    assert {int(p.x()): p.y() for p in line.points()} == expected
    whole = sum(a.answer_date <= a.answer_due for a in done)
    still_open = sum(
        a.answer_date is None or a.answer_date > date(y, 12, 31)
        for a in live
        if date(y, 1, 1) <= a.answer_due + timedelta(days=1) <= min(date(y, 12, 31), today)
    )
    assert still_open > 0, "the sample must hold cases left open past their due date"
    title = window.charts["on_time"].title()
    assert f"办结 {len(done)} 件，按时 {whole} 件，超期未办结 {still_open} 件计为未按时" in title
    assert "超期" in window.summary.toolTip()

    yoy = bar_values(window.charts["yoy"])
    before = Counter(a.receipt_date.month for a in live if a.receipt_date.year == y - 1)
    assert yoy["2025年"] == months([received[m] for m in range(1, 13)])
    assert yoy["2024年"] == months([before[m] for m in range(1, 13)])


def test_window_redraws_when_the_register_changes(qtbot, register):
    from desktop.domain.application import Application

    window = cw.ChartsWindow(Workbench(register))
    qtbot.addWidget(window)
    window.set_year(2026)
    drawn(qtbot, window)
    assert bar_values(window.charts["channel"])["申请数"]["传真"] == 0
    register.add(
        Application(
            receipt_date=date(2026, 4, 1), channel="传真", applicant_type="自然人", applicant="甲"
        )
    )
    qtbot.waitUntil(
        lambda: bar_values(window.charts["channel"])["申请数"]["传真"] == 1, timeout=2000
    )
    assert "收到 1 件" in window.summary.full_text()


def test_each_chart_exports_as_png(qtbot, register, tmp_path):
    add_sample(register, count=80)
    window = cw.ChartsWindow(Workbench(register))
    qtbot.addWidget(window)
    window.set_year(2026)
    written = window.export_all(tmp_path)
    assert [p.name for p in written] == [f"2026年{stem}.png" for _, _, _, stem in cw.CHARTS]
    for path in written:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (cw.EXPORT_SIZE.width(), cw.EXPORT_SIZE.height())
        # Not a blank picture: the bars or the line are drawn in the chart colours.
        colours = {
            image.pixelColor(x, y).name()
            for x in range(0, image.width(), 7)
            for y in range(0, image.height(), 7)
        }
        assert len(colours) > 5
        # A plain white picture for the report page (no grey frame around a rounded card).
        assert image.pixelColor(1, 1).name() == "#ffffff"
        assert image.pixelColor(image.width() - 2, image.height() - 2).name() == "#ffffff"


def test_rate_axis_leaves_room_for_a_label_at_100_percent(qtbot, register):
    add_sample(register, seed=3, count=220)  # January 2025: every case judged was in time
    window = cw.ChartsWindow(Workbench(register))
    qtbot.addWidget(window)
    window.set_year(2025)
    drawn(qtbot, window)
    chart = window.charts["on_time"]
    axis = next(a for a in chart.axes() if isinstance(a, QValueAxis))
    points = chart.series()[0].points()
    assert any(p.y() == 100 for p in points)  # the sample has a month with every answer on time
    assert axis.max() > 100 and axis.min() == 0
    assert (axis.tickType(), axis.tickInterval()) == (QValueAxis.TickType.TicksDynamic, 20)


def test_open_from_main_window_and_screenshot(qtbot, register, tmp_path):
    add_sample(register, count=120)
    host = QWidget()
    qtbot.addWidget(host)
    bench = Workbench(register, host)
    window = cw.open_charts_window(bench)
    assert cw.open_charts_window(bench) is window  # one window, brought forward
    qtbot.waitExposed(window)
    assert window.isVisible() and window.tabs.count() == 6
    shot = tmp_path / "charts.png"
    assert window.grab().save(str(shot))
    # Closing deletes the window (WA_DeleteOnClose); Qt disconnects it from the events.
    with qtbot.waitSignal(window.destroyed, timeout=2000):
        window.close()
    register.notify()
    assert bench.dialogs.get(cw.ChartsWindow) is None


def test_nice_axis_steps():
    assert [cw.nice_step(x) for x in (0.2, 1, 1.5, 3, 7, 14, 120)] == [1, 1, 2, 5, 10, 20, 200]


def test_report_draft_dialog_from_the_charts_window(qtbot, register, tmp_path, monkeypatch):
    from docx import Document

    from desktop.reports.report_draft import compose
    from desktop.ui.report_draft_dialog import ReportDraftDialog

    add_sample(register, count=150)
    window = cw.ChartsWindow(Workbench(register))
    qtbot.addWidget(window)
    window.set_year(2025)
    qtbot.mouseClick(window.draft_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in window.findChildren(ReportDraftDialog))
    assert dialog.year == 2025
    expected = compose(register, 2025, unit="某区某局")
    dialog.unit_edit.setText("某区某局")
    assert expected.section3[0] in dialog.preview.toPlainText()
    dialog.traditional.setChecked(True)
    assert "政府信息公開申請" in dialog.preview.toPlainText()
    opened = []
    monkeypatch.setattr(dialog, "_offer_to_open", opened.append)
    dialog.path_edit.setText(str(tmp_path / "年度报告"))
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    out = tmp_path / "年度报告.docx"
    assert opened == [out] and out.exists()
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "某區某局2025年政府信息公開工作年度報告" in text
    dialog.year_spin.setValue(2019)
    assert dialog.generate_button.isEnabled()
    with qtbot.waitSignal(dialog.destroyed, timeout=2000):
        dialog.close()


def test_charts_and_report_window_open_on_the_same_year(qtbot, register):
    from desktop.ui.report_window import open_report_window

    add_sample(register, count=80)  # 2025–2026
    bench = Workbench(register)
    charts = cw.ChartsWindow(bench)
    qtbot.addWidget(charts)
    report = open_report_window(bench)
    qtbot.addWidget(report)
    expected = default_year(date.today(), range(2025, 2027))
    assert charts.year == report.year == expected


def test_exports_offer_to_open_the_file_or_the_folder(qtbot, register, tmp_path, monkeypatch):
    from desktop.ui import files

    add_sample(register, count=40)
    window = cw.ChartsWindow(Workbench(register))
    qtbot.addWidget(window)
    opened: list = []
    monkeypatch.setattr(files, "open_path", opened.append)
    target = tmp_path / "图表.png"
    monkeypatch.setattr(files, "save_file", lambda *a: str(target))
    window.export_current()
    box = window.offer
    assert str(target) in box.text() and target.exists()
    assert {b.text() for b in box.buttons()} == {"打开文件(&O)", "打开所在文件夹(&F)", "关闭"}
    box.open_button.click()
    assert opened == [target]

    folder = tmp_path / "全部"
    monkeypatch.setattr(files, "choose_folder", lambda *a: str(folder))
    window.export_all_dialog()
    box = window.offer
    assert "已导出 6 张图表到文件夹" in box.text() and box.open_button is None
    box.folder_button.click()
    assert opened[-1] == folder
