"""Decision 8 in the register: automatic 申请编号 follow the office's pattern, kept in `meta`; the
year's counter only goes up and never hands out a number already issued, typed or imported."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from desktop.domain.application import Application
from desktop.domain.letters import LetterError, OfficeSettings
from desktop.domain.numbering import NumberPatternError
from desktop.store import settings
from desktop.store.register import NUMBER_PATTERN_KEY, Register, ValidationError
from desktop.store.schema import SCHEMA_VERSION

PATTERN = "某政信〔{年}〕{序号:3}号"


def make(**kw) -> Application:
    base = dict(
        receipt_date=date(2026, 3, 2), channel="网络", applicant_type="自然人", applicant="王五"
    )
    base.update(kw)
    return Application(**base)


def test_the_default_pattern_numbers_as_before(register: Register) -> None:
    assert settings.get_number_pattern(register) == "{年}-{序号:4}"
    assert register.peek_number(2026) == "2026-0001"
    assert register.add(make()).number == "2026-0001"
    assert register.peek_number(2026) == "2026-0002"


def test_the_office_pattern_numbers_new_applications(register: Register) -> None:
    settings.set_number_pattern(register, PATTERN)
    assert settings.get_number_pattern(register) == PATTERN
    assert register.peek_number(2026) == "某政信〔2026〕001号"
    first = register.add(make())
    second = register.add(make())
    older = register.add(make(receipt_date=date(2025, 12, 31)))
    assert [first.number, second.number, older.number] == [
        "某政信〔2026〕001号",
        "某政信〔2026〕002号",
        "某政信〔2025〕001号",
    ]
    # Kept in the register file's meta table: another clerk opening it numbers the same way.
    row = register.conn.execute("SELECT value FROM meta WHERE key = ?", (NUMBER_PATTERN_KEY,))
    assert row.fetchone()[0] == PATTERN


def test_a_bad_pattern_is_refused_and_changes_nothing(register: Register) -> None:
    settings.set_number_pattern(register, PATTERN)
    with pytest.raises(NumberPatternError, match="申请编号格式.*须包含序号"):
        settings.set_number_pattern(register, "某政信〔{年}〕号")
    assert settings.get_number_pattern(register) == PATTERN


def test_a_hand_typed_number_that_matches_moves_the_counter(register: Register) -> None:
    settings.set_number_pattern(register, PATTERN)
    register.add(make(number="某政信〔2026〕045号"))
    assert register.add(make()).number == "某政信〔2026〕046号"
    register.add(make(number="某政信〔2026〕50号"))  # typed without the zeros: still read
    assert register.add(make()).number == "某政信〔2026〕051号"


def test_a_number_of_another_scheme_is_kept_verbatim_and_leaves_the_counter(
    register: Register,
) -> None:
    settings.set_number_pattern(register, PATTERN)
    kept = register.add(make(number="县政府办〔2026〕第7号（补）"))
    assert register.get(kept.id).number == "县政府办〔2026〕第7号（补）"
    assert register.add(make()).number == "某政信〔2026〕001号"


def test_numbers_entered_before_the_pattern_was_chosen_are_not_issued_again(
    register: Register,
) -> None:
    """Imported with the office's own numbers while the default pattern was in force."""
    register.add_many(
        [make(number="某政信〔2026〕120号"), make(number="某政信〔2026〕007号"), make()]
    )
    assert register.peek_number(2026) == "2026-0002"
    settings.set_number_pattern(register, PATTERN)
    assert register.peek_number(2026) == "某政信〔2026〕121号"
    assert register.add(make()).number == "某政信〔2026〕121号"


def test_a_deleted_or_renumbered_application_keeps_its_number_used(register: Register) -> None:
    settings.set_number_pattern(register, PATTERN)
    a = register.add(make())
    b = register.add(make())
    register.delete(b.id)
    register.update(register.get(a.id).replace(number="另编1号"))
    assert register.add(make()).number == "某政信〔2026〕003号"


def test_changing_the_pattern_back_and_forth_never_repeats_a_sequence(register: Register) -> None:
    assert register.add(make()).number == "2026-0001"
    settings.set_number_pattern(register, PATTERN)
    assert register.add(make()).number == "某政信〔2026〕002号"
    settings.set_number_pattern(register, "{年}-{序号:4}")
    assert register.add(make()).number == "2026-0003"


