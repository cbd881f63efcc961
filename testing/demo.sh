#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The README's main job (make demo), on the virtual board through the virtual
# J-Link: start a fresh board, program the demo firmware demo_app.elf (internal
# flash banks 1 and 2 and the W25Q01JV on QUADSPI) with our openocd and the
# board file,
#	openocd -f board/stm32h753.cfg -c "program demo_app.elf verify reset exit"
# then check the board's image files (flash.bin, qspi.bin) against the
# objcopy images of the ELF, check that the firmware booted, and print what
# was written where and how fast (modeled time from the board's counters,
# and wall time).  Ends with "DEMO OK"; any mismatch exits non-zero.
#
# Everything stays in build/demo: state/ (the board's image files and
# stats.json), openocd.log, vboard.log, stats-before.json, stats-after.json.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
export TOP BUILD
. "$TOP/testing/tests/lib/common.sh"
. "$TOP/testing/tests/lib/vboard.sh"
. "$TOP/testing/tests/lib/boardcfg.sh"
fail() {
	echo "demo: FAILED: $*" >&2
	exit 1
}

DEMO=$BUILD/demo
ELF=$FIRMWARE/demo_app.elf
SCRATCH=$DEMO			# vb_start and ocd_ours keep their files here
VB_STATE=$DEMO/state
OCD_TIMEOUT=60

for f in "$OPENOCD" "$VBOARD" "$VJLINK_DIR/libjaylink.so.0" "$ELF" \
	"$FIRMWARE/demo_app_bank1.bin" "$FIRMWARE/demo_app_bank2.bin" \
	"$FIRMWARE/demo_app_qspi.bin"; do
	[ -e "$f" ] || fail "missing $f: run make first"
done

wall0=$(date +%s.%N)
rm -rf "$DEMO"
mkdir -p "$DEMO"
echo "== $("$OPENOCD" --version 2>&1 | head -1)"
trap vb_stop EXIT
vb_start
echo "== virtual board up: STM32H753 + W25Q01JV, fresh state in ${VB_STATE#"$TOP"/}"

vb_stats_sync
cp "$VB_STATE/stats.json" "$DEMO/stats-before.json"
echo "== openocd -f board/stm32h753.cfg -c \"program ${ELF#"$TOP"/} verify reset exit\""
ocd0=$(date +%s.%N)
ocd_ours "${BOARD_NOSERVERS[@]}" -f board/stm32h753.cfg \
	-c "program $ELF verify reset exit" >/dev/null
rc=$?
ocd1=$(date +%s.%N)
mv "$DEMO/ocd.log" "$DEMO/openocd.log"
grep -E '^\*\*|^wrote|^verified|^Error' "$DEMO/openocd.log" | sed 's/^/   openocd: /'
grep -q 'clearing lockup' "$DEMO/openocd.log" &&
	echo "   (a blank board's erased vector table locks the core up until the firmware is in)"
if [ $rc != 0 ]; then
	tail -15 "$DEMO/openocd.log"
	fail "openocd exited $rc (full log: $DEMO/openocd.log)"
fi
grep -q 'Verified OK' "$DEMO/openocd.log" || fail "openocd did not report Verified OK"
vb_stats_sync
cp "$VB_STATE/stats.json" "$DEMO/stats-after.json"

# The firmware booted from what was written: demo_app stores 0xDE300A99 at
# 0x2001FF00 and the first word of its bank 2 table at 0x2001FF08.
ocd_ours "${BOARD_NOSERVERS[@]}" -f board/stm32h753.cfg -c init \
	-c "echo \"MARKER [format %08x [mrw 0x2001ff00]] [format %08x [mrw 0x2001ff08]]\"" \
	-c shutdown >/dev/null || fail "openocd could not read the firmware's markers"
mv "$DEMO/ocd.log" "$DEMO/openocd-markers.log"
read -r magic word < <(sed -n 's/^MARKER \([0-9a-f]*\) \([0-9a-f]*\)$/\1 \2/p' \
	"$DEMO/openocd-markers.log")
