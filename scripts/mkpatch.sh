#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Regenerate a patch from upstream files edited in build/openocd-src.
#
#   scripts/mkpatch.sh patches/NNNN-name.patch [FILE...]
#
# The patch becomes the difference, for the files it already touches plus
# any FILE given (paths relative to the OpenOCD tree, e.g. src/jtag/drivers/
# jlink.c), between the tree as the earlier patches leave it and the file as
# it is now in build/openocd-src.  The patch's leading description is kept.
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
TREE=$BUILD/openocd-src
PRISTINE=$BUILD/upstream/openocd-0.12.0

die() { echo "mkpatch: error: $*" >&2; exit 1; }
[ $# -ge 1 ] || die "usage: scripts/mkpatch.sh patches/NNNN-name.patch [FILE...]"
target=$1
shift
case "$target" in patches/*.patch) ;; *) die "the patch must be patches/NNNN-name.patch" ;; esac
[ -d "$TREE" ] || die "no $TREE: run make first"

files="$*"
header=""
if [ -f "$TOP/$target" ]; then
	files="$files $(sed -n 's|^+++ b/\([^	 ]*\).*|\1|p' "$TOP/$target")"
	header=$(sed '/^--- a\//,$d' "$TOP/$target" | sed '/^diff /,$d' | sed '/^---$/,$d')
fi
files=$(echo "$files" | tr ' ' '\n' | sed '/^$/d' | sort -u)
[ -n "$files" ] || die "name the files this patch changes"

# The base: pristine + earlier patches, in a scratch tree of just these files.
base=$(mktemp -d)
trap 'rm -rf "$base"' EXIT
for f in $files; do
	mkdir -p "$base/$(dirname "$f")"
	[ -f "$PRISTINE/$f" ] && cp "$PRISTINE/$f" "$base/$f"
done
for p in "$TOP"/patches/*.patch; do
	[ -f "$p" ] || continue
	[ "patches/$(basename "$p")" = "$target" ] && break
	[ "$(basename "$p")" \> "$(basename "$target")" ] && break
	patch -d "$base" -p1 --batch --forward --quiet --no-backup-if-mismatch \
		-i "$p" >/dev/null 2>&1 || true
done
out=$(mktemp)
# Description, then the "---" separator git and checkpatch expect.
[ -n "$header" ] && printf '%s\n---\n' "$(printf '%s\n' "$header" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}')" > "$out"
for f in $files; do
	[ -f "$TREE/$f" ] || die "$TREE/$f does not exist"
	a=$base/$f
	[ -f "$a" ] || a=/dev/null
	(cd "$base" && diff -u --label "a/$f" --label "b/$f" "$a" "$TREE/$f") >> "$out" || true
done
mv "$out" "$TOP/$target"
echo "mkpatch: wrote $target ($(grep -c '^@@' "$TOP/$target") hunks)"
