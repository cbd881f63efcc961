#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Debian's stock openocd 0.12.0-1 binary, the baseline every comparison uses:
# unpacked (not installed) into BUILDDIR/stock.
#
#   fetch-stock.sh BUILDDIR
set -eu
BUILD=$1
DEST=$BUILD/stock
VER=0.12.0-1
[ -x "$DEST/usr/bin/openocd" ] && exit 0
die() { echo "fetch-stock: error: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download "openocd=$VER" >"$work/log" 2>&1; then
	# Fresh machines may have no package lists yet.
	[ "$(id -u)" = 0 ] || { cat "$work/log" >&2; die "apt-get download openocd=$VER failed (run as root once, or apt-get update)"; }
	apt-get update -qq >/dev/null 2>&1 || true
	apt-get download "openocd=$VER" >"$work/log" 2>&1 || { cat "$work/log" >&2; die "apt-get download openocd=$VER failed"; }
fi
rm -rf "$DEST.tmp"
dpkg -x openocd_*.deb "$DEST.tmp" || die "cannot unpack the openocd package"
[ -x "$DEST.tmp/usr/bin/openocd" ] || die "package has no usr/bin/openocd"
rm -rf "$DEST"
mv "$DEST.tmp" "$DEST"
echo "fetch-stock: Debian openocd $VER unpacked in $DEST"
