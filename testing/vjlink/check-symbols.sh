#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Fails if the real libjaylink.so.0 exports a symbol (or a symbol version)
# that the virtual J-Link library does not, or if the soname differs.
#
#   check-symbols.sh [OURS [REAL]]
#   defaults: OURS=$BUILD/lib/vjlink/libjaylink.so.0 (BUILD default ../build
#             relative to testing/), REAL=/usr/lib/x86_64-linux-gnu/libjaylink.so.0
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
ours=${1:-$build/lib/vjlink/libjaylink.so.0}
real=${2:-/usr/lib/x86_64-linux-gnu/libjaylink.so.0}

for f in "$ours" "$real"; do
	if [ ! -f "$f" ]; then
		echo "check-symbols: $f not found" >&2
		exit 2
	fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "name version" for each defined dynamic symbol (version "Base" if none).
exports() {
	objdump -T "$1" | awk '$0 !~ /\*UND\*/ && NF >= 7 && ($2 == "g" || $2 == "w") {
		ver = $(NF - 1); if (ver ~ /^\(/) ver = substr(ver, 2, length(ver) - 2);
		print $NF, ver }' | sort -u
}

exports "$real" >"$tmp/real"
exports "$ours" >"$tmp/ours"

rc=0
missing=$(comm -23 "$tmp/real" "$tmp/ours")
if [ -n "$missing" ]; then
	echo "check-symbols: FAIL: exported by $real but not by $ours (name version):"
	echo "$missing" | sed 's/^/  /'
	rc=1
fi

extra=$(comm -13 "$tmp/real" "$tmp/ours")
if [ -n "$extra" ]; then
	echo "check-symbols: note: extra exports in $ours:"
	echo "$extra" | sed 's/^/  /'
fi

soname() {
	readelf -d "$1" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p'
}
if [ "$(soname "$real")" != "$(soname "$ours")" ]; then
	echo "check-symbols: FAIL: soname $(soname "$ours"), real $(soname "$real")"
	rc=1
fi

if [ $rc -eq 0 ]; then
	echo "check-symbols: OK: $(wc -l <"$tmp/real") symbols of $real all exported," \
		"soname $(soname "$ours")"
fi
exit $rc
