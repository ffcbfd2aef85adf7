"""Storing a notice in the register: replacing a year's days, known years, re-derived due dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.domain.application import Application
from desktop.domain.holiday_notice import parse_notice
from desktop.store import calendar_store
from desktop.store.register import Register

NOTICES = Path(__file__).parent.parent / "data" / "notices"
D = date

# A 2027 notice written for the tests (2027 has no published notice in the data): 元旦 12/31–1/2 with
# 12/26 上班 reaching back into 2026; 春节 2/6–2/12 off, 2/13 (Sat) 上班.
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：2026年12月31日（周四）至2027年1月2日（周六）放假调休，共3天。2026年12月26日（周六）上班。
二、春节：2月6日（周六）至12日（周五）放假调休，共7天。2月13日（周六）上班。
"""


def app(receipt: date, **fields: object) -> Application:
    return Application(
        receipt_date=receipt, channel="当面", applicant_type="自然人", applicant="李四", **fields
    )


def test_bundled_years_are_listed(register: Register) -> None:
    years = calendar_store.known_years(register)
    assert [y.year for y in years] == list(range(2004, 2027))
    assert years[0].source.startswith("chinese-calendar")


def test_year_days_reads_the_table(register: Register) -> None:
    off, work = calendar_store.year_days(register, 2026)
    assert len(off) == 33 and list(work)[0] == D(2026, 1, 4)
    assert calendar_store.year_days(register, 2027) == ({}, {})


def test_storing_a_new_year_changes_the_due_dates_that_counted_it(register: Register) -> None:
    # Received 2026-12-15: before the notice 2027 is Mon–Fri minus its statutory holidays (decision
    # 6 v2: 元旦 1/1 off) → 12/16–18:3, 21–25:8, 28–31:12, 1/4–8:17, 11–13:20 → 2027-01-13, unconfirmed.
    early = register.add(app(D(2026, 12, 15)))
    assert (early.answer_due, early.due_confirmed) == (D(2027, 1, 13), False)
    # Received 2027-01-29 (Fri): 除夕–初三 2/5–8 off → 2/1–4:4, 2/9–12:8, 15–19:13, 22–26:18,
    # 3/1–2:20 → 3/2, unconfirmed.
    later = register.add(app(D(2027, 1, 29)))
    assert later.answer_due == D(2027, 3, 2)
    # Received 2026-12-01: 12/2–4:3, 7–11:8, 14–18:13, 21–25:18, 28–29:20 → 12/29, dated 2026 but
    # counting 25–29 December, which the 2027 notice governs: unconfirmed.
    december = register.add(app(D(2026, 12, 1)))
    assert (december.answer_due, december.due_confirmed) == (D(2026, 12, 29), False)
    # An old concluded case that cannot touch 2027.
    old = register.add(app(D(2025, 3, 1), answer_date=D(2025, 3, 20), outcome="grant"))

    stored = calendar_store.store_notice(register, parse_notice(NOTICE_2027))
    assert (stored.year, stored.days_off, stored.working_days) == (2027, 10, 2)
    assert stored.deadlines_changed == 3
    assert 2027 in [y.year for y in calendar_store.known_years(register)]

    # 12/15 with the notice: 12/16–18:3, 21–25:8, 12/26 (Sat 上班):9, 28–30:12, off 12/31–1/2,
    # 1/4–8:17, 1/11–13:20 → 2027-01-13, confirmed.
    assert (register.get(early.id).answer_due, register.get(early.id).due_confirmed) == (
        D(2027, 1, 13),
        True,
    )
    # 1/29: 2/1–5:5, off 2/6–12, 2/13 (Sat 上班):6, 2/15–19:11, 22–26:16, 3/1–4:20 → 2027-03-04.
    assert register.get(later.id).answer_due == D(2027, 3, 4)
    assert register.get(old.id).answer_due == D(2025, 3, 28)
    # 12/1 with the notice: …21–25:18, 12/26 (Sat 上班):19, 12/28:20 → 2026-12-28, confirmed. Had it
    # been shown as confirmed before, the office would have been told a date one day too late.
    assert (register.get(december.id).answer_due, register.get(december.id).due_confirmed) == (
        D(2026, 12, 28),
        True,
    )
    # The 2026 days stored by the bundled data stay; the 12/26 and 12/31 days come from the notice.
    off, work = calendar_store.year_days(register, 2026)
    assert off[D(2026, 12, 31)] == "元旦" and work[D(2026, 12, 26)] == "元旦"
    assert off[D(2026, 10, 1)] == "国庆节"


