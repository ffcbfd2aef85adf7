"""First start on a fresh machine: the default register's folder does not exist yet and is made."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.store.integrity import can_write
from desktop.store.lock import open_register


def test_a_register_in_a_folder_not_yet_made_opens_writable_and_makes_the_folder(tmp_path: Path):
    path = tmp_path / "home" / ".local" / "share" / "OGIRegister" / "register.ogidb"
    assert can_write(path)
    opened = open_register(path)
    try:
        assert opened.lock is not None and not opened.register.readonly
        opened.register.conn.execute("SELECT 1")
    finally:
        opened.close()
    assert path.is_file()


def test_a_folder_to_be_made_under_a_read_only_one_is_not_writable(tmp_path: Path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # root writes anywhere: nothing to show
            return
        assert not can_write(locked / "new" / "register.ogidb")
    finally:
        locked.chmod(0o700)
