"""Temporary files and folders that may hold personal data: owner-only, named by process, swept.

A data package is unpacked, a read-only register copied, an export written under a temporary name:
each of these may hold whole ID and phone numbers. They are created readable by their owner only,
carry the creating process's id in their name, and whatever a killed process left behind is removed
at the next start (`sweep_stale`) or by the next output written to the same folder
(`sweep_stale_outputs`); docs/safety.md, F13.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

PREFIX = "ogi-"
# ogi-<kind>-<pid>-<random>: a folder in the system's temporary folder.
_DIR_NAME = re.compile(r"^ogi-[a-z]+-(\d+)-")
# .<name>.ogi-part-<pid>-<random>: an output being written, beside its final name.
PART_MARK = ".ogi-part-"
_PART_NAME = re.compile(r"^\..*\.ogi-part-(\d+)-[^/]*$")


def private_dir(kind: str, *, base: str | Path | None = None) -> Path:
    """A new folder only this user can enter (mkdtemp makes it 0700), named for `sweep_stale`."""
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{kind}-{os.getpid()}-", dir=base))


def copy_private(source: Path, target: Path) -> None:
    """Copy a file into a private folder, the copy readable by its owner only."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out, 1 << 20)


def remove_dir(path: Path | None) -> None:
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False  # Windows: a folder of a running copy is in use and cannot be removed anyway
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale(base: str | Path | None = None) -> list[Path]:
    """Remove the temporary folders of this program whose process is gone. Returns them."""
    folder = Path(base or tempfile.gettempdir())
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _DIR_NAME.match(entry.name)
        if not match or not entry.is_dir(follow_symlinks=False):
            continue
        with contextlib.suppress(OSError):
            if entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
        if _alive(int(match.group(1))):
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(Path(entry.path))
    return removed


def sweep_stale_outputs(folder: str | Path) -> list[Path]:
    """Remove half-written outputs (`.name.ogi-part-PID-…`) a killed process left in `folder`."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _PART_NAME.match(entry.name)
        if match and not _alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed
