"""Writing an output file without ever destroying an input (docs/safety.md, F4 and F12).

`check_output(out, register=…, inputs=…)` refuses an output that IS the register or one of the
files being read, by file identity (same device and inode: a second name, a symlink or `./x` for
the same file is caught, not only the same spelling). `atomic_output(out)` gives a temporary name in
the same folder, owner-only, and renames it over `out` only when the writer finished: a failure
(full disk, a kill) leaves the old file or nothing, never a 0-byte or half-written file under the
final name.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.store import tempfiles


class OutputRefused(OSError):
    """An output path that must not be written; the message names it, in Chinese. An OSError, so
    every caller that already reports a failed write tells the clerk this too."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _register_files(register: Path) -> list[Path]:
    return [register] + [register.with_name(register.name + s) for s in ("-wal", "-shm", ".lock")]


def check_output(
    out: str | Path,
    *,
    register: str | Path | None = None,
    inputs: Iterable[str | Path] = (),
) -> None:
    """Raise OutputRefused when writing `out` would overwrite the register or an input."""
    out = Path(out)
    if out.is_dir():
        raise OutputRefused(f"{out} 是文件夹，不能作为输出文件")
    if register is not None:
        for part in _register_files(Path(register)):
            if _same_file(out, part):
                raise OutputRefused(
                    f"输出文件 {out} 就是登记簿文件 {part}；写入会毁掉登记簿，已拒绝。请换一个文件名"
                )
    for source in inputs:
        if _same_file(out, Path(source)):
            raise OutputRefused(
                f"输出文件 {out} 就是正在读取的文件 {source}；已拒绝，请换一个文件名"
            )
    if out.exists() and _looks_like_register(out):
        raise OutputRefused(
            f"输出文件 {out} 是一个登记簿（SQLite 数据库）；写入会毁掉它，已拒绝。请换一个文件名"
        )


def _looks_like_register(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


@contextmanager
def atomic_output(out: str | Path, *, private: bool = True) -> Iterator[Path]:
    """A temporary path beside `out`; renamed over `out` when the block ends without error.

    Owner-only (`private`) from the first byte: an export carries personal data.
    """
    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    tempfiles.sweep_stale_outputs(folder)
    temporary = folder / f".{out.name}{tempfiles.PART_MARK}{os.getpid()}-{secrets.token_hex(4)}"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o644)
    os.close(fd)
    try:
        yield temporary
        with open(temporary, "rb+") as handle:  # on disk before the rename makes it visible
            os.fsync(handle.fileno())
        os.replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text(out: str | Path, text: str, *, private: bool = False) -> None:
    """Write a text file atomically (the report's JSON)."""
    with atomic_output(out, private=private) as temporary:
        temporary.write_text(text, encoding="utf-8")
