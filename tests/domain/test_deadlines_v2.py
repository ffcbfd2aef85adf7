"""Contract v2, decisions 5 and 6: every rule hand-worked on real dates from the State Council notices.

Calendar facts used (from the notices, as bundled): 2025 off 1/1, 1/28–2/4, 4/4–6, 5/1–5, 5/31–6/2,
10/1–8; work 1/26 (Sun), 2/8 (Sat), 4/27 (Sun), 9/28 (Sun), 10/11 (Sat). 2024 off 10/1–7, work 9/29
(Sun), 10/12 (Sat). 2026 off 1/1–3, 2/15–23, 4/4–6, 5/1–5, 10/1–7; work 1/4 (Sun), 2/14, 2/28 (Sat),
5/9 (Sat), 9/20 (Sun), 10/10 (Sat). 2027 has no notice: the 放假办法 (2024 revision) gives 元旦 1/1,
春节 除夕 2/5 to 初三 2/8, 清明 4/5, 劳动节 5/1–2, 端午 6/9, 中秋 9/15, 国庆 10/1–3.
"""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.application import Application, validate
from desktop.domain.deadlines import answer_deadline, clock_stops, extension_days
from desktop.domain.statutory_holidays import statutory_holidays
from desktop.domain.workcalendar import bundled_calendar

CAL = bundled_calendar()
D = date


def app(receipt: date, **fields: object) -> Application:
    return Application(receipt, "网络", "自然人", "张三", **fields)  # type: ignore[arg-type]


# ------------------------------------------------------------------ third-party cap (第三十二条)


def test_third_party_consultation_is_capped_at_the_15th_working_day_and_flagged() -> None:
    # Received 2025-03-03 (Mon). Sent 3/10 (Mon); 15 working days after: 3/11–14:4, 3/17–21:9,
    # 3/24–28:14, 3/31:15 → cap 3/31. Reply 4/30, long after: pause (3/10, 3/31] = 15 working days.
    # Unpaused due: 3/4–7:4, 10–14:9, 17–21:14, 24–28:19, 3/31:20. Counted: 3/4–7:4, 3/10:5 (the
    # sending day counts), paused to 3/31, then 4/1–3:8, off 4/4–6, 4/7–11:13, 14–18:18, 21–22:20.
    a = app(
        D(2025, 3, 3),
        consultation_sent_date=D(2025, 3, 10),
        consultation_received_date=D(2025, 4, 30),
    )
    deadline = answer_deadline(a, CAL, today=D(2025, 5, 6))
    assert deadline.due == D(2025, 4, 22)
    (pause,), _ = clock_stops(a, CAL, D(2025, 5, 6))
    assert (pause.cap, pause.end, pause.capped) == (D(2025, 3, 31), D(2025, 3, 31), True)
    assert len(deadline.flags) == 1 and "第15个工作日（2025-03-31）" in deadline.flags[0]


def test_third_party_reply_within_15_working_days_pauses_in_full_and_is_not_flagged() -> None:
    # Same case, reply 3/24 (10 working days): pause (3/10, 3/24] = 3/11–14, 17–21, 24 = 10 days.
    # Counted: 3/4–7:4, 3/10:5, 3/25–28:9, 3/31–4/3:13, 4/7–11:18, 4/14–15:20 → 4/15.
    a = app(
        D(2025, 3, 3),
        consultation_sent_date=D(2025, 3, 10),
        consultation_received_date=D(2025, 3, 24),
    )
    deadline = answer_deadline(a, CAL)
    assert (deadline.due, deadline.flags) == (D(2025, 4, 15), ())


def test_open_third_party_consultation_stops_moving_once_capped() -> None:
    # No reply yet. On 3/20 the pause runs to today: provisional. On 4/10 it has passed the cap
    # (3/31): the due date is fixed at 4/22 and no longer provisional, and it is flagged.
    a = app(D(2025, 3, 3), consultation_sent_date=D(2025, 3, 10))
    early = answer_deadline(a, CAL, today=D(2025, 3, 20))
    late = answer_deadline(a, CAL, today=D(2025, 4, 10))
    assert early.provisional and not early.flags
    assert (late.due, late.provisional) == (D(2025, 4, 22), False) and late.flags


