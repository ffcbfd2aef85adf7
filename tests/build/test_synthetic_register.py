"""The benchmark register generator writes rows the program itself would accept and find."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop.domain.application import validate
from desktop.store import rows as rowmap
from desktop.store.register import Register, search_text_of

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import synthetic  # noqa: E402


@pytest.fixture(scope="module")
def synthetic_register(tmp_path_factory: pytest.TempPathFactory):
    path = synthetic.build_register(tmp_path_factory.mktemp("bench") / "r.ogidb", n=3000, years=3)
    register = Register.open(path)
    yield register
    register.close()


def test_every_row_is_a_valid_application_with_the_registers_search_text(synthetic_register):
    conn = synthetic_register.conn
    rows = conn.execute(f"SELECT {rowmap.SELECT_COLUMNS}, search_text FROM applications").fetchall()
    assert len(rows) == 3000
    for row in rows:
        app = rowmap.from_row(row)
        assert validate(app) == [], app.number
        assert row["search_text"] == search_text_of(app)
        assert app.answer_due is not None and app.answer_due > app.receipt_date


def test_years_span_and_open_share_look_like_an_office(synthetic_register):
    conn = synthetic_register.conn
    years = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT substr(receipt_date, 1, 4) FROM applications ORDER BY 1"
        )
    ]
    assert years == ["2024", "2025", "2026"]
    open_count = conn.execute(
        "SELECT count(*) FROM applications WHERE answer_date IS NULL"
    ).fetchone()[0]
    assert 0 < open_count < 300  # only the last few weeks before AS_OF are still open


def test_the_trigram_index_finds_generated_text_and_new_rows_are_still_indexed(synthetic_register):
    conn = synthetic_register.conn
    content = conn.execute("SELECT content FROM applications WHERE id = 1234").fetchone()[0]
    needle = content[4:10]
    hits = {
        r[0]
        for r in conn.execute(
            "SELECT rowid FROM applications_fts WHERE applications_fts MATCH ?", (f'"{needle}"',)
        )
    }
    assert 1234 in hits
    like = {
        r[0]
        for r in conn.execute(
            "SELECT id FROM applications WHERE search_text LIKE ?", (f"%{needle}%",)
        )
    }
    assert hits == like
    # The insert trigger, dropped during the bulk load, is back.
    trigger = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'applications_fts_ai'"
    ).fetchone()
    assert trigger is not None


def test_same_seed_same_register(tmp_path: Path):
    a = synthetic.build_register(tmp_path / "a.ogidb", n=200, years=2, seed=7)
    b = synthetic.build_register(tmp_path / "b.ogidb", n=200, years=2, seed=7)
    dump = "SELECT number, applicant, content, answer_date, outcome FROM applications ORDER BY id"
    ra, rb = Register.open(a), Register.open(b)
    try:
        assert ra.conn.execute(dump).fetchall() == rb.conn.execute(dump).fetchall()
        assert synthetic.ensure_register(a, n=200, years=2, seed=7) == a  # reused, not rebuilt
    finally:
        ra.close()
        rb.close()


def test_no_planner_statistics_like_an_office_register(synthetic_register):
    # The program never runs ANALYZE; with statistics SQLite picks other plans (bench/synthetic.py).
    conn = synthetic_register.conn
    stats = conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_stat%'").fetchall()
    rows = conn.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] if stats else 0
    assert rows == 0
