"""Every connection that writes the register commits durably: WAL journal, synchronous = FULL.

With NORMAL a power cut may roll back the last saves (the file stays consistent); FULL syncs the WAL
at every commit, so an application the clerk saw saved is on the disk. Cost: bench/commit_durability.py.
"""

from __future__ import annotations

from desktop.store import lock
from desktop.store.register import Register

FULL = 2  # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


def _settings(register: Register) -> tuple[str, int]:
    conn = register.conn
    return conn.execute("PRAGMA journal_mode").fetchone()[0], conn.execute(
        "PRAGMA synchronous"
    ).fetchone()[0]


def test_a_new_and_a_reopened_register_commit_durably(tmp_path):
    path = tmp_path / "register.ogidb"
    register = Register.open(path)
    assert _settings(register) == ("wal", FULL)
    register.close()
    again = Register.open(path)
    assert _settings(again) == ("wal", FULL)  # per connection: set on every open
    again.close()


def test_the_window_start_up_flow_commits_durably(tmp_path):
    opened = lock.open_register(tmp_path / "register.ogidb", backup_on_open=False)
    try:
        assert _settings(opened.register) == ("wal", FULL)
    finally:
        opened.close()