def test_2008_rules_third_party_consultation_is_uncapped() -> None:
    # Received 2018-03-01 (Thu), 2008 rules: 15 working days. Consultation 3/5–4/27 pauses all of it.
    # 3/2:1, 3/5:2, paused 3/6–4/27 (2018 清明 4/5–7 off, 4/8 Sun work — all inside), then
    # 4/28 (Sat, 上班 for 劳动节):3, off 4/29–5/1, 5/2–4:6, 5/7–11:11, 5/14–17:15 → 5/17.
    a = app(
        D(2018, 3, 1),
        consultation_sent_date=D(2018, 3, 5),
        consultation_received_date=D(2018, 4, 27),
    )
    deadline = answer_deadline(a, CAL)
    assert (deadline.due, deadline.flags) == (D(2018, 5, 17), ())


# ------------------------------------------------------------- other organ (第三十三条、第三十四条)


def test_other_organ_consultation_pauses_uncapped_under_2019_rules() -> None:
    # 2025-03-03, another organ asked 3/10, replied 4/30: pause (3/10, 4/30] — every working day in it.
    # Counted: 3/4–7:4, 3/10:5, then 5/6–9:9 (off 5/1–5), 5/12–16:14, 19–23:19, 5/26:20 → 5/26.
    a = app(
        D(2025, 3, 3),
        consultation_sent_date=D(2025, 3, 10),
        consultation_received_date=D(2025, 4, 30),
        consultation_party="其他机关",
    )
    deadline = answer_deadline(a, CAL)
    assert (deadline.due, deadline.flags) == (D(2025, 5, 26), ())


def test_other_organ_consultation_does_not_pause_under_2008_rules() -> None:
    # 2018-03-01, 2008 rules: 3/2:1, 3/5–9:6, 12–16:11, 19–22:15 → 3/22, the consultation ignored.
    a = app(
        D(2018, 3, 1),
        consultation_sent_date=D(2018, 3, 5),
        consultation_received_date=D(2018, 4, 27),
        consultation_party="其他机关",
    )
    assert answer_deadline(a, CAL).due == D(2018, 3, 22)
    found, ignored = clock_stops(a, CAL)
    assert not found and "2008年条例" in ignored[0].reason


# ------------------------------------------------------------------------------ fee notices


def test_fee_notice_from_2021_pauses_until_payment() -> None:
    # Received 2024-09-20 (Fri). Fee notice 9/27, paid 10/14. Counted: 9/23–27:5, 9/29 (Sun work):6 is
    # inside the pause (9/27, 10/14] — paused with 9/30, off 10/1–7, 10/8–11, 10/12 (Sat work), 10/14:
    # 7 paused working days. Then 10/15–18:9, 21–25:14, 28–31:18, 11/1:19, 11/4:20 → 11/4.
    a = app(D(2024, 9, 20), fee_notice_date=D(2024, 9, 27), fee_paid_date=D(2024, 10, 14))
    assert answer_deadline(a, CAL).due == D(2024, 11, 4)


def test_fee_notice_before_2021_does_not_pause() -> None:
    # Received 2020-11-02 (Mon), fee notice 11/10 (before 国办函〔2020〕109号 applied), paid 12/1.
    # 11/3–6:4, 9–13:9, 16–20:14, 23–27:19, 11/30:20 → 11/30, the fee period counted.
    a = app(D(2020, 11, 2), fee_notice_date=D(2020, 11, 10), fee_paid_date=D(2020, 12, 1))
    assert answer_deadline(a, CAL).due == D(2020, 11, 30)
    _, (ignored,) = clock_stops(a, CAL)
    assert "2021年1月1日" in ignored.reason


def test_fee_notice_never_pauses_under_2008_rules() -> None:
    a = app(D(2018, 3, 1), fee_notice_date=D(2018, 3, 5), fee_paid_date=D(2018, 4, 27))
    assert answer_deadline(a, CAL).due == D(2018, 3, 22)  # as with no notice at all


# --------------------------------------------------------------------------------- extension


@pytest.mark.parametrize(
    ("stated", "days", "due"),
    [
        # 2026-03-02 (Mon): 20 days → 3/3–6:4, 9–13:9, 16–20:14, 23–27:19, 3/30:20 (original due).
        # +5: 3/31, 4/1–3:4, off 4/4–6, 4/7:5 → 4/7. +20 (the maximum, also when blank): 3/31–4/3:4,
        # 4/7–10:8, 13–17:13, 20–24:18, 27–28:20 → 4/28.
        (5, 5, D(2026, 4, 7)),
        (None, 20, D(2026, 4, 28)),
        (20, 20, D(2026, 4, 28)),
    ],
)
def test_extension_adds_the_days_the_office_stated(stated, days, due) -> None:
    a = app(D(2026, 3, 2), extended=True, extension_days=stated)
    assert extension_days(a) == days
    assert answer_deadline(a, CAL).due == due