want=$(od -An -tx4 -N4 "$FIRMWARE/demo_app_bank2.bin" | tr -d ' ')
[ "${magic:-}" = de300a99 ] || fail "the firmware did not run (0x2001ff00 = ${magic:-?})"
[ "${word:-}" = "$want" ] ||
	fail "the firmware read 0x${word:-?} from bank 2, demo_app_bank2.bin starts with 0x$want"
echo "== firmware booted: marker 0x$magic, bank 2 word 0x$word as in demo_app_bank2.bin"
vb_stop
trap - EXIT

board_check_demo_images >"$DEMO/check.log" 2>&1 || {
	cat "$DEMO/check.log" >&2
	fail "the board's image files do not hold demo_app.elf"
}

python3 - "$ELF" "$DEMO/stats-before.json" "$DEMO/stats-after.json" \
	"$ocd0" "$ocd1" "$wall0" <<'PY' || fail "no summary"
import json, struct, sys, time
elf, before, after, ocd0, ocd1, wall0 = sys.argv[1:]
# Loadable bytes per region, from the ELF's program headers.
d = open(elf, "rb").read()
phoff, = struct.unpack_from("<I", d, 28)
phentsize, phnum = struct.unpack_from("<HH", d, 42)
regions = [["internal bank 1", 0x08000000, 0x08100000],
           ["internal bank 2", 0x08100000, 0x08200000],
           ["QSPI W25Q01JV", 0x90000000, 0xA0000000]]
for r in regions:
    r += [0, None, None, 0]	# bytes, low, high, segments
for i in range(phnum):
    p_type, _, _, paddr, filesz = struct.unpack_from("<IIIII", d, phoff + i * phentsize)
    if p_type != 1 or not filesz:
        continue
    for r in regions:
        if r[1] <= paddr < r[2]:
            r[3] += filesz
            r[4] = paddr if r[4] is None else min(r[4], paddr)
            r[5] = paddr + filesz if r[5] is None else max(r[5], paddr + filesz)
            r[6] += 1
s0 = json.load(open(before))
s1 = json.load(open(after))
dl = {k: s1[k] - s0[k] for k in s1 if isinstance(s1[k], int) and k in s0}
total = sum(r[3] for r in regions)
model_s = dl["virtual_ns"] / 1e9
print("== written (from the ELF's load segments), checked in flash.bin and qspi.bin: OK")
for name, _, _, n, lo, hi, segs in regions:
    if n:
        print("   %-16s 0x%08x-0x%08x %9d bytes (%d segment%s)"
              % (name, lo, hi - 1, n, segs, "" if segs == 1 else "s"))
print("   %-16s %21s %9d bytes" % ("total", "", total))
print("== modeled time (board clock, virtual_ns %d -> %d): %.3f s, %.1f KiB/s"
      % (s0["virtual_ns"], s1["virtual_ns"], model_s, total / 1024 / model_s))
print("   internal flash: %d sector erases, %d flash-word programs, busy %.3f s"
      % (dl["flash_sector_erases"], dl["flash_word_programs"], dl["flash_busy_ns"] / 1e9))
print("   QSPI: %d 4 KiB + %d 32 KiB + %d 64 KiB erases, %d page programs, busy %.3f s"
      % (dl["qspi_sector_erases_4k"], dl["qspi_block_erases_32k"],
         dl["qspi_block_erases_64k"], dl["qspi_page_programs"], dl["qspi_busy_ns"] / 1e9))
print("   SWD: %d transactions, %d probe round trips"
      % (dl["swd_transactions"], dl["probe_round_trips"]))
ocd_s = float(ocd1) - float(ocd0)
print("== wall time: openocd %.1f s (%.1f KiB/s), whole demo %.1f s"
      % (ocd_s, total / 1024 / ocd_s, time.time() - float(wall0)))
PY
echo "DEMO OK"
