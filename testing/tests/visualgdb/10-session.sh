# VisualGDB's session with our OpenOCD and the native QSPI bank (no FLASH
# plugin), replayed through the virtual J-Link: its OpenOCD command line
# (ports first, board file, init, reset init, the ready line last, scripts
# folder as working directory), then its gdb script (remotetimeout 60,
# target remote, mon halt, mon reset init, progress on, load, the stack
# check on the word below _estack, compare-sections).  The firmware has
# sections in both internal flash banks, at the start of the QSPI flash and
# across the W25Q01JV's 64 MiB die boundary.  Oracle: flash.bin and qspi.bin
# against the ELF's section bytes, and the firmware booting from them.
# VG_VBOARD_ARGS: extra vboard options (11-session-ap-wait.sh).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
. testing/tests/lib/visualgdb.sh
vg_prologue
VB_STATE=$SCRATCH/state
# the board runs a firmware already (idle.bin): a blank internal flash locks
# the core up at reset, and OpenOCD's "clearing lockup" Error: line before
# the ready line is what VisualGDB would show
# shellcheck disable=SC2086
vb_start --flash-image "$FIRMWARE/idle.bin" ${VG_VBOARD_ARGS:-}
vg_openocd -f board/stm32h753.cfg
vg_gdb "mon report_flash_progress on" load "${VG_STACK_CHECK[@]}" compare-sections \
	"mon reset run" "mon halt" "x/5wx 0x2001ff00"
cat "$SCRATCH/ocd.log"
vb_stop
if [ -n "${VG_VBOARD_ARGS:-}" ]; then
	waits=$(vb_stats swd_wait_acks)
	echo "AP WAITs answered: $waits"
	[ "${waits:-0}" -gt 0 ] || fail "no AP WAIT was injected"
fi

grep -q '^Start address 0x0800' "$SCRATCH/gdb.log" || fail "load did not finish"
grep -q '^STACKWORD=5a5aa5a5$' "$SCRATCH/gdb.log" ||
	fail "stack check: the word below _estack (0x2001fffc) did not read back"
vg_check_images || fail "the image files differ from the ELF's sections"
# the firmware booted from what load wrote: magic, bank 2 table, .data (LMA)
grep -Eq '^0x2001ff00:[[:space:]]+0x5a6db0a7' "$SCRATCH/gdb.log" ||
	fail "firmware did not boot from the loaded image"
want_b2=$(od -An -tx4 -N4 "$BUILD/testing/firmware/vgdb_data/vgdb_bank2.bin" | tr -d ' ')
grep -Eq "^0x2001ff00:[[:space:]]+0x5a6db0a7[[:space:]]+0x[0-9a-f]+[[:space:]]+0x$want_b2[[:space:]]" \
	"$SCRATCH/gdb.log" || fail "firmware marker: bank 2 word wrong"
grep -Eq '^0x2001ff10:[[:space:]]+0x0da7a001' "$SCRATCH/gdb.log" ||
	fail "firmware marker: .data word wrong (its initial values, loaded at their LMA)"

# progress lines (report_flash_progress, Info level)
for bank in stm32h753.bank1.cpu0 stm32h753.bank2.cpu0 stm32h753.qspi; do
	grep -Eq "^flash_bank_summary:0x[0-9a-f]+\|0x[0-9a-f]+\|$bank\$" "$SCRATCH/gdb.log" ||
		fail "no flash_bank_summary line for $bank"
done
grep -q '^flash_bank_summary:0x90000000|0x8000000|stm32h753.qspi$' "$SCRATCH/gdb.log" ||
	fail "flash_bank_summary of the QSPI bank: not 128 MiB at 0x90000000"
grep -Eq '^Info : Programming FLASH \([0-9]+ sections, [0-9]+ bytes\)\.\.\.$' "$SCRATCH/ocd.log" ||
	fail "no 'Programming FLASH (N sections, M bytes)...' line"
grep -Eq '^Info : Programming FLASH section 1/[0-9]+ \([0-9]+ bytes\) at 0x08000000\.\.\.$' \
	"$SCRATCH/ocd.log" || fail "no 'Programming FLASH section 1/N' line"
grep -Eq '^Info : Erasing FLASH: 0x93ff0000-0x94010000\.\.\.$' "$SCRATCH/ocd.log" ||
	fail "no 'Erasing FLASH:' line for the range across the dies"
grep -Eq '^Info : flash_write_progress_sync:0x[0-9a-f]+\|0x[0-9a-f]+\|stm32h753.qspi$' \
	"$SCRATCH/ocd.log" || fail "no write progress of the QSPI bank"
grep -Eq '^Info : flash_write_progress_async:0x[0-9a-f]+\|0x[0-9a-f]+$' "$SCRATCH/ocd.log" ||
	fail "no async write progress (internal flash)"
vg_progress_ok die || fail "progress lines"

# compare-sections: gdb's qCRC of the sections; the one across the dies
# reads through the QUADSPI memory-mapped window
for s in .isr_vector .text .data .bank2 .qspi_head; do
	grep -q "^Section $s, range .*: matched\.\$" "$SCRATCH/gdb.log" || fail "compare-sections: $s"
done
grep -q '^Section .qspi_dies, range .*: matched\.$' "$SCRATCH/gdb.log" ||
	fail "compare-sections: .qspi_dies (across the 64 MiB die boundary) does not match" \
		"although qspi.bin holds it: gdb's qCRC reads through the QUADSPI" \
		"memory-mapped window (stmqspi CRC across the dies)"
pass
