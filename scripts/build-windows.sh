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
#
# Built results are cached beside the source tarballs ($OPENOCD_TARBALL_CACHE,
# default ~/.cache/openocd-qspi-h7, in win64-built/): each library's installed
# files, keyed by the sha256 of everything its build depends on (its tarball,
# the libraries built before it, this script, which holds every flag, and the
# versions of the cross toolchain and autotools), and openocd.exe with its
# scripts and HTML manual, keyed by the same plus the sources the Linux build
# uses (VERSION, patches/, the overlay).  The same inputs give the same files,
# so a hit is taken as is; any change of an input is a miss and a full build.
# OPENOCD_WIN_NO_CACHE=1 builds everything and leaves the cache alone.
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
# The libraries are configured for prefix / and installed with DESTDIR, so that
# no build path is written into them and a cached copy works in any clone;
# pkg-config prepends the prefix's real place (PKG_CONFIG_SYSROOT_DIR).
export PKG_CONFIG_LIBDIR="$PFX/lib/pkgconfig"
export PKG_CONFIG_PATH=""
export PKG_CONFIG_SYSROOT_DIR="$PFX"
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

CACHE=${OPENOCD_TARBALL_CACHE:-${HOME:-/root}/.cache/openocd-qspi-h7}/win64-built
# What every cached result depends on besides its own sources.
KEY0=$({
	cat "$TOP/scripts/build-windows.sh"
	dpkg-query -W gcc-mingw-w64-x86-64 mingw-w64-x86-64-dev binutils-mingw-w64-x86-64 \
		autoconf automake libtool texinfo pkg-config 2>&1
} | sha256sum | cut -c1-64)
KEY=$KEY0

# cache_get NAME KEY DIR: unpack the cached result into DIR (0) or miss (1).
cache_get() {
	[ "${OPENOCD_WIN_NO_CACHE:-}" = 1 ] && return 1
	[ -f "$CACHE/$1-$2.tar" ] || return 1
	mkdir -p "$3"
	tar -xf "$CACHE/$1-$2.tar" -C "$3" || die "cannot unpack $CACHE/$1-$2.tar; delete it"
	echo "build-windows: $1 from the cache ($CACHE/$1-$2.tar)"
}

# cache_put NAME KEY DIR: keep DIR's files as the result for KEY (written
# under a temporary name first, so an interrupted build leaves no half file).
cache_put() {
	[ "${OPENOCD_WIN_NO_CACHE:-}" = 1 ] && return 0
	mkdir -p "$CACHE" || return 0
	rm -f "$CACHE/$1"-*.tar
	tar -cf "$CACHE/$1-$2.tar.tmp" --sort=name -C "$3" . &&
		mv "$CACHE/$1-$2.tar.tmp" "$CACHE/$1-$2.tar"
}

# unpack NAME TARBALL: fresh source tree in $WIN/deps/NAME
unpack() {
	rm -rf "$WIN/deps/$1"
	mkdir -p "$WIN/deps/$1"
	tar -xf "$2" -C "$WIN/deps/$1" --strip-components=1 || die "cannot unpack $2"
}

# build_dep NAME TARBALL KEY: the library's installed files into $PFX, from
# the cache or built.  Its source tree stays in $WIN/deps/NAME (the zip takes
# the license from there).
build_dep() {
	name=$1
	tarball=$2
	key=$3
	cache_get "$name" "$key" "$PFX" && return 0
	echo "build-windows: $name"
	dest=$WIN/deps/$name.install
	rm -rf "$dest"
	cd "$WIN/deps/$name"
	case $name in
	libusb)
		run libusb-configure ./configure --host=$HOST --prefix=/ --disable-static
		;;
	hidapi)
		run hidapi-bootstrap ./bootstrap
		run hidapi-configure ./configure --host=$HOST --prefix=/ --disable-static
		;;
	jimtcl)
		# A static libjim, as OpenOCD's own bundled build: no jim DLL.
		run jimtcl-configure ./configure --host=$HOST --build=x86_64-linux-gnu --prefix=/ \
			--disable-docs --disable-ssl --without-ext="sqlite3 mysql tcl" --utf8 --with-ext=json
		;;
	libjaylink)
		run libjaylink-configure ./configure --host=$HOST --prefix=/ --disable-static
		;;
	esac
	run "$name-make" make -j"$JOBS"
	run "$name-install" make install DESTDIR="$dest"
	# libtool archives name their prefix; the DLL import libraries suffice.
	find "$dest" -name '*.la' -delete
	cd "$TOP"
	cache_put "$name" "$key" "$dest"
	mkdir -p "$PFX"
	cp -a "$dest/." "$PFX/"
	rm -rf "$dest"
}

