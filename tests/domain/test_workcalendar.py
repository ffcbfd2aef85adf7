"""The working-day calendar: notice days, 调休 weekends, unknown years, and the fast index."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.workcalendar import (
    WorkCalendar,
    bundled_calendar,
    bundled_days,
    notice_span,
    plain_calendar,
)

CAL = bundled_calendar()
D = date

# (day, working?) from the notices: 2026 off 1/1–3, 2/15–23, 10/1–7; work 1/4 (Sun), 2/14 (Sat),
# 2/28 (Sat), 10/10 (Sat); 2025 work 4/27 (Sun), 10/11 (Sat), off 10/8 (Wed); 2018-12-29 (Sat) work
# by the 2019 notice; 2027 unknown → Mon–Fri minus its statutory holidays (元旦 1/1, decision 6 v2).
WORKING = [
    (D(2026, 1, 1), False),
    (D(2026, 1, 2), False),
    (D(2026, 1, 4), True),
    (D(2026, 2, 14), True),
    (D(2026, 2, 16), False),
    (D(2026, 2, 23), False),
    (D(2026, 2, 24), True),
    (D(2026, 2, 28), True),
    (D(2026, 3, 1), False),
    (D(2025, 4, 27), True),
    (D(2025, 10, 8), False),
    (D(2025, 10, 11), True),
    (D(2025, 10, 12), False),
    (D(2018, 12, 29), True),
    (D(2018, 12, 31), False),
    (D(2027, 1, 1), False),
    (D(2027, 1, 4), True),
    (D(2027, 1, 2), False),
]


@pytest.mark.parametrize(("day", "working"), WORKING)
def test_is_working_day(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_bundled_years_are_2004_to_2026() -> None:
    _, _, years = bundled_days()
    assert years == frozenset(range(2004, 2027))
    assert CAL.is_known(D(2026, 12, 24)) and not CAL.is_known(D(2027, 1, 1))
    # 25–31 December 2026 are the 2027 notice's (notice_span): not known until it is added.
    assert not CAL.is_known(D(2026, 12, 25)) and not CAL.is_known(D(2026, 12, 31))
    assert CAL.is_known(D(2003, 12, 25))  # governed by the 2004 notice


def test_days_governed_by_an_added_notice_become_known() -> None:
    cal = CAL.with_year(2027, {}, {})
    assert cal.is_known(D(2026, 12, 25)) and cal.is_known(D(2027, 12, 24))
    assert not cal.is_known(D(2027, 12, 25))
    assert cal.years_known(D(2026, 12, 1), D(2027, 1, 12))
    assert not CAL.years_known(D(2026, 12, 1), D(2026, 12, 29))
    assert CAL.years_known(D(2026, 12, 1), D(2026, 12, 24))


def test_bundled_names_are_chinese() -> None:
    assert CAL.days_off[D(2026, 2, 17)] == "春节"
    assert CAL.working_weekends[D(2026, 10, 10)] == "国庆节"


# working days d with after < d <= until. 2026-02-13 → 3/2: 2/14, 2/24–27, 2/28, 3/2 = 7.
# 2025-09-30 → 10/10: 10/9, 10/10 = 2. 2026-12-30 → 2027-01-04: 12/31, 1/4 = 2 (1/1 元旦 is a
# statutory holiday even without the notice), unconfirmed.
BETWEEN = [
    (D(2026, 2, 13), D(2026, 3, 2), 7, True),
    (D(2025, 9, 30), D(2025, 10, 10), 2, True),
    (D(2026, 12, 30), D(2027, 1, 4), 2, False),
    (D(2026, 3, 2), D(2026, 3, 2), 0, True),
    (D(2026, 3, 3), D(2026, 3, 2), 0, True),
    # 12/21–24: 4, all governed by the 2026 notice; one day more reaches the 2027 notice's span.
    (D(2026, 12, 18), D(2026, 12, 24), 4, True),
    (D(2026, 12, 18), D(2026, 12, 25), 5, False),
]


@pytest.mark.parametrize(("after", "until", "count", "confirmed"), BETWEEN)
def test_working_days_between(after, until, count, confirmed) -> None:
    assert CAL.working_days_between(after, until) == (count, confirmed)


def test_zero_working_days_is_the_start() -> None:
    assert CAL.add_working_days(D(2026, 2, 15), 0) == (D(2026, 2, 15), True)


def test_with_year_replaces_the_notice_span_only() -> None:
    # A made-up 2027 notice: 1/1 off, 2/6 (Sat) work; 2026-12-31 off from the 元旦 entry.
    cal = CAL.with_year(
        2027, {D(2027, 1, 1): "元旦", D(2026, 12, 31): "元旦"}, {D(2027, 2, 6): "春节"}
    )
    assert cal.is_known(D(2027, 6, 1))
    assert not cal.is_working_day(D(2027, 1, 1))
    assert not cal.is_working_day(D(2026, 12, 31))
    assert cal.is_working_day(D(2027, 2, 6))
    # 2026's own days are kept.
    assert cal.days_off[D(2026, 10, 1)] == "国庆节"
    # Re-importing 2019 replaces 2018-12-25..2019-12-24: 2018-12-29 goes unless the notice has it.
    again = CAL.with_year(2019, {}, {})
    assert again.is_working_day(D(2018, 12, 28)) and not again.is_working_day(D(2018, 12, 29))
    assert again.days_off.get(D(2018, 10, 1)) == "国庆节"


def test_notice_span() -> None:
    assert notice_span(2019) == (D(2018, 12, 25), D(2019, 12, 24))


def test_year_days() -> None:
    off, work = CAL.year_days(2026)
    assert len(off) == 33 and list(work) == [
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    ]


def _walk(cal: WorkCalendar, start: date, count: int) -> date:
    """The rule spelled out day by day, independent of the index."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if cal.is_working_day(day):
            count -= 1
    return day


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=D(1985, 1, 1), max_value=D(2105, 12, 31)),
    st.integers(min_value=0, max_value=80),
)
def test_index_agrees_with_walking(start: date, count: int) -> None:
    """Inside and outside the indexed span (1990–2100) the answer is the same as walking."""
    due, _ = CAL.add_working_days(start, count)
    assert due == _walk(CAL, start, count)
    n, _ = CAL.working_days_between(start, due)
    assert n == count


