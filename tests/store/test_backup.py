"""Backups: the backup API copy, its check, retention with real dates, list, restore."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime, timedelta

import pytest

from desktop.domain.application import Application
from desktop.store import backup, integrity
from desktop.store.register import Register


def app(name: str) -> Application:
    return Application(date(2026, 1, 5), "网络", "自然人", name)


# ------------------------------------------------------------------------------ retention
def test_retention_keeps_last_30_and_one_per_month():
    # A backup every day of 2025 and until 2026-02-10 (406 days).
    start = datetime(2025, 1, 1, 9, 0)
    stamps = [start + timedelta(days=i) for i in range(406)]
    keep = backup.backups_to_keep(stamps)
    newest_30 = set(sorted(stamps)[-30:])
    assert newest_30 <= keep
    monthly = keep - newest_30
    # Every month before the last 30 days keeps exactly its last backup (month-end state).
    assert sorted(monthly) == [
        datetime(2025, m, d, 9, 0)
        for m, d in [
            (1, 31),
            (2, 28),
            (3, 31),
            (4, 30),
            (5, 31),
            (6, 30),
            (7, 31),
            (8, 31),
            (9, 30),
            (10, 31),
            (11, 30),
            (12, 31),
        ]
    ]
    assert len(keep) == 42


def test_retention_with_few_backups_keeps_all():
    stamps = [datetime(2026, 3, d) for d in range(1, 11)]
    assert backup.backups_to_keep(stamps) == set(stamps)


def test_retention_of_many_backups_on_one_day():
    stamps = [datetime(2026, 3, 1, 8) + timedelta(minutes=i) for i in range(50)]
    keep = backup.backups_to_keep(stamps)
    assert keep == set(sorted(stamps)[-30:])  # the month's newest is among them


def test_retention_across_a_leap_february():
    stamps = [datetime(2024, 2, 29, 18), datetime(2024, 2, 1, 8)] + [
        datetime(2024, 3, 1) + timedelta(days=i) for i in range(40)
    ]
    keep = backup.backups_to_keep(stamps)
    assert datetime(2024, 2, 29, 18) in keep and datetime(2024, 2, 1, 8) not in keep
    assert datetime(2024, 3, 31) in keep  # March's newest, outside the last 30


# ------------------------------------------------------------------------------- make/list
def test_backup_is_a_checked_private_copy_with_row_count(register):
    register.add_many([app("张三"), app("李四"), app("王五")])
    register.delete(register.get_by_number("2026-0003").id)
    info = backup.make_backup(register, now=datetime(2026, 1, 5, 10, 30))
    assert info.path.parent == register.path.parent / "backups"
    assert info.path.name == "register-20260105-103000-manual.ogidb"
    assert info.rows == 2
    assert integrity.full_check(info.path).ok
    if os.name == "posix":
        assert info.path.stat().st_mode & 0o777 == 0o600
        assert info.path.parent.stat().st_mode & 0o777 == 0o700
    copy = Register.open(info.path, readonly=True)
    assert copy.count() == 2 and copy.get_by_number("2026-0001").applicant == "张三"
    copy.close()
    [listed] = backup.list_backups(register.path)
    assert (listed.taken_at, listed.kind, listed.rows) == (
        datetime(2026, 1, 5, 10, 30),
        "manual",
        2,
    )


def test_backup_includes_changes_still_in_the_wal(register):
    register.add(app("张三"))
    wal = register.path.with_name(register.path.name + "-wal")
    assert wal.stat().st_size > 0  # not yet checkpointed
    info = backup.make_backup(register)
    conn = sqlite3.connect(info.path)
    assert conn.execute("SELECT applicant FROM applications").fetchall() == [("张三",)]
    conn.close()


def test_auto_backup_at_most_once_a_day_and_pruned(register):
    register.add(app("张三"))
    day = datetime(2026, 1, 1, 9)
    for i in range(75):  # 2026-01-01 … 2026-03-16, opened twice a day
        now = day + timedelta(days=i)
        assert backup.auto_backup(register, now) is not None
        assert backup.auto_backup(register, now + timedelta(hours=3)) is None
    kept = {b.taken_at for b in backup.list_backups(register.path, with_rows=False)}
    last_30 = {datetime(2026, 2, 15, 9) + timedelta(days=i) for i in range(30)}
    # January survives through its newest copy; February's newest (28th) is among the last 30.
    assert kept == last_30 | {datetime(2026, 1, 31, 9)}


def test_names_two_backups_in_one_second_apart(register):
    now = datetime(2026, 5, 1, 12)
    a = backup.make_backup(register, now=now)
    b = backup.make_backup(register, now=now)
    c = backup.make_backup(register, now=now, kind="auto")
    assert len({a.path, b.path, c.path}) == 3
    assert [x.path for x in backup.list_backups(register.path)] == [c.path, b.path, a.path]


# --------------------------------------------------------------------------------- restore
def test_restore_keeps_a_copy_of_what_it_replaces(tmp_path):
    path = tmp_path / "register.ogidb"
    reg = Register.open(path)
    reg.add(app("张三"))
    old = backup.make_backup(reg, now=datetime(2026, 1, 5, 9))
    reg.add(app("李四"))
    assert backup.restore(reg, old.path, now=datetime(2026, 1, 6, 9)) == path
    reg = Register.open(path)
    try:
        assert [a.applicant for a in reg.all_applications()] == ["张三"]
        assert (
            reg.conn.execute("SELECT count(*) FROM meta WHERE key LIKE 'backup.%'").fetchone()[0]
            == 0
        )
        assert integrity.quick_check(path).ok
    finally:
        reg.close()
    kept = [b for b in backup.list_backups(path) if b.kind == "before-restore"]
    assert len(kept) == 1 and kept[0].rows == 2  # 张三 and 李四, as they were before the restore


def test_restore_from_a_damaged_backup_is_refused_and_changes_nothing(register):
    register.add(app("张三"))
    bad = backup.make_backup(register)
    bad.path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(backup.BackupError):
        backup.restore(register, bad.path)
    assert register.count() == 1  # still open, untouched


def test_restore_of_a_damaged_register_keeps_its_bytes(tmp_path):
    path = tmp_path / "register.ogidb"
    reg = Register.open(path)
    reg.add(app("张三"))
    good = backup.make_backup(reg, kind="auto")
    reg.close()
    garbage = os.urandom(10_000)
    path.write_bytes(garbage)
    assert not integrity.check_on_open(path).ok
    assert backup.newest_good_backup(path).path == good.path
    backup.restore_damaged(path, good.path)
    assert integrity.check_on_open(path).ok
    reg = Register.open(path)
    assert reg.count() == 1
    reg.close()
    [damaged] = [b for b in backup.list_backups(path) if b.kind == "damaged"]
    assert damaged.path.read_bytes() == garbage
    assert backup.prune(path, keep_last=0) == []  # damaged copies are never pruned


def test_newest_good_backup_skips_damaged_ones(register):
    good = backup.make_backup(register, now=datetime(2026, 1, 1))
    bad = backup.make_backup(register, now=datetime(2026, 1, 2))
    bad.path.write_bytes(b"x" * 5000)
    assert backup.newest_good_backup(register.path).path == good.path


def test_a_restore_that_cannot_replace_the_file_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "register.ogidb"
    reg = Register.open(path)
    reg.add(app("张三"))
    old = backup.make_backup(reg)
    reg.add(app("李四"))

    real_replace = os.replace

    def in_use(source, target):  # Windows: a file another program has open cannot be replaced
        if str(target) == str(path):
            raise PermissionError(13, "The process cannot access the file", str(path))
        real_replace(source, target)

    monkeypatch.setattr(backup.os, "replace", in_use)
    with pytest.raises(backup.BackupError) as info:
        backup.restore(reg, old.path)
    assert info.value.register_closed and "另一个程序" in str(info.value)
    monkeypatch.undo()
    assert not path.with_name(path.name + ".restoring").exists()
    again = Register.open(path)
    assert again.count() == 2  # the file is the one from before, whole
    again.close()
    assert any(b.kind == "before-restore" for b in backup.list_backups(path))
