# A W25Q01JV-IM (QE = 0 from the factory, quad reads not accepted): reset init
# says so and maps the flash with the 1-line 4-byte fast read 0Ch (8 dummy
# cycles; 13h is only specified up to 50 MHz, below the board's 100 MHz SCLK),
# which reads the bytes seeded into qspi.bin.  QSPI_READ=single gives 0Ch on
# the IQ part too.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
scratch
VB_STATE=$SCRATCH/state
board_seed_qspi
vb_start --chip w25q01jv-im
ocd_ours "${BOARD_NOSERVERS[@]}" -f board/stm32h753.cfg -c "$BOARD_REPORT_PROC" \
	-c init -c "reset init" -c "board_report CCR 0x52005014" \
	-c "dump_image $SCRATCH/head.bin 0x90000000 8192" -c shutdown || fail "openocd failed"
grep -q 'flash id 0x2170ef has QE=0 (SR2 00): memory-mapped read falls back to 1-line fast read 0Ch' \
	"$SCRATCH/ocd.log" || fail "no QE=0 message"
[ "$(board_value CCR)" = 0d20350c ] || fail "CCR is not the 1-line 0Ch read"
cmp "$SCRATCH/head.bin" "$SCRATCH/seed_head.bin" || fail "0Ch memory-mapped read differs"
vb_stop

VB_STATE=$SCRATCH/state-iq
board_seed_qspi
vb_start
ocd_ours "${BOARD_NOSERVERS[@]}" -c "set QSPI_READ single" -f board/stm32h753.cfg \
	-c "$BOARD_REPORT_PROC" -c init -c "reset init" -c "board_report CCR 0x52005014" \
	-c "dump_image $SCRATCH/head.bin 0x90000000 8192" -c shutdown || fail "openocd failed"
grep -q 'QE=0' "$SCRATCH/ocd.log" && fail "IQ part reported QE=0"
[ "$(board_value CCR)" = 0d20350c ] || fail "QSPI_READ=single: CCR is not 0Ch"
cmp "$SCRATCH/head.bin" "$SCRATCH/seed_head.bin" || fail "QSPI_READ=single: read differs"
vb_stop
pass
