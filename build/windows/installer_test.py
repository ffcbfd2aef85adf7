"""Test the Windows installer the way a clerk's PC meets it (build/build_windows.sh runs it in Wine).

Run by the Windows CPython: `python installer_test.py --setup OGIRegister-X-setup.exe --bundle
dist\\windows\\ogi`. Steps, each printed `ok`/`FAIL` with its time:
1. silent install (`setup.exe /S`): the files equal the bundle's (+ Uninstall.exe), both shortcuts
   named 政府信息公开申请登记簿 point at ogiw.exe, the HKCU uninstall key (what 应用和功能 lists);
   files are checked, not the exit status (a setup.exe that cannot start in Wine also exits 0);
2. the installed `ogi.exe --version`;
3. the installed `ogiw.exe` opens the window (offscreen) with no --db: the register is created in
   the default place, %APPDATA%\\OGIRegister\\register.ogidb;
4. a ledger imported into that register and the annual report from it (本年新收 4);
5. upgrade: setup.exe again over it; a stale DLL planted in _internal is gone, the register is
   byte for byte the same, the program still starts;
6. uninstall through the key's QuietUninstallString: folder, shortcuts and key gone;
7. %APPDATA%\\OGIRegister still holds the same register and its backups, and it still opens
   (`ogi report` from the bundle).
Refuses to run where OGI Register is installed or has data (a real user's PC).
Exit 0 when every step passed.
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import winreg  # type: ignore[import-not-found]  (Windows only)
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # build/: smoke_bundle
from smoke_bundle import LEDGER_ROWS, YEAR, write_ledger  # noqa: E402

from desktop import __version__  # noqa: E402  (smoke_bundle put the source tree on sys.path)

APPNAME = "政府信息公开申请登记簿"
UNINST_KEY = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\OGIRegister"
CSIDL_PROGRAMS, CSIDL_DESKTOPDIRECTORY = 0x02, 0x10


def shell_folder(csidl: int) -> Path:
    buffer = ctypes.create_unicode_buffer(260)
    ctypes.windll.shell32.SHGetFolderPathW(None, csidl, None, 0, buffer)  # type: ignore[attr-defined]
    return Path(buffer.value)


def uninstall_values() -> dict[str, object] | None:
    try:
        key = winreg.OpenKey(winreg.HKEY_CURRENT_USER, UNINST_KEY)
    except OSError:
        return None
    values: dict[str, object] = {}
    with key:
        index = 0
        while True:
            try:
                name, value, _kind = winreg.EnumValue(key, index)
            except OSError:
                return values
            values[name] = value
            index += 1


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)).lower() for p in folder.rglob("*") if p.is_file()}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


class Steps:
    def __init__(self) -> None:
        self.results: list[tuple[str, bool]] = []

    def run(self, name: str, check: Callable[[], str]) -> bool:
        started = time.perf_counter()
        try:
            note, ok = check(), True
        except Exception as exc:  # a failed step is reported, the next ones still run
            note, ok = f"{type(exc).__name__}: {exc}", False
        elapsed = time.perf_counter() - started
        self.results.append((name, ok))
        print(f"{'ok  ' if ok else 'FAIL'} {elapsed:6.2f} s  {name}: {note}", flush=True)
        return ok


def run(argv: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        argv, env=env, capture_output=True, text=True, errors="replace", timeout=timeout
    )


def main() -> int:
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", type=Path, required=True)
    parser.add_argument("--bundle", type=Path, required=True)
    args = parser.parse_args()
    # Under Wine: start the desktop from here, not from a child whose output is captured (it would
    # inherit the pipes and the capture would never end).
    ctypes.windll.user32.GetDesktopWindow()  # type: ignore[attr-defined]

    appdata = Path(os.environ["APPDATA"])
    instdir = Path(os.environ["LOCALAPPDATA"]) / "Programs" / "OGIRegister"
    datadir = appdata / "OGIRegister"
    register = datadir / "register.ogidb"
    shortcuts = [shell_folder(CSIDL_PROGRAMS) / f"{APPNAME}.lnk",
                 shell_folder(CSIDL_DESKTOPDIRECTORY) / f"{APPNAME}.lnk"]  # fmt: skip
    if uninstall_values() is not None or instdir.exists() or datadir.exists():
        print(f"installer test: refused, OGI Register is installed or has data here ({datadir})")
        return 1
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("OGI_DATA_DIR", None)  # the installed program must use its default place
    work = Path(tempfile.mkdtemp(prefix="ogi 安装 测试 "))
    bundle_files = files_under(args.bundle)
    steps = Steps()

    def install() -> str:
        run([str(args.setup), "/S"], env)
        # Installed files, not the exit status (see the docstring).
        missing = bundle_files - files_under(instdir) if instdir.exists() else bundle_files
        assert not missing, f"{len(missing)} files missing, e.g. {sorted(missing)[:3]}"
        extra = files_under(instdir) - bundle_files - {"uninstall.exe"}
        assert not extra, f"unexpected files {sorted(extra)[:3]}"
        for link in shortcuts:
            data = link.read_bytes()
            assert "ogiw.exe".encode("utf-16-le") in data or b"ogiw.exe" in data, f"{link} target"
        values = uninstall_values()
        assert values is not None, "no uninstall key under HKCU"
        assert values["DisplayName"] == APPNAME, values.get("DisplayName")
        assert values["DisplayVersion"] == __version__, values.get("DisplayVersion")
        assert Path(str(values["InstallLocation"])) == instdir, values.get("InstallLocation")
        assert int(values["EstimatedSize"]) > 10_000, values.get("EstimatedSize")  # KB
        return (f"{len(bundle_files) + 1} files in {instdir}, 2 shortcuts → ogiw.exe, "
                f"HKCU key (EstimatedSize {int(values['EstimatedSize']) // 1024} MB)")  # fmt: skip

    def version() -> str:
        proc = run([str(instdir / "ogi.exe"), "--version"], env)
        assert proc.returncode == 0 and __version__ in proc.stdout, proc.stdout + proc.stderr
        return proc.stdout.strip()

    def window_default_register() -> str:
        shot = work / "window.png"
        proc = run([str(instdir / "ogiw.exe"), "--grab", str(shot), "--exit-after", "1500"], env)
        assert proc.returncode == 0, f"exit {proc.returncode} {proc.stderr[-300:]}"
        assert register.is_file(), f"no register at {register}"
        assert shot.is_file() and shot.stat().st_size > 1000, "no screenshot"
        return f"ogiw.exe created {register}"

    def import_and_report() -> str:
        ledger = work / "台账 2025.xlsx"
        write_ledger(ledger)
        ogi = str(instdir / "ogi.exe")
        proc = run([ogi, "import-ledger", str(ledger), "--db", str(register)], env)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        out = work / "年报 2025.json"
        proc = run([ogi, "report", "--db", str(register), "--year", str(YEAR), "--json", str(out)],
                   env)  # fmt: skip
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return f"本年新收 {received(out)}"

    def received(report_json: Path) -> int:
        data = json.loads(report_json.read_text(encoding="utf-8"))
        row = next(r for r in data["table3"]["rows"] if r["label"].startswith("一、"))
        assert row["values"][-1] == len(LEDGER_ROWS), row
        return int(row["values"][-1])

    data_before: dict[str, str] = {}

    def upgrade() -> str:
        stale = instdir / "_internal" / "stale-planted.dll"
        stale.write_bytes(b"MZ not a library of this version")
        data_before.update({p.name: sha256(p) for p in datadir.rglob("*") if p.is_file()})
        run([str(args.setup), "/S"], env)
        assert not stale.exists(), "the stale DLL survived the upgrade"
        assert not bundle_files - files_under(instdir), "files missing after the upgrade"
        after = {p.name: sha256(p) for p in datadir.rglob("*") if p.is_file()}
        assert after == data_before, "the data folder changed"
        proc = run([str(instdir / "ogi.exe"), "--version"], env)
        assert proc.returncode == 0, proc.stderr
        return f"stale DLL gone, {len(after)} data files unchanged, {proc.stdout.strip()}"

    def uninstall() -> str:
        values = uninstall_values()
        assert values is not None, "no uninstall key"
        command = str(values["QuietUninstallString"])
        subprocess.run(command, env=env, capture_output=True, timeout=120)
        # The uninstaller copies itself to %TEMP% and returns at once; the work follows.
        assert wait_for(lambda: not instdir.exists() and uninstall_values() is None, 60), (
            f"still there: folder {instdir.exists()}, key {uninstall_values() is not None}"
        )
        left = [str(link) for link in shortcuts if link.exists()]
        assert not left, f"shortcuts left: {left}"
        return f"{command}: folder, shortcuts and key gone"

    def data_kept() -> str:
        after = {p.name: sha256(p) for p in datadir.rglob("*") if p.is_file()}
        assert after == data_before, f"data folder changed: {sorted(set(data_before) ^ set(after))}"
        out = work / "again.json"
        proc = run([str(args.bundle / "ogi.exe"), "report", "--db", str(register), "--year",
                    str(YEAR), "--json", str(out)], env)  # fmt: skip
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return f"{len(after)} files in {datadir} unchanged; report again: 本年新收 {received(out)}"

    started = time.perf_counter()
    if steps.run("silent install", install):
        steps.run("installed ogi.exe --version", version)
        steps.run("installed ogiw.exe, default register under %APPDATA%", window_default_register)
        steps.run("import a ledger and report from the installed copy", import_and_report)
        steps.run("upgrade over it", upgrade)
        if steps.run("uninstall (应用和功能)", uninstall):
            steps.run("register and backups kept", data_kept)
    failed = [name for name, ok in steps.results if not ok]
    print(f"installer: {len(steps.results) - len(failed)}/7 steps passed in "
          f"{time.perf_counter() - started:.1f} s" + (f"; FAILED: {', '.join(failed)}" if failed else ""))  # fmt: skip
    return 1 if failed or len(steps.results) != 7 else 0


if __name__ == "__main__":
    sys.exit(main())
