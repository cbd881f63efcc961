# A QSPI clock above what the flash's status read allows (QSPI_PRESCALER 0:
# SCLK 200 MHz, the W25Q01JV's limit is 104 MHz or less) makes every status
# read come back wrong.  The flash commands must fail with a message that
# says how long they waited and what the status register read, not a bare
# "timeout" (stock stmqspi's message, which ours printed too), and nothing
# may be written.  Oracle: qspi.bin unchanged; the chip's overclocked-read
# counter shows the reads really were above the limit.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
. testing/tests/lib/badinput.sh
scratch
head -c 4096 /dev/urandom >"$SCRATCH/w.bin"
VB_STATE=$SCRATCH/state
board_seed_qspi
# Seed 22: the wrong bits this seed draws make the ID read pass and the
# status read show BUSY (campaign seed 22, where the bare "timeout" was seen).
vb_start --flash-image "$FIRMWARE/idle.bin" --seed 22 --flash-timing typ
bi_snapshot
bi_refused "write at SCLK 200 MHz" \
	"flash still busy after [0-9]+ ms: status register\(s\) 0x[0-9a-f]{4}" \
	"${BI_NOSERVERS[@]}" -c "set QSPI_PRESCALER 0" -f board/stm32h753.cfg -c init \
	-c "reset init" -c "flash write_image erase $SCRATCH/w.bin 0x90010000 bin" -c shutdown
grep -q '^Error: timeout$' "$SCRATCH/ocd.log" && fail "a bare 'timeout' is still logged"
vb_stats_sync
[ "$(vb_stats qspi_overclocked_reads)" -gt 0 ] || fail "no overclocked reads: the case did not happen"
vb_stop
bi_unchanged "write at SCLK 200 MHz"
pass
