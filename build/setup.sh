#!/usr/bin/env bash
# Sets up OGI Register on a fresh Debian/Ubuntu/统信UOS/麒麟 machine: system libraries (when run as
# root), a private virtual environment in .venv with the pinned dependencies, and the `ogi` command.
#   bash build/setup.sh          what running the program needs, nothing more
#   bash build/setup.sh --test   that, plus what only the tests need (pytest and friends, Xvfb,
#                                LibreOffice, poppler, binutils); the packaging tests install Wine,
#                                NSIS and debootstrap themselves when they run (CI=true)
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1

TEST=0
for arg in "$@"; do
  case "$arg" in
    --test) TEST=1 ;;
    -h | --help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "setup: unknown option $arg (use --test)" >&2; exit 2 ;;
  esac
done

# Qt's runtime libraries and a CJK font (without one every Chinese glyph is a box).
APT_PKGS="fonts-wqy-microhei libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 \
libxkbcommon0 libegl1 libgl1 libfontconfig1 libglib2.0-0 libdbus-1-3"
# Tests only: Xvfb for screenshots, LibreOffice + poppler to render exported workbooks and letters,
# binutils (objdump) for PyInstaller.
if [ "$TEST" = 1 ]; then
  APT_PKGS="$APT_PKGS xvfb xauth libreoffice-calc libreoffice-writer poppler-utils binutils"
fi
if command -v dpkg >/dev/null 2>&1; then
  missing=""
  for p in $APT_PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
      echo "setup: apt-get install$missing (downloads packages: this may take several minutes)"
      apt-get update -qq >/dev/null
      apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
      echo "setup: not root, skipping system packages:$missing (ask IT to install them)" >&2
    fi
  fi
fi

# Python 3.11 or newer, with venv. Stock Debian/Ubuntu ship python3 without ensurepip (the
# python3-venv package); Ubuntu 22.04's python3 is 3.10 but python3.11 is in its archive.
py_ok() { command -v "$1" >/dev/null 2>&1 && "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; }
PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for candidate in python3 python3.13 python3.12 python3.11; do
    if py_ok "$candidate"; then PY=$candidate; break; fi
  done
fi
if [ -z "$PY" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: apt-get install python3.11"
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends python3.11 python3.11-venv >/dev/null && PY=python3.11
fi
if [ -z "$PY" ] || ! py_ok "$PY"; then
  echo "setup: OGI Register needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi
if ! "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  venv_pkg="python$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')-venv"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: apt-get install $venv_pkg"
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "$venv_pkg" >/dev/null
  else
    echo "setup: $PY has no venv module; ask IT to install $venv_pkg" >&2
    exit 1
  fi
fi
stamp=".venv/.requirements.stamp"
if [ ! -x .venv/bin/python ] || ! cmp -s requirements.txt "$stamp"; then
  echo "setup: creating .venv with the pinned dependencies"
  rm -rf .venv
  "$PY" -m venv .venv
  if ! .venv/bin/pip install -q -r requirements.txt >.venv/pip.log 2>&1; then
    cat .venv/pip.log >&2
    exit 1
  fi
  cp requirements.txt "$stamp"
fi
test_stamp=".venv/.requirements-test.stamp"
if [ "$TEST" = 1 ] && ! cmp -s requirements-test.txt "$test_stamp"; then
  echo "setup: adding the test dependencies to .venv"
  if ! .venv/bin/pip install -q -r requirements-test.txt >>.venv/pip.log 2>&1; then
    cat .venv/pip.log >&2
    exit 1
  fi
  cp requirements-test.txt "$test_stamp"
fi
if [ ! -x .venv/bin/ogi ]; then
  .venv/bin/pip install -q --no-deps --no-build-isolation -e . >>.venv/pip.log 2>&1 || {
    cat .venv/pip.log >&2
    exit 1
  }
fi
