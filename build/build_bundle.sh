#!/usr/bin/env bash
# Builds the onedir bundle dist/ogi/ from installer.spec, then smoke-tests it offscreen against a
# temporary register (build/smoke_bundle.py). The pre-release check: exit 0 means the bundle opens,
# imports a ledger, produces the annual report, exports the ledger, adds an application and writes
# its receipt letter and the report draft.
# Needs the project's .venv (bash build/setup.sh); installs PyInstaller into it if missing.
# PyInstaller builds for the system it runs on: run this on Windows for the Windows bundle
# (Git Bash; or run the two commands below by hand).
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1

if [ -x .venv/Scripts/python.exe ]; then PY=.venv/Scripts/python.exe; else PY=.venv/bin/python; fi
if [ ! -x "$PY" ]; then
  echo "build_bundle: no .venv; run bash build/setup.sh first" >&2
  exit 1
fi
# Same pins as the `build` extra in pyproject.toml.
if ! "$PY" -c "import PyInstaller, sys; sys.exit(PyInstaller.__version__ != '6.22.3')" 2>/dev/null; then
  echo "build_bundle: installing pyinstaller into .venv"
  mkdir -p build/pyinstaller-work
  "$PY" -m pip install -q pyinstaller==6.22.3 pyinstaller-hooks-contrib==2026.9 \
    >build/pyinstaller-work/pip.log 2>&1 || { cat build/pyinstaller-work/pip.log >&2; exit 1; }
fi

start=$(date +%s)
mkdir -p build/pyinstaller-work
if ! "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --workpath build/pyinstaller-work --distpath dist installer.spec \
    >build/pyinstaller-work/build.log 2>&1; then
  cat build/pyinstaller-work/build.log >&2
  echo "build_bundle: PyInstaller failed (log: build/pyinstaller-work/build.log)" >&2
  exit 1
fi
echo "build_bundle: built dist/ogi in $(( $(date +%s) - start )) s (log: build/pyinstaller-work/build.log)"

exec "$PY" build/smoke_bundle.py --bundle dist/ogi "$@"
