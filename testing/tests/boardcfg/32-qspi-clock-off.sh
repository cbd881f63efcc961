# QUADSPI clock off after reset init (RCC_AHB3ENR.QSPIEN, bit 14 of
# 0x580244D4, cleared as firmware might): the QUADSPI registers read 0, so
# `flash probe 2` must fail with a message naming the QUADSPI address and
# the clock to check (patch 0011), the bank must stay empty, and nothing may
# be read from or written to the chip.  Turning the clock back on (reset
# init) makes the bank usable again.
# Oracle: the seeded qspi.bin (unchanged, and read back only with the clock on).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
scratch
VB_STATE=$SCRATCH/state
board_seed_qspi
head -c 64 "$SCRATCH/seed_head.bin" >"$SCRATCH/seed64.bin"
head -c 256 /dev/urandom >"$SCRATCH/w.bin"
vb_start --flash-image "$FIRMWARE/idle.bin"
ocd_ours "${BOARD_NOSERVERS[@]}" -c "$BOARD_REPORT_PROC" -f board/stm32h753.cfg -c init \
	-c "reset init" \
	-c "mmw 0x580244D4 0 0x4000" \
	-c "board_report AHB3ENR 0x580244D4" \
	-c "if {[catch {flash probe 2}]} {echo PROBE-FAILED}" \
	-c "flash banks" \
	-c "catch {flash read_bank 2 $SCRATCH/off.bin 0 64}" \
	-c "catch {flash write_bank 2 $SCRATCH/w.bin 0}" \
	-c "reset init" -c "flash probe 2" -c "flash read_bank 2 $SCRATCH/on.bin 0 64" \
	-c shutdown || fail "openocd failed"
[ "$(board_value AHB3ENR)" = 00000000 ] || fail "QSPIEN not cleared: $(board_value AHB3ENR)"
grep -q PROBE-FAILED "$SCRATCH/ocd.log" || fail "clock off: flash probe 2 did not fail"
grep -q 'No QSPI, no OCTOSPI at 0x52005000' "$SCRATCH/ocd.log" ||
	fail "clock off: no message naming the QUADSPI at 0x52005000"
grep -q 'check that its clock is on (on STM32H7: RCC_AHB3ENR.QSPIEN' "$SCRATCH/ocd.log" ||
	fail "clock off: the message does not say which clock to check"
grep -q '^#2 : stm32h753.qspi (stmqspi) at 0x90000000, size 0x00000000' \
	"$SCRATCH/ocd.log" || fail "clock off: bank 2 not empty"
if [ -f "$SCRATCH/off.bin" ] && cmp -s "$SCRATCH/off.bin" "$SCRATCH/seed64.bin"; then
	fail "clock off: the flash was read anyway"
fi
cmp "$SCRATCH/on.bin" "$SCRATCH/seed64.bin" || fail "clock on again: read_bank differs"
vb_stop
file_cmp "$VB_STATE/qspi.bin" 0 "$SCRATCH/seed_head.bin" || fail "qspi.bin changed"
pass
