# `program demo_app.elf verify reset exit` with the board file, default
# settings (memory-mapped quad read ECh): internal flash banks 1 and 2 and the
# QSPI flash must hold the ELF's sections, checked against the objcopy images
# in the board's flash.bin and qspi.bin.
# Stock stmqspi cannot do this: it would build 12h with address and data on 4
# lines from the mapped ECh 1-4-4 CCR; ours builds its own commands.
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
	fail "program failed"
fi
grep -q 'Verified OK' "$SCRATCH/ocd.log" || fail "openocd did not verify"
vb_stop
board_check_demo_images || fail "images differ"
pass
