#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Cross-build openocd.exe for 64-bit Windows with Debian's mingw-w64, from the
# same patched tree as the Linux build ($BUILD/openocd-src), against libusb,
# hidapi, jimtcl and libjaylink cross-built from the verified sources listed in
# scripts/win-deps.list.  Installs into $BUILD/win64/install; scripts/dist-
# windows.sh packs the zip.
#
#   build-windows.sh TOPDIR BUILDDIR [deps]
#                           (deps: only the libraries)
#
# Environment: JOBS (parallel make jobs, default 2).
set -eu

TOP=$1
BUILD=$2
HOST=x86_64-w64-mingw32
JOBS=${JOBS:-2}
WIN=$BUILD/win64
PFX=$WIN/prefix
SRC=$BUILD/openocd-src
OBJ=$WIN/openocd-build
INST=$WIN/install
LOG=$WIN/logs

die() { echo "build-windows: error: $*" >&2; exit 1; }

command -v $HOST-gcc >/dev/null || die "$HOST-gcc not found (Debian package gcc-mingw-w64-x86-64)"
mkdir -p "$WIN/deps" "$PFX" "$LOG"

# Reproducible binaries: no link time stamp in the PE header, no build path
# in debug information; libgcc and winpthread linked statically so that only
# the listed libraries' DLLs ship.
export PKG_CONFIG_LIBDIR="$PFX/lib/pkgconfig"
export PKG_CONFIG_PATH=""
export CPPFLAGS="-I$PFX/include"
export CFLAGS="-O2 -ffile-prefix-map=$BUILD=."
export LDFLAGS="-L$PFX/lib -static-libgcc -Wl,--no-insert-timestamp"

# run LOGNAME CMD...: run in the current directory, keep the output in a log,
# show its tail on failure.
run() {
	step=$1
	shift
	"$@" > "$LOG/$step.log" 2>&1 || { tail -30 "$LOG/$step.log" >&2; die "$step failed (log: $LOG/$step.log)"; }
}

# unpack NAME TARBALL: fresh source tree in $WIN/deps/NAME
unpack() {
	rm -rf "$WIN/deps/$1"
	mkdir -p "$WIN/deps/$1"
	tar -xf "$2" -C "$WIN/deps/$1" --strip-components=1 || die "cannot unpack $2"
}

build_dep() {
	name=$1
	tarball=$2
	stamp=$WIN/deps/.$name-$(sha256sum "$tarball" | cut -c1-16)
	[ -f "$stamp" ] && return 0
	echo "build-windows: $name"
	unpack "$name" "$tarball"
	cd "$WIN/deps/$name"
	case $name in
	libusb)
		run libusb-configure ./configure --host=$HOST --prefix="$PFX" --disable-static
		;;
	hidapi)
		run hidapi-bootstrap ./bootstrap
		run hidapi-configure ./configure --host=$HOST --prefix="$PFX" --disable-static
		;;
	jimtcl)
		# A static libjim, as OpenOCD's own bundled build: no jim DLL.
		run jimtcl-configure ./configure --host=$HOST --build=x86_64-linux-gnu --prefix="$PFX" \
			--disable-docs --disable-ssl --without-ext="sqlite3 mysql tcl" --utf8 --with-ext=json
		;;
	libjaylink)
		run libjaylink-configure ./configure --host=$HOST --prefix="$PFX" --disable-static
		;;
	esac
	run "$name-make" make -j"$JOBS"
	run "$name-install" make install
	cd "$TOP"
	touch "$stamp"
}

grep -v '^#' "$TOP/scripts/win-deps.list" | while read -r name pkg ver file sha; do
	[ -n "$name" ] || continue
	if tarball=$("$TOP/scripts/fetch-debsrc.sh" "$pkg" "$ver" "$file" "$sha" 2>"$LOG/fetch-$name.log"); then
		build_dep "$name" "$tarball"
	elif [ "$name" = libjaylink ]; then
		# Debian's archive may no longer serve this orig tarball; the same
		# libjaylink 0.3.1 ships inside the verified OpenOCD 0.12.0 tarball.
		echo "build-windows: libjaylink: Debian source unavailable, using the copy in OpenOCD 0.12.0"
		up=$("$TOP/scripts/fetch-upstream.sh")
		mkdir -p "$WIN/jaylink-src"
		if [ ! -f "$WIN/jaylink-src/.from-upstream" ]; then
			rm -rf "$WIN/jaylink-src"/*
			tar -xjf "$up" -C "$WIN/jaylink-src" --strip-components=5 \
				openocd-0.12.0/src/jtag/drivers/libjaylink || die "cannot unpack libjaylink from $up"
			tar -cJf "$WIN/jaylink-src.tar.xz" --sort=name --mtime=@0 --owner=0 --group=0 \
				-C "$WIN" --transform 's,^jaylink-src,libjaylink-0.3.1,' jaylink-src
			touch "$WIN/jaylink-src/.from-upstream"
		fi
		build_dep libjaylink "$WIN/jaylink-src.tar.xz"
	else
		cat "$LOG/fetch-$name.log" >&2
		die "cannot fetch the $name source"
	fi
done

[ "${3:-}" = deps ] && exit 0
[ -f "$SRC/configure" ] || die "$SRC is not prepared (run make first)"

# OpenOCD itself: the adapters we promise are required, as on Linux.
mkdir -p "$OBJ"
cd "$OBJ"
flags="--host=$HOST --prefix=/ --disable-internal-jimtcl --disable-internal-libjaylink \
--enable-jlink --enable-stlink --enable-cmsis-dap --enable-cmsis-dap-v2 \
--enable-ftdi --enable-xds110 --enable-nulink --enable-kitprog \
--enable-remote-bitbang --enable-dummy"
if [ ! -f config.status ] || [ "$SRC/configure" -nt config.status ] || \
		[ "$(cat .flags 2>/dev/null)" != "$flags $CFLAGS $LDFLAGS" ]; then
	echo "build-windows: configure openocd"
	# shellcheck disable=SC2086
	run openocd-configure "$SRC/configure" $flags
	echo "$flags $CFLAGS $LDFLAGS" > .flags
fi
echo "build-windows: make openocd (log: $LOG/openocd-make.log)"
run openocd-make make -j"$JOBS"
rm -rf "$INST"
run openocd-install make install DESTDIR="$INST"
cd "$TOP"
"$HOST-strip" "$INST/bin/openocd.exe"
echo "build-windows: $INST/bin/openocd.exe"
