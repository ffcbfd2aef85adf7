"""期限计算过程: a case with a late 补正告知, a capped third-party consultation and a stated extension,
checked line by line against the hand-worked count (2025 notice: 清明 4/4–6, 劳动节 5/1–5, 4/27 Sun 上班).
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.application import Application
from desktop.domain.deadline_evidence import (
    COUNTED,
    DUE,
    HOLIDAY,
    PAUSED,
    WEEKEND,
    deadline_evidence,
    deadline_summary,
)
from desktop.domain.deadlines import answer_deadline
from desktop.domain.workcalendar import bundled_calendar

CAL = bundled_calendar()
D = date

CASE = Application(
    D(2025, 3, 3),
    "网络",
    "自然人",
    "张三",
    number="某政信〔2025〕7号",
    correction_notice_date=D(2025, 3, 14),  # due by 3/12 (3/4–7:4, 3/10–12:7): late
    correction_received_date=D(2025, 3, 20),  # period restarts: day 1 is 3/21
    consultation_sent_date=D(2025, 3, 25),  # third party; cap = 15th working day after = 4/16
    consultation_received_date=D(2025, 5, 6),
    extended=True,
    extension_days=10,
)

# Hand-worked: 3/21:1, 3/24:2, 3/25:3 (the sending day counts), paused 3/26–4/16 (15 working days;
# 清明 4/4–6 off), 4/17–18:5, 4/21–25:10, 4/27 (Sun 上班):11, 4/28–30:14, off 5/1–5, 5/6–9:18,
# 5/12–13:20 (original due), extension 5/14–16:23, 5/19–23:28, 5/26–27:30 → due 5/27.
COUNTED_DAYS = (
    [D(2025, 3, 21), D(2025, 3, 24), D(2025, 3, 25), D(2025, 4, 17), D(2025, 4, 18)]
    + [D(2025, 4, d) for d in (21, 22, 23, 24, 25, 27, 28, 29, 30)]
    + [D(2025, 5, d) for d in (6, 7, 8, 9, 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 26, 27)]
)
PAUSED_DAYS = [D(2025, 3, d) for d in (26, 27, 28, 31)] + [
    D(2025, 4, d) for d in (1, 2, 3, 7, 8, 9, 10, 11, 14, 15, 16)
]


def test_every_day_from_the_restart_to_the_due_date_is_listed_with_its_reason() -> None:
    evidence = deadline_evidence(CASE, CAL, today=D(2025, 6, 1))
    days = [line for line in evidence.lines if line.day is not None and line.kind != "event"]
    walked = [line for line in days if line.kind != DUE]
    # One line per calendar day from 3/21 to 5/27, nothing skipped, nothing twice.
    assert [line.day for line in walked] == [
        D(2025, 3, 21) + timedelta(days=i)
        for i in range((D(2025, 5, 27) - D(2025, 3, 21)).days + 1)
    ]
    counted = [line for line in walked if line.kind == COUNTED]
    assert [line.day for line in counted] == COUNTED_DAYS
    assert [line.count for line in counted] == list(range(1, 31))
    assert [line.day for line in walked if line.kind == PAUSED] == PAUSED_DAYS
    assert all("第三十二条" in line.text for line in walked if line.kind == PAUSED)
    holidays = {line.day: line.text for line in walked if line.kind == HOLIDAY}
    assert set(holidays) == {D(2025, 4, 4), D(2025, 4, 5), D(2025, 4, 6)} | {
        D(2025, 5, d) for d in range(1, 6)
    }
    assert "清明节" in holidays[D(2025, 4, 5)] and "劳动节" in holidays[D(2025, 5, 3)]
    assert {line.day for line in walked if line.kind == WEEKEND} == {
        line.day for line in walked if line.day.weekday() >= 5
    } - set(holidays) - {D(2025, 4, 27)}
    by_day = {line.day: line for line in counted}
    assert "调休上班日（劳动节）" in by_day[D(2025, 4, 27)].text
    assert "原答复期限届满" in by_day[D(2025, 5, 13)].text
    assert "延长期限第1个工作日" in by_day[D(2025, 5, 14)].text
    assert "延长期限第10个工作日" in by_day[D(2025, 5, 27)].text
    assert days[-1].kind == DUE and days[-1].day == D(2025, 5, 27) == evidence.due
    assert evidence.confirmed and not evidence.provisional


def test_the_events_name_their_articles_and_the_flags() -> None:
    evidence = deadline_evidence(CASE, CAL, today=D(2025, 6, 1))
    events = [line.text for line in evidence.lines if line.kind == "event"]
    assert events[0].startswith("收到申请（网络）")
    assert "2025-03-12前" in events[1] and "已超出该期限" in events[1]
    assert "重新起算（第三十条）" in events[2]
    assert "发出后第15个工作日（2025-04-16）" in events[3] and "暂停只计至2025-04-16" in events[3]
    assert "延长答复期限10个工作日" in events[4] and "第三十三条第二款" in events[4]
    assert len(evidence.flags) == 2
    assert evidence.title.endswith("（申请编号：某政信〔2025〕7号）")


def test_the_one_line_summary() -> None:
    summary = deadline_summary(CASE, CAL, today=D(2025, 6, 1))
    assert summary.startswith("2025-03-03收到（2019年条例）；补正2025-03-20收到，自该日重新起算")
    assert "第1个工作日2025-03-21" in summary
    assert "征求第三方意见2025-03-25至2025-04-16暂停15个工作日" in summary
    assert "已按第三方15个工作日封顶" in summary
    assert "延期10个工作日" in summary and "共计30个工作日，期限2025-05-27" in summary


def test_unknown_year_days_say_so() -> None:
    # 2027-02-01: 除夕–初三 2/5–8 are estimated holidays; the due date 3/3 is unconfirmed.
    evidence = deadline_evidence(Application(D(2027, 2, 1), "当面", "自然人", "李四"), CAL)
    holiday = next(line for line in evidence.lines if line.day == D(2027, 2, 5))
    assert holiday.kind == HOLIDAY and "春节" in holiday.text and "推算" in holiday.text
    assert evidence.due == D(2027, 3, 3) and not evidence.confirmed
    assert "2027年国务院办公厅放假通知尚未导入" in evidence.lines[-1].text


@settings(max_examples=150, deadline=None)
@given(
    receipt=st.dates(min_value=D(2018, 1, 1), max_value=D(2027, 6, 30)),
    extended=st.booleans(),
    stated=st.one_of(st.none(), st.integers(1, 15)),
    consult=st.one_of(st.none(), st.tuples(st.integers(0, 30), st.integers(0, 60))),
    party=st.sampled_from(["", "第三方", "其他机关"]),
    fee=st.one_of(st.none(), st.tuples(st.integers(0, 30), st.integers(0, 40))),
    correction=st.one_of(st.none(), st.tuples(st.integers(0, 12), st.integers(0, 20))),
)
def test_the_walk_reaches_the_due_date_the_rules_give(
    receipt, extended, stated, consult, party, fee, correction
) -> None:
    fields: dict[str, object] = {"extended": extended, "consultation_party": party}
    if extended:
        fields["extension_days"] = stated
    if consult:
        sent = receipt + timedelta(days=consult[0])
        fields.update(
            consultation_sent_date=sent, consultation_received_date=sent + timedelta(consult[1])
        )
    if fee:
        sent = receipt + timedelta(days=fee[0])
        fields.update(fee_notice_date=sent, fee_paid_date=sent + timedelta(days=fee[1]))
    if correction:
        notice = receipt + timedelta(days=correction[0])
        fields.update(
            correction_notice_date=notice,
            correction_received_date=notice + timedelta(days=correction[1]),
        )
    a = Application(receipt, "网络", "自然人", "甲", **fields)  # type: ignore[arg-type]
    evidence = deadline_evidence(a, CAL, today=receipt)
    due = answer_deadline(a, CAL, today=receipt).due
    assert evidence.due == due
    assert not any("注意" in line.text for line in evidence.lines)  # the walk agreed
    counted = [line for line in evidence.lines if line.kind == COUNTED]
    assert counted[-1].day == due
