"""Property-based: on random registers the identities hold and every cell matches its definition.

The oracle below counts straight from the list of applications with the words of contract.md
decision 2 and 4; the code under test counts with SQL. Both must agree, and the checks must pass.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain import report_formats as rf
from desktop.domain import vocab
from desktop.domain.application import Application
from desktop.domain.checks import check_carry_over, run_checks
from desktop.store.register import Register
from desktop.store.statistics import compute_report

FIRST = date(2022, 6, 1)
LEAVES = [leaf.code for leaf in vocab.OUTCOME_LEAVES]


@st.composite
def applications(draw):
    received = FIRST + timedelta(days=draw(st.integers(0, 3 * 365)))
    lag = draw(st.one_of(st.none(), st.integers(0, 500)))
    answered = None if lag is None else received + timedelta(days=lag)
    review = draw(st.one_of(st.none(), st.integers(0, 400)))
    review_date = None if review is None or answered is None else answered + timedelta(days=review)
    result = draw(st.sampled_from(["", *vocab.REVIEW_RESULTS]))
    sue = draw(st.one_of(st.none(), st.integers(0, 300)))
    kind = draw(st.sampled_from(vocab.LITIGATION_TYPES))
    lit = {}
    if sue is not None and answered is not None and (kind == "未经复议直接起诉" or review_date):
        lit = dict(
            litigation_type=kind,
            litigation_date=(review_date or answered) + timedelta(days=sue),
            litigation_result=draw(st.sampled_from(["", *vocab.REVIEW_RESULTS])),
        )
    return (
        Application(
            receipt_date=received,
            channel=draw(st.sampled_from(vocab.CHANNELS)),
            applicant_type=draw(st.sampled_from(vocab.APPLICANT_TYPES)),
            applicant="某申请人",
            answer_date=answered,
            outcome=draw(st.sampled_from(LEAVES)) if answered else None,
            extended=draw(st.booleans()),
            review_date=review_date,
            review_result=result if review_date else "",
            **lit,
        ),
        draw(st.booleans()) and draw(st.booleans()),  # soft-delete about a quarter
    )


def oracle_table3(apps: list[Application], year: int) -> dict[str, list[int]]:
    start, end = date(year, 1, 1), date(year, 12, 31)

    def row(pred) -> list[int]:
        values = [
            sum(1 for a in apps if a.applicant_type == t and pred(a)) for t in vocab.APPLICANT_TYPES
        ]
        return [*values, sum(values)]

    rows = {
        rf.NEW: row(lambda a: start <= a.receipt_date <= end),
        rf.CARRIED_IN: row(
            lambda a: a.receipt_date < start and (a.answer_date is None or a.answer_date >= start)
        ),
        rf.TOTAL: row(lambda a: a.answer_date is not None and start <= a.answer_date <= end),
        rf.CARRIED_OUT: row(
            lambda a: a.receipt_date <= end and (a.answer_date is None or a.answer_date > end)
        ),
    }
    for code in LEAVES:
        rows[code] = row(lambda a, c=code: a.outcome == c and start <= a.answer_date <= end)
    return rows


def oracle_table4(apps: list[Application], year: int) -> list[int]:
    def result(text: str) -> str:
        return text if text in ("结果维持", "结果纠正", "其他结果") else "尚未审结"

    values: list[int] = []
    groups = [("review", None), ("lit", "未经复议直接起诉"), ("lit", "复议后起诉")]
    for group, kind in groups:
        if group == "review":
            cases = [
                result(a.review_result)
                for a in apps
                if a.review_date and a.review_date.year == year
            ]
        else:
            cases = [
                result(a.litigation_result)
                for a in apps
                if a.litigation_date
                and a.litigation_date.year == year
                and a.litigation_type == kind
            ]
        values += [cases.count(r) for r in vocab.REVIEW_RESULTS] + [len(cases)]
    return values


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(applications(), max_size=25))
def test_sql_counts_match_the_definitions_and_identities_hold(drawn):
    register = Register.memory()
    saved = register.add_many([a for a, _ in drawn])
    live = []
    for app, (_, deleted) in zip(saved, drawn, strict=True):
        if deleted:
            register.delete(app.id)
        else:
            live.append(app)
    previous = None
    for year in (2022, 2023, 2024, 2025):
        report = compute_report(register, year, "2021")
        expected = oracle_table3(live, year)
        for key, values in expected.items():
            assert report.table3[key] == values, (year, key)
        assert report.table4 == oracle_table4(live, year)
        failed = [c for c in run_checks(report) if not c.ok]
        assert not failed, failed
        report19 = compute_report(register, year, "2019")
        assert all(c.ok for c in run_checks(report19))
        report14 = compute_report(register, year, "2014")
        assert all(c.ok for c in run_checks(report14))
        assert report14.statistics["received"] == expected[rf.NEW][-1]
        assert report14.statistics["concluded"] == expected[rf.TOTAL][-1]
        if previous is not None:
            assert check_carry_over(report, previous).ok
        previous = report
    register.close()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(applications(), max_size=20), st.sampled_from(["2021", "2019", "2014"]))
def test_every_number_has_exactly_that_many_applications_behind_it(drawn, fmt):
    from desktop.store.statistics import TABLE4_ROW, VALUE_COLUMN, applications_behind

    register = Register.memory()
    saved = register.add_many([a for a, _ in drawn])
    for app, (_, deleted) in zip(saved, drawn, strict=True):
        if deleted:
            register.delete(app.id)
    report = compute_report(register, 2024, fmt)
    spec = report.spec
    table3 = spec.table3 or rf.FORMAT_2021.table3
    for row in table3.rows:
        for column, value in zip(table3.columns, report.table3[row.key], strict=True):
            assert len(applications_behind(register, 2024, fmt, row.key, column.key)) == value
    for column, value in zip(rf.TABLE4.columns, report.table4, strict=True):
        assert len(applications_behind(register, 2024, fmt, TABLE4_ROW, column.key)) == value
    if spec.statistics is not None:
        for item in spec.statistics.items:
            if item.source == rf.REGISTER and item.key != "fees":
                got = applications_behind(register, 2024, fmt, item.key, VALUE_COLUMN)
                assert len(got) == report.statistics[item.key], item.key
    register.close()
