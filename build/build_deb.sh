#!/usr/bin/env bash
# Packs a built Linux bundle as a .deb for 统信UOS / 麒麟 / Debian / Ubuntu:
#   /opt/ogi-register/{ogi,_internal}   the onedir bundle, unchanged
#   /usr/bin/ogi                        a symlink to it (the bootloader follows the link)
#   /usr/share/applications/ogi-register.desktop, hicolor 256x256 icon, /usr/share/doc/.../copyright
# Depends: the libraries the bundle links but does not carry (build/check_elf.py system-libs; libc6
# at least the highest GLIBC_ version any bundled ELF needs), fontconfig and a CJK font.
#
#   bash build/build_deb.sh [--bundle DIR] [--out DIR]
# DIR defaults to dist/floor/ogi (the old-glibc build of build/build_linux_floor.sh), else dist/ogi
# (build/build_bundle.sh, built on this machine: it needs this machine's glibc or newer).
# Writes dist/ogi-register_<version>_amd64.deb; staging in build/deb-work/ (git-ignored).
# Needs dpkg-deb and readelf (binutils); python3 for check_elf.py. No root needed.
set -euo pipefail
cd "$(dirname "$0")/.."

bundle=""
out=dist
while [ $# -gt 0 ]; do
  case "$1" in
    --bundle) bundle=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: bash build/build_deb.sh [--bundle DIR] [--out DIR]" >&2; exit 2 ;;
  esac
done
if [ -z "$bundle" ]; then
  if [ -x dist/floor/ogi/ogi ]; then bundle=dist/floor/ogi; else bundle=dist/ogi; fi
fi
if [ ! -x "$bundle/ogi" ] || [ ! -d "$bundle/_internal" ]; then
  echo "build_deb: no bundle at $bundle (bash build/build_linux_floor.sh, or build/build_bundle.sh)" >&2
  exit 1
fi
for tool in dpkg-deb readelf python3; do
  command -v "$tool" >/dev/null || { echo "build_deb: $tool is missing (apt-get install dpkg binutils python3)" >&2; exit 1; }
done

version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' desktop/__init__.py)
arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
[ -n "$version" ] || { echo "build_deb: no __version__ in desktop/__init__.py" >&2; exit 1; }

# The C library the bundle needs: the highest GLIBC_ symbol version of any of its ELF files.
glibc_line=$(python3 build/check_elf.py glibc "$bundle" | sed -n 1p)  # sed reads it all: head would break the pipe (pipefail)
glibc=$(printf '%s\n' "$glibc_line" | sed -n 's/.*highest glibc symbol version GLIBC_\([0-9.]*\).*/\1/p')
[ -n "$glibc" ] || { echo "build_deb: could not read the glibc version: $glibc_line" >&2; exit 1; }

# Each library the bundle links and does not carry, as the Debian package that has it. The same
# names on Debian, Ubuntu, 统信UOS and 麒麟. An unknown one stops the build: look it up with
# `dpkg -S <soname>` and add it here, rather than ship a .deb that fails to start.
depends="libc6 (>= $glibc)"
add_dep() { case ", $depends, " in *", $1, "*) ;; *) depends="$depends, $1" ;; esac; }
for soname in $(python3 build/check_elf.py system-libs "$bundle"); do
  case "$soname" in
    libc.so.6 | libm.so.6 | libdl.so.2 | libpthread.so.0 | librt.so.1 | libresolv.so.2 | libutil.so.1 \
      | ld-linux-x86-64.so.2) ;;  # libc6, above
    libGL.so.1) add_dep libgl1 ;;
    libEGL.so.1) add_dep libegl1 ;;
    libOpenGL.so.0) add_dep libopengl0 ;;
    libGLX.so.0) add_dep libglx0 ;;
    libxcb.so.1) add_dep libxcb1 ;;
    libX11.so.6) add_dep libx11-6 ;;
    libX11-xcb.so.1) add_dep libx11-xcb1 ;;
    libz.so.1) add_dep zlib1g ;;
    *) echo "build_deb: the bundle links $soname, which it does not carry and build_deb.sh cannot name a package for" >&2
       exit 1 ;;
  esac
done
# Loaded by configuration rather than linked: fontconfig's /etc/fonts (the bundled libfontconfig
# reads it) and a CJK font, without which every Chinese character is drawn as a box.
add_dep fontconfig
add_dep "fonts-wqy-microhei | fonts-noto-cjk | fonts-wqy-zenhei"

start=$(date +%s)
work=build/deb-work
root=$work/root
rm -rf "$work"
mkdir -p "$root/DEBIAN" "$root/opt/ogi-register" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/256x256/apps" "$root/usr/share/doc/ogi-register"
cp -a "$bundle/." "$root/opt/ogi-register/"
ln -s /opt/ogi-register/ogi "$root/usr/bin/ogi"
install -m 0644 build/deb/ogi-register.desktop "$root/usr/share/applications/ogi-register.desktop"
install -m 0644 resources/icon.png "$root/usr/share/icons/hicolor/256x256/apps/ogi-register.png"
install -m 0644 build/deb/copyright "$root/usr/share/doc/ogi-register/copyright"
# Whatever umask the build ran under: readable by all, writable by the owner (root) only.
chmod -R u+rwX,go+rX,go-w "$root"

installed_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<EOF
Package: ogi-register
Version: $version
Architecture: $arch
Maintainer: OGI Register authors <ogi-register@localhost>
Installed-Size: $installed_kb
Depends: $depends
Section: misc
Priority: optional
Description: 政府信息公开申请登记簿 (open government information application register)
 An offline desktop register of 政府信息公开申请 for Chinese government offices: log each
 application as it arrives and as it is handled, keep the statutory deadlines in working days,
 and produce the annual-report statistics as the official Excel tables.
 .
 The program is a self-contained bundle in /opt/ogi-register (Python, Qt and the libraries it
 needs); \`ogi\` on the PATH is its command line and, with no arguments, its window. Each user's
 register stays in ~/.local/share/OGIRegister and is kept when the package is removed.
EOF

mkdir -p "$out"
deb="$out/ogi-register_${version}_${arch}.deb"
rm -f "$deb"
# xz: dpkg before 1.21.18 (older 统信UOS/麒麟 releases) cannot read zstd.
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$root/usr/share/applications/ogi-register.desktop"
fi
echo "build_deb: $deb  $(( $(stat -c %s "$deb") / 1000000 )) MB, installs $(( installed_kb / 1024 )) MB," \
  "built in $(( $(date +%s) - start )) s"
echo "build_deb: Depends: $depends"
