#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Pack the Windows build (scripts/build-windows.sh) into
# $BUILD/dist/openocd-qspi-h7-<VERSION>-win64.zip:
#
#   bin/openocd.exe and the DLLs it imports (no others)
#   share/openocd/scripts/        where openocd.exe looks (../share/openocd/scripts)
#   doc/openocd.html              the OpenOCD manual with our chapters
#   doc/*.md                      the user guide and the install guide
#   licenses/                     OpenOCD's GPL and each library's license
#   SOURCES.txt                   the exact sources, with sha256, and how to rebuild
#   README-windows.txt
#
# Reproducible: every entry has the time SOURCE_DATE_EPOCH (default: the last
# commit's time), fixed permissions, no extra attributes, entries in sorted
# order.  "--check" packs twice in separate directories and fails unless the
# two zips are identical byte for byte.
#
#   dist-windows.sh TOPDIR BUILDDIR [--check]
set -eu

TOP=$1
BUILD=$2
HOST=x86_64-w64-mingw32
WIN=$BUILD/win64
PFX=$WIN/prefix
INST=$WIN/install
SRC=$BUILD/openocd-src
VER=$(cat "$TOP/VERSION")
NAME=openocd-qspi-h7-$VER-win64
OUT=$BUILD/dist/$NAME.zip

die() { echo "dist-windows: error: $*" >&2; exit 1; }

[ -f "$INST/bin/openocd.exe" ] || die "$INST/bin/openocd.exe missing (run scripts/build-windows.sh)"
[ -f "$WIN/openocd.html" ] || die "$WIN/openocd.html missing (run scripts/build-windows.sh)"
command -v zip >/dev/null || die "zip not found (Debian package zip)"

if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
	SOURCE_DATE_EPOCH=$(git -C "$TOP" log -1 --format=%ct 2>/dev/null || stat -c %Y "$TOP/VERSION")
fi
export SOURCE_DATE_EPOCH

# DLLs openocd.exe imports that Windows itself provides.
SYSTEM_DLLS="kernel32.dll msvcrt.dll ws2_32.dll user32.dll advapi32.dll setupapi.dll \
hid.dll winusb.dll ole32.dll shell32.dll cfgmgr32.dll"

imports() {
	"$HOST-objdump" -p "$1" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr 'A-Z' 'a-z'
}

# stage DIR: lay out the zip's contents in DIR/$NAME.
stage() {
	d=$1/$NAME
	rm -rf "$1"
	mkdir -p "$d/bin" "$d/share/openocd" "$d/doc" "$d/licenses"
	cp "$INST/bin/openocd.exe" "$d/bin/"
	# Every DLL the exe (or a shipped DLL) imports must ship, unless Windows has it.
	todo="$d/bin/openocd.exe"
	while [ -n "$todo" ]; do
		next=""
		for f in $todo; do
			for dll in $(imports "$f"); do
				case " $SYSTEM_DLLS " in *" $dll "*) continue ;; esac
				case $dll in api-ms-win-*) continue ;; esac
				[ -f "$d/bin/$dll" ] && continue
				src=$(find "$PFX/bin" -maxdepth 1 -iname "$dll" | head -1)
				[ -n "$src" ] || die "$(basename "$f") imports $dll, which is neither built nor a Windows DLL"
				cp "$src" "$d/bin/$dll"
				"$HOST-strip" --strip-unneeded "$d/bin/$dll"
				next="$next $d/bin/$dll"
			done
		done
		todo=$next
	done
	cp -r "$INST/share/openocd/scripts" "$d/share/openocd/"
	cp "$WIN/openocd.html" "$d/doc/openocd.html"
	cp "$TOP/doc/user-guide.md" "$TOP/doc/install.md" "$d/doc/"
	cp "$TOP/packaging/windows/README-windows.txt" "$d/README-windows.txt"
	cp "$SRC/COPYING" "$d/licenses/COPYING-openocd.txt"
	cp -r "$SRC/LICENSES" "$d/licenses/openocd-LICENSES"
	cp "$WIN/deps/libusb/COPYING" "$d/licenses/COPYING-libusb.txt"
	cp "$WIN/deps/hidapi/LICENSE.txt" "$d/licenses/LICENSE-hidapi.txt"
	cp "$WIN/deps/hidapi/LICENSE-bsd.txt" "$d/licenses/LICENSE-hidapi-bsd.txt"
	cp "$WIN/deps/jimtcl/LICENSE" "$d/licenses/LICENSE-jimtcl.txt"
	cp "$WIN/deps/libjaylink/COPYING" "$d/licenses/COPYING-libjaylink.txt"
	{
		echo "openocd-qspi-h7 $VER for 64-bit Windows was built from these sources."
		echo "The patches and overlay are in the openocd-qspi-h7 repository (patches/,"
		echo "src/, tcl/, contrib/, doc/); 'make windows' rebuilds this zip."
		echo
		echo "OpenOCD: Debian source package openocd 0.12.0-1"
		echo "  openocd_0.12.0.orig.tar.bz2 sha256 af254788be98861f2bd9103fe6e60a774ec96a8c374744eef9197f6043075afa"
		grep -v '^#' "$TOP/scripts/win-deps.list" | while read -r n p v f s; do
			[ -n "$n" ] || continue
			echo "$n: Debian source package $p $v"
			echo "  $f sha256 $s"
		done
		echo "  (libjaylink: when Debian no longer serves its tarball, the same 0.3.1"
		echo "  copy inside the OpenOCD tarball, src/jtag/drivers/libjaylink)"
		echo
		echo "Patches applied to OpenOCD, in order:"
		for p in "$TOP"/patches/*.patch; do echo "  $(basename "$p")"; done
	} > "$d/SOURCES.txt"
	# Text files for Windows users: CRLF line ends for the readme only
	# (Notepad handles LF too; the manual and guides are read in a browser/editor).
	sed -i 's/$/\r/' "$d/README-windows.txt"
	find "$d" -type d -exec chmod 755 {} +
	find "$d" -type f -exec chmod 644 {} +
	chmod 755 "$d"/bin/*
	find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}

# pack DIR ZIP
pack() {
	rm -f "$2"
	(cd "$1" && find "$NAME" | LC_ALL=C sort | TZ=UTC zip -X -q -@ "$2") || die "zip failed"
}

mkdir -p "$BUILD/dist"
stage "$WIN/dist"
pack "$WIN/dist" "$OUT"
echo "dist-windows: $OUT ($(du -k "$OUT" | cut -f1) KiB)"

if [ "${3:-}" = --check ]; then
	stage "$WIN/dist-check"
	pack "$WIN/dist-check" "$WIN/check.zip"
	if ! cmp -s "$OUT" "$WIN/check.zip"; then
		unzip -Zl "$OUT" > "$WIN/check.a"
		unzip -Zl "$WIN/check.zip" > "$WIN/check.b"
		diff "$WIN/check.a" "$WIN/check.b" >&2 || true
		die "two packings of the same build differ"
	fi
	rm -rf "$WIN/dist-check" "$WIN/check.zip"
	echo "dist-windows: reproducible (a second packing is identical)"
fi
