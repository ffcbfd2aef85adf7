"""What the Linux bundle asks of the system it runs on, read from its ELF files (readelf).

    python3 build/check_elf.py glibc BUNDLE [--max 2.31]
        Prints the highest GLIBC_ symbol version every ELF in the bundle needs (the `.gnu.version_r`
        section: what the dynamic loader checks before the program starts) and the files that need
        the overall highest. With --max, exits 1 when any file needs more than that: the bundle
        would not start on a system whose C library is older (麒麟 V10 and Ubuntu 20.04 have 2.31).
        Also checks that every symbol version needed from a library the bundle carries itself
        (libstdc++, libgcc_s, …) is defined by the copy it carries.

    python3 build/check_elf.py system-libs BUNDLE
        Prints, one a line, the shared libraries (DT_NEEDED sonames) that some ELF in the bundle links
        and the bundle does not carry: what the system must provide (the .deb's Depends).

Standard library only (any python3 ≥ 3.8 runs it) and binutils' readelf. Exit 2 on bad usage.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

GLIBC_FILES = re.compile(
    r"^(libc|libm|libdl|libpthread|librt|libutil|libresolv|ld-linux[-\w]*)\.so"
)


def elf_files(bundle: Path) -> list[Path]:
    """Every regular file (not symlink) under bundle that starts with the ELF magic."""
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) == b"\x7fELF":
                found.append(path)
    return found


def readelf(args: list[str], path: Path) -> str:
    proc = subprocess.run(
        ["readelf", "--wide", *args, str(path)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"readelf {' '.join(args)} {path}: {proc.stderr.strip()}")
    return proc.stdout


def version_needs(path: Path) -> dict[str, set[str]]:
    """{library soname: {version names}} from the version-needs section."""
    needs: dict[str, set[str]] = {}
    current = None
    section = False
    for line in readelf(["-V"], path).splitlines():
        if line.startswith("Version needs section"):
            section = True
            continue
        if line.startswith("Version") and section:  # the next section
            section = False
        if not section:
            continue
        file_match = re.search(r"File: (\S+)", line)
        if file_match:
            current = file_match.group(1)
            needs.setdefault(current, set())
            continue
        name_match = re.search(r"Name: (\S+)", line)
        if name_match and current:
            needs[current].add(name_match.group(1))
    return needs


def version_defs(path: Path) -> set[str]:
    defs: set[str] = set()
    section = False
    for line in readelf(["-V"], path).splitlines():
        if line.startswith("Version definition section"):
            section = True
            continue
        if line.startswith("Version") and section:
            section = False
        if section:
            match = re.search(r"Name: (\S+)", line)
            if match:
                defs.add(match.group(1))
    return defs


def needed(path: Path) -> list[str]:
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", readelf(["-d"], path))


def version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name))


def check_glibc(bundle: Path, limit: str | None) -> int:
    files = elf_files(bundle)
    if not files:
        print(f"check_elf: no ELF files under {bundle}", file=sys.stderr)
        return 1
    carried = {path.name: path for path in files}
    per_file: dict[Path, str] = {}
    missing: list[str] = []
    defs_cache: dict[Path, set[str]] = {}
    for path in files:
        for library, versions in version_needs(path).items():
            if GLIBC_FILES.match(library):
                glibc = [v for v in versions if v.startswith("GLIBC_") and v[6:7].isdigit()]
                if glibc:
                    top = max(glibc, key=version_key)
                    if path not in per_file or version_key(top) > version_key(per_file[path]):
                        per_file[path] = top
            elif library in carried:
                provider = carried[library]
                if provider not in defs_cache:
                    defs_cache[provider] = version_defs(provider)
                for version in sorted(versions - defs_cache[provider]):
                    missing.append(
                        f"{path.relative_to(bundle)} needs {version} from {library}, "
                        "which the bundled copy does not define"
                    )
    highest = max(per_file.values(), key=version_key) if per_file else "GLIBC_2.2.5"
    worst = sorted(str(p.relative_to(bundle)) for p, v in per_file.items() if v == highest)
    print(f"check_elf: {len(files)} ELF files in {bundle}; highest glibc symbol version {highest}")
    print(
        f"check_elf: needed by {len(worst)}: {', '.join(worst[:8])}{' …' if len(worst) > 8 else ''}"
    )
    failed = False
    for line in missing:
        print(f"check_elf: FAIL {line}")
        failed = True
    if limit is not None:
        over = sorted(
            (str(p.relative_to(bundle)), v)
            for p, v in per_file.items()
            if version_key(v) > version_key(limit)
        )
        for name, version in over:
            print(f"check_elf: FAIL {name} needs {version} > floor GLIBC_{limit}")
        failed = failed or bool(over)
        if not over:
            print(f"check_elf: ok, every ELF runs on glibc {limit}")
    return 1 if failed else 0


def system_libs(bundle: Path) -> int:
    files = elf_files(bundle)
    carried = {path.name for path in bundle.rglob("*")}
    outside = sorted({name for path in files for name in needed(path) if name not in carried})
    for name in outside:
        print(name)
    return 0 if files else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    glibc = commands.add_parser("glibc", help="highest GLIBC_ version needed; --max to enforce")
    glibc.add_argument("bundle", type=Path)
    glibc.add_argument("--max", help="the floor, e.g. 2.31")
    libs = commands.add_parser("system-libs", help="sonames linked but not carried")
    libs.add_argument("bundle", type=Path)
    args = parser.parse_args(argv)
    if not args.bundle.is_dir():
        print(f"check_elf: {args.bundle} is not a folder", file=sys.stderr)
        return 2
    if args.command == "glibc":
        return check_glibc(args.bundle, args.max)
    return system_libs(args.bundle)


if __name__ == "__main__":
    sys.exit(main())
