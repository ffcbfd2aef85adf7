"""The counting rules of contract.md decisions 1–4 and 7, one application at a time."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from desktop.domain import counting, vocab
from desktop.domain import report_formats as rf
from desktop.domain.application import Application


def app(received: date, answered: date | None = None, **fields: object) -> Application:
    values: dict[str, object] = {
        "channel": "网络",
        "applicant_type": "商业企业",
        "applicant": "某公司",
        "outcome": "grant" if answered else None,
    }
    values.update(fields)
    return Application(receipt_date=received, answer_date=answered, **values)  # type: ignore[arg-type]


def test_received_on_new_years_eve_is_new_that_year_and_carried_into_the_next():
    a = app(date(2024, 12, 31), date(2025, 1, 2))
    assert counting.received_in(a, 2024) and not counting.received_in(a, 2025)
    assert counting.carried_out(a, 2024)
    assert counting.carried_in(a, 2025)
    assert counting.concluded_in(a, 2025) and not counting.concluded_in(a, 2024)
    assert list(counting.carried_over_years(a, 2026)) == [2024]


def test_answered_on_new_years_eve_is_concluded_that_year_and_not_carried():
    a = app(date(2024, 12, 2), date(2024, 12, 31))
    assert counting.concluded_in(a, 2024)
    assert not counting.carried_out(a, 2024)
    assert not counting.carried_in(a, 2025)
    assert list(counting.carried_over_years(a, 2026)) == []


def test_open_application_is_carried_over_every_year_until_answered():
    a = app(date(2024, 11, 20))
    assert counting.outcome_row(a) is None
    assert counting.concluded_year(a) is None
    assert list(counting.carried_over_years(a, 2026)) == [2024, 2025, 2026]
    assert counting.carried_in(a, 2025) and counting.carried_in(a, 2026)
    assert not counting.carried_in(a, 2024)


def test_withdrawal_is_concluded_on_its_date_under_other():
    # Decision 3: 申请人撤回 on 2025-03-04 → concluded that day, under （六）3.其他.
    a = app(date(2025, 2, 20), date(2025, 3, 4), outcome=vocab.WITHDRAWN_OUTCOME)
    assert counting.concluded_on(a) == date(2025, 3, 4)
    assert counting.outcome_row(a) == vocab.WITHDRAWN_OUTCOME
    table = rf.FORMAT_2021.table3
    rows = counting.fill_table3(table, counting.tally([a], 2025))
    other_row = next(r for r in table.rows if vocab.WITHDRAWN_OUTCOME in r.outcomes)
    assert other_row.label == "3.其他"
    assert rows[other_row.key][1] == 1  # 商业企业
    assert rows[rf.TOTAL][-1] == 1


def test_review_filed_in_december_decided_in_january_is_pending_that_year():
    a = app(
        date(2024, 9, 2),
        date(2024, 9, 20),
        review_date=date(2024, 12, 10),
        review_result="结果纠正",
        review_result_date=date(2025, 1, 15),
    )
    assert counting.review_counted_in(a, 2024)
    assert counting.review_result_in(a, 2024) == vocab.PENDING_RESULT
    assert not counting.review_counted_in(a, 2025)  # counted once, in the year filed


def test_decided_result_on_the_last_day_and_undated_results_count_as_decided():
    assert counting.case_result("结果维持", date(2025, 12, 31), 2025) == "结果维持"
    assert counting.case_result("结果维持", None, 2025) == "结果维持"
    assert counting.case_result("", None, 2025) == vocab.PENDING_RESULT
    assert counting.case_result(vocab.PENDING_RESULT, None, 2025) == vocab.PENDING_RESULT


def test_table4_totals_are_the_sum_of_their_four_results():
    cases = [
        app(
            date(2025, 1, 6),
            date(2025, 2, 10),
            review_date=date(2025, 3, 3),
            review_result=result,
            litigation_type="复议后起诉",
            litigation_date=date(2025, 6, 2),
            litigation_result=result,
        )
        for result in ("结果维持", "结果维持", "结果纠正", "")
    ]
    values = counting.fill_table4(rf.TABLE4, counting.tally(cases, 2025))
    assert values[:5] == [2, 1, 0, 1, 4]  # 行政复议: 维持 纠正 其他 尚未审结 总计
    assert values[5:10] == [0, 0, 0, 0, 0]  # 未经复议直接起诉
    assert values[10:] == [2, 1, 0, 1, 4]


def test_prescribed_format_by_year():
    assert [counting.prescribed_format(y) for y in (2018, 2019, 2020, 2021, 2026)] == [
        "2014",
        "2019",
        "2019",
        "2021",
        "2021",
    ]


def test_2014_items_fold_channels_and_split_extended_conclusions():
    apps = [
        app(date(2016, 3, 1), date(2016, 3, 20), channel="传真"),
        app(date(2016, 4, 1), date(2016, 5, 30), channel="其他", extended=True),
    ]
    values = counting.fill_statistics_2014(counting.tally(apps, 2016))
    assert values["received"] == 2
    assert values["received.fax"] == 1 and values["received.in_person"] == 1
    assert values["concluded.on_time"] == 1 and values["concluded.extended"] == 1


days = st.dates(date(2023, 1, 1), date(2026, 12, 31))


@given(days, st.one_of(st.none(), st.integers(0, 800)), st.integers(2023, 2027))
def test_each_year_balances_one_application(received, lag, year):
    """一 + 二 = 三 + 四 holds for every application alone, so it holds for every sum of them."""
    answered = None if lag is None else received + timedelta(days=lag)
    a = app(received, answered)
    assert counting.received_in(a, year) + counting.carried_in(a, year) == counting.concluded_in(
        a, year
    ) + counting.carried_out(a, year)
    assert counting.carried_out(a, year) == (year in counting.carried_over_years(a, 2030))
    assert counting.carried_in(a, year + 1) == counting.carried_out(a, year)
