# The program workflow with QSPI_READ=single (memory-mapped 13h 1-1-1):
# `program demo_app.elf verify reset exit` puts the ELF's sections into both
# internal banks and the QSPI flash; flash.bin and qspi.bin must equal the
# objcopy images.  After the reset the firmware runs from bank 1 and leaves
# its marker with the first word of its bank 2 table.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
scratch
[ -f "$FIRMWARE/demo_app.elf" ] || fail "no $FIRMWARE/demo_app.elf: run make"
VB_STATE=$SCRATCH/state
vb_start
ocd_ours "${BOARD_NOSERVERS[@]}" -c "set QSPI_READ single" -f board/stm32h753.cfg \
	-c "program $FIRMWARE/demo_app.elf verify reset exit" || fail "program failed"
grep -q 'Verified OK' "$SCRATCH/ocd.log" || fail "openocd did not verify"
board_check_demo_images || fail "images differ"
# The firmware booted (marker 0xde300a99) and read its bank 2 table.
ocd_ours "${BOARD_NOSERVERS[@]}" -f board/stm32h753.cfg -c init -c halt \
	-c "mdw 0x2001ff00" -c "mdw 0x2001ff08" -c shutdown || fail "attach failed"
want=$(od -An -tx4 -N4 "$FIRMWARE/demo_app_bank2.bin" | tr -d ' ')
grep -q '^0x2001ff00: de300a99' "$SCRATCH/ocd.log" || fail "demo_app did not boot"
grep -q "^0x2001ff08: $want" "$SCRATCH/ocd.log" || fail "marker is not bank 2's first word $want"
vb_stop
pass
