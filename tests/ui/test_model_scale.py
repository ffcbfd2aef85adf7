"""The main window on a large register: a page at a time, whatever the clerk does, and true counts.

tests/ui/test_register_model.py drives the model under a bare table view; this drives the whole
window (status bar counts, filter combos, the search box) on a realistic register from
bench/synthetic.py (20,000 applications over three years, some deleted, some open, some overdue,
some answered late), and checks after each action that the model read at most a couple of pages,
and that the status bar's counts are the domain rule (deadlines.status) applied to every row.
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from desktop.domain import deadlines
from desktop.store import rows as rowmap
from desktop.store.queries import RegisterQuery, where_clause
from desktop.store.register import Register
from desktop.ui.main_window import MainWindow
from desktop.ui.register_model import PAGE_SIZE

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import synthetic  # noqa: E402

N = 20_000
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def register_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic.build_register(tmp_path_factory.mktemp("scale") / "r.ogidb", n=N, years=3)


@pytest.fixture
def window(qtbot, register_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    register = Register.open(register_path)
    win = MainWindow(register)
    win.model.set_query(win.model.query.replace(today=TODAY))
    qtbot.addWidget(win)
    win.resize(1200, 700)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.model.detach()
    register.close()


def expected_statuses(register: Register, query: RegisterQuery) -> Counter:
    """deadlines.status over every row the query shows: the rule itself, row by row."""
    where, params = where_clause(query.replace(status=None))
    rows = register.conn.execute(
        f"SELECT {rowmap.SELECT_COLUMNS} FROM applications WHERE {where}", params
    )
    found: Counter = Counter()
    for row in rows:
        app = rowmap.from_row(row)
        found[deadlines.status(app, app.answer_due, TODAY)] += 1
    return found


def assert_counts_are_the_rule(win: MainWindow) -> None:
    counts = win.model.status_counts()
    expected = expected_statuses(win.register, win.model.query)
    assert counts == {status: expected[status] for status in deadlines.STATUSES}
    assert sum(counts.values()) == win.model.rowCount() or win.model.query.status


def test_window_reads_a_page_at_a_time_through_filters_and_searches(qtbot, window):
    win = window
    model = win.model
    assert (
        model.rowCount()
        == N
        - win.register.conn.execute(
            "SELECT count(*) FROM applications WHERE deleted_at IS NOT NULL"
        ).fetchone()[0]
    )
    assert model.fetched_rows <= 2 * PAGE_SIZE  # the first screen, not the register
    assert_counts_are_the_rule(win)

    def after(action) -> int:  # type: ignore[no-untyped-def]
        before = model.fetched_rows
        action()
        qtbot.wait(5)
        win.table.viewport().repaint()
        return model.fetched_rows - before

    year = win.year_combo.findData(2025)
    assert after(lambda: win.year_combo.setCurrentIndex(year)) <= PAGE_SIZE
    assert model.rowCount() > 1000
    assert_counts_are_the_rule(win)
    channel = win.channel_combo.findData("邮寄")
    assert after(lambda: win.channel_combo.setCurrentIndex(channel)) <= PAGE_SIZE
    assert_counts_are_the_rule(win)
    win.year_combo.setCurrentIndex(0)
    win.channel_combo.setCurrentIndex(0)

    for text in ("征收", "補償方案", "环境影响评价"):  # 2 chars (LIKE), traditional, 6 chars (FTS)
        win.search_edit.setText(text)
        assert after(win.apply_filters) <= PAGE_SIZE
        assert 0 < model.rowCount() < N
        assert_counts_are_the_rule(win)
    win.search_edit.clear()
    win.apply_filters()

    late = win.status_combo.findData(deadlines.CONCLUDED_LATE)
    assert after(lambda: win.status_combo.setCurrentIndex(late)) <= PAGE_SIZE
    assert (
        model.rowCount() == expected_statuses(win.register, model.query)[deadlines.CONCLUDED_LATE]
    )

    # To the end and back: a page from each end, never the rows in between.
    assert after(win.table.scrollToBottom) <= 2 * PAGE_SIZE
    win.status_combo.setCurrentIndex(0)
    assert after(win.table.scrollToBottom) <= 2 * PAGE_SIZE
    assert after(win.table.scrollToTop) <= 2 * PAGE_SIZE
    assert model.cached_rows() < N // 2


def test_status_counts_with_deleted_rows_shown_are_still_the_rule(window):
    win = window
    win.deleted_check.setChecked(True)
    assert win.model.query.show_deleted
    assert win.model.rowCount() == N
    assert_counts_are_the_rule(win)


def test_many_trigram_hits_walk_the_view_order_and_give_the_same_page(register_path, monkeypatch):
    """A 3+ character search with many hits pages by walking ix_app_receipt (no sort of every hit);
    with few hits it sorts them. Both give the rows in the same view order."""
    import desktop.store.queries as queries
    from desktop.store.queries import RegisterQueries

    register = Register.open(register_path)
    try:
        query = RegisterQuery(search="征收补偿")
        q = RegisterQueries(register.conn)
        hits = q.count(query)
        assert hits > 100
        monkeypatch.setattr(queries, "SPARSE_MATCHES", hits * 2)  # few: fetch the hits and sort
        sorted_page = [
            r.application.number for r in RegisterQueries(register.conn).page(query, 0, 50)
        ]
        monkeypatch.setattr(queries, "SPARSE_MATCHES", 10)  # many: walk the view order
        walking = RegisterQueries(register.conn)
        plan = " | ".join(walking.plan(query))
        where, params = walking._where(query)
        walk_plan = " | ".join(
            r["detail"]
            for r in register.conn.execute(
                f"EXPLAIN QUERY PLAN {queries.SELECT} WHERE {where} "
                f"ORDER BY {queries.ORDER_DESC} LIMIT 50",
                params,
            )
        )
        walks = "ix_app_receipt" in walk_plan or "ix_app_live" in walk_plan
        assert walks and "TEMP B-TREE" not in walk_plan, walk_plan
        assert [r.application.number for r in walking.page(query, 0, 50)] == sorted_page
        assert plan  # the public plan() still answers for the query
    finally:
        register.close()


def test_search_only_counts_leave_out_deleted_hits(register_path):
    """A search with no other filter is counted off the trigram index less the deleted hits."""
    from desktop.domain.chinese import normalise_for_search
    from desktop.store.queries import RegisterQueries, fts_phrase

    register = Register.open(register_path)
    try:
        conn = register.conn
        deleted = conn.execute(
            "SELECT id, content FROM applications WHERE deleted_at IS NOT NULL LIMIT 5"
        ).fetchall()
        assert deleted, "the synthetic register has soft-deleted rows"
        texts = ["补偿方案", "環境影響評價"] + [row["content"][4:10] for row in deleted]
        for text in texts:
            phrase = fts_phrase(normalise_for_search(text))
            expected = conn.execute(
                "SELECT count(*) FROM applications WHERE deleted_at IS NULL AND id IN "
                "(SELECT rowid FROM applications_fts WHERE applications_fts MATCH ?)",
                [phrase],
            ).fetchone()[0]
            every = conn.execute(
                "SELECT count(*) FROM applications_fts WHERE applications_fts MATCH ?", [phrase]
            ).fetchone()[0]
            q = RegisterQueries(conn)
            assert q.count(RegisterQuery(search=text)) == expected
            assert q.count(RegisterQuery(search=text, show_deleted=True)) == every
        assert any(
            RegisterQueries(conn).count(
                RegisterQuery(search=row["content"][4:10], show_deleted=True)
            )
            > RegisterQueries(conn).count(RegisterQuery(search=row["content"][4:10]))
            for row in deleted
        )
    finally:
        register.close()


def test_open_and_overdue_pages_are_found_by_index_when_few(register_path, monkeypatch):
    """办理中/已超期 are a sliver of a big register: their page comes through the answer-date index
    (sorted), not a walk of the whole register; and in the same order as the walk would give."""
    import desktop.store.queries as queries
    from desktop.store.queries import RegisterQueries

    register = Register.open(register_path)
    try:
        for status in (deadlines.OVERDUE, deadlines.OPEN):
            query = RegisterQuery(status=status, today=TODAY)
            few = RegisterQueries(register.conn)
            where, _params = few._where(query)
            assert "+answer_date" not in where
            rows = [r.application.number for r in few.page(query, 0, 100)]
            monkeypatch.setattr(queries, "SPARSE_MATCHES", 0)  # as if many: walk the view order
            walked = RegisterQueries(register.conn)
            assert "+answer_date" in walked._where(query)[0]
            assert [r.application.number for r in walked.page(query, 0, 100)] == rows
            assert 0 < len(rows) == min(100, few.count(query))
            monkeypatch.undo()
    finally:
        register.close()
