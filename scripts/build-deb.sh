#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build $BUILD/dist/openocd-qspi-h7_<VERSION>_amd64.deb from the tested Linux
# build: scripts/stage-linux.sh lays out /usr, this adds the udev rules, the
# Debian copyright and changelog, and a control file whose Depends
# dpkg-shlibdeps computes from the binary.  Installs alongside Debian's
# openocd package (no file in common).
#
#   build-deb.sh TOPDIR BUILDDIR
set -eu

TOP=$1
BUILD=$2
NAME=openocd-qspi-h7
VER=$(cat "$TOP/VERSION")
ARCH=$(dpkg --print-architecture)
PKG=$BUILD/deb/root
OUT=$BUILD/dist/${NAME}_${VER}_$ARCH.deb

die() { echo "build-deb: error: $*" >&2; exit 1; }

if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
	SOURCE_DATE_EPOCH=$(git -C "$TOP" log -1 --format=%ct 2>/dev/null || stat -c %Y "$TOP/VERSION")
fi
export SOURCE_DATE_EPOCH

"$TOP/scripts/stage-linux.sh" "$TOP" "$BUILD" /usr "$PKG"
DOC=$PKG/usr/share/doc/$NAME

# udev rules where udev reads packaged rules
mkdir -p "$PKG/lib/udev/rules.d"
mv "$PKG/usr/share/$NAME/udev/60-openocd-qspi-h7.rules" "$PKG/lib/udev/rules.d/"
rmdir "$PKG/usr/share/$NAME/udev"

# Debian's documentation conventions: compressed info, man page and changelog
gzip -9n "$PKG/usr/share/info/$NAME.info" "$PKG/usr/share/man/man1/$NAME.1"
rm -f "$DOC/COPYING"
sed "s/@VERSION@/$VER/" "$TOP/packaging/debian/copyright" > "$DOC/copyright"
date=$(date -u -R -d "@$SOURCE_DATE_EPOCH")
printf '%s (%s) unstable; urgency=medium\n\n  * Release %s of the openocd-qspi-h7 fork of OpenOCD 0.12.0.\n\n -- openocd-qspi-h7 maintainers <openocd-qspi-h7@localhost>  %s\n' \
	"$NAME" "$VER" "$VER" "$date" | gzip -9n > "$DOC/changelog.Debian.gz"

# Depends from the libraries the binary links (dpkg-shlibdeps wants a
# debian/control beside it)
work=$BUILD/deb/shlibdeps
rm -rf "$work"
mkdir -p "$work/debian"
cp "$TOP/packaging/debian/control" "$work/debian/control"
depends=$(cd "$work" && dpkg-shlibdeps -O "$PKG/usr/bin/$NAME" 2>"$work/shlibdeps.log" |
	sed -n 's/^shlibs:Depends=//p') || true
[ -n "$depends" ] || { cat "$work/shlibdeps.log" >&2; die "dpkg-shlibdeps found no dependencies"; }

mkdir -p "$PKG/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$PKG" | cut -f1)
sed -n '/^Package:/,$p' "$TOP/packaging/debian/control" | grep -v '^Build-\|^Standards' |
	sed "s/^Architecture:.*/Architecture: $ARCH/; s/\${shlibs:Depends}/$depends/" |
	sed "/^Package:/a Version: $VER" | sed "/^Architecture:/a Installed-Size: $size" |
	sed "/^Architecture:/a Maintainer: openocd-qspi-h7 maintainers <openocd-qspi-h7@localhost>" \
	> "$PKG/DEBIAN/control"
(cd "$PKG" && find . -path ./DEBIAN -prune -o -type f -print | LC_ALL=C sort | sed 's|^\./||' |
	xargs md5sum) > "$PKG/DEBIAN/md5sums"
chmod 644 "$PKG/DEBIAN/control" "$PKG/DEBIAN/md5sums"
find "$PKG" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$BUILD/dist"
dpkg-deb --root-owner-group -Zxz --build "$PKG" "$OUT" >/dev/null || die "dpkg-deb failed"
echo "build-deb: $OUT ($(du -k "$OUT" | cut -f1) KiB)"