def test_plain_calendar_is_monday_to_friday() -> None:
    cal = plain_calendar([2027])
    assert cal.add_working_days(D(2027, 1, 1), 5) == (D(2027, 1, 8), True)
    assert cal.add_working_days(D(2028, 1, 1), 1) == (D(2028, 1, 3), False)


def test_a_calendar_read_again_shares_the_index_and_a_changed_one_does_not() -> None:
    """Every read of the calendar table is a new WorkCalendar: the same days share one index (the
    list's colours and the entry form do not build it twice), other days get their own."""
    off, work, years = bundled_days()
    first, again = WorkCalendar(off, work, years), WorkCalendar(dict(off), dict(work), years)
    assert first.add_working_days(D(2026, 2, 13), 1) == (D(2026, 2, 14), True)  # 调休 Saturday
    assert again._index is first._index
    # A notice for 2027 with 元旦 on Friday 1/1 and Monday 1/4 (a made-up one): its own index.
    changed = first.with_year(2027, {D(2027, 1, 1): "元旦", D(2027, 1, 4): "元旦"}, {})
    assert changed._index is not first._index
    assert changed.add_working_days(D(2026, 12, 31), 2) == (D(2027, 1, 6), True)  # skips 1/1, 1/4
    assert first.add_working_days(D(2026, 12, 31), 2) == (D(2027, 1, 5), False)
    # Without estimates (plain_calendar) the same days are another calendar.
    plain = WorkCalendar(off, work, years, estimate_unknown_years=False)
    assert plain._index is not first._index
    assert plain.add_working_days(D(2026, 12, 31), 1) == (D(2027, 1, 1), False)
