#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The README's main job.  Until the virtual board can host a full programming
# run, it shows what was built and that both OpenOCD binaries (ours and
# Debian's stock baseline) start.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
echo "== our build:      $("$BUILD/bin/openocd" --version 2>&1 | head -1)"
echo "== stock baseline: $("$BUILD/stock/usr/bin/openocd" --version 2>&1 | head -1)"
[ -x "$BUILD/bin/vboard" ] && echo "== virtual board:  $BUILD/bin/vboard"
echo "== adapters: $("$BUILD/bin/openocd" -c 'adapter list' -c shutdown 2>&1 | grep -E '^[0-9]+:' | cut -d' ' -f2 | tr '\n' ' ')"