def test_many_unnumbered_rows_in_one_transaction_are_numbered_in_order(register: Register) -> None:
    settings.set_number_pattern(register, "{年}-{序号:4}")
    register.add(make(number="2026-0010"))
    saved = register.add_many([make() for _ in range(3)] + [make(number="2026-0020"), make()])
    assert [a.number for a in saved] == [
        "2026-0011",
        "2026-0012",
        "2026-0013",
        "2026-0020",
        "2026-0021",
    ]


def test_a_failed_transaction_gives_the_numbers_back_and_reads_again(register: Register) -> None:
    settings.set_number_pattern(register, PATTERN)
    with pytest.raises(ValidationError):
        register.add_many([make(), make(channel="飞鸽")])
    register.add(make(number="某政信〔2026〕009号"))
    assert register.add(make()).number == "某政信〔2026〕010号"


def test_numbers_of_a_pattern_with_the_year_after_the_sequence(register: Register) -> None:
    settings.set_number_pattern(register, "依申请{序号:2}（{年}）")
    register.add(make(number="依申请33（2026）"))
    register.add(make(number="依申请90（2025）"))
    assert register.add(make()).number == "依申请34（2026）"


def test_a_pattern_damaged_outside_the_program_numbers_with_the_default(
    register: Register,
) -> None:
    register.conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)", (NUMBER_PATTERN_KEY, "{年}-{号}")
    )
    assert register.add(make()).number == "2026-0001"


def test_the_pattern_saved_with_the_office_settings_in_one_transaction(register: Register) -> None:
    office = OfficeSettings("某县人民政府办公室", "某政信〔{年}〕{号}号")
    settings.save_office_settings(register, office, PATTERN)
    assert settings.get_office_name(register) == "某县人民政府办公室"
    assert settings.get_number_pattern(register) == PATTERN
    # A bad pattern: the office name is not saved either.
    with pytest.raises(NumberPatternError):
        settings.save_office_settings(register, OfficeSettings("别的名称"), "{序号}")
    assert settings.get_office_name(register) == "某县人民政府办公室"
    # A bad letter format: the pattern is not saved either.
    with pytest.raises(LetterError):
        settings.save_office_settings(register, OfficeSettings("某局", "〔{年}〕"), "{年}/{序号}")
    assert settings.get_number_pattern(register) == PATTERN
    # Left out: the pattern stays.
    settings.save_office_settings(register, office)
    assert settings.get_number_pattern(register) == PATTERN


def test_a_pattern_change_is_in_the_audit_log(register: Register) -> None:
    settings.set_number_pattern(register, PATTERN)
    rows = register.conn.execute(
        "SELECT field, before, after FROM audit_log WHERE action = 'setting'"
    ).fetchall()
    assert [tuple(r) for r in rows] == [(NUMBER_PATTERN_KEY, "{年}-{序号:4}", PATTERN)]


def test_no_schema_change(register: Register) -> None:
    """The pattern lives in meta: no migration (the schema version is the one main has)."""
    settings.set_number_pattern(register, PATTERN)
    assert register.schema_version() == SCHEMA_VERSION
    conn = sqlite3.connect(register.path)
    assert conn.execute("SELECT value FROM meta WHERE key = ?", (NUMBER_PATTERN_KEY,)).fetchone()


def test_the_numbers_in_use_are_read_once_per_pattern_and_year(register: Register) -> None:
    from desktop.store.register import NUMBERS_READ_PREFIX

    def mark(year: int):
        row = register.conn.execute(
            "SELECT value FROM meta WHERE key = ?", (f"{NUMBERS_READ_PREFIX}{year}",)
        ).fetchone()
        return row[0] if row else None

    register.add(make(number="某政信〔2026〕044号"))  # typed while the default pattern is in force
    assert mark(2026) is None
    register.add(make())
    assert mark(2026) == "{年}-{序号:4}"
    settings.set_number_pattern(register, PATTERN)
    # A new pattern reads the numbers in use again: 044 is not issued, whatever the mark said.
    assert register.add(make()).number == "某政信〔2026〕045号"
    assert mark(2026) == PATTERN
