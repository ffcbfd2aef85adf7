"""Two-character search answered from indexes finds exactly what a substring test finds.

A pair of characters is no trigram; queries.search_hits finds the places it occurs inside a text
through the trigrams that begin with it (a range over the FTS5 vocabulary) and the texts that end
with it through ix_app_tail. These tests hold it to the plain rule, `needle in search_text`, on
texts built to hit every edge: the pair at the very end, before a space, twice, in Latin capitals,
with quotes and LIKE wildcards, on deleted rows, and not at all — both through the indexes and, for
a pair in most texts (BROAD_PAIR_SHARE), by LIKE.
"""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.application import Application
from desktop.domain.chinese import normalise_for_search
from desktop.store.queries import RegisterQueries, RegisterQuery

CONTENTS = [
    "申请公开某路段房屋征收补偿方案",  # 征收 inside
    "申请公开关于集体土地的征收",  # 征收 at the very end of the text
    "征收征收两次",  # twice, and at the start of the content
    "征收土地后再征收",  # inside and at the end: listed twice by search_hits, counted once
    "申请公开ABC公司的排污许可证",  # Latin capitals: search "ab" finds them (case-folded)
    '申请公开"引号"与5%的比例及a_b',  # quotes and LIKE wildcards are literal
    "申请公開徵收補償方案",  # traditional: stored simplified, found by either script
    "与搜索无关的内容",
]
APPLICANTS = ["张伟", "李四", "某某公司", "王五"]
NEEDLES = [
    "征收",
    "徵收",
    "ab",
    "AB",
    "公司",
    "张伟",
    "5%",
    "a_",
    '"引',
    "案",
    "方案",
    "无关",
    "不在",
]


@pytest.fixture
def register_with_texts(register):
    apps = []
    for i in range(60):
        apps.append(
            Application(
                receipt_date=date(2025, 1 + i % 12, 1 + i % 27),
                channel="网络",
                applicant_type="自然人",
                applicant=APPLICANTS[i % len(APPLICANTS)],
                content=CONTENTS[i % len(CONTENTS)],
            )
        )
    saved = register.add_many(apps)
    for app in saved[::9]:  # a few deleted rows, which only show when asked
        register.delete(app.id)
    return register


def expected_ids(
    register, needle: str, *, show_deleted: bool, year: int | None = None
) -> list[int]:
    text = normalise_for_search(needle)
    rows = register.conn.execute(
        "SELECT id, search_text, deleted_at, receipt_date FROM applications "
        "ORDER BY receipt_date DESC, id DESC"
    ).fetchall()
    return [
        r["id"]
        for r in rows
        if text in r["search_text"]
        and (show_deleted or r["deleted_at"] is None)
        and (year is None or r["receipt_date"].startswith(str(year)))
    ]


@pytest.mark.parametrize("needle", NEEDLES)
@pytest.mark.parametrize("show_deleted", [False, True])
# 2.0: every pair through the indexes; 0.0: every pair found in some text counts as broad (LIKE).
@pytest.mark.parametrize("broad_share", [2.0, 0.0])
def test_two_character_search_is_exactly_a_substring_test(
    register_with_texts, needle, show_deleted, broad_share, monkeypatch
):
    import desktop.store.queries as queries

    monkeypatch.setattr(queries, "BROAD_PAIR_SHARE", broad_share)
    register = register_with_texts
    query = RegisterQuery(search=needle, show_deleted=show_deleted)
    q = RegisterQueries(register.conn)
    expected = expected_ids(register, needle, show_deleted=show_deleted)
    assert q.count(query) == len(expected)
    assert [r.application.id for r in q.page(query, 0, 100)] == expected


@pytest.mark.parametrize("needle", ["征收", "ab", "公司"])
def test_two_character_search_with_a_filter_and_many_hits(register_with_texts, needle, monkeypatch):
    import desktop.store.queries as queries

    monkeypatch.setattr(queries, "BROAD_PAIR_SHARE", 2.0)  # through the indexes
    register = register_with_texts
    expected = expected_ids(register, needle, show_deleted=False, year=2025)
    query = RegisterQuery(search=needle, year=2025)
    assert RegisterQueries(register.conn).count(query) == len(expected)
    monkeypatch.setattr(queries, "SPARSE_MATCHES", 1)  # as if many: walk the view order
    walking = RegisterQueries(register.conn)
    assert [r.application.id for r in walking.page(query, 0, 100)] == expected
    where, _params = walking._where(query)
    assert "+id IN" in where


def test_the_end_of_the_text_is_found_through_the_tail_index(register_with_texts, monkeypatch):
    import desktop.store.queries as queries

    monkeypatch.setattr(queries, "BROAD_PAIR_SHARE", 2.0)
    register = register_with_texts
    ending = [
        r["id"]
        for r in register.conn.execute("SELECT id, search_text FROM applications")
        if r["search_text"].endswith("征收")
    ]
    assert ending, "the fixture has texts that end with the pair"
    plan = " | ".join(
        r["detail"]
        for r in register.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM applications WHERE substr(search_text, -2) = ?",
            ["征收"],
        )
    )
    assert "ix_app_tail" in plan
    ids = {
        r.application.id
        for r in RegisterQueries(register.conn).page(RegisterQuery(search="征收"), 0, 100)
    }
    assert (
        set(ending)
        - {
            r[0]
            for r in register.conn.execute(
                "SELECT id FROM applications WHERE deleted_at IS NOT NULL"
            )
        }
        <= ids
    )


def test_readonly_connection_can_search_two_characters(register_with_texts, tmp_path):
    from desktop.store.register import Register

    path = register_with_texts.path
    readonly = Register.open(path, readonly=True)
    try:
        q = RegisterQueries(readonly.conn)
        assert q.count(RegisterQuery(search="征收")) == len(
            expected_ids(readonly, "征收", show_deleted=False)
        )
    finally:
        readonly.close()


def test_a_pair_in_most_texts_is_searched_by_like(register_with_texts):
    q = RegisterQueries(register_with_texts.conn)
    assert q._indexed("申请") is False  # in every text: walking with LIKE finds a page at once
    assert q._indexed("张伟") is True  # in a quarter of them
    assert "LIKE" in q._where(RegisterQuery(search="申请"))[0]
