"""期限计算过程: how an application's due date was worked out, day by day, with the rule for each step.

What a 复议机关 or a court asks for when an answer is said to be late, and what users of other FOI
systems ask for above all (../shared/reviews/peers.md): receipt, day 1, every day from the period start
to the due date counted or skipped and why (weekend, holiday, 调休 working day, a pause with its
article, the 补正 restart, the extension), the due date, and whether it is confirmed (decision 6).

The walk applies the same rules as `deadlines.answer_deadline` (the tests check both agree on every
case); `deadline_summary` is the one-line form the ledger export carries, computed without the walk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from desktop.domain.application import Application
from desktop.domain.deadlines import (
    CORRECTION_NOTICE_DAYS,
    Pause,
    answer_deadline,
    clock_stops,
    correction_notice_due,
    extension_days,
    period_start,
    regime_for,
)
from desktop.domain.workcalendar import WorkCalendar, notice_year

WEEKDAYS = "一二三四五六日"

# Kinds of line, so a view can colour them and a test can read them.
EVENT = "event"  # something the office or the applicant did
COUNTED = "counted"  # a working day counted
WEEKEND = "weekend"
HOLIDAY = "holiday"
PAUSED = "paused"
DUE = "due"
NOTE = "note"


@dataclass(frozen=True)
class EvidenceLine:
    day: date | None
    kind: str
    text: str  # what the day is, or what happened, with the rule
    count: int | None = None  # the running number of counted working days, on COUNTED lines

    def date_text(self) -> str:
        if self.day is None:
            return ""
        return f"{self.day.isoformat()}（周{WEEKDAYS[self.day.weekday()]}）"

    def count_text(self) -> str:
        return f"第{self.count}个工作日" if self.count is not None else "不计"


@dataclass(frozen=True)
class DeadlineEvidence:
    number: str
    applicant: str
    receipt: date
    regime_name: str
    lines: tuple[EvidenceLine, ...]
    due: date
    confirmed: bool
    provisional: bool
    flags: tuple[str, ...]
    summary: str

    @property
    def title(self) -> str:
        return f"政府信息公开申请答复期限计算过程（申请编号：{self.number}）"


def _day_name(day: date) -> str:
    return f"{day.isoformat()}（周{WEEKDAYS[day.weekday()]}）"


def _pause_text(p: Pause) -> str:
    if p.recorded_end is not None:
        end = f"收到{p.recorded_end.isoformat()}"
    elif p.open:
        end = "尚未结束，暂按今天计算"
    else:
        end = f"未记录结束日期，按答复日{p.end.isoformat()}计"
    text = f"{p.kind}：{p.start.isoformat()}发出（{end}）；依{p.article}，期间不计入答复期限"
    if p.cap is not None:
        text += f"；第三方答复期限至发出后第15个工作日（{p.cap.isoformat()}）"
    if p.capped:
        text += f"，超出部分照常计算，暂停只计至{p.end.isoformat()}"
    return text


def _events(
    app: Application, cal: WorkCalendar, today: date | None
) -> tuple[list[EvidenceLine], list[Pause]]:
    regime = regime_for(app.receipt_date)
    lines = [
        EvidenceLine(
            app.receipt_date,
            EVENT,
            f"收到申请（{app.channel}）。收到之日不计入，次日起的第一个工作日为第1个工作日（决定5）",
        ),
        EvidenceLine(
            None,
            NOTE,
            f"适用{regime.name}：{regime.answer_days}个工作日内答复（{regime.answer_article}）",
        ),
    ]
    if app.correction_notice_date is not None:
        notice_due, _ = correction_notice_due(app.receipt_date, cal)
        text = "告知补正（第三十条）"
        if regime.name == "2019年条例":
            text += (
                f"；应于收到后{CORRECTION_NOTICE_DAYS}个工作日内（{notice_due.isoformat()}前）告知"
            )
            if app.correction_notice_date > notice_due:
                text += "，本次告知已超出该期限"
        lines.append(EvidenceLine(app.correction_notice_date, EVENT, text))
        start, provisional = period_start(app, today)
        if app.correction_received_date is not None:
            lines.append(
                EvidenceLine(
                    app.correction_received_date,
                    EVENT,
                    "收到补正后的申请：答复期限自该日重新起算（第三十条），此前的日子不计",
                )
            )
        elif provisional:
            lines.append(
                EvidenceLine(start, NOTE, "尚未收到补正：期限暂按今天收到补正计算（期限暂定）")
            )
        else:
            lines.append(
                EvidenceLine(
                    start, NOTE, "未收到补正即已答复（如视为放弃申请）：期限按答复之日起算"
                )
            )
    found, ignored = clock_stops(app, cal, today)
    for p in found:
        lines.append(EvidenceLine(p.start, EVENT, _pause_text(p)))
    for n in ignored:
        lines.append(EvidenceLine(n.start, EVENT, f"{n.kind}：不暂停计算（{n.reason}）"))
    if app.extended:
        days = extension_days(app)
        stated = "" if app.extension_days is not None else "（未写明天数，按最长期限）"
        lines.append(
            EvidenceLine(
                None,
                EVENT,
                f"延长答复期限{days}个工作日{stated}，自原答复期限届满后接续计算"
                f"（{regime.extension_article}）",
            )
        )
    return lines, found


def deadline_evidence(
    app: Application, cal: WorkCalendar, today: date | None = None
) -> DeadlineEvidence:
    """The full 期限计算过程 of one application."""
    deadline = answer_deadline(app, cal, today)
    regime = deadline.regime
    lines, found = _events(app, cal, today)
    override = app.due_override_date
    if deadline.overridden and override is not None:
        lines.append(
            EvidenceLine(
                override,
                DUE,
                f"按第三十五条确定延迟答复的合理期限：{override.isoformat()}"
                f"（理由：{app.due_override_reason}）；不按工作日计算",
            )
        )
    else:
        lines.extend(_walk(app, cal, today, found, deadline.due))
        unknown = sorted(
            {
                notice_year(d)
                for d in _days(period_start(app, today)[0], deadline.due)
                if not cal.is_known(d)
            }
        )
        state = (
            ""
            if deadline.confirmed
            else (
                f"（未确认：{'、'.join(str(y) for y in unknown)}年国务院办公厅放假通知尚未导入，"
                "节假日按《全国年节及纪念日放假办法》推算，调休未知）"
            )
        )
        if deadline.provisional:
            state += "（期限暂定：取决于尚未结束的暂停或补正）"
        lines.append(
            EvidenceLine(deadline.due, DUE, f"答复期限：{deadline.due.isoformat()}{state}")
        )
    return DeadlineEvidence(
        app.number,
        app.applicant,
        app.receipt_date,
        regime.name,
        tuple(lines),
        deadline.due,
        deadline.confirmed,
        deadline.provisional,
        deadline.flags,
        deadline_summary(app, cal, today),
    )


def _days(after: date, until: date) -> list[date]:
    return [after + timedelta(days=i) for i in range(1, (until - after).days + 1)]


def _walk(
    app: Application, cal: WorkCalendar, today: date | None, found: list[Pause], due: date
) -> list[EvidenceLine]:
    """Every day from the period start to the due date, counted or not, and why."""
    regime = regime_for(app.receipt_date)
    start, _ = period_start(app, today)
    total = regime.answer_days + extension_days(app)
    out: list[EvidenceLine] = []
    counted = 0
    day = start
    while counted < total:
        day += timedelta(days=1)
        unknown = "" if cal.is_known(day) else "（该年放假通知未导入）"
        pausing = [p for p in found if p.start < day <= p.end and p.end > start]
        if not cal.is_working_day(day):
            name = cal.day_off_name(day)
            if day.weekday() >= 5 and name in ("周末", ""):
                out.append(EvidenceLine(day, WEEKEND, f"周末{unknown}"))
            else:
                out.append(EvidenceLine(day, HOLIDAY, f"放假：{name}{unknown}"))
            continue
        if pausing:
            why = "；".join(f"{p.kind}期间（{p.article}）" for p in pausing)
            out.append(EvidenceLine(day, PAUSED, f"暂停：{why}{unknown}"))
            continue
        counted += 1
        text = "工作日"
        if day in cal.working_weekends:
            text = f"调休上班日（{cal.working_weekends[day]}）"
        if counted == regime.answer_days and total > regime.answer_days:
            text += "；原答复期限届满，次一工作日起计延长期限"
        elif counted > regime.answer_days:
            text += f"；延长期限第{counted - regime.answer_days}个工作日"
        out.append(EvidenceLine(day, COUNTED, text + unknown, counted))
    if day != due:  # cannot happen: the walk is decision 5 spelled out; say so rather than hide it
        out.append(
            EvidenceLine(due, NOTE, f"注意：逐日计算得到{day.isoformat()}，与登记的期限不同")
        )
    return out


def deadline_summary(app: Application, cal: WorkCalendar, today: date | None = None) -> str:
    """The 期限计算过程 in one line (ledger column), built from counts, not from a day walk."""
    deadline = answer_deadline(app, cal, today)
    regime = deadline.regime
    parts = [f"{app.receipt_date.isoformat()}收到（{regime.name}）"]
    if deadline.overridden:
        parts.append(f"按第三十五条确定期限{deadline.due.isoformat()}")
        parts.extend(deadline.flags)
        return "；".join(parts)
    start, provisional = period_start(app, today)
    if app.correction_notice_date is not None:
        if app.correction_received_date is not None:
            parts.append(f"补正{start.isoformat()}收到，自该日重新起算")
        elif provisional:
            parts.append("待补正，暂按今天起算")
        else:
            parts.append(f"未补正，按{start.isoformat()}起算")
    first, _ = cal.add_working_days(start, 1)
    parts.append(f"第1个工作日{first.isoformat()}")
    found, ignored = clock_stops(app, cal, today)
    for p in found:
        if p.end <= start:
            continue
        paused, _ = cal.working_days_between(max(p.start, start), min(p.end, deadline.due))
        capped = "，已按第三方15个工作日封顶" if p.capped else ""
        open_ = "，未结束" if p.open else ""
        parts.append(
            f"{p.kind}{p.start.isoformat()}至{p.end.isoformat()}暂停{paused}个工作日"
            f"（{p.article}{capped}{open_}）"
        )
    for n in ignored:
        parts.append(f"{n.kind}{n.start.isoformat()}不暂停")
    ext = extension_days(app)
    if ext:
        parts.append(f"延期{ext}个工作日（{regime.extension_article}）")
    parts.append(f"共计{regime.answer_days + ext}个工作日，期限{deadline.due.isoformat()}")
    if not deadline.confirmed:
        parts.append("未确认（放假通知未导入）")
    if deadline.provisional:
        parts.append("暂定")
    parts.extend(deadline.flags)
    return "；".join(parts)