# The sources, fetched and verified: "NAME TARBALL" lines.
grep -v '^#' "$TOP/scripts/win-deps.list" | while read -r name pkg ver file sha; do
	[ -n "$name" ] || continue
	if tarball=$("$TOP/scripts/fetch-debsrc.sh" "$pkg" "$ver" "$file" "$sha" 2>"$LOG/fetch-$name.log"); then
		echo "$name $tarball"
	elif [ "$name" = libjaylink ]; then
		# Debian's archive may no longer serve this orig tarball; the same
		# libjaylink 0.3.1 ships inside the verified OpenOCD 0.12.0 tarball.
		echo "build-windows: libjaylink: Debian source unavailable, using the copy in OpenOCD 0.12.0" >&2
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
		echo "libjaylink $WIN/jaylink-src.tar.xz"
	else
		cat "$LOG/fetch-$name.log" >&2
		die "cannot fetch the $name source"
	fi
done > "$WIN/deps.list"
[ "$(wc -l < "$WIN/deps.list")" = "$(grep -cv '^#' "$TOP/scripts/win-deps.list")" ] ||
	die "not every library source could be fetched"

# Each library's key chains the keys before it (libjaylink builds against
# libusb).  $PFX holds exactly the libraries of the final key: when that
# changes, it is laid out again from scratch.
while read -r name tarball; do
	KEY=$(printf '%s %s %s\n' "$KEY" "$name" "$(sha256sum "$tarball" | cut -d' ' -f1)" |
		sha256sum | cut -c1-64)
	echo "$name $tarball $KEY"
done < "$WIN/deps.list" > "$WIN/deps.keys"
KEY=$(tail -1 "$WIN/deps.keys" | cut -d' ' -f3)
while read -r name tarball key; do
	[ -f "$WIN/deps/$name/.key-$key" ] && continue
	unpack "$name" "$tarball"
	touch "$WIN/deps/$name/.key-$key"
done < "$WIN/deps.keys"
if [ "$(cat "$PFX/.key" 2>/dev/null)" != "$KEY" ]; then
	rm -rf "$PFX"
	mkdir -p "$PFX"
	while read -r name tarball key; do
		build_dep "$name" "$tarball" "$key"
	done < "$WIN/deps.keys"
	echo "$KEY" > "$PFX/.key"
fi

[ "${3:-}" = deps ] && exit 0
[ -f "$SRC/configure" ] || die "$SRC is not prepared (run make first)"

# OpenOCD itself: the adapters we promise are required, as on Linux.
flags="--host=$HOST --prefix=/ --disable-internal-jimtcl --disable-internal-libjaylink \
--enable-jlink --enable-stlink --enable-cmsis-dap --enable-cmsis-dap-v2 \
--enable-ftdi --enable-xds110 --enable-nulink --enable-kitprog \
--enable-remote-bitbang --enable-dummy"
# Its key: the libraries' key and the inputs of the patched tree (as the
# top-level Makefile lists them for the Linux build).
KEY=$({
	echo "$KEY"
	cd "$TOP"
	cat VERSION scripts/prepare-tree.sh scripts/fetch-upstream.sh
	find src tcl contrib doc patches -type f ! -name '*.orig' ! -name '*.rej' -print0 2>/dev/null |
		LC_ALL=C sort -z | xargs -0 sha256sum
} | sha256sum | cut -c1-64)
rm -rf "$INST" "$WIN/openocd.html"
if cache_get openocd "$KEY" "$WIN"; then
	echo "build-windows: $INST/bin/openocd.exe"
	exit 0
fi

mkdir -p "$OBJ"
cd "$OBJ"
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
# The manual as one HTML page (the zip's doc/openocd.html).
makeinfo --html --no-split -I "$OBJ/doc" -I "$SRC/doc" \
	-o "$WIN/openocd.html" "$SRC/doc/openocd.texi" 2>"$LOG/makeinfo.log" ||
	{ cat "$LOG/makeinfo.log" >&2; die "makeinfo failed"; }
stage=$WIN/openocd.cache
rm -rf "$stage"
mkdir -p "$stage"
cp -a "$INST" "$stage/install"
cp -a "$WIN/openocd.html" "$stage/"
cache_put openocd "$KEY" "$stage"
rm -rf "$stage"
echo "build-windows: $INST/bin/openocd.exe"
