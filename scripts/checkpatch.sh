#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run upstream OpenOCD's checkpatch.pl with upstream's settings.
#
#   scripts/checkpatch.sh [FILE...]
#
# .c/.h files are checked as source files (-f), *.patch/*.diff files as
# patches (no Signed-off-by check).  Without FILE: every .c/.h under
# testing/ and src/, then patches/*.patch.  The options mirror the
# .checkpatch.conf at the top of the OpenOCD repository (line limit 120 with
# 4-column tabs, --strict, the same --ignore list), so CHECK lines appear
# too.  Exits 1 if checkpatch reports any ERROR, 2 if it cannot run.
#
# checkpatch.pl is not vendored: CHECKPATCH names it (default
# /work/tools/checkpatch/tools/scripts/checkpatch.pl).
set -eu

CHECKPATCH=${CHECKPATCH:-/work/tools/checkpatch/tools/scripts/checkpatch.pl}
TOP=$(cd "$(dirname "$0")/.." && pwd)

die() { echo "checkpatch: error: $*" >&2; exit 2; }

if [ ! -f "$CHECKPATCH" ]; then
	echo "checkpatch: $CHECKPATCH not found." >&2
	echo "checkpatch.pl is not shipped with the 0.12.0 tarball; point CHECKPATCH at a copy of upstream's tools/scripts/checkpatch.pl" >&2
	exit 2
fi
command -v perl >/dev/null 2>&1 || die "perl is needed to run $CHECKPATCH"

# Upstream's .checkpatch.conf (openocd-org/openocd, top level).
IGNORE=AVOID_EXTERNS,BLOCK_COMMENT_STYLE,CAMELCASE,COMPLEX_MACRO,CONST_STRUCT
IGNORE=$IGNORE,ENOSYS,FILE_PATH_CHANGES,GERRIT_CHANGE_ID,LINE_SPACING
IGNORE=$IGNORE,LOGICAL_CONTINUATIONS,MACRO_WITH_FLOW_CONTROL,NEW_TYPEDEFS
IGNORE=$IGNORE,PARENTHESIS_ALIGNMENT,PREFER_DEFINED_ATTRIBUTE_MACRO
IGNORE=$IGNORE,PREFER_FALLTHROUGH,PREFER_KERNEL_TYPES,SPDX_LICENSE_TAG
IGNORE=$IGNORE,SPLIT_STRING,SSCANF_TO_KSTRTO,SWITCH_CASE_INDENT_LEVEL
IGNORE=$IGNORE,TRACING_LOGGING,VOLATILE,TYPO_SPELLING

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: >"$work/src"
: >"$work/patches"

if [ $# -eq 0 ]; then
	cd "$TOP"
	for d in testing src; do
		[ -d "$d" ] && find "$d" -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort >>"$work/src"
	done
	for p in patches/*.patch; do
		[ -f "$p" ] && echo "$p" >>"$work/patches"
	done
else
	for f in "$@"; do
		[ -f "$f" ] || die "$f: no such file"
		case "$f" in
		*.patch | *.diff) echo "$f" >>"$work/patches" ;;
		*) echo "$f" >>"$work/src" ;;
		esac
	done
fi

# run MODE-OPTION LISTFILE: one checkpatch.pl call for the files in LISTFILE
# (names must not contain newlines).  checkpatch's own exit status only says
# "not clean", so it is ignored; ERROR lines are counted below.  GIT_DIR
# points nowhere: checkpatch.pl checks any file git tracks as a plain source
# file, which would turn a tracked patch's context lines into added lines.
run() {
	[ -s "$2" ] || return 0
	# shellcheck disable=SC2046
	(IFS='
'
	 GIT_DIR="$work/no-git" perl "$CHECKPATCH" --no-tree --terse --show-types --strict --no-summary \
		--max-line-length=120 --tab-size=4 --ignore "$IGNORE" "$1" \
		$(cat "$2")) 2>"$work/stderr" >>"$work/out" || true
	# Upstream has no spelling.txt (TYPO_SPELLING is ignored anyway).
	grep -v "^No typos will be found" "$work/stderr" >&2 || true
}

: >"$work/out"
run -f "$work/src"
run --no-signoff "$work/patches"
cat "$work/out"

errors=$(grep -c ': ERROR:' "$work/out" || true)
warnings=$(grep -c ': WARNING:' "$work/out" || true)
checks=$(grep -c ': CHECK:' "$work/out" || true)
nfiles=$(cat "$work/src" "$work/patches" | wc -l)
echo "checkpatch: $nfiles files: $errors errors, $warnings warnings, $checks checks"
[ "$errors" -eq 0 ]
