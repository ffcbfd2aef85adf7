#!/usr/bin/env bash
# Builds the Linux bundle against an old C library, so that it starts on 麒麟 V10 and Ubuntu 20.04
# (glibc 2.31), not only on systems as new as the build machine (the bundle built on Debian 12 by
# build_bundle.sh needs glibc 2.36). A program linked against glibc 2.31 runs on every later glibc.
#
#   sudo bash build/build_linux_floor.sh [--keep DIR]      (as root: debootstrap and chroot)
#
# 1. A Debian 11 (bullseye: glibc 2.31, SQLite 3.34.1 with FTS5 trigram) chroot made with debootstrap
#    from the Debian mirror this machine's apt uses, with compilers and the libraries Qt and Python
#    link.
# 2. CPython 3.11 built inside it from Debian's own source (bookworm's python3.11: the upstream
#    tarball, pinned by hash, plus Debian's security and bug-fix patches, not its layout patches;
#    fetched with apt-get source, which checks the archive's signature). Shared libpython for
#    PyInstaller; no PGO/LTO, no test modules (minutes, not an hour, on 2 cores).
# 3. pip installs the pinned runtime dependencies and PyInstaller (pyproject.toml) into it; the
#    Qt wheels are manylinux_2_28. PyInstaller runs installer.spec there.
# 4. Checks: every ELF of the bundle needs at most GLIBC_$OGI_GLIBC_FLOOR (build/check_elf.py), and
#    build/smoke_bundle.py passes *inside the chroot*, i.e. on glibc 2.31 itself.
# Result: dist/floor/ogi (then `bash build/build_deb.sh` packs it). Work files: build/floor/ (the
# chroot, sources, stamps; git-ignored; delete it to start over). Each stage is skipped when its
# stamp says it is done with the same inputs, so a second run only rebuilds the bundle.
# --keep DIR (inside the chroot, e.g. /build/smoke) is passed to smoke_bundle.py.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8

SUITE=bullseye
FLOOR_GLIBC=${OGI_GLIBC_FLOOR:-2.31}
PY_SOURCE=python3.11                # Debian source package (bookworm)
PY_ORIG=python3.11_3.11.2.orig.tar.gz
PY_ORIG_SHA256=2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849
PY_PREFIX=/opt/python3.11
# Debian's series: layout and packaging patches first, then from this one on fixes only.
PY_FIRST_FIX_PATCH=shutdown-deadlock.diff
PIP_PIN=pip==23.2.1
# Qt for Python 6.10 and later ship manylinux_2_34 wheels (Qt itself needs glibc 2.34); 6.9.3 is
# the newest built for manylinux_2_28. The old-glibc bundle uses it instead of pyproject.toml's pin
# (the whole test suite passes on it: docs/packaging.md).
FLOOR_PYSIDE=6.9.3
# Compilers and -dev packages for CPython's modules (ssl, sqlite3, ctypes, lzma, bz2, zlib, uuid);
# the libraries Qt's xcb platform links (PyInstaller bundles them from here); fontconfig and a CJK
# font for the smoke test's window; binutils (objdump) for PyInstaller; passwd for the .deb test's
# unprivileged user.
CHROOT_PKGS=build-essential,pkg-config,libssl-dev,libffi-dev,libsqlite3-dev,zlib1g-dev,libbz2-dev,\
liblzma-dev,uuid-dev,binutils,ca-certificates,xz-utils,file,passwd,libgl1,libegl1,libxkbcommon0,\
libxkbcommon-x11-0,libfontconfig1,fontconfig,libglib2.0-0,libdbus-1-3,libx11-6,libx11-xcb1,\
libxcb-cursor0,libxcb-icccm4,libxcb-keysyms1,libxcb-image0,libxcb-render-util0,libxcb-shape0,\
libxcb-randr0,libxcb-xkb1,libxcb-util1,libcups2,fonts-wqy-microhei

keep=()
if [ "${1:-}" = --keep ]; then keep=(--keep "$2"); fi
if [ "$(id -u)" != 0 ]; then
  echo "build_linux_floor: run as root (debootstrap and chroot need it)" >&2
  exit 1
fi

work=$PWD/build/floor
root=$work/chroot
mkdir -p "$work"
t0=$(date +%s)
stage_start=$t0
say() {
  local now
  now=$(date +%s)
  echo "build_linux_floor: $* ($(( now - stage_start )) s; $(( now - t0 )) s in all)"
  stage_start=$now
}
stamp_ok() { [ -f "$root/.ogi-stamp-$1" ] && [ "$(cat "$root/.ogi-stamp-$1")" = "$2" ]; }
stamp_set() { printf '%s' "$2" >"$root/.ogi-stamp-$1"; }

# ------------------------------------------------------------------ host tools
need=""
command -v debootstrap >/dev/null || need="$need debootstrap"
command -v readelf >/dev/null || need="$need binutils"
command -v python3 >/dev/null || need="$need python3"
if [ -n "$need" ]; then
  echo "build_linux_floor: apt-get install$need"
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

