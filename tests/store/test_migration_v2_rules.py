"""Schema v10 (contract v2): a register written before opens with the new columns blank, which keep
their v1 meaning (第三方; the maximum extension; the 2014 item from the outcome), and the due dates the
v2 rules move are re-derived on open."""

from __future__ import annotations

from datetime import date

from desktop.domain.application import Application
from desktop.store.register import Register
from desktop.store.schema import SCHEMA_VERSION, V2_RULES_VERSION

D = date


def _older_register(path) -> None:
    """A register as the program before v10 left it: no v2 columns, v1 due dates stored."""
    register = Register.open(path)
    register.add_many(
        [
            # 2019 rules, a third-party consultation 3/10–4/30: v1 paused all of it → 2025-05-26
            # (as 其他机关 now); v2 caps the pause at 3/31 → 2025-04-22 (tests/domain/test_deadlines_v2).
            Application(
                D(2025, 3, 3),
                "网络",
                "自然人",
                "甲",
                number="2025-0001",
                consultation_sent_date=D(2025, 3, 10),
                consultation_received_date=D(2025, 4, 30),
            ),
            # Extended, no days stated: the maximum, as in v1 (2026-03-02 + 40 → 2026-04-28).
            Application(D(2026, 3, 2), "当面", "自然人", "乙", number="2025-0002", extended=True),
        ]
    )
    conn = register.conn
    conn.execute("UPDATE applications SET answer_due = '2025-05-26' WHERE number = '2025-0001'")
    for column in ("consultation_party", "extension_days", "outcome_2014"):
        conn.execute(f"ALTER TABLE applications DROP COLUMN {column}")
    conn.execute(f"PRAGMA user_version = {V2_RULES_VERSION - 1}")
    register.close()


def test_an_older_register_migrates_keeping_its_meaning(tmp_path) -> None:
    path = tmp_path / "old.ogidb"
    _older_register(path)
    register = Register.open(path)
    try:
        assert register.schema_version() == SCHEMA_VERSION
        consulted = register.get_by_number("2025-0001")
        extended = register.get_by_number("2025-0002")
        assert (consulted.consultation_party, consulted.outcome_2014) == ("", "")
        assert extended.extension_days is None
        # Blank 征求意见对象 = 第三方: capped under the 2019 rules, re-derived on open.
        assert consulted.answer_due == D(2025, 4, 22)
        assert extended.answer_due == D(2026, 4, 28)
        # The clerk can say it was another organ: the v1 date comes back, uncapped.
        again = register.update(consulted.replace(consultation_party="其他机关"))
        assert again.answer_due == D(2025, 5, 26)
    finally:
        register.close()
