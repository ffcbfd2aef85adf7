"""Which applications the 按时办结率 of a period counts, and the year the report and charts open on.

按时办结率 (第三十三条): of the applications *judged* in a period, the share answered by their due
date. Counting only the concluded ones would flatter an office that simply leaves late cases open (a
case 11 working days overdue and still unanswered would not lower the rate at all), so a period judges

* every application concluded in it (答复日期 in the period): on time when answered on or before its
  due date (with any extension), late otherwise;
* every application that *fell overdue* in it and was still open at the period's end, or today if the
  period is not over: it counts as late. It fell overdue on the day after its due date, so a case due
  on 31 March falls overdue on 1 April and is judged in April.

An application answered late after the period it fell overdue in is judged in both periods: late in
the one where it sat open past its due date, late again in the one where it was answered. Within one
period it is judged once. A past period's figure never changes when a case is answered later.

The SQL of store/chart_queries.py implements exactly `verdict`; tests/store compare the two.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

ON_TIME = "on_time"
LATE = "late"
OPEN_OVERDUE = "open_overdue"  # late: fell overdue in the period and not answered by its end


def as_of(period_end: date, today: date) -> date:
    """The day a period is judged on: its last day, or today while it is still running."""
    return min(period_end, today)


def verdict(
    answer_date: date | None, due: date | None, start: date, end: date, today: date
) -> str | None:
    """ON_TIME, LATE or OPEN_OVERDUE when the period [start, end] judges the application, else None.

    `due` is the answer due date (with extension, pauses, a 第三十五条 date); an application without
    one (no receipt date to count from) is never overdue, like `deadlines.status_of`.
    """
    judged_on = as_of(end, today)
    if answer_date is not None and start <= answer_date <= end:
        return LATE if due is not None and answer_date > due else ON_TIME
    if due is None:
        return None
    fell_overdue = due + timedelta(days=1)
    still_open = answer_date is None or answer_date > judged_on
    if start <= fell_overdue <= judged_on and still_open:
        return OPEN_OVERDUE
    return None


def on_time_counts(
    cases: Iterable[tuple[date | None, date | None]], start: date, end: date, today: date
) -> tuple[int, int]:
    """(judged, on time) over (answer_date, due) pairs: the rate is on time / judged."""
    judged = on_time = 0
    for answer_date, due in cases:
        v = verdict(answer_date, due, start, end, today)
        if v is not None:
            judged += 1
            on_time += v == ON_TIME
    return judged, on_time


def default_year(today: date, years: Iterable[int] = ()) -> int:
    """The year the 年度报告 window and the 统计图表 open on.

    From January to March the office is writing last year's annual report (due by 31 January, then
    checked and published), so that year; from April on the year under way. When the register holds
    data but not for that year, the newest year with data before it (or the newest at all).
    """
    preferred = today.year - 1 if today.month <= 3 else today.year
    known = sorted(set(years))
    if not known or preferred in known:
        return preferred
    earlier = [y for y in known if y <= preferred]
    return earlier[-1] if earlier else known[-1]
