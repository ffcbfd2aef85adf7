"""The date field's calendar popup is made when it first opens (the entry form has 13 date fields)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCalendarWidget

from desktop.ui.widgets import DateField


def test_the_calendar_is_made_on_first_opening_and_picks_a_date(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    assert field.findChildren(QCalendarWidget) == [] and field.menu.actions() == []
    field.set_date(date(2025, 3, 1))
    field.menu.aboutToShow.emit()  # the ▾ button (or Alt+↓) opens the popup
    calendar = field.calendar
    assert calendar.selectedDate() == QDate(2025, 3, 1)
    assert len(field.menu.actions()) == 1 and field.calendar is calendar  # made once
    calendar.clicked.emit(QDate(2025, 3, 18))
    assert field.value() == date(2025, 3, 18)
