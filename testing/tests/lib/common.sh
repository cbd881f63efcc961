# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers for integration tests (sourced).  TOP and BUILD are set by
# testing/run-tests; tests can also be run alone from the repository root.
: "${TOP:=$(pwd)}"
: "${BUILD:=$TOP/build}"
# VB_OPENOCD: another build of ours (make check-asan: the sanitizer build).
OPENOCD=${VB_OPENOCD:-$BUILD/bin/openocd}

fail() { echo "FAIL $*"; exit 1; }
skip() { echo "$*"; exit 77; }
pass() { echo "PASS ${1:-}"; exit 0; }

# A private scratch directory, removed on exit.
scratch() {
	SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vbtest.XXXXXX")
	trap 'cleanup_all' EXIT
}
_cleanups=()
on_exit() { _cleanups+=("$*"); }
cleanup_all() {
	local i
	for ((i = ${#_cleanups[@]} - 1; i >= 0; i--)); do eval "${_cleanups[$i]}" || true; done
	[ -n "${SCRATCH:-}" ] && rm -rf "$SCRATCH"
}
