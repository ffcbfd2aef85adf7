"""A full disk: a clear Chinese error, no partial write, and the register still opens afterwards.

Two simulations: a real 1 MB tmpfs (needs root and mount; skipped otherwise) where the WAL cannot
grow, and SQLite's own limit (`PRAGMA max_page_count`), which runs everywhere.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from datetime import date

import pytest

from desktop.domain.application import Application
from desktop.store import backup, integrity, lock
from desktop.store.register import Register, RegisterError
from desktop.ui.errors import user_message

BIG = "依据《政府信息公开条例》申请公开相关文件" * 120  # about 2,400 characters


def app(i: int) -> Application:
    return Application(date(2026, 3, 2), "网络", "自然人", f"申请人{i}", content=BIG)


def created(register: Register) -> int:
    return register.conn.execute(
        "SELECT count(DISTINCT application_id) FROM audit_log WHERE action = 'create'"
    ).fetchone()[0]


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount tmpfs: {done.stderr.decode(errors='replace')}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_real_full_disk_refuses_the_write_and_keeps_the_register(small_disk):
    path = small_disk / "register.ogidb"
    filler = small_disk / "filler.bin"
    filler.write_bytes(b"\0" * 1200 * 1024)  # freed later, as a clerk would clear space
    opened = lock.open_register(path, backup_on_open=False)
    register = opened.register
    stored = 0
    with pytest.raises((sqlite3.Error, RegisterError, OSError)) as failure:
        for i in range(10_000):
            register.add(app(i))
            stored += 1
    assert stored > 0
    assert "磁盘空间已满" in user_message(failure.value), failure.value
    assert not register.conn.in_transaction  # the failed transaction is gone, not left open
    # No partial write: exactly the applications that were acknowledged, and their audit rows.
    assert register.count() == stored == created(register)

    with pytest.raises(backup.BackupError) as refused:  # nor a half-written backup left behind
        backup.make_backup(register)
    assert "无法写入备份" in str(refused.value) or "校验失败" in str(refused.value)
    assert not list((small_disk / "backups").glob("*.partial"))
    opened.close()

    filler.unlink()
    again = lock.open_register(path, backup_on_open=False)
    try:
        assert again.register.count() == stored
        # Space again: writing works again.
        again.register.add(Application(date(2026, 3, 3), "当面", "自然人", "清理磁盘之后"))
        assert again.register.count() == stored + 1
    finally:
        again.close()
    assert integrity.full_check(path).ok
    print(f"\nfull disk: {stored} saved before it filled, {stored} in the file after, 0 lost")


def test_sqlite_size_limit_refuses_a_batch_whole(register):
    register.add(app(0))
    pages = register.conn.execute("PRAGMA page_count").fetchone()[0]
    register.conn.execute(f"PRAGMA max_page_count = {pages + 4}")
    with pytest.raises(sqlite3.OperationalError) as failure:
        register.add_many(app(i) for i in range(1, 60))
    assert "full" in str(failure.value)
    assert "磁盘空间已满" in user_message(failure.value)
    assert register.count() == 1 == created(register)  # none of the batch, all or nothing
    path = register.path
    register.close()
    assert integrity.full_check(path).ok
    reopened = Register.open(path)
    assert reopened.count() == 1
    reopened.close()


def test_import_ledger_on_a_full_disk_says_so_in_chinese(small_disk, tmp_path, capsys):
    """F5: the command line gave a traceback from the 'in use' marker; now the Chinese message."""
    from desktop.cli import main
    from tests.faults.hostile import write_ledger

    path = small_disk / "register.ogidb"
    lock.open_register(path, backup_on_open=False).close()
    ledger = write_ledger(tmp_path / "台账.xlsx")
    filler = small_disk / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    for size in (65536, 512, 1):  # fill the disk to the last byte
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * size)
    os.close(fd)
    code = main(["import-ledger", str(ledger), "--db", str(path)])
    err = capsys.readouterr().err
    assert code == 1 and "磁盘空间已满" in err, err
    filler.unlink()
    register = Register.open(path, readonly=True)
    try:
        assert register.count() == 0
    finally:
        register.close()
