"""Statutory deadlines over real dates (contract decision 5 and 6, formats.md §4–5).

Every expected date below was worked out by hand from the State Council notices (the days off and the
调休 working weekends), never by running the code under test. The reasoning is written per case as
"day: count" — the count of working days reached on that day. Notices used:
2024: off 1/1, 2/10–17, 4/4–6, 5/1–5, 6/10, 9/15–17, 10/1–7; work 2/4, 2/18, 4/7, 4/28, 5/11, 9/14,
      9/29, 10/12.
2025: off 1/1, 1/28–2/4, 4/4–6, 5/1–5, 5/31–6/2, 10/1–8; work 1/26, 2/8, 4/27, 9/28, 10/11.
2026: off 1/1–3, 2/15–23, 4/4–6, 5/1–5, 6/19–21, 9/25–27, 10/1–7; work 1/4, 2/14, 2/28, 5/9, 9/20,
      10/10.
2019: off 5/1–4, 6/7; 2017: off 10/1–8, work 9/30. 2027: no notice yet → plain Monday–Friday.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain import deadlines
from desktop.domain.application import Application
from desktop.domain.deadlines import (
    CONCLUDED,
    CONCLUDED_LATE,
    OPEN,
    OVERDUE,
    REGIME_2008,
    REGIME_2019,
    answer_deadline,
    correction_notice_due,
    status,
    status_of,
)
from desktop.domain.workcalendar import bundled_calendar

CAL = bundled_calendar()
D = date


def app(receipt: date, **fields: object) -> Application:
    return Application(
        receipt_date=receipt, channel="当面", applicant_type="自然人", applicant="张三", **fields
    )


# --------------------------------------------------------------------------- plain answer period
# (receipt, expected due, confirmed): 20 working days after receipt (2019 regime), receipt day not counted.
PLAIN_2019 = [
    # formats.md §5.2 checked values.
    # Sat receipt: 3/3–7:5, 10–14:10, 17–21:15, 24–28:20.
    (D(2025, 3, 1), D(2025, 3, 28), True),
    # Receipt on 春节 holiday: off to 2/23; 2/24–27:4, 2/28(Sat work):5, 3/2–6:10, 9–13:15, 16–20:20.
    (D(2026, 2, 15), D(2026, 3, 20), True),
    # 9/26:1, 9/28(Sun work):2, 9/29–30:4, 10/1–8 off, 10/9–10:6, 10/11(Sat work):7, 13–17:12,
    # 20–24:17, 27–29:20.
    (D(2025, 9, 25), D(2025, 10, 29), True),
    # 2/14(Sat work):1, 2/24–27:5, 2/28:6, 3/2–6:11, 9–13:16, 16–19:20.
    (D(2026, 2, 13), D(2026, 3, 19), True),
    # --- 春节 2025
    # 1/21–24:4, 1/26(Sun work):5, 1/27:6, off 1/28–2/4, 2/5–7:9, 2/8(Sat work):10, 10–14:15, 17–21:20.
    (D(2025, 1, 20), D(2025, 2, 21), True),
    # Last day before the holiday: 2/5–7:3, 2/8:4, 10–14:9, 17–21:14, 24–28:19, 3/3:20.
    (D(2025, 1, 27), D(2025, 3, 3), True),
    # 正月初一 (holiday): same count as from 1/27.
    (D(2025, 1, 29), D(2025, 3, 3), True),
    # Sat before the 调休 Sunday: 1/26:1, 1/27:2, 2/5–7:5, 2/8:6, 10–14:11, 17–21:16, 24–27:20.
    (D(2025, 1, 25), D(2025, 2, 27), True),
    # Receipt on the 调休 Sunday itself (not counted): 1/27:1, 2/5–7:4, 2/8:5, 10–14:10, 17–21:15, 24–28:20.
    (D(2025, 1, 26), D(2025, 2, 28), True),
    # --- 春节 2026
    # 2/10–13:4, 2/14:5, off 2/15–23, 2/24–27:9, 2/28:10, 3/2–6:15, 9–13:20.
    (D(2026, 2, 9), D(2026, 3, 13), True),
    # Receipt on the 调休 Saturday: 2/24–27:4, 2/28:5, 3/2–6:10, 9–13:15, 16–20:20.
    (D(2026, 2, 14), D(2026, 3, 20), True),
    # Last holiday day 2/23 (Mon): as from 2/15.
    (D(2026, 2, 23), D(2026, 3, 20), True),
    # First working day after: 2/25–27:3, 2/28:4, 3/2–6:9, 9–13:14, 16–20:19, 3/23:20.
    (D(2026, 2, 24), D(2026, 3, 23), True),
    # --- 国庆 2025 (with 中秋, 10/1–8)
    # 10/9–10:2, 10/11:3, 13–17:8, 20–24:13, 27–31:18, 11/3–4:20.
    (D(2025, 9, 30), D(2025, 11, 4), True),
    (D(2025, 10, 1), D(2025, 11, 4), True),
    # Sat before the 调休 Sunday: 9/28:1, 9/29–30:3, 10/9–10:5, 10/11:6, 13–17:11, 20–24:16, 27–30:20.
    (D(2025, 9, 27), D(2025, 10, 30), True),
    # --- 中秋 + 国庆 2026
    # 9/20(Sun work):1, 9/21–24:5, off 9/25–27, 9/28–30:8, off 10/1–7, 10/8–9:10, 10/10(Sat work):11,
    # 12–16:16, 19–22:20.
    (D(2026, 9, 18), D(2026, 10, 22), True),
    # 10/8–9:2, 10/10:3, 12–16:8, 19–23:13, 26–30:18, 11/2–3:20.
    (D(2026, 9, 30), D(2026, 11, 3), True),
    (D(2026, 10, 1), D(2026, 11, 3), True),
    # --- 2024
    # 2/4(Sun work):1, 2/5–9:6, off 2/10–17, 2/18(Sun work):7, 2/19–23:12, 2/26–3/1:17, 3/4–6:20.
    (D(2024, 2, 2), D(2024, 3, 6), True),
    # 9/29(Sun work):1, 9/30:2, off 10/1–7, 10/8–11:6, 10/12(Sat work):7, 14–18:12, 21–25:17, 28–30:20.
    (D(2024, 9, 27), D(2024, 10, 30), True),
    # Receipt on a 春节 day: off to 2/17, 2/18 (Sun work):1, 2/19–23:6, 2/26–3/1:11, 3/4–8:16, 11–14:20.
    (D(2024, 2, 12), D(2024, 3, 14), True),
    # 清明 then 劳动节 2024: off 4/4–6, 4/7 (Sun work):1, 4/8–12:6, 15–19:11, 22–26:16, 4/28 (Sun
    # work):17, 4/29–30:19, off 5/1–5, 5/6:20.
    (D(2024, 4, 3), D(2024, 5, 6), True),
    # 4/28:1, 4/29–30:3, off 5/1–5, 5/6–10:8, 5/11 (Sat work):9, 13–17:14, 20–24:19, 5/27:20.
    (D(2024, 4, 26), D(2024, 5, 27), True),
    # 中秋 and 国庆 2024: 9/14 (Sat work):1, off 9/15–17, 9/18–20:4, 23–27:9, 9/29 (Sun work):10,
    # 9/30:11, off 10/1–7, 10/8–11:15, 10/12 (Sat work):16, 14–17:20.
    (D(2024, 9, 13), D(2024, 10, 17), True),
    # Year end 2023 (25–31 December governed by the 2024 notice, which is known): 12/21–22:2,
    # 25–29:7, off 2024-1/1, 1/2–5:11, 8–12:16, 15–18:20.
    (D(2023, 12, 20), D(2024, 1, 18), True),
    # Receipt on the 调休 Saturday 2025-10-11 (not counted): 10/13–17:5, 20–24:10, 27–31:15, 11/3–7:20.
    (D(2025, 10, 11), D(2025, 11, 7), True),
    # --- other holidays
    # 劳动节 2025 (off 5/1–5) then 端午 (off 5/31–6/2): 5/6–9:4, 12–16:9, 19–23:14, 26–30:19, 6/3:20.
    (D(2025, 5, 3), D(2025, 6, 3), True),
    # 清明 2026 (off 4/4–6) then 劳动节 (off 5/1–5): 4/7–10:4, 13–17:9, 20–24:14, 27–30:18, 5/6–7:20.
    (D(2026, 4, 5), D(2026, 5, 7), True),
    # 5/6–8:3, 5/9(Sat work):4, 11–15:9, 18–22:14, 25–29:19, 6/1:20.
    (D(2026, 4, 30), D(2026, 6, 1), True),
    # 端午 2026 (off 6/19–21): 6/22–26:5, 6/29–30:7, 7/1–3:10, 6–10:15, 13–17:20.
    (D(2026, 6, 18), D(2026, 7, 17), True),
    # --- year ends
    # 12/16–19:4, 22–26:9, 29–31:12, off 1/1–3, 1/4(Sun work):13, 1/5–9:18, 1/12–13:20.
    (D(2025, 12, 15), D(2026, 1, 13), True),
    # 1/4:1, 1/5–9:6, 12–16:11, 19–23:16, 26–29:20.
    (D(2025, 12, 31), D(2026, 1, 29), True),
    # 12/23–27:5, 12/30–31:7, off 1/1, 1/2–3:9, 1/6–10:14, 13–17:19, 1/20:20.
    (D(2024, 12, 20), D(2025, 1, 20), True),
    # Runs into 2027, which has no notice: its statutory holidays are off (decision 6 v2), so 元旦
    # 1/1 (Fri) does not count; unconfirmed. 12/16–18:3, 21–25:8, 28–31:12, 1/4–8:17, 11–13:20.
    (D(2026, 12, 15), D(2027, 1, 13), False),
    # 11/23–27:5, 11/30:6, 12/1–4:10, 7–11:15, 14–18:20 — stays in 2026.
    (D(2026, 11, 20), D(2026, 12, 18), True),
    # 12/2–4:3, 7–11:8, 14–18:13, 21–25:18, 28–29:20 — all dated 2026, but 25–29 December are
    # governed by the 2027 notice (which may move them, as 2018-12-29 上班 came with the 2019 notice):
    # unconfirmed (decision 6).
    (D(2026, 12, 1), D(2026, 12, 29), False),
    # 11/25–27:3, 11/30–12/4:8, 7–11:13, 14–18:18, 21–22:20 — 12/22 is before 25 December: confirmed.
    (D(2026, 11, 24), D(2026, 12, 22), True),
    # 11/27:1, 11/30–12/4:6, 7–11:11, 14–18:16, 21–24:20 — 24 December is the 2026 notice's last day.
    (D(2026, 11, 26), D(2026, 12, 24), True),
    # 11/30–12/4:5, 7–11:10, 14–18:15, 21–24:19, 12/25 (Fri):20 — governed by the 2027 notice.
    (D(2026, 11, 27), D(2026, 12, 25), False),
    # 12/7–11:5, 14–18:10, 21–25:15, 28–31:19, 2027-1/1 元旦 (statutory, no notice yet), 1/4:20.
    (D(2026, 12, 4), D(2027, 1, 4), False),
]


@pytest.mark.parametrize(("receipt", "due", "confirmed"), PLAIN_2019)
def test_answer_due_20_working_days_after_receipt(
    receipt: date, due: date, confirmed: bool
) -> None:
    deadline = answer_deadline(app(receipt), CAL, today=receipt)
    assert (deadline.due, deadline.confirmed) == (due, confirmed)
    assert deadline.regime is REGIME_2019
    assert not deadline.overridden and not deadline.provisional


# --------------------------------------------------------------------------- regimes and extensions
REGIMES = [
    # Day before the 2019 Regulation: 2008 rules, 15 days. 5/15–17:3, 20–24:8, 27–31:13, 6/3–4:15.
    (D(2019, 5, 14), False, REGIME_2008, D(2019, 6, 4)),
    # First day of the 2019 Regulation: 20 days. 5/16–17:2, 20–24:7, 27–31:12, 6/3–6:16, off 6/7 (端午),
    # 6/10–13:20.
    (D(2019, 5, 15), False, REGIME_2019, D(2019, 6, 13)),
    # 2008 rules with extension, 30 days: from 6/4 (15): 6/5–6:17, 10–14:22, 17–21:27, 24–26:30.
    (D(2019, 5, 14), True, REGIME_2008, D(2019, 6, 26)),
    # 2017 国庆 (off 10/1–8, work 9/30 Sat), 2008 rules: 9/30:1, 10/9–13:6, 16–20:11, 23–26:15.
    (D(2017, 9, 29), False, REGIME_2008, D(2017, 10, 26)),
    # Extension adds 20 to the original due date 3/28: 3/31:1, 4/1–3:4, off 4/4–6, 4/7–11:9, 14–18:14,
    # 21–25:19, 4/27 (Sun, 调休 work):20.
    (D(2025, 3, 1), True, REGIME_2019, D(2025, 4, 27)),
    # Original 3/19: 3/20:1, 23–27:6, 30–31:8, 4/1–3:11, off 4/4–6, 4/7–10:15, 13–17:20.
    (D(2026, 2, 13), True, REGIME_2019, D(2026, 4, 17)),
    # Original 10/29: 10/30–31:2, 11/3–7:7, 10–14:12, 17–21:17, 24–26:20.
    (D(2025, 9, 25), True, REGIME_2019, D(2025, 11, 26)),
    # Original 2024-10-17 (see PLAIN_2019): 10/18:1, 21–25:6, 28–31:10, 11/1:11, 4–8:16, 11–14:20.
    (D(2024, 9, 13), True, REGIME_2019, D(2024, 11, 14)),
    # 2008 rules over 春节 2017 (off 1/27–2/2, work 1/22 Sun, 2/4 Sat): 1/22:1, 1/23–26:5, 2/3:6,
    # 2/4:7, 2/6–10:12, 2/13–15:15.
    (D(2017, 1, 20), False, REGIME_2008, D(2017, 2, 15)),
]


@pytest.mark.parametrize(("receipt", "extended", "regime", "due"), REGIMES)
def test_regime_by_receipt_date_and_extension(receipt, extended, regime, due) -> None:
    deadline = answer_deadline(app(receipt, extended=extended), CAL, today=receipt)
    assert deadline.regime is regime
    assert deadline.due == due


# --------------------------------------------------------------------------- 补正 notice (art. 30)
CORRECTION_NOTICE = [
    # 9/26:1, 9/28 (Sun work):2, 9/29–30:4, off 10/1–8, 10/9–10:6, 10/11 (Sat work):7.
    (D(2025, 9, 25), D(2025, 10, 11), True),
    # 2/14:1, off 2/15–23, 2/24–27:5, 2/28:6, 3/2:7.
    (D(2026, 2, 13), D(2026, 3, 2), True),
    # 10/8–9:2, 10/10:3, 10/12–15:7.
    (D(2026, 9, 30), D(2026, 10, 15), True),
    # Sat receipt: 1/26:1, 1/27:2, off 1/28–2/4, 2/5–7:5, 2/8:6, 2/10:7.
    (D(2025, 1, 25), D(2025, 2, 10), True),
    # 劳动节 2024: off 5/1–5, 5/6–10:5, 5/11 (Sat work):6, 5/13:7.
    (D(2024, 4, 30), D(2024, 5, 13), True),
    # 除夕 2024-02-09 is a working day (the notice only advises rest): 2/9:1, off 2/10–17, 2/18 (Sun
    # work):2, 2/19–23:7.
    (D(2024, 2, 8), D(2024, 2, 23), True),
    # 劳动节 2025: off 5/1–5, 5/6–9:4, 5/12–14:7.
    (D(2025, 4, 30), D(2025, 5, 14), True),
    # Into 2027 (no notice): 12/29–31:3, 元旦 1/1 off (decision 6 v2), 1/4–7:7 — unconfirmed.
    (D(2026, 12, 28), D(2027, 1, 7), False),
]


@pytest.mark.parametrize(("receipt", "due", "confirmed"), CORRECTION_NOTICE)
def test_correction_notice_due_7_working_days(receipt, due, confirmed) -> None:
    assert correction_notice_due(receipt, CAL) == (due, confirmed)


# --------------------------------------------------------------------------- 补正 restarts the period
# (application, today, expected due, provisional)
CORRECTIONS = [
    # Corrected application on 9/30/2025: as a receipt on 9/30 → 11/4.
    (
        app(
            D(2025, 9, 20),
            correction_notice_date=D(2025, 9, 24),
            correction_received_date=D(2025, 9, 30),
        ),
        D(2025, 10, 9),
        D(2025, 11, 4),
        False,
    ),
    # Corrected application arrives on a 春节 holiday (e-mail): as from 2/15 → 3/20.
    (
        app(
            D(2026, 2, 2),
            correction_notice_date=D(2026, 2, 5),
            correction_received_date=D(2026, 2, 15),
        ),
        D(2026, 2, 24),
        D(2026, 3, 20),
        False,
    ),
    # Still waiting for the correction on 3/2/2026: provisional, as if it arrived today.
    # 3/3–6:4, 9–13:9, 16–20:14, 23–27:19, 3/30:20.
    (
        app(D(2026, 2, 2), correction_notice_date=D(2026, 2, 5)),
        D(2026, 3, 2),
        D(2026, 3, 30),
        True,
    ),
    # Closed without correction on 3/10 (视为放弃): the period never started; runs from the answer date.
    # 3/11–13:3, 16–20:8, 23–27:13, 3/30–4/3:18, off 4/4–6, 4/7–8:20.
    (
        app(
            D(2026, 2, 2),
            correction_notice_date=D(2026, 2, 5),
            answer_date=D(2026, 3, 10),
            outcome="other.no_correction",
        ),
        D(2026, 5, 1),
        D(2026, 4, 8),
        False,
    ),
    # Correction received 9/30/2025 and extended: 11/4 + 20: 11/5–7:3, 10–14:8, 17–21:13, 24–28:18,
    # 12/1–2:20.
    (
        app(
            D(2025, 9, 20),
            correction_notice_date=D(2025, 9, 24),
            correction_received_date=D(2025, 9, 30),
            extended=True,
        ),
        D(2025, 10, 9),
        D(2025, 12, 2),
        False,
    ),
]


@pytest.mark.parametrize(("application", "today", "due", "provisional"), CORRECTIONS)
def test_correction_restarts_the_period(application, today, due, provisional) -> None:
    deadline = answer_deadline(application, CAL, today=today)
    assert (deadline.due, deadline.provisional) == (due, provisional)


# --------------------------------------------------------------------------- pauses (decision 5)
# Base case: receipt Mon 2025-03-03 → 3/4–7:4, 10–14:9, 17–21:14, 24–28:19, 3/31:20 → due 3/31.
R = D(2025, 3, 3)
PAUSES = [
    # No pause.
    (app(R), R, D(2025, 3, 31), False),
    # Consultation 3/10→3/14: d in (3/10, 3/14] = 11–14: 4 days. 3/31 + 4: 4/1–3:3, off 4/4–6, 4/7:4.
    (
        app(R, consultation_sent_date=D(2025, 3, 10), consultation_received_date=D(2025, 3, 14)),
        R,
        D(2025, 4, 7),
        False,
    ),
    # Overlapping consultation 3/10→3/14 and fee 3/12→3/19 stop the clock once: (3/10, 3/19] = 11–14,
    # 17–19: 7 days. 3/31 + 7: 4/1–3:3, 4/7–10:7.
    (
        app(
            R,
            consultation_sent_date=D(2025, 3, 10),
            consultation_received_date=D(2025, 3, 14),
            fee_notice_date=D(2025, 3, 12),
            fee_paid_date=D(2025, 3, 19),
        ),
        R,
        D(2025, 4, 10),
        False,
    ),
    # Open consultation (no reply yet), today 3/20: as if it ended today: (3/10, 3/20] = 8 days.
    # 3/31 + 8: 4/1–3:3, 4/7–11:8. Provisional.
    (app(R, consultation_sent_date=D(2025, 3, 10)), D(2025, 3, 20), D(2025, 4, 11), True),
    # The same, answered on 3/20 without a reply: the pause ends on the answer date; not provisional.
    (
        app(R, consultation_sent_date=D(2025, 3, 10), answer_date=D(2025, 3, 20), outcome="grant"),
        D(2025, 6, 1),
        D(2025, 4, 11),
        False,
    ),
    # A consultation begun after the period ran out (4/2–4/10) does not revive it.
    (
        app(R, consultation_sent_date=D(2025, 4, 2), consultation_received_date=D(2025, 4, 10)),
        R,
        D(2025, 3, 31),
        False,
    ),
    # Pause + extension: 40 counted days end 4/28 (3/31 + 4/1–3:3, 4/7–11:8, 14–18:13, 21–25:18,
    # 4/27 Sun:19, 4/28:20); + 4 paused: 4/29–30:2, off 5/1–5, 5/6–7:4.
    (
        app(
            R,
            extended=True,
            consultation_sent_date=D(2025, 3, 10),
            consultation_received_date=D(2025, 3, 14),
        ),
        R,
        D(2025, 5, 7),
        False,
    ),
    # Fee pause inside the extension (4/21→4/25 = 4 days): 4/28 + 4 = 5/7.
    (
        app(R, extended=True, fee_notice_date=D(2025, 4, 21), fee_paid_date=D(2025, 4, 25)),
        R,
        D(2025, 5, 7),
        False,
    ),
    # Across 国庆 2025: receipt 9/22 → 9/23–26:4, 9/28:5, 9/29–30:7, 10/9–10:9, 10/11:10, 13–17:15,
    # 20–24:20 → 10/24. Consultation 9/26→10/10: (9/26, 10/10] = 9/28, 9/29, 9/30, 10/9, 10/10: 5.
    # 10/24 + 5: 10/27–31.
    (
        app(
            D(2025, 9, 22),
            consultation_sent_date=D(2025, 9, 26),
            consultation_received_date=D(2025, 10, 10),
        ),
        D(2025, 9, 22),
        D(2025, 10, 31),
        False,
    ),
    # Pause from the receipt day over 春节 2026: (2/13, 2/28] = 2/14, 2/24–27, 2/28: 6. 3/19 + 6:
    # 3/20:1, 3/23–27:6.
    (
        app(
            D(2026, 2, 13),
            consultation_sent_date=D(2026, 2, 13),
            consultation_received_date=D(2026, 2, 28),
        ),
        D(2026, 2, 13),
        D(2026, 3, 27),
        False,
    ),
    # Pause ending on a holiday: receipt 9/14/2026 → 9/15–18:4, 9/20:5, 9/21–24:9, 9/28–30:12,
    # 10/8–9:14, 10/10:15, 12–16:20 → 10/16. Pause (9/24, 10/5] = 9/28–30: 3. 10/16 + 3 = 10/21.
    (
        app(
            D(2026, 9, 14),
            consultation_sent_date=D(2026, 9, 24),
            consultation_received_date=D(2026, 10, 5),
        ),
        D(2026, 9, 14),
        D(2026, 10, 21),
        False,
    ),
    # Fee notice 3/20/2026, paid 4/8: receipt 3/2 → due 3/30; paused (3/20, 4/8] = 3/23–27, 3/30–4/3,
    # 4/7–8: 12 days. 3/30 + 12: 3/31:1, 4/1–3:4, 4/7–10:8, 13–16:12.
    (
        app(D(2026, 3, 2), fee_notice_date=D(2026, 3, 20), fee_paid_date=D(2026, 4, 8)),
        D(2026, 3, 2),
        D(2026, 4, 16),
        False,
    ),
    # Correction then pause: period starts 3/9/2026 → 3/10–13:4, 16–20:9, 23–27:14, 3/30–4/3:19,
    # 4/7:20. Consultation 3/5→3/11 counts only after the start: 3/10, 3/11: 2 → 4/8–9.
    (
        app(
            D(2026, 3, 2),
            correction_notice_date=D(2026, 3, 4),
            correction_received_date=D(2026, 3, 9),
            consultation_sent_date=D(2026, 3, 5),
            consultation_received_date=D(2026, 3, 11),
        ),
        D(2026, 3, 9),
        D(2026, 4, 9),
        False,
    ),
    # 补正, pause and extension together, 2024: period starts 4/3 (corrected application) → 20th
    # working day 5/6 (see PLAIN_2019); extension: 5/7–10:4, 5/11 (Sat work):5, 13–17:10, 20–24:15,
    # 27–31:20 → 5/31; consultation (4/8, 4/12] = 4/9–12: 4 → 6/3–6 → 6/6.
    (
        app(
            D(2024, 4, 1),
            correction_notice_date=D(2024, 4, 2),
            correction_received_date=D(2024, 4, 3),
            extended=True,
            consultation_sent_date=D(2024, 4, 8),
            consultation_received_date=D(2024, 4, 12),
        ),
        D(2024, 4, 3),
        D(2024, 6, 6),
        False,
    ),
    # Pause across the year end: receipt 12/1/2025 → 12/2–5:4, 8–12:9, 15–19:14, 22–26:19, 12/29:20.
    # Pause (12/26, 2026-1/6] = 12/29–31, 1/4 (Sun work), 1/5–6: 6. Clock resumes 1/7:20.
    (
        app(
            D(2025, 12, 1),
            consultation_sent_date=D(2025, 12, 26),
            consultation_received_date=D(2026, 1, 6),
        ),
        D(2025, 12, 1),
        D(2026, 1, 7),
        False,
    ),
]


@pytest.mark.parametrize(("application", "today", "due", "provisional"), PAUSES)
def test_pauses_move_the_due_date(application, today, due, provisional) -> None:
    deadline = answer_deadline(application, CAL, today=today)
    assert (deadline.due, deadline.provisional) == (due, provisional)


def test_open_pause_never_turns_overdue() -> None:
    """A provisional due date moves one working day per working day while the pause is open
    (another organ's consultation: uncapped, decision 5 v2)."""
    pending = app(R, consultation_sent_date=D(2025, 3, 10), consultation_party="其他机关")
    for day in (D(2025, 3, 20), D(2025, 4, 30), D(2025, 6, 30)):
        due = answer_deadline(pending, CAL, today=day).due
        assert status(pending, due, day) == OPEN


# --------------------------------------------------------------------------- 第三十五条 override
def test_override_replaces_every_rule() -> None:
    a = app(
        R,
        extended=True,
        due_override_date=D(2025, 6, 30),
        due_override_reason="申请数量明显超过合理范围",
    )
    deadline = answer_deadline(a, CAL, today=R)
    assert (deadline.due, deadline.overridden, deadline.confirmed) == (D(2025, 6, 30), True, True)


def test_override_in_unknown_year_is_confirmed() -> None:
    # Set by hand, not counted: a 2027 notice cannot move it (decision 6 flags computed dates).
    a = app(D(2026, 12, 1), due_override_date=D(2027, 2, 1), due_override_reason="理由")
    deadline = answer_deadline(a, CAL, today=D(2026, 12, 1))
    assert (deadline.due, deadline.confirmed, deadline.overridden) == (D(2027, 2, 1), True, True)


# --------------------------------------------------------------------------- statuses
# Due 3/28/2025 (receipt 3/1). The due day itself is still in time.
STATUS_CASES = [
    (None, D(2025, 3, 27), OPEN),
    (None, D(2025, 3, 28), OPEN),
    (None, D(2025, 3, 29), OVERDUE),
    (D(2025, 3, 28), D(2025, 5, 1), CONCLUDED),
    (D(2025, 3, 10), D(2025, 5, 1), CONCLUDED),
    (D(2025, 3, 31), D(2025, 5, 1), CONCLUDED_LATE),
]


@pytest.mark.parametrize(("answered", "today", "expected"), STATUS_CASES)
def test_status(answered, today, expected) -> None:
    a = app(D(2025, 3, 1), answer_date=answered, outcome="grant" if answered else None)
    due = answer_deadline(a, CAL, today=today).due
    assert due == D(2025, 3, 28)
    assert status(a, due, today) == expected
    assert status_of(answered, due, today) == expected


def test_status_without_due_date() -> None:
    assert status_of(None, None, D(2025, 1, 1)) == OPEN
    assert status_of(D(2025, 1, 1), None, D(2025, 1, 1)) == CONCLUDED


def test_statuses_are_the_contract_words() -> None:
    assert deadlines.STATUSES == ("办理中", "已超期", "已办结", "逾期办结")


# --------------------------------------------------------------------------- property: clock stop
def _walk_clock(start: date, days: int, stops: list[tuple[date, date]]) -> date:
    """Decision 5 spelled out day by day: count working days after start that no pause covers."""
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        paused = any(s < day <= e for s, e in stops)
        if CAL.is_working_day(day) and not paused:
            left -= 1
    return day


@settings(max_examples=300, deadline=None)
@given(
    receipt=st.dates(min_value=D(2018, 1, 1), max_value=D(2026, 10, 31)),
    extended=st.booleans(),
    consult=st.one_of(st.none(), st.tuples(st.integers(0, 40), st.integers(0, 40))),
    fee=st.one_of(st.none(), st.tuples(st.integers(0, 40), st.integers(0, 40))),
)
def test_due_date_equals_walking_the_clock(receipt, extended, consult, fee) -> None:
    # Decision 5 v2 spelled out: another organ's consultation pauses uncapped (2019 rules only); a
    # fee notice pauses only from 2021 under the 2019 rules.
    fields: dict[str, object] = {"extended": extended}
    stops = []
    rules_2019 = receipt >= D(2019, 5, 15)
    if consult:
        sent = receipt + timedelta(days=consult[0])
        got = sent + timedelta(days=consult[1])
        fields.update(
            consultation_sent_date=sent,
            consultation_received_date=got,
            consultation_party="其他机关",
        )
        if rules_2019:
            stops.append((sent, got))
    if fee:
        sent = receipt + timedelta(days=fee[0])
        paid = sent + timedelta(days=fee[1])
        fields.update(fee_notice_date=sent, fee_paid_date=paid)
        if rules_2019 and sent >= D(2021, 1, 1):
            stops.append((sent, paid))
    a = app(receipt, **fields)
    days = deadlines.answer_days(a)
    assert answer_deadline(a, CAL, today=receipt).due == _walk_clock(receipt, days, stops)
