"""Backups made by hand and restores (store.backup); the 备份与恢复 dialog calls these on its worker."""

from __future__ import annotations

from pathlib import Path

from desktop.store import backup
from desktop.store.register import Register


def make_backup(register: Register) -> backup.BackupInfo:
    """A checked copy of the register now (online backup API), kind 手动."""
    return backup.make_backup(register, kind="manual")


def restore(register: Register, backup_path: str | Path) -> Path:
    """Keep a 恢复前 copy, swap the backup in, close `register`; re-open the path returned."""
    return backup.restore(register, backup_path)
