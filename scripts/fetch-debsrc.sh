#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fetch one file of a Debian source package through apt, verify its sha256
# and cache it.
#
#   fetch-debsrc.sh SRCPKG SRCVER FILE SHA256
#                               print the path of the verified cached FILE
#
# Cache: $OPENOCD_TARBALL_CACHE (default ~/.cache/openocd-qspi-h7).  A cached
# file is re-verified on every use; a bad one is never used.  The deb-src
# entries are derived from this machine's own Debian sources, so no mirror is
# hard-coded here.
set -eu

[ $# -eq 4 ] || { echo "usage: fetch-debsrc.sh SRCPKG SRCVER FILE SHA256" >&2; exit 2; }
SRCPKG=$1
SRCVER=$2
NAME=$3
SHA256=$4
CACHE=${OPENOCD_TARBALL_CACHE:-${HOME:-/root}/.cache/openocd-qspi-h7}
TARBALL=$CACHE/$NAME

die() { echo "fetch-debsrc: error: $*" >&2; exit 1; }

verify() {
	got=$(sha256sum "$1" | cut -d' ' -f1)
	[ "$got" = "$SHA256" ] && return 0
	echo "fetch-debsrc: $1: sha256 $got, expected $SHA256" >&2
	return 1
}

mkdir -p "$CACHE" || die "cannot create cache directory $CACHE"
if [ -f "$TARBALL" ]; then
	verify "$TARBALL" || die "cached file $TARBALL is corrupt; delete it to fetch again"
	echo "$TARBALL"
	exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/etc/sources.list.d" "$work/lists/partial" "$work/cache/archives/partial"
found=0
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	sed 's/^Types:.*deb\b.*/Types: deb-src/' "$f" > "$work/etc/sources.list.d/$(basename "$f")"
	found=1
done
if [ -f /etc/apt/sources.list ]; then
	sed -n 's/^deb \(.*\)/deb-src \1/p' /etc/apt/sources.list > "$work/etc/sources.list.d/main.list"
	[ -s "$work/etc/sources.list.d/main.list" ] && found=1
fi
[ "$found" = 1 ] || die "no Debian apt sources found in /etc/apt to derive deb-src entries from"

APT="-o Dir::Etc::sourcelist=/dev/null -o Dir::Etc::sourceparts=$work/etc/sources.list.d \
 -o Dir::State::Lists=$work/lists -o Dir::Cache=$work/cache -o APT::Sandbox::User=root"
echo "fetch-debsrc: looking up source package $SRCPKG $SRCVER" >&2
# shellcheck disable=SC2086
apt-get $APT update >"$work/update.log" 2>&1 || {
	cat "$work/update.log" >&2
	die "apt-get update (deb-src) failed"
}
# apt prints URIs percent-encoded ('+' as %2b): match the file name after
# the last slash of the decoded URI.
# shellcheck disable=SC2086
uri=$(apt-get $APT source --print-uris --download-only "$SRCPKG=$SRCVER" 2>"$work/uris.err" |
	sed -n "s/^'\([^']*\)' \([^ ]*\) .*/\1 \2/p" | awk -v n="$NAME" '$2 == n { print $1 }')
[ -n "$uri" ] || { cat "$work/uris.err" >&2; die "source package $SRCPKG $SRCVER has no $NAME"; }
echo "fetch-debsrc: downloading $NAME" >&2
/usr/lib/apt/apt-helper download-file "$uri" "$work/$NAME" >"$work/dl.log" 2>&1 || {
	cat "$work/dl.log" >&2
	die "download of $NAME failed"
}
verify "$work/$NAME" || die "downloaded $NAME does not match the pinned sha256; refusing to use it"
mv "$work/$NAME" "$TARBALL"
echo "$TARBALL"
