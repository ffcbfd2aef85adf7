"""A filter change or a search asks the store for each expensive answer once.

At a million applications the selected row's new position and the status bar's counts cost tens of
milliseconds each (bench/bench_register.py); the window used to compute both in its reset handler
and again in apply_filters, doubling a search's time. Counted here, not timed.
"""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.application import Application
from desktop.store.queries import RegisterQueries
from desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, register, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    for day, name in ((3, "张三"), (4, "李四"), (5, "张伟")):
        register.add(
            Application(date(2025, 3, day), "网络", "自然人", name, content="申请公开征收补偿方案")
        )
    win = MainWindow(register)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.model.detach()


def test_a_search_counts_and_places_the_selection_once(window, monkeypatch: pytest.MonkeyPatch):
    window.table.selectRow(2)  # 张三, the oldest: it stays selected when 张 matches it
    selected = window.current_application_id()
    calls = {"position": 0, "status_counts": 0}
    for name in calls:
        original = getattr(RegisterQueries, name)

        def counted(self, *args, _name=name, _original=original, **kwargs):  # type: ignore[no-untyped-def]
            calls[_name] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(RegisterQueries, name, counted)

    window.search_edit.setText("张")
    window._search_now()

    assert window.model.rowCount() == 2
    assert window.current_application_id() == selected  # kept across the search
    assert calls == {"position": 1, "status_counts": 1}
    assert "共 2 件" in window.status_label.text()
