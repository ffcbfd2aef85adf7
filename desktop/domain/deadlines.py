"""Statutory answer deadlines (contract decisions 5 and 6, v2; formats.md §4), one function per rule.

- Regime by receipt date (decision 5): received before 2019-05-15 → 2008 Regulation 第二十四条, 15
  working days + up to 15 extension; from 2019-05-15 → 2019 Regulation 第三十三条, 20 + 20.
- The day of receipt is not counted; day 1 is the first working day after it (also when the receipt
  day is a weekend or holiday).
- 补正 (2019 第三十条): the notice is due within 7 working days of receipt (a later one is flagged);
  the answer period restarts from the day the corrected application is received. While the applicant
  has not corrected, the period has not started (see "provisional" below).
- Pauses: the clock stops on every working day d with pause start < d <= pause end; overlapping
  pauses stop it once.
  - 征求第三方意见 pauses under both Regulations (2019 第三十二条、第三十三条第三款; 2008 第二十四条第三款);
    under the 2019 rules at most until the 15th working day after the request was sent (the third
    party's time, 第三十二条): a longer consultation is capped there and flagged.
  - 征求其他机关意见 pauses under the 2019 rules only (第三十三条第三款、第三十四条), uncapped.
  - A fee notice pauses until payment only when dated from 2021-01-01 (国办函〔2020〕109号), never
    under the 2008 rules.
- Extension (延期): the working days the office stated (at most 20, 2008: 15; blank = the maximum),
  counted on from the original due date.
- 第三十五条: a due date set by hand, with a reason, replaces everything.
- Decision 6: a due date is confirmed only if every day counted lies in a year the calendar knows.

Provisional due dates (docs/deadlines.md): while a pause is open (consultation sent, no reply yet; fee
notice sent, not paid) or a 补正 is awaited, the due date is computed as if the pause ended — or the
corrected application arrived — *today*. It is marked provisional; it moves one working day per working
day, so a paused case never turns overdue, and the register refreshes such rows when it opens
(`Register.refresh_provisional_deadlines`). Once an application is answered, an open pause ends on the
answer date, so the stored due date of a concluded case never depends on today. A third-party
consultation capped at its 15th working day no longer depends on today either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.domain import vocab
from desktop.domain.application import Application
from desktop.domain.regimes import (
    REGIME_2008,
    REGIME_2019,
    REGULATION_2019_START,
    Regime,
    regime_for,
)
from desktop.domain.workcalendar import WorkCalendar

__all__ = [
    "REGIME_2008",
    "REGIME_2019",
    "REGULATION_2019_START",
    "Regime",
    "regime_for",
]

CORRECTION_NOTICE_DAYS = 7  # 第三十条
THIRD_PARTY_DAYS = 15  # 第三十二条: the third party answers within 15 working days
FEE_PAUSE_START = date(2021, 1, 1)  # 国办函〔2020〕109号 in force

# What stops the clock, as the evidence names it, and the articles that say so.
THIRD_PARTY_PAUSE = "征求第三方意见"
OTHER_ORGAN_PAUSE = "征求其他机关意见"
FEE_PAUSE = "收费通知至缴费"
ARTICLE_THIRD_PARTY_2019 = "第三十二条、第三十三条第三款"
ARTICLE_THIRD_PARTY_2008 = "2008年条例第二十四条第三款"
ARTICLE_OTHER_ORGAN = "第三十三条第三款、第三十四条"
ARTICLE_FEE = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

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
    flags: tuple[str, ...] = ()  # what the office did outside the Regulation's limits (v2)


@dataclass(frozen=True)
class Pause:
    """A stretch during which the clock stops: working days d with start < d <= end."""

    start: date
    end: date
    open: bool = False  # not finished yet; `end` is today (or the answer date)
    kind: str = ""  # THIRD_PARTY_PAUSE, OTHER_ORGAN_PAUSE or FEE_PAUSE
    article: str = ""
    recorded_end: date | None = None  # reply or payment as recorded, before any cap
    cap: date | None = None  # 2019 third party: the 15th working day after sending
    capped: bool = False  # the consultation ran past `cap`; the pause ends there


@dataclass(frozen=True)
class NoPause:
    """A consultation or fee notice that does not stop the clock, and the rule that says so."""

    kind: str
    start: date
    reason: str


def correction_notice_due(receipt: date, cal: WorkCalendar) -> tuple[date, bool]:
    """第三十条: the 补正 notice must go out within 7 working days of receipt (receipt day not counted)."""
    return cal.add_working_days(receipt, CORRECTION_NOTICE_DAYS)


def late_correction_notice(app: Application, cal: WorkCalendar) -> date | None:
    """The last allowed day, when a 补正告知 went out after it (2019 rules only; 2008 set no period)."""
    notice = app.correction_notice_date
    if notice is None or regime_for(app.receipt_date) is not REGIME_2019:
        return None
    due, _ = correction_notice_due(app.receipt_date, cal)
    return due if notice > due else None


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


def consultation_party(app: Application) -> str:
    """征求意见对象: blank means 第三方 (what every consultation meant before v2)."""
    return app.consultation_party or vocab.THIRD_PARTY


def _pause(
    start: date | None, end: date | None, app: Application, today: date | None, **facts: Any
) -> Pause | None:
    if start is None:
        return None
    if end is not None:
        return Pause(start, end, recorded_end=end, **facts)
    # Unfinished: runs to the answer date for a concluded case, to today for an open one.
    if app.answer_date is not None:
        return Pause(start, app.answer_date, **facts)
    return Pause(start, _today(today), open=True, **facts)


def _capped(pause: Pause, cal: WorkCalendar) -> Pause:
    """Decision 5 v2: a 2019-rules third-party pause ends at the latest on the 15th working day."""
    cap, _ = cal.add_working_days(pause.start, THIRD_PARTY_DAYS)
    if pause.end <= cap:
        return Pause(**{**pause.__dict__, "cap": cap})
    return Pause(**{**pause.__dict__, "end": cap, "open": False, "cap": cap, "capped": True})


def clock_stops(
    app: Application, cal: WorkCalendar, today: date | None = None
) -> tuple[list[Pause], list[NoPause]]:
    """The consultation and fee pauses that stop the clock, and those that by rule do not."""
    regime = regime_for(app.receipt_date)
    found: list[Pause] = []
    ignored: list[NoPause] = []
    sent = app.consultation_sent_date
    if sent is not None:
        party = consultation_party(app)
        if party == vocab.OTHER_ORGAN and regime is REGIME_2008:
            ignored.append(
                NoPause(
                    OTHER_ORGAN_PAUSE,
                    sent,
                    "2008年条例第二十四条第三款只扣除征求第三方意见的时间，征求其他机关意见计入期限",
                )
            )
        else:
            kind = THIRD_PARTY_PAUSE if party == vocab.THIRD_PARTY else OTHER_ORGAN_PAUSE
            article = (
                ARTICLE_OTHER_ORGAN
                if kind == OTHER_ORGAN_PAUSE
                else ARTICLE_THIRD_PARTY_2019
                if regime is REGIME_2019
                else ARTICLE_THIRD_PARTY_2008
            )
            pause = _pause(
                sent, app.consultation_received_date, app, today, kind=kind, article=article
            )
            if pause is not None and kind == THIRD_PARTY_PAUSE and regime is REGIME_2019:
                pause = _capped(pause, cal)
            if pause is not None:
                found.append(pause)
    notice = app.fee_notice_date
    if notice is not None:
        if regime is REGIME_2008:
            ignored.append(NoPause(FEE_PAUSE, notice, "2008年条例未规定收费期间不计入答复期限"))
        elif notice < FEE_PAUSE_START:
            ignored.append(
                NoPause(FEE_PAUSE, notice, "收费通知早于2021年1月1日（国办函〔2020〕109号施行前）")
            )
        else:
            pause = _pause(
                notice, app.fee_paid_date, app, today, kind=FEE_PAUSE, article=ARTICLE_FEE
            )
            if pause is not None:
                found.append(pause)
    return [p for p in found if p.end > p.start], ignored


def pauses(app: Application, cal: WorkCalendar, today: date | None = None) -> list[Pause]:
    """The pauses that stop the clock (see `clock_stops`)."""
    return clock_stops(app, cal, today)[0]


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


def extension_days(app: Application) -> int:
    """The working days the extension adds: as stated by the office, by default the maximum."""
    if not app.extended:
        return 0
    regime = regime_for(app.receipt_date)
    stated = app.extension_days
    return regime.extension_days if stated is None else min(stated, regime.extension_days)


def answer_days(app: Application) -> int:
    """Working days the answer period has: the regime's, plus the extension if one was granted."""
    return regime_for(app.receipt_date).answer_days + extension_days(app)


