"""The .deb, built from the old-glibc bundle, installs and works on Debian 11 (glibc 2.31) itself.

OGI_DEB_TEST=1, and always in CI (CI=true), as root: builds the bundle in the Debian 11 chroot
(build/build_linux_floor.sh: bundle, glibc check, smoke test on glibc 2.31), packs it
(build/build_deb.sh), then inside that same chroot, the oldest system we promise to run on:
`dpkg -i`; `/usr/bin/ogi --version`; as an ordinary user the window offscreen on the default
register in ~/.local/share/OGIRegister, a ledger imported into it and the annual report as JSON;
every installed ELF needs at most GLIBC_2.31; `dpkg -r` takes the program away and leaves the
user's register as it was. The same checks are proven to fail on broken packages: one missing a
library from _internal, one whose `ogi` command points nowhere. The first build took 30 minutes on the
busy 2-core machine (5.6 min of CPU: debootstrap, CPython, pip); later runs reuse build/floor/ (~12 min).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROOT = ROOT / "build" / "floor" / "chroot"
FLOOR = "2.31"
USER = "clerk"

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("OGI_DEB_TEST") != "1" and os.environ.get("CI") != "true",
        reason="the .deb build is opt-in outside CI: set OGI_DEB_TEST=1",
    ),
    pytest.mark.skipif(
        not sys.platform.startswith("linux") or os.geteuid() != 0,
        reason="needs root on Linux (debootstrap, chroot, dpkg -i)",
    ),
]


def load_smoke():  # build/smoke_bundle.py: the ledger and its expected report
    spec = importlib.util.spec_from_file_location(
        "smoke_bundle", ROOT / "build" / "smoke_bundle.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sh(*cmd: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def in_chroot(*cmd: str, user: str | None = None, timeout: float = 300):
    """Run in the Debian 11 chroot, as root or as `user` (a login-like environment: HOME, no
    display: Qt draws offscreen)."""
    home = f"/home/{user}" if user else "/root"
    env = ["env", "-i", "PATH=/usr/bin:/bin:/usr/sbin:/sbin", f"HOME={home}", "LANG=C.UTF-8",
           "QT_QPA_PLATFORM=offscreen"]  # fmt: skip
    spec = [f"--userspec={user}:{user}"] if user else []
    return sh("chroot", *spec, str(CHROOT), *env, *cmd, timeout=timeout)


@pytest.fixture(scope="module")
def built_deb() -> Path:
    floor = sh("bash", str(ROOT / "build" / "build_linux_floor.sh"), timeout=3600)
    assert floor.returncode == 0, floor.stdout[-4000:] + floor.stderr[-4000:]
    assert f"ok, every ELF runs on glibc {FLOOR}" in floor.stdout
    assert "smoke: 8/8 steps passed" in floor.stdout, floor.stdout[-3000:]
    deb = sh("bash", str(ROOT / "build" / "build_deb.sh"), "--bundle", "dist/floor/ogi")
    assert deb.returncode == 0, deb.stdout + deb.stderr
    assert f"Depends: libc6 (>= {FLOOR})" in deb.stdout or "Depends: libc6 (>= 2." in deb.stdout
    path = ROOT / deb.stdout.split("build_deb: ", 1)[1].split()[0]
    assert path.is_file()
    # /proc for the program inside the chroot (Python reads it), unmounted by the fixture below.
    if sh("mountpoint", "-q", str(CHROOT / "proc")).returncode != 0:
        assert sh("mount", "-t", "proc", "proc", str(CHROOT / "proc")).returncode == 0
    if in_chroot("id", USER).returncode != 0:
        assert in_chroot("useradd", "--create-home", USER).returncode == 0
    yield path
    in_chroot("dpkg", "--purge", "ogi-register")
    sh("umount", str(CHROOT / "proc"))


def repack(deb: Path, tmp: Path, name: str, damage) -> Path:  # noqa: ANN001
    """A copy of the package with `damage(root)` applied to its files (no compression: quick)."""
    root = tmp / name
    assert sh("dpkg-deb", "-R", str(deb), str(root)).returncode == 0
    damage(root)
    out = tmp / f"{name}.deb"
    proc = sh("dpkg-deb", "--root-owner-group", "-Znone", "--build", str(root), str(out))
    assert proc.returncode == 0, proc.stderr
    shutil.rmtree(root)
    return out


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def install_and_use(deb: Path, work: Path) -> list[str]:
    """Install `deb` in the chroot and use it as an office would; the failures, each named."""
    smoke = load_smoke()
    failures: list[str] = []
    inside = CHROOT / "tmp" / "deb-test"
    shutil.rmtree(inside, ignore_errors=True)
    inside.mkdir(parents=True)
    shutil.copy(deb, inside / "ogi-register.deb")
    ledger = inside / "ledger.xlsx"
    smoke.write_ledger(ledger)
    ledger.chmod(0o644)
    installed = in_chroot("dpkg", "-i", "/tmp/deb-test/ogi-register.deb")
    if installed.returncode != 0:
        return [f"dpkg -i: {installed.stdout[-600:]} {installed.stderr[-600:]}"]
    for path in (
        "opt/ogi-register/ogi",
        "usr/share/applications/ogi-register.desktop",
        "usr/share/icons/hicolor/256x256/apps/ogi-register.png",
        "usr/share/doc/ogi-register/copyright",
    ):
        if not (CHROOT / path).is_file():
            failures.append(f"not installed: /{path}")

    version = in_chroot("/usr/bin/ogi", "--version")
    if version.returncode != 0 or smoke.__version__ not in version.stdout:
        failures.append(
            f"ogi --version: rc {version.returncode} {version.stdout} {version.stderr[-400:]}"
        )

    # As an ordinary user: the window creates the default register, then the command line fills it.
    home = CHROOT / "home" / USER
    register = home / ".local" / "share" / "OGIRegister" / "register.ogidb"
    shutil.rmtree(home / ".local" / "share" / "OGIRegister", ignore_errors=True)
    window = in_chroot(
        "ogi", "--grab", f"/home/{USER}/window.png", "--exit-after", "1500", user=USER
    )
    if window.returncode != 0 or not register.is_file() or not (home / "window.png").is_file():
        failures.append(f"window as {USER}: rc {window.returncode} {window.stderr[-400:]}")
    db = f"/home/{USER}/.local/share/OGIRegister/register.ogidb"
    imported = in_chroot("ogi", "import-ledger", "/tmp/deb-test/ledger.xlsx", "--db", db, user=USER)
    if imported.returncode != 0:
        failures.append(
            f"import-ledger as {USER}: rc {imported.returncode} {imported.stderr[-400:]}"
        )
    report = in_chroot(
        "ogi", "report", "--db", db, "--year", str(smoke.YEAR), "--json", f"/home/{USER}/r.json",
        user=USER,
    )  # fmt: skip
    if report.returncode != 0 or not (home / "r.json").is_file():
        failures.append(f"report --json as {USER}: rc {report.returncode} {report.stderr[-400:]}")
    else:
        rows = json.loads((home / "r.json").read_text(encoding="utf-8"))["table3"]["rows"]
        received = next(r["values"][-1] for r in rows if r["label"].startswith("一、"))
        if received != len(smoke.LEDGER_ROWS):
            failures.append(f"report: 本年新收 {received}, the ledger has {len(smoke.LEDGER_ROWS)}")

    glibc = sh(sys.executable, str(ROOT / "build" / "check_elf.py"), "glibc",
               str(CHROOT / "opt" / "ogi-register"), "--max", FLOOR)  # fmt: skip
    if glibc.returncode != 0:
        failures.append(f"glibc: {glibc.stdout[-600:]}")

    before = digest(register) if register.is_file() else None
    removed = in_chroot("dpkg", "-r", "ogi-register")
    if removed.returncode != 0:
        failures.append(f"dpkg -r: {removed.stderr[-400:]}")
    for path in ("opt/ogi-register/ogi", "usr/share/applications/ogi-register.desktop"):
        if (CHROOT / path).exists():
            failures.append(f"left after dpkg -r: /{path}")
    if (CHROOT / "usr" / "bin" / "ogi").is_symlink():
        failures.append("left after dpkg -r: /usr/bin/ogi")
    if before is None or not register.is_file() or digest(register) != before:
        failures.append("the user's register did not survive dpkg -r unchanged")
    in_chroot("dpkg", "--purge", "ogi-register")
    shutil.rmtree(inside, ignore_errors=True)
    return failures


def test_the_deb_installs_runs_as_a_user_on_glibc_2_31_and_removal_keeps_the_register(
    built_deb: Path, tmp_path: Path
):
    assert install_and_use(built_deb, tmp_path) == []
    control = sh("dpkg-deb", "-f", str(built_deb), "Depends").stdout
    for needed in ("libc6 (>= 2.", "libgl1", "libxcb1", "fontconfig", "fonts-wqy-microhei |"):
        assert needed in control, control


def test_a_deb_missing_a_library_fails_the_checks(built_deb: Path, tmp_path: Path):
    def drop_libpython(root: Path) -> None:
        for lib in (root / "opt" / "ogi-register" / "_internal").glob("libpython3*.so*"):
            lib.unlink()

    failures = install_and_use(
        repack(built_deb, tmp_path, "no-libpython", drop_libpython), tmp_path
    )
    assert any(f.startswith("ogi --version") for f in failures), failures
    assert any(f.startswith("window as") for f in failures), failures


def test_a_deb_with_a_broken_entry_point_fails_the_checks(built_deb: Path, tmp_path: Path):
    def point_nowhere(root: Path) -> None:
        link = root / "usr" / "bin" / "ogi"
        link.unlink()
        link.symlink_to("/opt/ogi-register/ogi-missing")

    failures = install_and_use(repack(built_deb, tmp_path, "no-entry", point_nowhere), tmp_path)
    assert any(f.startswith("ogi --version") for f in failures), failures
    assert any(f.startswith("import-ledger") for f in failures), failures
