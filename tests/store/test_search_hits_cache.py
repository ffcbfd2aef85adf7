"""A search's hits are read from the index once per search and register state, and never go stale."""

from __future__ import annotations

from datetime import date

from desktop.domain import deadlines
from desktop.domain.application import Application
from desktop.store import queries as q
from desktop.store.queries import RegisterQueries, RegisterQuery


def add(register, content: str, n: int = 1) -> None:
    register.add_many(
        Application(date(2025, 3, 1 + i % 27), "网络", "自然人", f"申请人{i}", content=content)
        for i in range(n)
    )


def temp_hit_tables(conn) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_temp_master WHERE type = 'table' AND name LIKE 'ogi_hits_%'"
        )
    ]


def test_one_read_of_the_index_serves_count_statuses_position_and_pages(register):
    add(register, "申请公开房屋征收补偿方案", 20)  # a pair in a fifth of the texts: by index
    add(register, "申请公开道路规划", 80)
    queries = RegisterQueries(register.conn)
    asked: list[str] = []
    register.conn.set_trace_callback(asked.append)
    try:
        query = RegisterQuery(search="征收")
        assert queries.count(query) == 20
        counts = queries.status_counts(query)
        assert sum(counts.values()) == 20
        page = queries.page(query, 0, 10)
        assert len(page) == 10
        assert queries.position(query, page[3].application.id) == 3
    finally:
        register.conn.set_trace_callback(None)
    index_reads = [s for s in asked if "applications_fts MATCH" in s]
    assert len(index_reads) == 1, index_reads
    assert len(temp_hit_tables(register.conn)) == 1


def test_after_a_change_the_hits_are_read_again(register):
    add(register, "征收决定", 5)
    queries = RegisterQueries(register.conn)
    query = RegisterQuery(search="征收决")
    assert queries.count(query) == 5
    add(register, "又一份征收决定")
    register.delete(1)
    queries.invalidate()  # what the view does when the register announces a commit
    assert temp_hit_tables(register.conn) == []
    assert queries.count(query) == 5  # one more, one deleted
    assert queries.count(query.replace(show_deleted=True)) == 6
    assert (
        queries.status_counts(query)[deadlines.OPEN]
        + queries.status_counts(query)[deadlines.OVERDUE]
        == 5
    )


def test_only_the_last_few_searches_keep_their_hits(register):
    add(register, "甲乙丙丁戊己庚辛壬癸", 3)
    add(register, "无关的内容", 20)  # the pairs are in few texts: searched by index
    queries = RegisterQueries(register.conn)
    for needle in ("甲乙", "乙丙", "丙丁", "丁戊", "戊己", "己庚"):
        assert queries.count(RegisterQuery(search=needle)) == 3
    assert len(temp_hit_tables(register.conn)) == q.HITS_KEPT
