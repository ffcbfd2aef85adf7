"""Property-based: on random registers the SQL counts equal the counting rules of the domain.

`desktop/domain/counting.py` states contract.md decisions 1–4 as predicates over one Application;
`counting.tally` applies them in plain Python. `store/statistics.py` counts the same grouped numbers
with SQL over indexes. Both must agree group by group, every format filled from them must agree, and
the report's identities must hold.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain import counting, vocab
from desktop.domain import report_formats as rf
from desktop.domain.application import Application
from desktop.domain.checks import check_carry_over, run_checks
from desktop.store.register import Register
from desktop.store.statistics import base_counts, compute_report

FIRST = date(2022, 6, 1)
LEAVES = [leaf.code for leaf in vocab.OUTCOME_LEAVES]
YEARS = (2022, 2023, 2024, 2025)
# The days where a rule changes its answer: 31 December and 1 January of each year counted.
YEAR_ENDS = [d for y in range(2021, 2027) for d in (date(y, 12, 31), date(y + 1, 1, 1))]


@st.composite
def day_after(draw, earliest: date, within: int) -> date:
    """A day on or after `earliest`: any day within `within` days, or often a year's first/last day."""
    ends = [d for d in YEAR_ENDS if earliest <= d <= earliest + timedelta(days=within)]
    if ends and draw(st.booleans()):
        return draw(st.sampled_from(ends))
    return earliest + timedelta(days=draw(st.integers(0, within)))


@st.composite
def result_decided(draw, filed: date) -> tuple[str, date | None]:
    """A table 四 result and its date: none, pending, or decided (dated or, as older data, undated)."""
    result = draw(st.sampled_from(["", *vocab.REVIEW_RESULTS]))
    if result in vocab.DECIDED_RESULTS and draw(st.booleans()):
        return result, draw(day_after(filed, 500))
    return result, None


@st.composite
def applications(draw):
    received = draw(day_after(FIRST, 3 * 365))
    answered = draw(st.one_of(st.none(), day_after(received, 500)))
    review = draw(st.booleans()) and answered is not None
    review_date = draw(day_after(answered, 400)) if review else None
    result, result_date = draw(result_decided(review_date)) if review_date else ("", None)
    sue = draw(st.booleans())
    kind = draw(st.sampled_from(vocab.LITIGATION_TYPES))
    lit = {}
    if sue and answered is not None and (kind == "未经复议直接起诉" or review_date):
        filed = draw(day_after(review_date or answered, 300))
        lit_result, lit_date = draw(result_decided(filed))
        lit = dict(
            litigation_type=kind,
            litigation_date=filed,
            litigation_result=lit_result,
            litigation_result_date=lit_date,
        )
    return (
        Application(
            receipt_date=received,
            channel=draw(st.sampled_from(vocab.CHANNELS)),
            applicant_type=draw(st.sampled_from(vocab.APPLICANT_TYPES)),
            applicant="某申请人",
            answer_date=answered,
            # Decision 3: a withdrawal is concluded under （六）3.其他 on its date; the draw includes it.
            outcome=draw(st.sampled_from(LEAVES)) if answered else None,
            extended=draw(st.booleans()),
            fee_amount_cents=draw(st.one_of(st.none(), st.integers(0, 50_000))),
            review_date=review_date,
            review_result=result,
            review_result_date=result_date,
            **lit,
        ),
        draw(st.booleans()) and draw(st.booleans()),  # soft-delete about a quarter
    )


def saved_register(drawn) -> tuple[Register, list[Application]]:
    """The drawn applications saved (a quarter then soft-deleted), and the live ones as saved."""
    register = Register.memory()
    saved = register.add_many([a for a, _ in drawn])
    live = []
    for app, (_, deleted) in zip(saved, drawn, strict=True):
        if deleted:
            register.delete(app.id)
        else:
            live.append(app)
    return register, live


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(applications(), max_size=25))
def test_sql_counts_equal_the_domain_rules_and_identities_hold(drawn):
    register, live = saved_register(drawn)
    previous = None
    for year in YEARS:
        expected = counting.tally(live, year)
        assert base_counts(register, year) == expected, year
        report = compute_report(register, year, "2021")
        assert report.table3 == counting.fill_table3(rf.FORMAT_2021.table3, expected)
        assert report.table4 == counting.fill_table4(rf.TABLE4, expected)
        failed = [c for c in run_checks(report) if not c.ok]
        assert not failed, failed
        report19 = compute_report(register, year, "2019")
        assert report19.table3 == counting.fill_table3(rf.FORMAT_2019.table3, expected)
        assert all(c.ok for c in run_checks(report19))
        report14 = compute_report(register, year, "2014")
        for key, value in counting.fill_statistics_2014(expected).items():
            assert report14.statistics[key] == value, key
        assert all(c.ok for c in run_checks(report14))
        assert report14.statistics["received"] == sum(counting.received_in(a, year) for a in live)
        assert report14.statistics["concluded"] == sum(counting.concluded_in(a, year) for a in live)
        if previous is not None:
            assert check_carry_over(report, previous).ok
        previous = report
    register.close()


def _table3_cell(app: Application, year: int, row: rf.DataRow, column: str) -> bool:
    """Whether one application is counted in one cell of table 三, by the domain's predicates."""
    if column != rf.TOTAL_COLUMN and counting.applicant_column(app) != column:
        return False
    if row.key == rf.NEW:
        return counting.received_in(app, year)
    if row.key == rf.CARRIED_IN:
        return counting.carried_in(app, year)
    if row.key == rf.CARRIED_OUT:
        return counting.carried_out(app, year)
    if row.key == rf.TOTAL:
        return counting.concluded_in(app, year)
    return counting.concluded_in(app, year) and counting.outcome_row(app) in row.outcomes


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(applications(), max_size=20), st.sampled_from(["2021", "2019", "2014"]))
def test_every_number_has_exactly_its_applications_behind_it(drawn, fmt):
    from desktop.store.statistics import TABLE4_ROW, VALUE_COLUMN, applications_behind

    register, live = saved_register(drawn)
    report = compute_report(register, 2024, fmt)
    spec = report.spec
    table3 = spec.table3 or rf.FORMAT_2021.table3
    for row in table3.rows:
        for column, value in zip(table3.columns, report.table3[row.key], strict=True):
            behind = applications_behind(register, 2024, fmt, row.key, column.key)
            assert len(behind) == value
            assert set(behind) == {a.id for a in live if _table3_cell(a, 2024, row, column.key)}
    for column, value in zip(rf.TABLE4.columns, report.table4, strict=True):
        assert len(applications_behind(register, 2024, fmt, TABLE4_ROW, column.key)) == value
    if spec.statistics is not None:
        for item in spec.statistics.items:
            if item.source == rf.REGISTER and item.key != "fees":
                got = applications_behind(register, 2024, fmt, item.key, VALUE_COLUMN)
                assert len(got) == report.statistics[item.key], item.key
    register.close()
