# `program demo_app.elf verify reset exit` with the board file, default
# settings (memory-mapped quad read ECh): internal flash banks 1 and 2 and the
# QSPI flash must hold the ELF's sections, checked against the objcopy images
# in the board's flash.bin and qspi.bin.
#
# Expected to fail until stmqspi's write path stops deriving its commands from
# the memory-mapped CCR: the stock page-program loader builds 12h with the
# address and data on 4 lines (from ECh 1-4-4), the chip expects 1-1-1, and
# the write times out ("timeout waiting for algorithm").  That case is
# reported as a skip with this reason; 21-program-single covers the same
# workflow with the 1-line read.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
scratch
[ -f "$FIRMWARE/demo_app.elf" ] || fail "no $FIRMWARE/demo_app.elf: run make"
VB_STATE=$SCRATCH/state
vb_start
if ! ocd_ours "${BOARD_NOSERVERS[@]}" -f board/stm32h753.cfg \
	-c "program $FIRMWARE/demo_app.elf verify reset exit"; then
	vb_stop
	if grep -q 'error writing to flash at address 0x90000000' "$SCRATCH/ocd.log"; then
		skip "expected failure: stmqspi writes with commands derived from the quad" \
			"memory-mapped CCR (ECh 1-4-4); see 21-program-single"
	fi
	fail "program failed"
fi
grep -q 'Verified OK' "$SCRATCH/ocd.log" || fail "openocd did not verify"
vb_stop
board_check_demo_images || fail "images differ"
pass
