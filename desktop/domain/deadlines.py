"""Statutory answer deadlines (contract decision 5; formats.md §4), one function per rule.

2019 Regulation 第三十三条: 20 working days, extension up to 20 more; 2008 Regulation 第二十四条: 15 + 15.
第三十条: the 补正 notice is due within 7 working days; the period restarts when the corrected
application arrives. Consultation (第三十二、三十四条) and fee-notice pauses do not count.
第三十五条: a manual due date, with a reason, overrides everything.
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

# Statuses as every view prints them.
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
    overridden: bool = False


def regime_for(receipt: date) -> Regime:
    """Decision 5: the rule set follows the receipt date."""
    return REGIME_2019 if receipt >= REGULATION_2019_START else REGIME_2008


def correction_notice_due(receipt: date, cal: WorkCalendar) -> tuple[date, bool]:
    """第三十条: the 补正 notice must go out within 7 working days of receipt."""
    return cal.add_working_days(receipt, CORRECTION_NOTICE_DAYS)


def period_start(app: Application) -> date:
    """The day the period runs from: receipt, or the corrected application's arrival (第三十条)."""
    if app.correction_received_date is not None:
        return app.correction_received_date
    return app.receipt_date


def paused_days(
    start: date | None, end: date | None, cal: WorkCalendar, today: date | None
) -> tuple[int, bool]:
    """Working days d with start < d <= end; an unfinished pause runs to today."""
    if start is None:
        return 0, True
    stop = end if end is not None else today
    if stop is None or stop <= start:
        return 0, True
    return cal.working_days_between(start, stop)


def answer_deadline(app: Application, cal: WorkCalendar, today: date | None = None) -> Deadline:
    """The statutory answer due date of an application, all rules applied."""
    regime = regime_for(app.receipt_date)
    if app.due_override_date is not None:
        return Deadline(app.due_override_date, cal.is_known(app.due_override_date), regime, True)
    days = regime.answer_days + (regime.extension_days if app.extended else 0)
    consult, consult_ok = paused_days(
        app.consultation_sent_date, app.consultation_received_date, cal, today
    )
    fee, fee_ok = paused_days(app.fee_notice_date, app.fee_paid_date, cal, today)
    due, ok = cal.add_working_days(period_start(app), days + consult + fee)
    return Deadline(due, ok and consult_ok and fee_ok, regime)


def status(app: Application, due: date | None, today: date) -> str:
    """办理中 / 已超期 / 已办结 / 逾期办结, from the answer date and the due date."""
    if app.answer_date is None:
        return OVERDUE if due is not None and today > due else OPEN
    return CONCLUDED_LATE if due is not None and app.answer_date > due else CONCLUDED
