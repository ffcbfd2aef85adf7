"""build/check_elf.py reads what a bundle needs of the system: the glibc floor and the libraries it
does not carry. Checked on a folder holding a copy of one of this machine's own programs, against
objdump's independent listing of the same file."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "build" / "check_elf.py"

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("readelf") is None
    or shutil.which("objdump") is None,
    reason="needs Linux ELF files and binutils",
)  # fmt: skip


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60
    )


def glibc_by_objdump(path: Path) -> tuple[int, ...]:
    """The highest GLIBC_x.y among the file's undefined dynamic symbols, as objdump -T lists them."""
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
    versions = [
        tuple(int(n) for n in m.split("."))
        for line in out.splitlines()
        if "*UND*" in line
        for m in re.findall(r"\bGLIBC_(\d+(?:\.\d+)+)\b", line)
    ]
    return max(versions)


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A folder shaped like a bundle, with a real program of this machine (linked to its libc)."""
    program = Path(shutil.which("sort") or "/usr/bin/sort").resolve()
    folder = tmp_path / "ogi"
    (folder / "_internal").mkdir(parents=True)
    shutil.copy2(program, folder / "ogi")
    (folder / "_internal" / "notes.txt").write_text("not an ELF file")
    return folder


def test_glibc_floor_is_the_highest_version_any_file_needs(bundle: Path):
    needed = glibc_by_objdump(bundle / "ogi")
    floor = ".".join(str(n) for n in needed)
    below = ".".join(str(n) for n in (*needed[:-1], needed[-1] - 1))

    at_floor = run("glibc", str(bundle), "--max", floor)
    assert at_floor.returncode == 0, at_floor.stdout + at_floor.stderr
    assert f"highest glibc symbol version GLIBC_{floor}" in at_floor.stdout
    assert "1 ELF files" in at_floor.stdout  # the text file is not counted

    too_old = run("glibc", str(bundle), "--max", below)
    assert too_old.returncode == 1
    assert f"FAIL ogi needs GLIBC_{floor} > floor GLIBC_{below}" in too_old.stdout


def test_system_libs_lists_what_the_bundle_links_but_does_not_carry(bundle: Path):
    needed = subprocess.run(
        ["objdump", "-p", str(bundle / "ogi")], capture_output=True, text=True
    ).stdout
    sonames = re.findall(r"NEEDED\s+(\S+)", needed)
    assert "libc.so.6" in sonames

    listed = run("system-libs", str(bundle))
    assert listed.returncode == 0
    assert listed.stdout.split() == sorted(sonames)

    # A library the bundle carries is no longer asked of the system.
    carried = sonames[0]
    (bundle / "_internal" / carried).write_bytes(b"a stand-in: only its name counts")
    assert carried not in run("system-libs", str(bundle)).stdout.split()


def test_an_empty_or_missing_folder_is_refused(tmp_path: Path):
    assert run("glibc", str(tmp_path)).returncode == 1
    assert run("glibc", str(tmp_path / "absent")).returncode == 2
