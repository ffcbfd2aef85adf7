"""The register view's queries: filters, search in either script, stable paging, index use."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain import deadlines
from desktop.domain.application import Application
from desktop.store.queries import RegisterQueries, RegisterQuery, fts_phrase, like_pattern

TODAY = date(2026, 3, 10)


def make(**kw) -> Application:
    base = dict(
        receipt_date=date(2026, 2, 13), channel="网络", applicant_type="自然人", applicant="李四"
    )
    base.update(kw)
    return Application(**base)


@pytest.fixture
def filled(register):
    """A small register covering every filter value the tests ask about."""
    apps = [
        # open, due 2026-03-19: 办理中 on TODAY
        make(applicant="张三", content="申请公开道路拓宽工程的征收补偿方案"),
        # open, received 2025: long overdue on TODAY
        make(receipt_date=date(2025, 11, 3), applicant="陳大文", content="環境影響評價報告"),
        # answered in time: 已办结
        make(
            receipt_date=date(2025, 6, 2),
            channel="邮寄",
            applicant_type="商业企业",
            applicant="长沙某科技有限公司",
            content="财政预算执行情况",
            answer_date=date(2025, 6, 20),
            outcome="grant",
        ),
        # answered late: 逾期办结
        make(
            receipt_date=date(2025, 1, 6),
            channel="当面",
            applicant="王五",
            content="学校招生计划",
            answer_date=date(2025, 4, 30),
            outcome="deny.secret",
        ),
        make(
            receipt_date=date(2024, 12, 30),
            applicant="赵六",
            content="规划许可",
            answer_date=date(2025, 1, 10),
            outcome="unable.none",
        ),
    ]
    saved = register.add_many(apps)
    return register, saved


def numbers(queries: RegisterQueries, query: RegisterQuery) -> list[str]:
    return [r.application.number for r in queries.page(query, 0, 100)]


def test_rows_come_newest_receipt_first_and_count_matches(filled):
    register, saved = filled
    q = RegisterQueries(register.conn)
    query = RegisterQuery(today=TODAY)
    rows = q.page(query, 0, 100)
    receipts = [r.application.receipt_date for r in rows]
    assert receipts == sorted(receipts, reverse=True)
    assert q.count(query) == len(rows) == 5


def test_year_filter_is_by_receipt_date(filled):
    register, _ = filled
    q = RegisterQueries(register.conn)
    found = q.page(RegisterQuery(year=2025, today=TODAY), 0, 100)
    assert {r.application.receipt_date.year for r in found} == {2025}
    assert len(found) == 3
    assert q.count(RegisterQuery(year=2024, today=TODAY)) == 1


@pytest.mark.parametrize(
    ("status", "applicants"),
    [
        (deadlines.OPEN, {"张三"}),
        (deadlines.OVERDUE, {"陳大文"}),
        (deadlines.CONCLUDED, {"长沙某科技有限公司", "赵六"}),
        (deadlines.CONCLUDED_LATE, {"王五"}),
    ],
)
def test_status_filter(filled, status, applicants):
    register, _ = filled
    q = RegisterQueries(register.conn)
    found = q.page(RegisterQuery(status=status, today=TODAY), 0, 100)
    assert {r.application.applicant for r in found} == applicants


def test_sql_status_agrees_with_the_domain_rule_row_by_row(filled):
    register, _ = filled
    q = RegisterQueries(register.conn)
    for today in (date(2025, 1, 1), TODAY, date(2026, 3, 19), date(2026, 3, 20)):
        for status in deadlines.STATUSES:
            for row in q.page(RegisterQuery(status=status, today=today), 0, 100):
                app = row.application
                assert deadlines.status(app, app.answer_due, today) == status
        counts = q.status_counts(RegisterQuery(today=today))
        assert sum(counts.values()) == 5


def test_open_application_due_today_is_still_open_not_overdue(filled):
    register, saved = filled
    q = RegisterQueries(register.conn)
    due = saved[0].answer_due
    assert due == date(2026, 3, 19)
    assert saved[0].number in numbers(q, RegisterQuery(status=deadlines.OPEN, today=due))
    assert saved[0].number in numbers(
        q, RegisterQuery(status=deadlines.OVERDUE, today=date(2026, 3, 20))
    )


def test_channel_type_and_outcome_filters(filled):
    register, _ = filled
    q = RegisterQueries(register.conn)
    assert q.count(RegisterQuery(channel="邮寄")) == 1
    assert q.count(RegisterQuery(applicant_type="商业企业")) == 1
    assert q.count(RegisterQuery(outcome="deny.secret")) == 1
    # A group code takes the whole family; grant is both a group and its only leaf.
    assert q.count(RegisterQuery(outcome="deny")) == 1
    assert q.count(RegisterQuery(outcome="unable")) == 1
    assert q.count(RegisterQuery(outcome="grant")) == 1
    assert q.count(RegisterQuery(outcome="reject")) == 0
    both = RegisterQuery(channel="网络", year=2025)
    assert [r.application.applicant for r in q.page(both, 0, 10)] == ["陳大文"]


@pytest.mark.parametrize(
    ("text", "applicant"),
    [
        ("環境影響", "陳大文"),  # traditional query, traditional text (3+: trigram)
        ("环境影响", "陈大文"),  # simplified query finds traditional text
        ("陳大", "陈大文"),  # 2 characters: LIKE
        ("陈", "陈大文"),  # 1 character
        ("徵收補償", "张三"),  # traditional query finds simplified text
        ("补偿", "张三"),
        ("科技有限", "长沙某科技有限公司"),  # applicant name
    ],
)
def test_search_finds_applicant_and_content_in_either_script(filled, text, applicant):
    register, _ = filled
    q = RegisterQueries(register.conn)
    found = q.page(RegisterQuery(search=text), 0, 10)
    names = {r.application.applicant for r in found}
    from desktop.domain.chinese import to_simplified

    assert {to_simplified(n) for n in names} == {to_simplified(applicant)}
    assert q.count(RegisterQuery(search=text)) == len(found)


def test_search_text_with_quotes_and_wildcards_is_literal(filled):
    register, _ = filled
    q = RegisterQueries(register.conn)
    assert q.count(RegisterQuery(search='"道路')) == 0
    assert q.count(RegisterQuery(search="%")) == 0
    assert q.count(RegisterQuery(search="_")) == 0
    assert fts_phrase('a"b') == '"a""b"'
    assert like_pattern("5%_") == "%5\\%\\_%"


def test_deleted_rows_hidden_unless_asked(filled):
    register, saved = filled
    q = RegisterQueries(register.conn)
    register.delete(saved[0].id)
    q.invalidate()
    assert q.count(RegisterQuery()) == 4
    shown = q.page(RegisterQuery(show_deleted=True), 0, 10)
    assert len(shown) == 5
    assert [r.deleted for r in shown if r.application.id == saved[0].id] == [True]


def test_count_is_cached_until_invalidated(filled):
    register, _ = filled
    q = RegisterQueries(register.conn)
    assert q.count(RegisterQuery()) == 5
    register.add(make(applicant="新来的"))
    assert q.count(RegisterQuery()) == 5  # cached
    q.invalidate()
    assert q.count(RegisterQuery()) == 6


def bulk(register, rows: int) -> None:
    """Many rows quickly, through SQL (the register's add() is for one clerk at a time)."""
    stamp = "2026-01-01T00:00:00"
    data = [
        (
            f"2025-{i:06d}",
            "网络" if i % 3 else "邮寄",
            f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
            "自然人",
            f"申请人{i}",
            f"申请人{i}",
            "2025-12-31",
            stamp,
            stamp,
        )
        for i in range(rows)
    ]
    with register.transaction() as conn:
        conn.executemany(
            "INSERT INTO applications (number, channel, receipt_date, applicant_type, applicant, "
            "search_text, answer_due, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            data,
        )


def test_keyset_pages_and_offset_pages_give_the_same_rows(register):
    bulk(register, 1000)
    q = RegisterQueries(register.conn)
    query = RegisterQuery(channel="网络")
    by_offset = [r.application.id for i in range(0, 700, 100) for r in q.page(query, i, 100)]
    keyset: list[int] = []
    page = q.page(query, 0, 100)
    while page:
        keyset += [r.application.id for r in page]
        page = q.page_after(query, page[-1].key, 100)
    assert keyset == by_offset[: len(keyset)]
    assert len(keyset) == q.count(query) == 666
    assert len(set(keyset)) == len(keyset)
    # Backwards from page 3 gives page 2.
    third = q.page(query, 300, 100)
    assert [r.application.id for r in q.page_before(query, third[0].key, 100)] == keyset[200:300]
    # A page near the end is read from the other end of the index, the same rows.
    assert [r.application.id for r in q.page(query, 600, 100)] == keyset[600:]


def test_position_is_the_row_index_in_view_order(register):
    bulk(register, 300)
    q = RegisterQueries(register.conn)
    query = RegisterQuery()
    rows = q.page(query, 0, 300)
    for index in (0, 1, 150, 299):
        assert q.position(query, rows[index].application.id) == index
    mailed = RegisterQuery(channel="邮寄")
    mailed_rows = q.page(mailed, 0, 300)
    assert q.position(mailed, mailed_rows[7].application.id) == 7
    online = next(r for r in rows if r.application.channel == "网络")
    assert q.position(mailed, online.application.id) is None  # filtered out


def test_years_lists_receipt_years_newest_first(filled):
    register, _ = filled
    assert RegisterQueries(register.conn).years() == [2026, 2025, 2024]


@pytest.mark.parametrize(
    "query",
    [
        RegisterQuery(),
        RegisterQuery(year=2025),
        RegisterQuery(status=deadlines.CONCLUDED, today=TODAY),
        RegisterQuery(outcome="deny"),
        RegisterQuery(channel="网络", year=2025),
        RegisterQuery(applicant_type="自然人"),
    ],
)
def test_pages_walk_an_index_in_view_order_without_sorting(register, query):
    """EXPLAIN QUERY PLAN: no temporary sort for the filters a clerk uses most."""
    bulk(register, 50)
    plan = " | ".join(RegisterQueries(register.conn).plan(query))
    assert "USING INDEX ix_app_" in plan
    assert "TEMP B-TREE" not in plan


def test_short_search_walks_the_index_when_matches_are_many_and_collects_when_few(
    register, monkeypatch
):
    import desktop.store.queries as queries

    bulk(register, 50)
    monkeypatch.setattr(queries, "SPARSE_MATCHES", 10)
    q = RegisterQueries(register.conn)
    many = " | ".join(q.plan(RegisterQuery(search="申请")))  # 50 matches > 10
    # ix_app_live: the same view order over live rows only (schema v5).
    walks = "USING INDEX ix_app_receipt" in many or "USING INDEX ix_app_live" in many
    assert walks and "TEMP B-TREE" not in many
    few = RegisterQuery(search="7")  # 申请人7, 17, 27, 37, 47
    assert "LIST SUBQUERY" in " | ".join(q.plan(few))
    in_view_order = [r.application.applicant for r in q.page(RegisterQuery(), 0, 50)]
    assert [r.application.applicant for r in q.page(few, 0, 10)] == [
        name for name in in_view_order if "7" in name
    ]
