"""One writer per register: the lock file, the holder shown to the second instance, network shares."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import date

import pytest

from desktop.domain.application import Application
from desktop.store import lock
from desktop.store.register import RegisterError


def test_second_acquire_is_refused_and_names_the_holder(tmp_path):
    path = tmp_path / "r.ogidb"
    first = lock.RegisterLock.acquire(path)
    with pytest.raises(lock.RegisterBusy) as info:
        lock.RegisterLock.acquire(path)
    holder = info.value.holder
    assert holder is not None and holder.pid == os.getpid()
    data = json.loads(lock.lock_path_for(path).read_text(encoding="utf-8"))
    assert set(data) == {"user", "host", "pid", "since"}
    assert holder.user in str(info.value)
    first.release()
    lock.RegisterLock.acquire(path).release()  # free again after release


def test_second_open_is_readonly_with_a_reason_and_never_writes(tmp_path):
    path = tmp_path / "r.ogidb"
    writer = lock.open_register(path)
    writer.register.add(Application(date(2026, 1, 5), "网络", "自然人", "张三"))
    reader = lock.open_register(path)
    try:
        assert writer.lock is not None and not writer.register.readonly
        assert reader.lock is None and reader.register.readonly
        assert writer.lock.holder.user in reader.register.readonly_reason
        assert "正由" in reader.register.readonly_reason
        assert reader.register.count() == 1  # sees the writer's committed rows
        with pytest.raises(RegisterError):
            reader.register.add(Application(date(2026, 1, 5), "网络", "自然人", "李四"))
        writer.register.add(Application(date(2026, 1, 6), "网络", "自然人", "王五"))
        assert reader.register.count() == 2
    finally:
        reader.close()
        writer.close()
    assert lock.open_register(path).lock is not None


def test_a_crashed_holder_does_not_block(tmp_path):
    path = tmp_path / "r.ogidb"
    script = textwrap.dedent(
        f"""
        import os
        from desktop.store.lock import RegisterLock
        RegisterLock.acquire({str(path)!r})
        os._exit(0)  # dies holding the lock, never releases it
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=os.getcwd())
    assert lock.read_holder(path) is not None  # the stale JSON is still there ...
    got = lock.RegisterLock.acquire(path)  # ... but the OS lock died with the process
    assert got.holder.pid == os.getpid()
    got.release()


def test_waiting_gives_up_after_the_time_allowed(tmp_path):
    path = tmp_path / "r.ogidb"
    with lock.RegisterLock.acquire(path), pytest.raises(lock.RegisterBusy):
        lock.RegisterLock.acquire(path, wait_seconds=0.3, poll_seconds=0.05)


def test_lock_file_is_private(tmp_path):
    path = tmp_path / "r.ogidb"
    with lock.RegisterLock.acquire(path) as held:
        if os.name == "posix":
            assert held.path.stat().st_mode & 0o777 == 0o600


MOUNTS = """\
/dev/vda1 / ext4 rw,relatime 0 0
//fs01/ogi /mnt/share cifs rw,vers=3.0 0 0
fs02:/export /srv/nfs nfs4 rw 0 0
tmpfs /srv/nfs/local tmpfs rw 0 0
host:/x /home/a\\040b fuse.sshfs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "fs"),
    [
        ("/mnt/share/register.ogidb", "cifs"),
        ("/srv/nfs/sub/register.ogidb", "nfs4"),
        ("/home/a b/register.ogidb", "fuse.sshfs"),
    ],
)
def test_network_mounts_are_recognised(path, fs):
    reason = lock.network_share_reason(path, MOUNTS)
    assert fs in reason and path in reason


@pytest.mark.parametrize(
    "path", ["/home/user/register.ogidb", "/srv/nfs/local/register.ogidb", "/mnt/shared.ogidb"]
)
def test_local_paths_are_not_network_shares(path):
    assert lock.network_share_reason(path, MOUNTS) == ""


def test_unc_path_is_refused_with_the_reason():
    assert "UNC" in lock.network_share_reason(r"\\server\share\register.ogidb", "")
    with pytest.raises(RegisterError) as info:
        lock.open_register(r"\\server\share\register.ogidb")
    assert "WAL" in str(info.value)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_register_file_and_its_wal_and_shm_are_created_private(tmp_path):
    old_umask = os.umask(0o022)  # the usual desktop umask would give 0644
    try:
        opened = lock.open_register(tmp_path / "r.ogidb")
        opened.register.add(Application(date(2026, 1, 5), "网络", "自然人", "张三"))
        for name in ("r.ogidb", "r.ogidb-wal", "r.ogidb-shm", "r.ogidb.lock"):
            assert (tmp_path / name).stat().st_mode & 0o777 == 0o600, name
        opened.close()
    finally:
        os.umask(old_umask)


# ------------------------------------------------------------------------ the start-up flow
def test_open_marks_the_session_backs_up_and_close_clears_the_marker(tmp_path):
    from desktop.store import backup, integrity

    path = tmp_path / "r.ogidb"
    opened = lock.open_register(path)
    opened.register.add(Application(date(2026, 1, 5), "网络", "自然人", "张三"))
    assert opened.backup is not None and opened.backup.kind == "auto"
    assert integrity.why_check_needed(path) == "上次未正常关闭"  # while open, the marker is there
    opened.close()
    assert integrity.why_check_needed(path) == "今天首次打开"  # a new file was never checked
    again = lock.open_register(path)
    assert again.check.ran_quick_check and again.backup is None  # backup: at most one a day
    again.close()
    assert integrity.why_check_needed(path) == ""  # closed cleanly, checked today
    assert len(backup.list_backups(path)) == 1


def test_damaged_register_is_restored_through_the_callback(tmp_path):
    from desktop.store import backup

    path = tmp_path / "r.ogidb"
    opened = lock.open_register(path)
    opened.register.add(Application(date(2026, 1, 5), "网络", "自然人", "张三"))
    backup.make_backup(opened.register)
    opened.close()
    path.write_bytes(os.urandom(20_000))

    with pytest.raises(lock.RegisterDamaged) as info:
        lock.open_register(path)
    assert "不是登记簿文件" in str(info.value)
    assert lock.RegisterLock.acquire(path).release() is None  # the lock was let go

    seen = []

    def restore(check):
        seen.append(check.problem)
        backup.restore_damaged(path, backup.newest_good_backup(path).path)
        return True

    opened = lock.open_register(path, on_damaged=restore)
    assert len(seen) == 1 and opened.register.count() == 1
    opened.close()


def test_garbage_that_never_gets_restored_gives_up(tmp_path):
    path = tmp_path / "r.ogidb"
    path.write_bytes(b"\x00" * 4096)
    calls = []
    with pytest.raises(lock.RegisterDamaged):
        lock.open_register(path, on_damaged=lambda check: calls.append(check) or True)
    assert len(calls) == 3  # asked, retried, then refused: no endless loop


def test_a_folder_where_no_lock_can_be_made_opens_read_only(tmp_path, monkeypatch):
    path = tmp_path / "r.ogidb"
    lock.open_register(path, backup_on_open=False).close()
    real_open = os.open

    def refuse_lock(name, *args, **kwargs):
        if str(name).endswith(".lock"):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(lock.os, "open", refuse_lock)
    opened = lock.open_register(path)
    try:
        assert opened.lock is None and opened.register.readonly
        assert "无法在" in opened.register.readonly_reason
        assert "Permission denied" in opened.register.readonly_reason
    finally:
        opened.close()
    with pytest.raises(RegisterError):  # and a register that does not exist yet is not created
        lock.open_register(tmp_path / "new.ogidb")
