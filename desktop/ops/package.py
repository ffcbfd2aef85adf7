"""数据包: hand a unit's register to the office above, and merge one in (reports.data_package does the
checks and the numbering); the File → 数据包 dialogs call these."""

from __future__ import annotations

import contextlib
from pathlib import Path

from desktop.domain.application import Application
from desktop.reports import data_package as dp
from desktop.store import duplicates
from desktop.store.register import Register, RegisterError


def export_package(
    register: Register, out: str | Path, unit: str, *, include_history: bool = False
) -> dp.Manifest:
    """Write the package and remember the unit's name in the register for next time.

    Only live applications travel; the audit history (old ID and phone numbers) only when the
    office chooses `include_history` (docs/safety.md, F7)."""
    manifest = dp.export_package(register, out, unit, include_history=include_history)
    if not register.readonly:
        # A convenience; the package is written either way.
        with contextlib.suppress(RegisterError):
            duplicates.save_unit_name(register, manifest.unit)
    return manifest


def preview_package(register: Register, path: str | Path) -> dp.PackagePreview:
    """Check a package (seal, version, merged before, duplicates) without writing anything."""
    return dp.preview_package(register, path)


def import_package(
    register: Register, path: str | Path, *, skip_duplicates: bool = False
) -> list[Application]:
    """Merge a package, all or nothing; returns the applications added."""
    return dp.import_package(register, path, skip_duplicates=skip_duplicates)