# The Debian mirror this machine's apt already uses (no host is written into this script).
mirror=${OGI_DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$(apt-get indextargets --format '$(REPO_URI)' 'Identifier: Packages' 2>/dev/null \
    | grep -E '/debian/?$' | head -1 || true)
  if [ -z "$mirror" ]; then
    apt-get update -qq >/dev/null
    mirror=$(apt-get indextargets --format '$(REPO_URI)' 'Identifier: Packages' 2>/dev/null \
      | grep -E '/debian/?$' | head -1 || true)
  fi
fi
if [ -z "$mirror" ]; then
  echo "build_linux_floor: no Debian mirror in apt's sources; set OGI_DEBIAN_MIRROR" >&2
  exit 1
fi

# /proc inside the chroot while we use it (Python's build and pip read it); never left mounted, so
# that deleting build/floor cannot reach into the host.
unmount() {
  if mountpoint -q "$root/proc" 2>/dev/null; then umount "$root/proc" || umount -l "$root/proc"; fi
}
trap unmount EXIT
in_chroot() {
  mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
  nice chroot "$root" /usr/bin/env -i PATH=$PY_PREFIX/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 "$@"
}

# ------------------------------------------------------------------ 1. the chroot
key="$SUITE $CHROOT_PKGS"
if ! stamp_ok debootstrap "$key"; then
  unmount
  if grep -q " $root/" /proc/mounts; then
    echo "build_linux_floor: something is mounted under $root; unmount it first" >&2
    exit 1
  fi
  rm -rf "$root"
  echo "build_linux_floor: debootstrap $SUITE from $mirror"
  if ! nice debootstrap --variant=minbase --include="$CHROOT_PKGS" "$SUITE" "$root" "$mirror" \
      >"$work/debootstrap.log" 2>&1; then
    tail -20 "$work/debootstrap.log" >&2
    exit 1
  fi
  stamp_set debootstrap "$key"
  say "chroot ready"
fi
in_chroot getconf GNU_LIBC_VERSION

# ------------------------------------------------------------------ 2. CPython from Debian's source
key="$PY_ORIG_SHA256 $PY_FIRST_FIX_PATCH $PY_PREFIX v2"
if ! stamp_ok python "$key"; then
  src=$work/src
  rm -rf "$src"
  mkdir -p "$src/apt/lists/partial" "$src/apt/cache/archives/partial"
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm main" \
    >"$src/apt/sources.list"
  aptsrc=(-o Dir::Etc::SourceList="$src/apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent
    -o Dir::State::Lists="$src/apt/lists" -o Dir::Cache="$src/apt/cache" -o APT::Sandbox::User=root)
  apt-get "${aptsrc[@]}" update -qq >"$src/apt.log" 2>&1 || { cat "$src/apt.log" >&2; exit 1; }
  (cd "$src" && apt-get "${aptsrc[@]}" source --download-only "$PY_SOURCE") >>"$src/apt.log" 2>&1 \
    || { cat "$src/apt.log" >&2; exit 1; }
  echo "$PY_ORIG_SHA256  $src/$PY_ORIG" | sha256sum -c --quiet
  debian_tar=$(ls "$src"/${PY_SOURCE}_*.debian.tar.xz)
  say "fetched $(basename "$debian_tar") and the upstream tarball"
  rm -rf "$root/build/python"
  mkdir -p "$root/build/python"
  tar -xzf "$src/$PY_ORIG" -C "$root/build/python" --strip-components=1
  tar -xJf "$debian_tar" -C "$src"
  grep -qx "$PY_FIRST_FIX_PATCH" "$src/debian/patches/series" \
    || { echo "build_linux_floor: $PY_FIRST_FIX_PATCH not in Debian's series" >&2; exit 1; }
  applied=0
  for patch in $(sed -n "/^$PY_FIRST_FIX_PATCH\$/,\$p" "$src/debian/patches/series"); do
    patch -d "$root/build/python" -p1 -s --no-backup-if-mismatch <"$src/debian/patches/$patch" \
      || { echo "build_linux_floor: patch $patch does not apply" >&2; exit 1; }
    applied=$((applied + 1))
  done
  echo "build_linux_floor: applied $applied of Debian's fix patches"
  # Debian builds pyexpat into the interpreter; upstream's setup.py builds it as a shared module,
  # which needs this define for the internal header Debian's CVE-2026-4224 fix includes.
  if grep -q pycore_ceval.h "$root/build/python/Modules/pyexpat.c" \
      && ! grep -q Py_BUILD_CORE_MODULE "$root/build/python/Modules/pyexpat.c"; then
    sed -i '1i #ifndef Py_BUILD_CORE_BUILTIN\n#  define Py_BUILD_CORE_MODULE 1\n#endif' \
      "$root/build/python/Modules/pyexpat.c"
  fi
  cat >"$root/build/build-python.sh" <<EOF
set -e
cd /build/python
./configure --prefix=$PY_PREFIX --enable-shared --disable-test-modules --with-ensurepip=install \
  LDFLAGS=-Wl,-rpath,$PY_PREFIX/lib >/build/python-configure.log 2>&1
make -j2 >/build/python-make.log 2>&1
# setup.py only warns when an extension fails to build; the bundle needs every one of these.
if grep -Eq "^(Failed to build these modules|Following modules built successfully but were removed)" \\
    /build/python-make.log; then
  grep -EA3 "^(Failed to build|Following modules built)" /build/python-make.log; exit 1
fi
make install >/build/python-install.log 2>&1
EOF
  if ! in_chroot /bin/sh /build/build-python.sh; then
    tail -30 "$root"/build/python-*.log >&2
    exit 1
  fi
  stamp_set python "$key"
  say "built CPython in $PY_PREFIX"
fi
# What the program needs of it: the modules, and SQLite with FTS5's trigram tokenizer (search).
in_chroot python3.11 -c '
import bz2, ctypes, lzma, ssl, sqlite3, sys, uuid, zlib
db = sqlite3.connect(":memory:")
db.execute("create virtual table t using fts5(x, tokenize=\"trigram\")")
print(f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version} with fts5 trigram")
'

# ------------------------------------------------------------------ 3. pinned packages + PyInstaller
requirements=$(FLOOR_PYSIDE=$FLOOR_PYSIDE python3 -c '
import os, re, tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
pins = project["dependencies"] + project["optional-dependencies"]["build"]
qt = os.environ["FLOOR_PYSIDE"]
pins = [re.sub(r"^(PySide6-\w+|shiboken6)==.*", rf"\1=={qt}", pin) for pin in pins]
print("\n".join([*pins, f"shiboken6=={qt}"]))')
key="$PIP_PIN $requirements"
if ! stamp_ok packages "$key"; then
  printf '%s\n' "$requirements" >"$root/build/requirements.txt"
  # The same package index and certificates as pip on this machine.
  [ -f /etc/pip.conf ] && cp /etc/pip.conf "$root/etc/pip.conf"
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  pipenv=(PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_DEFAULT_TIMEOUT=180)
  [ -n "${PIP_INDEX_URL:-}" ] && pipenv+=(PIP_INDEX_URL="$PIP_INDEX_URL")
  if ! in_chroot "${pipenv[@]}" /bin/sh -c "python3.11 -m pip install -q '$PIP_PIN' && \
      python3.11 -m pip install -q -r /build/requirements.txt" >"$work/pip.log" 2>&1; then
    cat "$work/pip.log" >&2
    exit 1
  fi
  stamp_set packages "$key"
  say "installed $(printf '%s\n' "$requirements" | wc -l) pinned packages"
fi

# ------------------------------------------------------------------ 4. the bundle
rm -rf "$root/build/src"
mkdir -p "$root/build/src"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done | tar --null -T - -cf - | tar -xf - -C "$root/build/src"
if ! in_chroot /bin/sh -c "cd /build/src && python3.11 -m PyInstaller --noconfirm --clean \
    --log-level WARN --workpath /build/src/build/pyinstaller-work --distpath /build/src/dist \
    installer.spec" >"$work/pyinstaller.log" 2>&1; then
  tail -40 "$work/pyinstaller.log" >&2
  echo "build_linux_floor: PyInstaller failed (log: $work/pyinstaller.log)" >&2
  exit 1
fi
rm -rf dist/floor
mkdir -p dist/floor
cp -a "$root/build/src/dist/ogi" dist/floor/
say "built dist/floor/ogi"

# ------------------------------------------------------------------ 5. checks
python3 build/check_elf.py glibc dist/floor/ogi --max "$FLOOR_GLIBC"
# A library that neither the bundle nor this old system has (PyInstaller skips what it cannot find,
# e.g. libcups for the print plugin before libcups2 was in the chroot) would fail on the office PC.
missing=$(in_chroot /bin/sh -c 'cd /build/src/dist/ogi/_internal && find . -type f -name "*.so*" \
  | while read -r f; do LD_LIBRARY_PATH=. ldd "$f" 2>/dev/null | grep "not found" | sed "s|^|$f: |"; done')
if [ -n "$missing" ]; then
  printf 'build_linux_floor: FAIL libraries not found:\n%s\n' "$missing" >&2
  exit 1
fi
in_chroot /bin/sh -c "cd /build/src && python3.11 build/smoke_bundle.py --bundle /build/src/dist/ogi \
  --no-archive ${keep[*]}"
say "smoke-tested on $(in_chroot getconf GNU_LIBC_VERSION)"
du -sh dist/floor/ogi | sed 's/^/build_linux_floor: size /'
