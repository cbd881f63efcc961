#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install our Linux OpenOCD under PREFIX, into DESTDIR, under names that do
# not clash with Debian's openocd package:
#
#   PREFIX/bin/openocd-qspi-h7
#   PREFIX/share/openocd-qspi-h7/scripts/      (found relative to the binary)
#   PREFIX/share/info/openocd-qspi-h7.info
#   PREFIX/share/man/man1/openocd-qspi-h7.1
#   PREFIX/share/doc/openocd-qspi-h7/          HTML manual, guides, licenses
#   PREFIX/share/openocd-qspi-h7/udev/60-openocd-qspi-h7.rules
#
# The objects are those of the tested build in BUILD/openocd-build: in a copy
# of that directory only the files that compile in the install paths
# (PKGDATADIR, BINDIR) are rebuilt, for PREFIX.
#
#   stage-linux.sh TOPDIR BUILDDIR PREFIX DESTDIR     (DESTDIR inside BUILDDIR; emptied first)
set -eu

TOP=$1
BUILD=$2
PREFIX=$3
DEST=$4
NAME=openocd-qspi-h7
SRC=$BUILD/openocd-src
ORIG=$BUILD/openocd-build
JOBS=${JOBS:-2}

die() { echo "stage-linux: error: $*" >&2; exit 1; }

case $PREFIX in /*) ;; *) die "PREFIX must be an absolute path, not '$PREFIX'" ;; esac
# DEST is emptied first: only a directory of the build may be given
case $DEST in "$BUILD"/?*) ;; *) die "DESTDIR must be inside $BUILD, not '$DEST'" ;; esac
[ -x "$ORIG/src/openocd" ] || die "$ORIG has no built openocd (run make first)"
OBJ=$BUILD/pkg/$(printf '%s' "$PREFIX" | sha256sum | cut -c1-12)/openocd-build
LOG=$OBJ/../logs
DATA=$PREFIX/share/$NAME

# A fresh copy whenever the tested build is newer than it.
if [ ! -f "$OBJ/.copied" ] || [ "$ORIG/src/openocd" -nt "$OBJ/.copied" ]; then
	rm -rf "$OBJ"
	mkdir -p "$(dirname "$OBJ")"
	cp -a "$ORIG" "$OBJ"
	touch "$OBJ/.copied"
fi
mkdir -p "$LOG"
# The install paths are make variables (GNU standards): given on make's
# command line they replace configure's.  Objects whose sources compile a
# path in (PKGDATADIR, BINDIR) are rebuilt when the paths change.
paths="prefix=$PREFIX pkgdatadir=$DATA"
if [ "$(cat "$OBJ/.paths" 2>/dev/null)" != "$paths" ]; then
	grep -rlE 'PKGDATADIR|BINDIR' "$SRC/src" --include='*.c' | while read -r c; do
		base=$(basename "$c" .c)
		rel=$(dirname "${c#"$SRC"/}")
		rm -f "$OBJ/$rel/"*"$base".o "$OBJ/$rel/"*"$base".lo
	done
	echo "$paths" > "$OBJ/.paths"
fi
make -C "$OBJ" -j"$JOBS" prefix="$PREFIX" pkgdatadir="$DATA" >"$LOG/make.log" 2>&1 ||
	{ tail -30 "$LOG/make.log" >&2; die "make failed"; }

rm -rf "$DEST" "$DEST.tmp"
make -C "$OBJ" install DESTDIR="$DEST.tmp" prefix="$PREFIX" pkgdatadir="$DATA" >"$LOG/install.log" 2>&1 ||
	{ tail -30 "$LOG/install.log" >&2; die "make install failed"; }
mkdir -p "$DEST$PREFIX/bin" "$DEST$PREFIX/share/info" "$DEST$PREFIX/share/man/man1" \
	"$DEST$PREFIX/share/doc/$NAME/html"
install -m 755 "$DEST.tmp$PREFIX/bin/openocd" "$DEST$PREFIX/bin/$NAME"
strip --strip-unneeded --remove-section=.comment "$DEST$PREFIX/bin/$NAME"
mv "$DEST.tmp$DATA" "$DEST$DATA"
rm -rf "$DEST.tmp"
# upstream's udev rules are replaced by ours (Debian's openocd ships its own)
rm -rf "$DEST$DATA/contrib"
mkdir -p "$DEST$DATA/udev"
install -m 644 "$TOP/packaging/linux/60-openocd-qspi-h7.rules" "$DEST$DATA/udev/"

# The manual: info (one file, under our name) and HTML
makeinfo --no-split -I "$OBJ/doc" -I "$SRC/doc" -o "$DEST$PREFIX/share/info/$NAME.info" \
	"$SRC/doc/openocd.texi" 2>"$LOG/makeinfo.log" || { cat "$LOG/makeinfo.log" >&2; die "makeinfo failed"; }
sed -i 's/^\* OpenOCD: (openocd)\./* OpenOCD-qspi-h7: (openocd-qspi-h7)./' "$DEST$PREFIX/share/info/$NAME.info"
makeinfo --html --no-split -I "$OBJ/doc" -I "$SRC/doc" -o "$DEST$PREFIX/share/doc/$NAME/html/openocd.html" \
	"$SRC/doc/openocd.texi" 2>"$LOG/makeinfo-html.log" ||
	{ cat "$LOG/makeinfo-html.log" >&2; die "makeinfo --html failed"; }
sed 's/^\.TH "OPENOCD"/.TH "OPENOCD-QSPI-H7"/' "$SRC/doc/openocd.1" > "$DEST$PREFIX/share/man/man1/$NAME.1"
cp "$TOP/README.md" "$TOP/doc/user-guide.md" "$TOP/doc/install.md" "$DEST$PREFIX/share/doc/$NAME/"
cp "$SRC/COPYING" "$DEST$PREFIX/share/doc/$NAME/COPYING"
find "$DEST" -type d -exec chmod 755 {} +
find "$DEST" -type f ! -path "*/bin/*" -exec chmod 644 {} +
echo "stage-linux: $DEST$PREFIX/bin/$NAME"