def deadline_flags(app: Application, cal: WorkCalendar, found: list[Pause]) -> tuple[str, ...]:
    """What a reviewer would hold against the office's own steps (decision 5 v2)."""
    flags: list[str] = []
    late = late_correction_notice(app, cal)
    if late is not None and app.correction_notice_date is not None:
        flags.append(
            f"补正告知（{app.correction_notice_date.isoformat()}）晚于收到申请后第"
            f"{CORRECTION_NOTICE_DAYS}个工作日（{late.isoformat()}），不符合第三十条"
        )
    for pause in found:
        if pause.capped and pause.cap is not None:
            flags.append(
                f"征求第三方意见超过{THIRD_PARTY_DAYS}个工作日：暂停只计至发出后第"
                f"{THIRD_PARTY_DAYS}个工作日（{pause.cap.isoformat()}），第三十二条"
            )
    return tuple(flags)


def answer_deadline(app: Application, cal: WorkCalendar, today: date | None = None) -> Deadline:
    """The statutory answer due date of an application, all rules applied."""
    regime = regime_for(app.receipt_date)
    start, provisional = period_start(app, today)
    found = pauses(app, cal, today)
    flags = deadline_flags(app, cal, found)
    if app.due_override_date is not None:  # 第三十五条
        # A date the office set by hand counts no working days, so no calendar can change it:
        # decision 6 flags only dates computed through an unknown year.
        return Deadline(app.due_override_date, True, regime, True, flags=flags)
    due = run_clock(start, answer_days(app), merged(found, start), cal)
    provisional = provisional or any(p.open for p in found)
    return Deadline(due, cal.years_known(start, due), regime, provisional=provisional, flags=flags)


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
