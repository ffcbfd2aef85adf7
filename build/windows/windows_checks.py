"""Windows-only behaviour, checked by the Windows CPython in Wine (build/build_windows.sh runs it).

The Linux test suite can only imitate these; here they run on Windows' own APIs, once per code page:
- the one-writer lock (`msvcrt.locking`) on a register whose path has spaces and Chinese: a second
  process is refused and told who holds it, and gets the lock once it is released;
- `make_private` leaves the owner able to read and write (on Windows it sets no permissions at all:
  docs/safety.md says what protects the files there);
- the default register is %APPDATA%\\OGIRegister\\register.ogidb; a UNC path is refused as a share;
- the bundle's `ogi holidays show` written to a pipe works on this code page (it crashed with
  UnicodeEncodeError on cp1252): the bytes are GBK on 936 and UTF-8 on 1252.
Usage: python windows_checks.py --bundle dist\\windows\\ogi. Exit 0 when every check passed.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop.store import location  # noqa: E402
from desktop.store.lock import (  # noqa: E402
    RegisterLock,
    make_private,
    network_share_reason,
    read_holder,
)
from desktop.store.register import Register  # noqa: E402

sys.path.insert(0, str(ROOT / "build"))
from smoke_bundle import write_ledger  # noqa: E402

# The child: try to take the lock, print what happened.
CHILD = """
import sys
sys.path.insert(0, {root!r})
from desktop.store.lock import RegisterBusy, RegisterLock
try:
    RegisterLock.acquire({path!r}).release()
    print("ACQUIRED")
except RegisterBusy as busy:
    print("BUSY", busy.holder.pid if busy.holder else None)
"""


def child_try_lock(path: Path) -> str:
    code = CHILD.format(root=str(ROOT), path=str(path))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    return proc.stdout.decode("utf-8", "replace").strip() + proc.stderr.decode("utf-8", "replace")


def main() -> int:
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, required=True)
    args = parser.parse_args()
    code_page = ctypes.windll.kernel32.GetACP()  # type: ignore[attr-defined]
    work = Path(tempfile.mkdtemp(prefix="ogi 检查 "))
    register = work / "政府 信息" / "登记 簿.ogidb"
    register.parent.mkdir()
    Register.open(register).close()
    results: list[bool] = []

    def check(name: str, test: Callable[[], str]) -> None:
        try:
            note, ok = test(), True
        except Exception as exc:
            note, ok = f"{type(exc).__name__}: {exc}", False
        results.append(ok)
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {note}", flush=True)

    def lock() -> str:
        held = RegisterLock.acquire(register)
        try:
            seen = child_try_lock(register)
            assert seen == f"BUSY {os.getpid()}", f"second process: {seen!r}"
            holder = read_holder(register)
            assert holder is not None and holder.pid == os.getpid(), holder
        finally:
            held.release()
        seen_after = child_try_lock(register)
        assert seen_after == "ACQUIRED", f"after release: {seen_after!r}"
        return f"second process refused (holder {holder.user}@{holder.host}), then let in"

    def private() -> str:
        target = work / "私有 文件.txt"
        make_private(target, create=True)
        target.write_text("张三", encoding="utf-8")
        assert target.read_text(encoding="utf-8") == "张三"
        return "owner can read and write; no ACL is changed (docs/safety.md)"

    def default_place() -> str:
        saved = os.environ.pop("OGI_DATA_DIR", None)
        try:
            expected = Path(os.environ["APPDATA"]) / "OGIRegister" / "register.ogidb"
            assert location.default_register_path() == expected, location.default_register_path()
        finally:
            if saved is not None:
                os.environ["OGI_DATA_DIR"] = saved
        assert network_share_reason(r"\\server\共享\登记簿.ogidb"), "UNC path not refused"
        assert not network_share_reason(str(register)), network_share_reason(str(register))
        return f"{expected}; UNC refused, {register.drive} is local"

    def console() -> str:
        encoding = "gbk" if code_page == 936 else "utf-8"
        # A register the bundle itself creates (one from this source tree could be of a newer
        # schema than an older bundle's, with --smoke-only).
        ledger, bundled = work / "台账 2025.xlsx", work / "程序 建立.ogidb"
        write_ledger(ledger)
        ogi = str(args.bundle / "ogi.exe")
        for argv in (
            [ogi, "import-ledger", str(ledger), "--db", str(bundled)],
            [ogi, "holidays", "show", "--year", "2026", "--db", str(bundled)],
        ):
            proc = subprocess.run(argv, capture_output=True, timeout=120)
            assert proc.returncode == 0, proc.stderr.decode(encoding, "replace")[-400:]
        text = proc.stdout.decode(encoding)  # strict: the whole output is in that encoding
        assert "国庆节" in text, text[:200]
        return f"ogi holidays show | …: exit 0, {len(text.splitlines())} lines in {encoding}"

    check("one-writer lock, path with spaces and Chinese", lock)
    check("owner-only files", private)
    check("default register place", default_place)
    check(f"console output piped on code page {code_page}", console)
    print(f"windows checks: {sum(results)}/{len(results)} passed on code page {code_page}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
