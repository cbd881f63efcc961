#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The README's main job, on the virtual board through the virtual J-Link:
# program the demo firmware into internal flash, let it boot (it raises the
# clocks and leaves the W25Q01JV memory-mapped), write an asset into the QSPI
# flash, then check both against the board's own image files and report what
# was written and how fast (modeled time).
#
# Until stmqspi learns to command the chip whatever memory-mapped mode it
# finds, the demo switches the window from the firmware's 1-4-4 read (ECh)
# to a 1-1-1 read (13h) before writing, as a board script would: stock
# stmqspi sends its commands with the window's line counts.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
FW=$BUILD/testing/firmware/qspi_mm.elf
DEMO=$BUILD/demo
STATE=$DEMO/state
SOCK=$DEMO/vboard.sock

rm -rf "$DEMO"
mkdir -p "$DEMO"
echo "== $("$BUILD/bin/openocd" --version 2>&1 | head -1)"
python3 -c "
import random
r = random.Random(2026)
open('$DEMO/asset.bin', 'wb').write(bytes(r.getrandbits(8) for _ in range(256 * 1024)))"

"$BUILD/bin/vboard" --state "$STATE" --socket "$SOCK" >"$DEMO/vboard.log" 2>&1 &
board=$!
trap 'kill $board 2>/dev/null; wait $board 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -S "$SOCK" ] && break; sleep 0.1; done
[ -S "$SOCK" ] || { cat "$DEMO/vboard.log"; echo "demo: the virtual board did not start"; exit 1; }
echo "== virtual board up (state $STATE)"

stats() { kill -USR1 $board; sleep 0.3; sed -n "s/^ *\"$1\": \([0-9]*\).*/\1/p" "$STATE/stats.json"; }
t0=$(stats virtual_ns)
export VBOARD_SOCKET=$SOCK
LD_LIBRARY_PATH=$BUILD/lib/vjlink "$BUILD/bin/openocd" \
	-f interface/jlink.cfg -c "transport select swd" -f target/stm32h7x.cfg \
	-c "adapter speed 4000" \
	-c "flash bank qspi stmqspi 0x90000000 0 0 0 stm32h7x.cpu0 0x52005000" \
	-c init -c "program $FW verify reset" -c "sleep 300" -c halt \
	-c "mdw 0x2001ff0c" \
	-c "mmw 0x52005000 0x2 0" -c "mww 0x52005014 0x0D003513" \
	-c "flash write_image erase $DEMO/asset.bin 0x90000000 bin" \
	-c "verify_image $DEMO/asset.bin 0x90000000 bin" \
	-c "reset run" -c shutdown >"$DEMO/openocd.log" 2>&1 || {
	tail -20 "$DEMO/openocd.log"
	echo "demo: openocd failed (full log: $DEMO/openocd.log)"
	exit 1
}
t1=$(stats virtual_ns)
grep -E 'wrote|verified|Verified|erased' "$DEMO/openocd.log" | sed 's/^/   openocd: /'
grep -q '0x2001ff0c: 0000d0de' "$DEMO/openocd.log" ||
	{ echo "demo: the firmware did not finish its QSPI bring-up"; exit 1; }
echo "== firmware booted and left QUADSPI memory-mapped (marker 0xD0DE)"
kill -TERM $board
wait $board || true
trap - EXIT

python3 - "$FW" "$STATE/flash.bin" "$DEMO/asset.bin" "$STATE/qspi.bin" "$STATE/stats.json" "$t0" "$t1" <<'PY'
import json, subprocess, sys
fw, flash_bin, asset, qspi_bin, stats_json, t0, t1 = sys.argv[1:]
# The firmware's loadable bytes, from the ELF, as the independent oracle.
img = subprocess.run(["arm-none-eabi-objcopy", "-O", "binary", fw, "/dev/stdout"],
                     capture_output=True, check=True).stdout
flash = open(flash_bin, "rb").read()
assert flash[:len(img)] == img, "internal flash does not hold the firmware"
data = open(asset, "rb").read()
with open(qspi_bin, "rb") as q:
    assert q.read(len(data)) == data, "QSPI flash does not hold the asset"
s = json.load(open(stats_json))
dt = (int(t1) - int(t0)) / 1e9
print("== checked against the board's image files: internal flash %d bytes, QSPI %d bytes: OK"
      % (len(img), len(data)))
print("== modeled time for the session: %.3f s; %d SWD transactions, %d probe round trips"
      % (dt, s["swd_transactions"], s["probe_round_trips"]))
print("   QSPI: %d page programs, %d 64 KiB erases, %.3f s chip busy; %.1f KiB/s overall"
      % (s["qspi_page_programs"], s["qspi_block_erases_64k"], s["qspi_busy_ns"] / 1e9,
         (len(img) + len(data)) / 1024 / dt))
PY
