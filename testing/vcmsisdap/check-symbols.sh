#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Fails if the real libhidapi-hidraw.so.0 exports a symbol (or a symbol
# version) that the virtual CMSIS-DAP library does not, if the sonames differ,
# or if an OpenOCD binary given imports a hid_* symbol ours does not export.
#
#   check-symbols.sh [OURS [REAL [OPENOCD...]]]
#   defaults: OURS=$BUILD/lib/vcmsisdap/libhidapi-hidraw.so.0 (BUILD default
#             ../build relative to testing/),
#             REAL=/usr/lib/x86_64-linux-gnu/libhidapi-hidraw.so.0,
#             OPENOCD=$BUILD/bin/openocd $BUILD/stock/usr/bin/openocd (those present)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
ours=${1:-$build/lib/vcmsisdap/libhidapi-hidraw.so.0}
real=${2:-/usr/lib/x86_64-linux-gnu/libhidapi-hidraw.so.0}
[ $# -gt 2 ] && shift 2 || set --
if [ $# -eq 0 ]; then
	for b in "$build/bin/openocd" "$build/stock/usr/bin/openocd"; do
		[ -f "$b" ] && set -- "$@" "$b"
	done
fi

# Exports and soname: the same comparison as for the virtual J-Link.
rc=0
sh "$here/../vjlink/check-symbols.sh" "$ours" "$real" || rc=1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
objdump -T "$ours" | awk '$0 !~ /\*UND\*/ && NF >= 7 && ($2 == "g" || $2 == "w") {
	ver = $(NF - 1); if (ver ~ /^\(/) ver = substr(ver, 2, length(ver) - 2);
	print $NF, ver }' | sort -u >"$tmp/ours"

# What each OpenOCD imports from hidapi must be there.
for b in "$@"; do
	objdump -T "$b" | awk '/\*UND\*/ && $NF ~ /^hid_/ { ver = $(NF - 1);
		if (ver ~ /^\(/) ver = substr(ver, 2, length(ver) - 2); print $NF, ver }' |
		sort -u >"$tmp/imports"
	if [ ! -s "$tmp/imports" ]; then
		echo "check-symbols: FAIL: $b imports no hid_* symbol"
		rc=1
		continue
	fi
	lack=$(comm -23 "$tmp/imports" "$tmp/ours")
	if [ -n "$lack" ]; then
		echo "check-symbols: FAIL: $b imports what $ours does not export:"
		echo "$lack" | sed 's/^/  /'
		rc=1
	else
		echo "check-symbols: $b: its $(wc -l <"$tmp/imports") hid_* imports are exported"
	fi
done

exit $rc
