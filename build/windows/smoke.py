"""Run build/smoke_bundle.py inside Wine with the Windows CPython (build/build_windows.sh calls this).

Two things the plain smoke cannot do under Wine:
- The first process that touches the desktop makes Wine start `explorer.exe /desktop`, which then
  holds that process's stdout/stderr. If that process is a bundle step the smoke runs with
  `capture_output`, the smoke waits forever. So this driver touches the desktop itself, first.
- The smoke's report goes to a pipe (Wine needs a pipe, not a file); it is written in UTF-8 so the
  build log reads the same on every code page. The bundle's own output is NOT re-encoded: the steps
  run ogi.exe with the code page Wine was started with (936 or 1252), as on a clerk's PC.

Prints the ANSI code page first (`smoke: code page 936`), then the smoke's own lines. Arguments are
passed on to smoke_bundle.py (--bundle, --keep, --no-archive).
"""

from __future__ import annotations

import ctypes
import runpy
import sys
from pathlib import Path


def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
    windll = ctypes.windll  # type: ignore[attr-defined]
    windll.user32.GetDesktopWindow()
    print(f"smoke: code page {windll.kernel32.GetACP()}", flush=True)
    smoke = Path(__file__).resolve().parent.parent / "smoke_bundle.py"
    sys.argv = [str(smoke), *sys.argv[1:]]
    runpy.run_path(str(smoke), run_name="__main__")


if __name__ == "__main__":
    main()
