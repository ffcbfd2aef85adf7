"""The chart figures equal what counting the applications one by one gives (deleted ones excluded)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from desktop.domain import vocab
from desktop.domain.application import Application
from desktop.store import chart_queries as cq

CONCLUDING = [leaf.code for leaf in vocab.OUTCOME_LEAVES]


def add_sample(register, seed: int = 7, count: int = 160) -> list[Application]:
    """Applications received over 2025–2026, some concluded (on time or late), two soft-deleted.

    Returns the live applications as stored (with their derived answer_due).
    """
    rnd = random.Random(seed)
    apps = []
    for _ in range(count):
        received = date(2025, 1, 1) + timedelta(days=rnd.randrange(0, 700))
        app = Application(
            receipt_date=received,
            channel=rnd.choice(vocab.CHANNELS),
            applicant_type=rnd.choice(vocab.APPLICANT_TYPES),
            applicant=f"申请人{rnd.randrange(1000)}",
            content="样本申请",
        )
        if rnd.random() < 0.75:
            # Mostly within the 20 working days, sometimes long after (逾期办结).
            days = rnd.randrange(0, 25) if rnd.random() < 0.8 else rnd.randrange(35, 80)
            app = app.replace(
                answer_date=received + timedelta(days=days), outcome=rnd.choice(CONCLUDING)
            )
        apps.append(app)
    saved = register.add_many(apps)
    for gone in saved[:2]:
        register.delete(gone.id)
    return saved[2:]


def month_counts(dates: list[date], year: int) -> list[int]:
    c = Counter(d.month for d in dates if d.year == year)
    return [c[m] for m in range(1, 13)]


def test_per_month_received_and_concluded(register):
    live = add_sample(register)
    for year in (2025, 2026):
        assert cq.received_per_month(register, year) == month_counts(
            [a.receipt_date for a in live], year
        )
        assert cq.concluded_per_month(register, year) == month_counts(
            [a.answer_date for a in live if a.answer_date], year
        )
    assert sum(cq.received_per_month(register, 2025)) + sum(
        cq.received_per_month(register, 2026)
    ) == len(live)


def test_by_channel_type_and_outcome_family(register):
    live = add_sample(register)
    year = 2026
    received = [a for a in live if a.receipt_date.year == year]
    assert cq.by_channel(register, year) == {
        ch: sum(a.channel == ch for a in received) for ch in vocab.CHANNELS
    }
    assert list(cq.by_channel(register, year)) == list(vocab.CHANNELS)
    assert cq.by_applicant_type(register, year) == {
        t: sum(a.applicant_type == t for a in received) for t in vocab.APPLICANT_TYPES
    }
    concluded = [a for a in live if a.answer_date and a.answer_date.year == year]
    families = cq.by_outcome_family(register, year)
    assert list(families) == [g.family for g in vocab.OUTCOME_GROUPS]
    assert families == {
        g.family: sum(vocab.outcome_group(a.outcome).code == g.code for a in concluded)
        for g in vocab.OUTCOME_GROUPS
    }
    assert sum(families.values()) == len(concluded)


def test_on_time_rate(register):
    live = add_sample(register)
    year = 2025
    concluded = [a for a in live if a.answer_date and a.answer_date.year == year]
    late = [a for a in concluded if a.answer_date > a.answer_due]
    assert late, "the sample must contain late answers"
    total = cq.on_time_for_year(register, year)
    assert (total.concluded, total.on_time) == (len(concluded), len(concluded) - len(late))
    assert 0 < total.rate < 1
    months = cq.on_time_per_month(register, year)
    for m in range(1, 13):
        in_month = [a for a in concluded if a.answer_date.month == m]
        assert months[m - 1].concluded == len(in_month)
        assert months[m - 1].on_time == sum(a.answer_date <= a.answer_due for a in in_month)


def test_year_on_year_and_years(register):
    live = add_sample(register)
    yoy = cq.year_on_year(register, 2026)
    assert yoy.this_year == month_counts([a.receipt_date for a in live], 2026)
    assert yoy.last_year == month_counts([a.receipt_date for a in live], 2025)
    assert yoy.change == (sum(yoy.this_year) - sum(yoy.last_year)) / sum(yoy.last_year)
    assert cq.years_with_data(register)[:2] == [2026, 2025]


def test_deleted_rows_are_not_counted(register):
    app = register.add(
        Application(
            receipt_date=date(2024, 5, 6),
            channel="传真",
            applicant_type="科研机构",
            applicant="甲",
            answer_date=date(2024, 5, 10),
            outcome="grant",
        )
    )
    assert cq.by_channel(register, 2024)["传真"] == 1
    register.delete(app.id)
    assert cq.by_channel(register, 2024)["传真"] == 0
    assert cq.received_per_month(register, 2024) == [0] * 12
    assert cq.on_time_for_year(register, 2024) == cq.OnTime(0, 0)
    assert cq.on_time_for_year(register, 2024).rate is None
    assert cq.years_with_data(register) == []


def test_empty_year_is_all_zero(register):
    assert cq.by_outcome_family(register, 2030) == {g.family: 0 for g in vocab.OUTCOME_GROUPS}
    assert cq.year_on_year(register, 2030).change is None


def test_year_figures_agree_with_the_single_queries(register):
    add_sample(register)
    for year in (2025, 2026):
        f = cq.year_figures(register, year)
        assert f.received == cq.received_per_month(register, year)
        assert f.concluded == cq.concluded_per_month(register, year)
        assert f.channels == cq.by_channel(register, year)
        assert f.applicant_types == cq.by_applicant_type(register, year)
        assert f.families == cq.by_outcome_family(register, year)
        assert f.on_time_months == cq.on_time_per_month(register, year)
        assert f.on_time_year == cq.on_time_for_year(register, year)
        assert f.yoy == cq.year_on_year(register, year)


def _domain_counts(live, start, end, today):
    from desktop.domain.on_time import on_time_counts

    return on_time_counts([(a.answer_date, a.answer_due) for a in live], start, end, today)


def test_on_time_counts_open_overdue_cases_as_the_domain_rule_does(register):
    """The SQL judges exactly what `on_time.verdict` judges, per month and per year."""
    live = add_sample(register, seed=11, count=240)
    today = date(2026, 6, 17)
    open_late = [a for a in live if a.answer_date is None and a.answer_due < today]
    assert open_late, "the sample must contain open overdue cases"
    for year in (2025, 2026):
        months = cq.on_time_per_month(register, year, today)
        for m in range(1, 13):
            start = date(year, m, 1)
            end = (date(year + m // 12, m % 12 + 1, 1)) - timedelta(days=1)
            got = months[m - 1]
            assert (got.judged, got.on_time) == _domain_counts(live, start, end, today), (year, m)
        total = cq.on_time_for_year(register, year, today)
        expected = _domain_counts(live, date(year, 1, 1), date(year, 12, 31), today)
        assert (total.judged, total.on_time) == expected
        assert cq.year_figures(register, year, today).on_time_year == total
    assert cq.on_time_for_year(register, 2026, today).open_overdue > 0


def test_an_open_overdue_case_lowers_the_rate(register):
    # The review: one case answered in time, one 11 working days overdue and open: 50 %, not 100 %.
    done = Application(
        receipt_date=date(2026, 10, 12),
        channel="网络",
        applicant_type="自然人",
        applicant="甲",
        answer_date=date(2026, 10, 30),
        outcome="grant",
    )
    waiting = Application(
        receipt_date=date(2026, 10, 13), channel="网络", applicant_type="自然人", applicant="乙"
    )
    saved = register.add_many([done, waiting])
    assert saved[1].answer_due < date(2026, 12, 2)
    year = cq.on_time_for_year(register, 2026, date(2026, 12, 2))
    assert (year.concluded, year.on_time, year.open_overdue) == (1, 1, 1)
    assert year.rate == 0.5
    # Before it fell overdue it was not judged.
    assert cq.on_time_for_year(register, 2026, saved[1].answer_due).rate == 1.0
