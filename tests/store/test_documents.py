"""The document register in SQLite: storing with an audit trail, soft delete, search, and table 二's
counts in SQL equal to the domain's predicates (hand-worked and on generated registers)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain import documents as dm
from desktop.domain.documents import NORMATIVE, REGULATION, Document
from desktop.store import documents as ds
from desktop.store.register import Register
from tests.documents_sample import DELETED, EXPECTED, SAMPLE


def _sample(register: Register) -> list[Document]:
    saved = ds.add_many(register, SAMPLE)
    gone = ds.add(register, DELETED)
    ds.delete(register, gone.id)
    return saved


@pytest.mark.parametrize(("fmt", "year"), sorted(EXPECTED))
def test_sql_counts_equal_hand_worked(register: Register, fmt: str, year: int) -> None:
    _sample(register)
    assert ds.table2_counts(register, year, fmt) == EXPECTED[(fmt, year)]


@pytest.mark.parametrize(("fmt", "year"), sorted(EXPECTED))
def test_drill_down_equals_the_figure(register: Register, fmt: str, year: int) -> None:
    _sample(register)
    for (row, column), n in EXPECTED[(fmt, year)].items():
        behind = ds.documents_behind(register, year, fmt, row, column)
        assert len(behind) == n
        assert DELETED.number not in {d.number for d in behind}


_DAY0 = date(2018, 1, 1)


@st.composite
def documents(draw, index: int = 0):
    issued = _DAY0 + timedelta(days=draw(st.integers(0, 8 * 365)))

    def later(max_days: int) -> date | None:
        lag = draw(st.one_of(st.none(), st.integers(0, max_days)))
        return None if lag is None else issued + timedelta(days=lag)

    return Document(
        number=f"文〔{issued.year}〕{draw(st.integers(1, 10**6))}号",
        title="标题",
        category=draw(st.sampled_from(dm.CATEGORIES)),
        issued=issued,
        published=later(400),
        repealed=later(2000),
        valid_until=later(2000),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(documents(), max_size=25, unique_by=lambda d: dm.number_key(d.number)),
    st.integers(2018, 2027),
)
def test_sql_equals_domain_predicates(docs: list[Document], year: int) -> None:
    register = Register.memory()
    try:
        ds.add_many(register, docs)
        for fmt in ("2021", "2019"):
            assert ds.table2_counts(register, year, fmt) == dm.counts(docs, year, fmt)
    finally:
        register.close()


def test_add_update_delete_are_audited(register: Register) -> None:
    doc = ds.add(register, SAMPLE[5])
    assert ds.get(register, doc.id).document == doc
    changed = doc.replace(published=date(2025, 12, 1), channel="政府网站")
    ds.update(register, changed)
    entries = [
        (e["action"], e["field"], e["before"], e["after"])
        for e in ds.audit_entries(register, doc.id)
    ]
    assert ("update", "published", None, "2025-12-01") in entries
    assert ("update", "channel", None, "政府网站") in entries
    assert entries[0][0] == "create"
    ds.delete(register, doc.id)
    assert ds.get(register, doc.id).deleted
    assert ds.count(register) == 0
    assert ds.audit_entries(register, doc.id)[-1]["action"] == "delete"
    with pytest.raises(Exception, match="append-only"):
        register.conn.execute("DELETE FROM document_audit")


def test_number_unique_among_live_documents(register: Register) -> None:
    first = ds.add(register, SAMPLE[0])
    with pytest.raises(ds.DuplicateDocumentError, match="益政令"):
        ds.add(register, SAMPLE[1].replace(number="益政令[2023]1号"))
    ds.delete(register, first.id)
    again = ds.add(register, SAMPLE[0])  # a deleted 文号 may be entered again
    with pytest.raises(ds.DuplicateDocumentError):
        ds.undelete(register, first.id)
    assert ds.get_by_number(register, "益政令【2023】1号").id == again.id


def test_refused_document_changes_nothing(register: Register) -> None:
    with pytest.raises(ds.DocumentValidationError, match="标题"):
        ds.add_many(register, [SAMPLE[0], SAMPLE[1].replace(title="")])
    assert ds.count(register) == 0
    assert register.conn.execute("SELECT count(*) FROM document_audit").fetchone()[0] == 0


def test_search_by_number_title_category_year(register: Register) -> None:
    _sample(register)
    numbers = lambda found: {s.document.number for s in found}  # noqa: E731
    assert numbers(ds.search(register, "益政发[2024]")) == {"益政发〔2024〕5号"}
    assert numbers(ds.search(register, "養犬")) == {"益政办发〔2023〕7号"}
    assert numbers(ds.search(register, category=REGULATION, year=2025)) == {"益政令〔2025〕2号"}
    assert len(ds.search(register, category=NORMATIVE)) == 5
    assert DELETED.number in numbers(ds.search(register, "误录", include_deleted=True))
    assert ds.search(register, "误录") == []


def test_reminders(register: Register) -> None:
    _sample(register)
    today = date(2025, 10, 15)
    expiring = ds.expiring(register, today)
    assert [r.document.number for r in expiring] == ["益政办发〔2023〕7号"]  # valid to 31 Dec
    assert ds.expiring(register, date(2025, 10, 1)) == []  # 91 days ahead
    # D6 issued 2025-11-20 (Thursday); the 20th working day after it is 2025-12-18.
    assert ds.unpublished(register, date(2025, 12, 18)) == []
    late = ds.unpublished(register, date(2025, 12, 19))
    assert [(r.document.number, r.due) for r in late] == [
        ("益政发〔2025〕11号", date(2025, 12, 18))
    ]


def test_due_board_and_its_print_carry_document_reminders(register: Register) -> None:
    from desktop.reports.print_docs import due_board_document
    from desktop.store.due_queries import due_board

    _sample(register)
    board = due_board(register, date(2025, 12, 19))
    assert board.needs_attention
    assert [r.document.number for r in board.documents_unpublished] == ["益政发〔2025〕11号"]
    assert [r.document.number for r in board.documents_expiring] == ["益政办发〔2023〕7号"]
    html = due_board_document(board, "某局")
    assert "益政发〔2025〕11号" in html and "公共数据管理办法" in html
    assert "90日内有效期届满的行政规范性文件（1 件）" in html and "2025年12月31日" in html


def test_a_register_of_schema_v8_gains_the_documents_table(tmp_path) -> None:
    import sqlite3

    from desktop.store.schema import MIGRATIONS, SCHEMA_VERSION

    path = tmp_path / "old.ogidb"
    conn = sqlite3.connect(path)
    for migrate in MIGRATIONS[:8]:
        migrate(conn)
    conn.execute("PRAGMA user_version = 8")
    conn.commit()
    conn.close()
    register = Register.open(path)
    try:
        assert register.schema_version() == SCHEMA_VERSION
        assert ds.count(register) == 0 and not ds.has_documents(register)
        ds.add(register, SAMPLE[0])
        assert ds.table2_counts(register, 2025, "2021")[("规章", "现行有效件数")] == 1
    finally:
        register.close()
