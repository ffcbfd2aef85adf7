"""Dates that are valid but cannot be right are doubted (asked about), never silently taken."""

from __future__ import annotations

from datetime import date

from desktop.domain.application import Application
from desktop.domain.date_doubts import changed_doubts, date_doubts

TODAY = date(2026, 12, 2)


def app(receipt: date, **kw) -> Application:
    return Application(
        receipt_date=receipt, channel="网络", applicant_type="自然人", applicant="张三", **kw
    )


def test_a_mistyped_future_year_is_doubted():
    doubts = date_doubts(app(date(2062, 11, 20)), TODAY, [2025, 2026])
    assert [d.field for d in doubts] == ["receipt_date"]
    assert doubts[0].message == "“收到日期”2062年11月20日晚于今天（2026年12月2日）"


def test_today_and_yesterday_are_fine():
    assert date_doubts(app(TODAY), TODAY, [2026]) == []
    assert date_doubts(app(date(2026, 12, 1), answer_date=TODAY), TODAY, [2025, 2026]) == []


def test_before_the_regulation_took_effect():
    doubts = date_doubts(app(date(2008, 4, 30)), TODAY)
    assert "早于《政府信息公开条例》施行日（2008年5月1日）" in doubts[0].message
    assert date_doubts(app(date(2008, 5, 1)), TODAY) == []


def test_a_year_far_from_the_others():
    doubts = date_doubts(app(date(2016, 3, 1)), TODAY, [2024, 2025, 2026])
    assert doubts[0].message == "“收到日期”是2016年，登记簿中其他申请都在2024–2026年收到"
    # Next to the others (last year's carry-over, a late import) is no doubt; nor is an empty register.
    assert date_doubts(app(date(2023, 12, 30)), TODAY, [2024, 2025]) == []
    assert date_doubts(app(date(2016, 3, 1)), TODAY, []) == []


def test_an_answer_dated_after_today_is_doubted_but_an_art35_deadline_is_not():
    later = app(
        date(2026, 11, 2), answer_date=date(2026, 12, 20), due_override_date=date(2027, 1, 30)
    )
    assert [d.field for d in date_doubts(later, TODAY, [2026])] == ["answer_date"]


def test_a_date_confirmed_earlier_is_not_asked_again():
    saved = app(date(2062, 11, 20))
    edited = saved.replace(remarks="电话联系过")
    assert changed_doubts(edited, saved, TODAY, [2026]) == []
    assert [d.field for d in changed_doubts(edited, None, TODAY, [2026])] == ["receipt_date"]


def test_a_ledger_row_far_from_the_other_rows_is_named_by_its_row():
    from desktop.domain.date_doubts import import_doubts

    rows = [
        app(date(2025, 3, 1)),
        app(date(2205, 3, 2)),
        app(date(2025, 4, 1)),
        app(date(2015, 1, 9)),
    ]
    found = import_doubts(rows, [2, 3, 4, 5], TODAY, [])
    assert [(row, d.field) for row, d in found] == [(3, "receipt_date"), (5, "receipt_date")]
    assert "晚于今天" in found[0][1].message and "是2015年" in found[1][1].message