def test_extension_days_are_validated_against_the_regime() -> None:
    messages = [str(e) for e in validate(app(D(2026, 3, 2), extended=True, extension_days=21))]
    assert any("1 到 20" in m for m in messages)
    messages = [str(e) for e in validate(app(D(2018, 3, 1), extended=True, extension_days=16))]
    assert any("1 到 15" in m and "2008年条例" in m for m in messages)
    messages = [str(e) for e in validate(app(D(2026, 3, 2), extension_days=5))]
    assert any("“延期”为“否”" in m for m in messages)
    assert not validate(app(D(2018, 3, 1), extended=True, extension_days=15))


# ---------------------------------------------------------------------- late 补正告知 (第三十条)


def test_correction_notice_after_7_working_days_is_flagged_under_2019_rules() -> None:
    # 2025-01-24 (Fri): 1/26 (Sun, 上班 for 春节):1, 1/27:2, off 1/28–2/4, 2/5–7:5, 2/8 (Sat, 上班):6,
    # 2/10:7 → notice due 2/10. Sent 2/11: flagged.
    on_time = app(D(2025, 1, 24), correction_notice_date=D(2025, 2, 10))
    late = app(D(2025, 1, 24), correction_notice_date=D(2025, 2, 11))
    assert answer_deadline(on_time, CAL, today=D(2025, 2, 20)).flags == ()
    (flag,) = answer_deadline(late, CAL, today=D(2025, 2, 20)).flags
    assert "（2025-02-10）" in flag and "第三十条" in flag


def test_2008_rules_set_no_correction_notice_period() -> None:
    a = app(D(2018, 3, 1), correction_notice_date=D(2018, 4, 20))
    assert answer_deadline(a, CAL, today=D(2018, 5, 1)).flags == ()


# ------------------------------------------------------------------ decision 6 v2: unknown years


def test_2027_statutory_holidays_come_from_the_lunar_calendar() -> None:
    days = statutory_holidays(2027)
    assert [d for d, n in days.items() if n == "春节"] == [
        D(2027, 2, 5),  # 除夕
        D(2027, 2, 6),
        D(2027, 2, 7),
        D(2027, 2, 8),
    ]
    assert days[D(2027, 4, 5)] == "清明节"
    assert days[D(2027, 6, 9)] == "端午节" and days[D(2027, 9, 15)] == "中秋节"
    assert {D(2027, 5, 1), D(2027, 5, 2), D(2027, 10, 3)} <= set(days)
    assert len(days) == 13


def test_older_versions_of_the_holiday_rules() -> None:
    # 2014–2024: 春节 初一–初三, 劳动节 one day (2024: 初一 2/10).
    days = statutory_holidays(2024)
    assert [d for d, n in days.items() if n == "春节"] == [
        D(2024, 2, 10),
        D(2024, 2, 11),
        D(2024, 2, 12),
    ]
    assert [d for d, n in days.items() if n == "劳动节"] == [D(2024, 5, 1)]


def test_receipt_before_2027_spring_festival_counts_around_it_unconfirmed() -> None:
    # Received 2027-02-01 (Mon), no 2027 notice: 2/2–4:3, off 2/5–8 (除夕–初三), 2/9–12:7, 15–19:12,
    # 22–26:17, 3/1–3:20 → 3/3, unconfirmed (the 调休 are unknown until the notice).
    deadline = answer_deadline(app(D(2027, 2, 1)), CAL)
    assert (deadline.due, deadline.confirmed) == (D(2027, 3, 3), False)


def test_2027_national_day_and_labour_day_off_without_a_notice() -> None:
    # 2027-09-24 (Fri): 9/27–30:4, off 10/1 (Fri), 10/4–8:9, 11–15:14, 18–22:19, 10/25:20 → 10/25.
    # 2027-04-26 (Mon): 4/27–30:4, 5/3–7:9 (5/1–2 a weekend anyway), 10–14:14, 17–21:19, 5/24:20.
    assert answer_deadline(app(D(2027, 9, 24)), CAL).due == D(2027, 10, 25)
    assert answer_deadline(app(D(2027, 4, 26)), CAL).due == D(2027, 5, 24)


def test_a_notice_replaces_the_estimated_holidays() -> None:
    # With a (hypothetical) 2027 notice that keeps only 1/1 off, 2/5–8 are working days again.
    cal = CAL.with_year(2027, {D(2027, 1, 1): "元旦"}, {})
    assert cal.is_working_day(D(2027, 2, 5)) and not CAL.is_working_day(D(2027, 2, 5))
    assert answer_deadline(app(D(2027, 2, 1)), cal).confirmed
