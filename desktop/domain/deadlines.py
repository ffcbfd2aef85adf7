"""Statutory answer deadlines (contract decisions 5 and 6; formats.md §4), one function per rule.

- Regime by receipt date (decision 5): received before 2019-05-15 → 2008 Regulation 第二十四条, 15
  working days + up to 15 extension; from 2019-05-15 → 2019 Regulation 第三十三条, 20 + 20.
- The day of receipt is not counted; day 1 is the first working day after it (also when the receipt
  day is a weekend or holiday).
- 补正 (2019 第三十条): the notice is due within 7 working days of receipt; the answer period restarts
  from the day the corrected application is received. While the applicant has not corrected, the
  period has not started (see "provisional" below).
- Pauses (2019 第三十三条第三款, 2008 第二十四条第三款; fee notice, 国办函〔2020〕109号): consultation
  of a third party or another organ, and the fee notice until payment. The clock stops on every working
  day d with pause start < d <= pause end (decision 5); overlapping pauses stop it once.
- Extension (延期): 20 (2008: 15) more working days counted on from the original due date.
- 第三十五条: a due date set by hand, with a reason, replaces everything.
- Decision 6: a due date is confirmed only if every day counted lies in a year the calendar knows.

Provisional due dates (docs/deadlines.md): while a pause is open (consultation sent, no reply yet; fee
notice sent, not paid) or a 补正 is awaited, the due date is computed as if the pause ended — or the
corrected application arrived — *today*. It is marked provisional; it moves one working day per working
day, so a paused case never turns overdue, and the register refreshes such rows when it opens
(`Register.refresh_provisional_deadlines`). Once an application is answered, an open pause ends on the
answer date, so the stored due date of a concluded case never depends on today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.application import Application
from desktop.domain.workcalendar import WorkCalendar

REGULATION_2019_START = date(2019, 5, 15)
CORRECTION_NOTICE_DAYS = 7  # 第三十条


@dataclass(frozen=True)
class Regime:
    name: str
    answer_days: int
    extension_days: int


REGIME_2008 = Regime("2008年条例", 15, 15)
REGIME_2019 = Regime("2019年条例", 20, 20)

# Statuses as every view prints them (the one rule that yields them is `status_of`).
OPEN = "办理中"
OVERDUE = "已超期"
CONCLUDED = "已办结"
CONCLUDED_LATE = "逾期办结"
STATUSES = (OPEN, OVERDUE, CONCLUDED, CONCLUDED_LATE)


@dataclass(frozen=True)
class Deadline:
    due: date
    confirmed: bool  # every day counted lies in a year the calendar knows (decision 6)
    regime: Regime
    overridden: bool = False  # 第三十五条 date set by hand
    provisional: bool = False  # depends on today: an open pause or an awaited 补正


@dataclass(frozen=True)
class Pause:
    """A stretch during which the clock stops: working days d with start < d <= end."""

    start: date
    end: date
    open: bool = False  # not finished yet; `end` is today (or the answer date)


def regime_for(receipt: date) -> Regime:
    """Decision 5: the rule set follows the receipt date."""
    return REGIME_2019 if receipt >= REGULATION_2019_START else REGIME_2008


def correction_notice_due(receipt: date, cal: WorkCalendar) -> tuple[date, bool]:
    """第三十条: the 补正 notice must go out within 7 working days of receipt (receipt day not counted)."""
    return cal.add_working_days(receipt, CORRECTION_NOTICE_DAYS)


def _today(today: date | None) -> date:
    return today if today is not None else date.today()


def period_start(app: Application, today: date | None = None) -> tuple[date, bool]:
    """The day the answer period runs from, and whether that is provisional (第三十条).

    Receipt, or the day the corrected application arrived. With a 补正 notice out and no corrected
    application yet, the period has not started: as if it arrived today (or on the answer date, for
    an application closed without correction, e.g. （六）1 视为放弃).
    """
    if app.correction_received_date is not None:
        return app.correction_received_date, False
    if app.correction_notice_date is not None:
        if app.answer_date is not None:
            return max(app.answer_date, app.receipt_date), False
        return max(_today(today), app.receipt_date), True
    return app.receipt_date, False


def _pause(
    start: date | None, end: date | None, app: Application, today: date | None
) -> Pause | None:
    if start is None:
        return None
    if end is not None:
        return Pause(start, end)
    # Unfinished: runs to the answer date for a concluded case, to today for an open one.
    if app.answer_date is not None:
        return Pause(start, app.answer_date)
    return Pause(start, _today(today), open=True)


def pauses(app: Application, today: date | None = None) -> list[Pause]:
    """The consultation (第三十二、三十四条) and fee-notice pauses of an application."""
    found = [
        _pause(app.consultation_sent_date, app.consultation_received_date, app, today),
        _pause(app.fee_notice_date, app.fee_paid_date, app, today),
    ]
    return [p for p in found if p is not None and p.end > p.start]


def merged(found: list[Pause], after: date) -> list[tuple[date, date]]:
    """The pauses as disjoint (start, end] stretches, clipped to days after the period start."""
    spans = sorted((max(p.start, after), p.end) for p in found if p.end > after)
    out: list[tuple[date, date]] = []
    for start, end in spans:
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def run_clock(start: date, days: int, stops: list[tuple[date, date]], cal: WorkCalendar) -> date:
    """The day on which `days` counted working days after `start` have run, skipping paused days.

    Decision 5: each paused working day moves the due date by one working day. A pause that begins
    after the period has already run out does not revive it (the clock had stopped counting).
    """
    due, _ = cal.add_working_days(start, days)
    counted_until = start
    while True:
        paused = sum(
            cal.working_days_between(max(s, counted_until), min(e, due))[0]
            for s, e in stops
            if e > counted_until and s < due
        )
        if paused == 0:
            return due
        counted_until = due
        due, _ = cal.add_working_days(due, paused)


def answer_days(app: Application) -> int:
    """Working days the answer period has: the regime's, plus its extension if one was granted."""
    regime = regime_for(app.receipt_date)
    return regime.answer_days + (regime.extension_days if app.extended else 0)


def answer_deadline(app: Application, cal: WorkCalendar, today: date | None = None) -> Deadline:
    """The statutory answer due date of an application, all rules applied."""
    regime = regime_for(app.receipt_date)
    if app.due_override_date is not None:  # 第三十五条
        # A date the office set by hand counts no working days, so no calendar can change it:
        # decision 6 flags only dates computed through an unknown year.
        return Deadline(app.due_override_date, True, regime, True)
    start, provisional = period_start(app, today)
    found = pauses(app, today)
    due = run_clock(start, answer_days(app), merged(found, start), cal)
    provisional = provisional or any(p.open for p in found)
    return Deadline(due, cal.years_known(start, due), regime, provisional=provisional)


def status_of(answer_date: date | None, due: date | None, today: date) -> str:
    """办理中 / 已超期 / 已办结 / 逾期办结: the one rule every view, export and query follows.

    Overdue means today is past the due date (the due day itself is still in time); concluded late
    means answered after the due date.
    """
    if answer_date is None:
        return OVERDUE if due is not None and today > due else OPEN
    return CONCLUDED_LATE if due is not None and answer_date > due else CONCLUDED


def status(app: Application, due: date | None, today: date) -> str:
    """The status of an application against its due date (see `status_of`)."""
    return status_of(app.answer_date, due, today)
