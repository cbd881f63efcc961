# QSPI pin variables.  A board wired to other pins (CLK PF10, NCS PG6, IO0 PF8,
# IO1 PF9, IO2 PF7, IO3 PF6) reads through memory-mapped mode once the
# variables say so; with the default wiring assumed, reset init stops with a
# message naming the pin variables and nothing reads; a malformed variable
# stops OpenOCD before it connects.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
scratch
VB_STATE=$SCRATCH/state
board_seed_qspi
vb_start --qspi-wiring CLK=PF10:9,NCS=PG6:10,IO0=PF8:10,IO1=PF9:10,IO2=PF7:9,IO3=PF6:9
PINS=(-c "set QSPI_CLK PF10:9" -c "set QSPI_NCS PG6:10" -c "set QSPI_IO0 PF8:10"
	-c "set QSPI_IO1 PF9:10" -c "set QSPI_IO2 PF7:9" -c "set QSPI_IO3 PF6:9")

ocd_ours "${BOARD_NOSERVERS[@]}" "${PINS[@]}" -f board/stm32h753.cfg -c init -c "reset init" \
	-c "dump_image $SCRATCH/head.bin 0x90000000 8192" -c shutdown || fail "openocd failed"
cmp "$SCRATCH/head.bin" "$SCRATCH/seed_head.bin" || fail "other wiring: memory-mapped read differs"
grep -q 'no QSPI flash answers' "$SCRATCH/ocd.log" && fail "other wiring: flash reported absent"

# Default pin variables on this board: the flash cannot answer.
ocd_ours "${BOARD_NOSERVERS[@]}" -f board/stm32h753.cfg -c init -c "reset init" \
	-c "catch {dump_image $SCRATCH/wrong.bin 0x90000000 64}" -c shutdown
grep -q 'no QSPI flash answers (JEDEC ID ffffff).*QSPI_CLK=PB2:9' "$SCRATCH/ocd.log" ||
	fail "wrong wiring: no clear message"
head -c 64 "$SCRATCH/seed_head.bin" >"$SCRATCH/seed64.bin"
if [ -f "$SCRATCH/wrong.bin" ] && cmp -s "$SCRATCH/wrong.bin" "$SCRATCH/seed64.bin"; then
	fail "wrong wiring: the flash was read anyway"
fi

# Malformed variable: refused while parsing, before any connection.
ocd_ours "${BOARD_NOSERVERS[@]}" -c "set QSPI_IO2 E2/9" -f board/stm32h753.cfg -c shutdown &&
	fail "malformed QSPI_IO2 accepted"
grep -q 'QSPI_IO2 = "E2/9" is not PORTPIN:AF' "$SCRATCH/ocd.log" || fail "no message for QSPI_IO2"
grep -q 'DPIDR' "$SCRATCH/ocd.log" && fail "connected despite a malformed variable"
vb_stop
pass