def test_reimporting_a_year_replaces_its_days(register: Register) -> None:
    before_off, before_work = calendar_store.year_days(register, 2026)
    calendar_store.store_notice(register, parse_notice((NOTICES / "2026.txt").read_text("utf-8")))
    after_off, after_work = calendar_store.year_days(register, 2026)
    assert sorted(after_off) == sorted(before_off) and sorted(after_work) == sorted(before_work)
    assert calendar_store.year_info(register, 2026).source == calendar_store.NOTICE_SOURCE


def test_reimporting_2019_keeps_december_2018_from_its_new_year_entry(register: Register) -> None:
    calendar_store.store_notice(register, parse_notice((NOTICES / "2019.txt").read_text("utf-8")))
    off, work = calendar_store.year_days(register, 2018)
    assert work[D(2018, 12, 29)] == "元旦" and D(2018, 12, 31) in off
    assert off[D(2018, 10, 1)] == "国庆节"  # the rest of 2018 untouched


def test_calendar_change_is_audited(register: Register) -> None:
    calendar_store.store_notice(register, parse_notice(NOTICE_2027))
    row = register.conn.execute(
        "SELECT action, field, after FROM audit_log WHERE action = 'calendar'"
    ).fetchone()
    assert row["field"] == "2027" and "春节" in row["after"]


def test_failed_store_changes_nothing(register: Register, monkeypatch: pytest.MonkeyPatch) -> None:
    a = register.add(app(D(2026, 12, 15)))

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(register, "rederive_in_transaction", boom)
    with pytest.raises(RuntimeError):
        calendar_store.store_notice(register, parse_notice(NOTICE_2027))
    assert calendar_store.year_days(register, 2027) == ({}, {})
    assert calendar_store.year_info(register, 2027) is None
    assert not register.calendar().is_known(D(2027, 1, 1))
    assert register.get(a.id).answer_due == D(2027, 1, 13)  # 元旦 2027 off by the 放假办法


def test_refresh_provisional_deadlines(register: Register) -> None:
    # Received 2025-03-03, consultation sent 3/10, no reply. Stored on 3/20 → due 4/11 (see
    # tests/domain/test_deadlines.py); refreshed on 3/27: (3/10, 3/27] = 13 days, 3/31 + 13:
    # 4/1–3:3, 4/7–11:8, 14–18:13 → 4/18.
    a = register.add(app(D(2025, 3, 3), consultation_sent_date=D(2025, 3, 10)))
    register.refresh_provisional_deadlines(D(2025, 3, 20))
    assert register.get(a.id).answer_due == D(2025, 4, 11)
    assert register.refresh_provisional_deadlines(D(2025, 3, 27)) == 1
    assert register.get(a.id).answer_due == D(2025, 4, 18)
    assert register.refresh_provisional_deadlines(D(2025, 3, 27)) == 0


def test_the_open_applications_a_notice_moves_are_listed_before_saving(register: Register) -> None:
    # Decision 6 v2. 2027-01-29: 3/2 without the notice (除夕–初三 2/5–8 off) → 3/4 with it (2/6–12
    # off, 2/13 上班; test above). 2026-12-15: 1/13 either way (only its confirmation changes).
    # An answered 2027 case is not listed: its due date no longer matters to the office.
    later = register.add(app(D(2027, 1, 29)))
    register.add(app(D(2026, 12, 15)))
    register.add(app(D(2027, 1, 28), answer_date=D(2027, 2, 20), outcome="grant"))
    moving = calendar_store.deadlines_that_move(register, parse_notice(NOTICE_2027))
    assert [(m.id, m.old, m.new) for m in moving] == [(later.id, D(2027, 3, 2), D(2027, 3, 4))]
    assert moving[0].describe() == f"{later.number} 李四：2027-03-02 → 2027-03-04"
    assert calendar_store.year_info(register, 2027) is None  # nothing stored by the preview
