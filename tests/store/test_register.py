import sqlite3
from datetime import date

import pytest

from desktop.domain.application import Application
from desktop.store.register import DuplicateNumberError, Register, RegisterError, ValidationError
from desktop.store.schema import SCHEMA_VERSION


def make(**kw) -> Application:
    base = dict(
        receipt_date=date(2026, 2, 13), channel="网络", applicant_type="自然人", applicant="李四"
    )
    base.update(kw)
    return Application(**base)


def test_new_register_has_current_schema_wal_and_bundled_calendar(register):
    assert register.schema_version() == SCHEMA_VERSION
    assert register.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    cal = register.calendar()
    assert set(range(2004, 2027)) <= cal.known_years
    assert not cal.is_working_day(date(2026, 2, 16))  # 春节
    assert cal.is_working_day(date(2026, 2, 14))  # 调休上班 (Saturday)


def test_numbers_run_per_year_and_never_repeat_after_delete(register):
    a = register.add(make())
    b = register.add(make())
    assert (a.number, b.number) == ("2026-0001", "2026-0002")
    register.delete(b.id)
    c = register.add(make())
    assert c.number == "2026-0003"
    d = register.add(make(receipt_date=date(2025, 12, 30)))
    assert d.number == "2025-0001"


def test_hand_given_number_moves_the_counter(register):
    register.add(make(number="2026-0040"))
    assert register.add(make()).number == "2026-0041"


def test_duplicate_number_is_refused(register):
    register.add(make(number="2026-0001"))
    with pytest.raises(DuplicateNumberError):
        register.add(make(number="2026-0001"))


def test_invalid_application_is_not_stored(register):
    with pytest.raises(ValidationError) as info:
        register.add(make(applicant=" "))
    assert info.value.errors[0].field == "applicant"
    assert register.count() == 0


def test_add_many_is_all_or_nothing(register):
    with pytest.raises(ValidationError):
        register.add_many([make(), make(), make(channel="飞鸽")])
    assert register.count() == 0
    assert register.add(make()).number == "2026-0001"


def test_saved_application_gets_its_due_date(register):
    saved = register.add(make())
    assert saved.answer_due == date(2026, 3, 19)  # formats.md §5.2: 2026-02-13 + 20 working days
    assert register.get(saved.id).answer_due == date(2026, 3, 19)


def test_update_writes_each_changed_field_to_the_audit_log(register):
    saved = register.add(make())
    register.update(saved.replace(applicant="王五", answer_date=date(2026, 3, 2), outcome="grant"))
    changes = {
        (r["field"], r["before"], r["after"])
        for r in register.audit_entries(saved.id)
        if r["action"] == "update"
    }
    assert changes == {
        ("applicant", "李四", "王五"),
        ("answer_date", None, "2026-03-02"),
        ("outcome", None, "grant"),
    }


def test_audit_log_refuses_update_and_delete(register):
    register.add(make())
    with pytest.raises(sqlite3.IntegrityError):
        register.conn.execute("UPDATE audit_log SET user = 'x'")
    with pytest.raises(sqlite3.IntegrityError):
        register.conn.execute("DELETE FROM audit_log")


def test_search_index_finds_traditional_text_in_simplified(register):
    saved = register.add(make(content="申請公開本機關的預算文件"))
    hits = register.conn.execute(
        "SELECT rowid FROM applications_fts WHERE applications_fts MATCH ?", ('"公开本机关"',)
    ).fetchall()
    assert [h[0] for h in hits] == [saved.id]


def test_soft_delete_and_undo(register):
    saved = register.add(make())
    register.delete(saved.id)
    assert register.count() == 0 and register.is_deleted(saved.id)
    register.undelete(saved.id)
    assert register.count() == 1


def test_garbage_file_is_refused_with_a_message(tmp_path):
    path = tmp_path / "bad.ogidb"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(RegisterError) as info:
        Register.open(path)
    assert "bad.ogidb" in str(info.value)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "r.ogidb"
    Register.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(RegisterError):
        Register.open(path)


def test_reopen_keeps_data(tmp_path):
    path = tmp_path / "r.ogidb"
    reg = Register.open(path)
    reg.add(make())
    reg.close()
    again = Register.open(path)
    assert again.count() == 1
    again.close()
