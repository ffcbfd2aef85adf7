"""The hand-worked expected dates of test_deadlines.py, checked against a second source.

The calendar below is typed straight from the State Council notices (2017: 国办发明电〔2016〕17号;
2019 with the 劳动节 revision 〔2019〕2号; 2024: 〔2023〕7号; 2025: 〔2024〕12号; 2026: 2025-11-04), not
from chinese-calendar and not through the program's calendar or deadline code. Each case's due date is
re-derived by walking day by day (decision 5: receipt day not counted, paused days d with
start < d <= end skipped). A wrong expected date in the table — or a wrong bundled calendar — fails here
or in test_deadlines.py.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.domain import test_deadlines as table

D = date


def _days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


OFF = (
    # 2017
    {D(2017, 1, 2), D(2017, 5, 1)}
    | _days(D(2017, 1, 27), D(2017, 2, 2))
    | _days(D(2017, 4, 2), D(2017, 4, 4))
    | _days(D(2017, 5, 28), D(2017, 5, 30))
    | _days(D(2017, 10, 1), D(2017, 10, 8))
    # 2019 (元旦 reaches into December 2018)
    | _days(D(2018, 12, 30), D(2019, 1, 1))
    | _days(D(2019, 2, 4), D(2019, 2, 10))
    | {D(2019, 4, 5), D(2019, 6, 7), D(2019, 9, 13)}
    | _days(D(2019, 5, 1), D(2019, 5, 4))
    | _days(D(2019, 10, 1), D(2019, 10, 7))
    # 2024
    | {D(2024, 1, 1), D(2024, 6, 10)}
    | _days(D(2024, 2, 10), D(2024, 2, 17))
    | _days(D(2024, 4, 4), D(2024, 4, 6))
    | _days(D(2024, 5, 1), D(2024, 5, 5))
    | _days(D(2024, 9, 15), D(2024, 9, 17))
    | _days(D(2024, 10, 1), D(2024, 10, 7))
    # 2025
    | {D(2025, 1, 1)}
    | _days(D(2025, 1, 28), D(2025, 2, 4))
    | _days(D(2025, 4, 4), D(2025, 4, 6))
    | _days(D(2025, 5, 1), D(2025, 5, 5))
    | _days(D(2025, 5, 31), D(2025, 6, 2))
    | _days(D(2025, 10, 1), D(2025, 10, 8))
    # 2026
    | _days(D(2026, 1, 1), D(2026, 1, 3))
    | _days(D(2026, 2, 15), D(2026, 2, 23))
    | _days(D(2026, 4, 4), D(2026, 4, 6))
    | _days(D(2026, 5, 1), D(2026, 5, 5))
    | _days(D(2026, 6, 19), D(2026, 6, 21))
    | _days(D(2026, 9, 25), D(2026, 9, 27))
    | _days(D(2026, 10, 1), D(2026, 10, 7))
    # 2027, no notice yet: the statutory holidays of the 放假办法 (2024 revision) as published lunar
    # tables give them — 元旦, 除夕 2/5 to 初三 2/8, 清明 4/5, 劳动节 5/1–2, 端午 6/9, 中秋 9/15, 国庆 10/1–3.
    | {D(2027, 1, 1), D(2027, 4, 5), D(2027, 6, 9), D(2027, 9, 15)}
    | _days(D(2027, 2, 5), D(2027, 2, 8))
    | _days(D(2027, 5, 1), D(2027, 5, 2))
    | _days(D(2027, 10, 1), D(2027, 10, 3))
)
WORK = {
    *(D(2017, 1, 22), D(2017, 2, 4), D(2017, 4, 1), D(2017, 5, 27), D(2017, 9, 30)),
    *(D(2018, 12, 29), D(2019, 2, 2), D(2019, 2, 3), D(2019, 4, 28), D(2019, 5, 5)),
    *(D(2019, 9, 29), D(2019, 10, 12)),
    *(D(2024, 2, 4), D(2024, 2, 18), D(2024, 4, 7), D(2024, 4, 28), D(2024, 5, 11)),
    *(D(2024, 9, 14), D(2024, 9, 29), D(2024, 10, 12)),
    *(D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)),
    *(D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20)),
    D(2026, 10, 10),
}


def _working(day: date) -> bool:
    return day in WORK or (day not in OFF and day.weekday() < 5)


def _walk(start: date, days: int, stops: list[tuple[date, date]] = ()) -> date:
    day = start
    while days > 0:
        day += timedelta(days=1)
        if _working(day) and not any(s < day <= e for s, e in stops):
            days -= 1
    return day


def _walk_application(app, today: date) -> date:
    """The rules of decision 5 spelled out, for the applications of the table."""
    if app.correction_received_date is not None:
        start = app.correction_received_date
    elif app.correction_notice_date is not None:
        start = app.answer_date or today
    else:
        start = app.receipt_date
    stops = []
    for sent, back in (
        (app.consultation_sent_date, app.consultation_received_date),
        (app.fee_notice_date, app.fee_paid_date),
    ):
        if sent is not None:
            stops.append((max(sent, start), back or app.answer_date or today))
    regime = table.deadlines.regime_for(app.receipt_date)
    return _walk(start, regime.answer_days + (regime.extension_days if app.extended else 0), stops)


@pytest.mark.parametrize(("receipt", "due", "_confirmed"), table.PLAIN_2019)
def test_plain_cases(receipt: date, due: date, _confirmed: bool) -> None:
    assert _walk(receipt, 20) == due


@pytest.mark.parametrize(("receipt", "extended", "regime", "due"), table.REGIMES)
def test_regime_cases(receipt, extended, regime, due) -> None:
    assert _walk(receipt, regime.answer_days + (regime.extension_days if extended else 0)) == due


@pytest.mark.parametrize(("receipt", "due", "_confirmed"), table.CORRECTION_NOTICE)
def test_correction_notice_cases(receipt, due, _confirmed) -> None:
    assert _walk(receipt, 7) == due


@pytest.mark.parametrize(("application", "today", "due", "_p"), table.CORRECTIONS + table.PAUSES)
def test_application_cases(application, today, due, _p) -> None:
    assert _walk_application(application, today) == due
