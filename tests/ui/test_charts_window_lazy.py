"""统计图表 without stalling the window: the charts are drawn one per event-loop turn, the one on show
first, and an export draws each chart on a turn of its own while the worker encodes and writes it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from desktop.ui import charts_window as cw
from desktop.ui import files
from desktop.ui.context import Workbench
from tests.store.test_chart_queries import add_sample

ALL = sorted(key for key, _, _, _ in cw.CHARTS)


def _redrawn(window: cw.ChartsWindow, before: dict) -> list[str]:
    """The charts on show that are not those of `before` (window.charts at some earlier point)."""
    return sorted(key for key, chart in window.charts.items() if chart is not before[key])


@pytest.fixture
def host(qtbot, register):
    add_sample(register, count=120)  # 2025–2026
    widget = QWidget()
    qtbot.addWidget(widget)
    bench = Workbench(register, widget)
    yield bench
    bench.close()


def test_charts_are_drawn_one_per_turn_the_one_on_show_first(qtbot, host, monkeypatch):
    window = cw.ChartsWindow(host)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.drawing, timeout=5000)
    before = window.charts
    calls: list[int] = []  # charts still to draw, at each turn that draws one
    real = window._draw_next

    def draw_next() -> None:
        calls.append(len(window._to_draw))
        real()

    monkeypatch.setattr(window, "_draw_next", draw_next)
    window._draw_timer.timeout.disconnect()
    window._draw_timer.timeout.connect(window._draw_next)
    window.tabs.setCurrentIndex(3)  # 办理结果 on show
    window.set_year(2025)  # inline: the figures are back, the chart on show drawn at once
    assert _redrawn(window, before) == ["outcome"] and window.drawing
    assert window.charts["outcome"].title().startswith("2025年")
    qtbot.waitUntil(lambda: not window.drawing, timeout=5000)
    # One chart per call, each call a turn of its own (a 0 ms single-shot timer).
    assert calls == [6, 5, 4, 3, 2, 1]
    assert _redrawn(window, before) == ALL
    assert all(chart.series() for chart in window.charts.values())
    assert window.charts["monthly"].title().startswith("2025年")


def test_new_figures_meanwhile_restart_the_drawing(qtbot, host):
    window = cw.ChartsWindow(host)
    qtbot.addWidget(window)
    window.set_year(2025)
    assert window.drawing
    window.set_year(2026)  # before the 2025 charts are all drawn
    qtbot.waitUntil(lambda: not window.drawing, timeout=5000)
    titles = [chart.title() for key, chart in window.charts.items() if key != "yoy"]
    assert len(titles) == 5 and all(title.startswith("2026年") for title in titles)
    assert "2026年与2025年" in window.charts["yoy"].title()


def test_export_writes_every_png_on_the_worker(qtbot, host, tmp_path, monkeypatch, threaded_ops):
    window = cw.ChartsWindow(host)
    qtbot.addWidget(window)
    window.set_year(2026)
    qtbot.waitUntil(
        lambda: window.figures is not None and window.figures.year == 2026, timeout=10_000
    )
    threads: list[threading.Thread] = []
    real = cw.write_png

    def write_png(image, path):
        threads.append(threading.current_thread())
        return real(image, path)

    monkeypatch.setattr(cw, "write_png", write_png)
    folder = tmp_path / "图表"
    monkeypatch.setattr(files, "choose_folder", lambda *a: str(folder))
    window.export_all_dialog()
    qtbot.waitUntil(lambda: window.offer is not None, timeout=20_000)
    assert "已导出 6 张图表到文件夹" in window.offer.text()
    assert len(threads) == 6 and threading.main_thread() not in threads
    for _, _, _, stem in cw.CHARTS:
        image = QImage(str(folder / f"2026年{stem}.png"))
        assert (image.width(), image.height()) == (cw.EXPORT_SIZE.width(), cw.EXPORT_SIZE.height())
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"2026年{stem}.png" for _, _, _, stem in cw.CHARTS
    )  # no part file left behind

    target = tmp_path / "一张.png"
    monkeypatch.setattr(files, "save_file", lambda *a: str(target))
    window.export_current()
    qtbot.waitUntil(lambda: window.offer is not None, timeout=10_000)
    assert str(target) in window.offer.text() and QImage(str(target)).width() == 1200
    window.offer.close()


def test_a_failed_export_says_why(qtbot, host, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    window = cw.ChartsWindow(host)
    qtbot.addWidget(window)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(files, "save_file", lambda *a: str(tmp_path))  # a folder, not a file
    window.export_current()
    assert len(shown) == 1 and "是文件夹" in shown[0]
    assert window.offer is None


def test_a_chart_turned_to_before_its_turn_is_drawn_at_once(qtbot, host):
    window = cw.ChartsWindow(host)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.drawing, timeout=5000)
    before = window.charts
    window.set_year(2025)  # inline: the figures are back, the chart on show drawn at once
    assert window.drawing and "on_time" in window._to_draw
    window.tabs.setCurrentIndex(4)  # 按时办结率, still to come: drawn in this turn, not left empty
    assert "on_time" in _redrawn(window, before) and "on_time" not in window._to_draw
    assert window.charts["on_time"].title().startswith("2025年")
    qtbot.waitUntil(lambda: not window.drawing, timeout=5000)
    assert _redrawn(window, before) == ALL
