"""Typed change events: each view refreshes only what it shows.

A letter issued leaves the register table alone; a 表二 figure saved refreshes the report window's
figures without counting the register again (the store calls are counted); an application saved
recounts once."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain import report_formats as rf
from desktop.domain.application import Application
from desktop.domain.letters import OfficeSettings
from desktop.reports import letters
from desktop.store import annual_figures, statistics
from desktop.store import register_checks as checks_module
from desktop.store.changes import Changes
from desktop.ui.main_window import MainWindow
from desktop.ui.report_window import ReportWindow, open_report_window

OFFICE = OfficeSettings("某市自然资源和规划局", "某自然资公开〔{年}〕{号}号")


def make(name: str, day: date = date(2024, 3, 4)) -> Application:
    return Application(day, "当面", "自然人", name, content="某地块的规划许可")


@pytest.fixture
def window(qtbot, register, monkeypatch):
    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    win = MainWindow(register)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def counted(monkeypatch):
    """How often the report's expensive parts run: the counts and the register check."""
    calls = {"base_counts": 0, "check_register": 0}
    base_counts, check_register = statistics.base_counts, checks_module.check_register

    def counting_base(*args, **kwargs):
        calls["base_counts"] += 1
        return base_counts(*args, **kwargs)

    def counting_check(*args, **kwargs):
        calls["check_register"] += 1
        return check_register(*args, **kwargs)

    monkeypatch.setattr(statistics, "base_counts", counting_base)
    monkeypatch.setattr("desktop.ops.annual.check_register", counting_check)
    return calls


def test_a_letter_issued_does_not_reset_the_register_table(qtbot, window, register, tmp_path):
    app = register.add(make("王小明"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    heard: list[Changes] = []
    window.bench.events.changed.connect(heard.append)
    resets = window.model.resets_for_changes
    letters.generate_letter(
        register, app.id, "receipt", tmp_path / "受理.docx", office=OFFICE, today=date(2024, 3, 5)
    )
    assert heard == [Changes(letters=True)]
    qtbot.wait(50)  # a queued refresh would have run by now
    assert window.model.resets_for_changes == resets
    register.add(make("李四"))
    assert heard[-1] == Changes(applications=True)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    assert window.model.resets_for_changes == resets + 1


def test_a_figure_saved_refreshes_the_report_without_counting_again(
    qtbot, window, register, counted
):
    register.add(make("王小明"))
    report = open_report_window(window.bench)
    qtbot.addWidget(report)
    report.select(2024)
    assert report.report is not None and report.report.format == "2021"
    counts_before = dict(counted)
    key = rf.figure_key("2021", "规章", "本年制发件数")
    assert report.report.table2[key] is None

    annual_figures.set_figures(register, 2024, {key: "12"})  # what the 表二 form's save does

    assert report.report.table2[key] == 12  # shown at once
    assert counted == counts_before  # no count of the register, no register check
    assert report.report.table3[rf.NEW][-1] == 1  # the counts kept
    assert report.checks and all(c.ok for c in report.checks)


def test_a_letter_changes_nothing_in_the_report_and_an_application_recounts_once(
    qtbot, window, register, counted, tmp_path
):
    app = register.add(make("王小明"))
    report: ReportWindow = open_report_window(window.bench)
    qtbot.addWidget(report)
    report.select(2024)
    shown = report.annual
    before = dict(counted)
    letters.generate_letter(
        register, app.id, "receipt", tmp_path / "受理.docx", office=OFFICE, today=date(2024, 3, 5)
    )
    qtbot.wait(50)
    assert counted == before and report.annual is shown and not report._refresh_timer.isActive()

    register.add_many([make("李四"), make("赵五")])  # one commit, one notice
    qtbot.waitUntil(lambda: report.report.table3[rf.NEW][-1] == 3, timeout=5000)
    assert counted["base_counts"] == before["base_counts"] + 1
    assert counted["check_register"] == before["check_register"] + 1


def test_a_hidden_report_window_catches_up_when_shown(qtbot, window, register, counted):
    report = open_report_window(window.bench)
    qtbot.addWidget(report)
    report.select(2024)
    report.hide()
    before = dict(counted)
    register.add(make("王小明"))
    register.add(make("李四"))
    assert counted == before  # nothing is counted for a window nobody sees
    report.show()
    assert counted["base_counts"] == before["base_counts"] + 1
    assert report.report.table3[rf.NEW][-1] == 2
