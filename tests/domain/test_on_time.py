"""The 按时办结率 rule (open overdue cases count as late) and the report/chart default year."""

from __future__ import annotations

from datetime import date

from desktop.domain.on_time import (
    LATE,
    ON_TIME,
    OPEN_OVERDUE,
    default_year,
    on_time_counts,
    verdict,
)

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
APRIL = (date(2026, 4, 1), date(2026, 4, 30))
TODAY = date(2026, 12, 2)


def test_concluded_in_the_period_on_time_or_late():
    # Due 2026-03-20 (a Friday): answered on the day is in time, the Monday after is late.
    assert verdict(date(2026, 3, 20), date(2026, 3, 20), *MARCH, TODAY) == ON_TIME
    assert verdict(date(2026, 3, 23), date(2026, 3, 20), *MARCH, TODAY) == LATE
    assert verdict(date(2026, 3, 23), None, *MARCH, TODAY) == ON_TIME  # no due date: never late


def test_an_open_case_past_its_due_date_counts_as_late():
    # The review's case: received 2026-10-21, due 2026-11-18, still open on 2026-12-02.
    assert verdict(None, date(2026, 11, 18), *YEAR, TODAY) == OPEN_OVERDUE
    assert verdict(None, date(2026, 11, 18), date(2026, 11, 1), date(2026, 11, 30), TODAY) == (
        OPEN_OVERDUE
    )
    # Due today or later: not overdue yet, not judged.
    assert verdict(None, date(2026, 12, 2), *YEAR, TODAY) is None
    assert verdict(None, date(2026, 12, 15), *YEAR, TODAY) is None
    # Only 11 working days overdue made the old rate 100 %: now 1 judged, 0 in time.
    cases = [(date(2026, 11, 5), date(2026, 11, 10)), (None, date(2026, 11, 18))]
    assert on_time_counts(cases, *YEAR, TODAY) == (2, 1)


def test_due_on_the_last_day_falls_overdue_in_the_next_period():
    due = date(2026, 3, 31)
    assert verdict(None, due, *MARCH, TODAY) is None
    assert verdict(None, due, *APRIL, TODAY) == OPEN_OVERDUE
    # Due 2025-12-31, still open: judged in 2026, not in 2025.
    assert verdict(None, date(2025, 12, 31), date(2025, 1, 1), date(2025, 12, 31), TODAY) is None
    assert verdict(None, date(2025, 12, 31), *YEAR, TODAY) == OPEN_OVERDUE


def test_answered_late_after_the_period_is_late_in_both_but_once_a_period():
    due, answered = date(2026, 3, 10), date(2026, 5, 6)
    assert verdict(answered, due, *MARCH, TODAY) == OPEN_OVERDUE  # open at 31 March
    assert verdict(answered, due, *APRIL, TODAY) is None  # fell overdue in March, not April
    assert verdict(answered, due, date(2026, 5, 1), date(2026, 5, 31), TODAY) == LATE
    assert verdict(answered, due, *YEAR, TODAY) == LATE  # the year judges it once
    # Answered late within the month it fell overdue in: late once.
    assert verdict(date(2026, 3, 25), due, *MARCH, TODAY) == LATE


def test_a_running_period_is_judged_on_today():
    # On 2026-04-15, a case due 2026-04-20 is not overdue yet; one due 2026-04-10 is.
    today = date(2026, 4, 15)
    assert verdict(None, date(2026, 4, 20), *APRIL, today) is None
    assert verdict(None, date(2026, 4, 10), *APRIL, today) == OPEN_OVERDUE
    assert verdict(None, date(2026, 4, 10), *YEAR, today) == OPEN_OVERDUE


def test_default_year_of_report_and_charts():
    # January to March: last year's report is being written; from April on, the year under way.
    assert default_year(date(2026, 1, 20)) == 2025
    assert default_year(date(2026, 3, 31)) == 2025
    assert default_year(date(2026, 4, 1)) == 2026
    assert default_year(date(2026, 12, 2), range(2024, 2027)) == 2026  # the review's December
    assert default_year(date(2027, 2, 1), range(2024, 2028)) == 2026
    # The register has no data for that year: the newest year before it, else the newest.
    assert default_year(date(2026, 12, 2), [2023, 2024]) == 2024
    assert default_year(date(2026, 12, 2), [2028, 2029]) == 2029
