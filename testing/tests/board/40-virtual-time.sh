# Virtual time: the same command sequence gives the same modeled time and
# counts on a fresh board; long flash operations (a 192 s QSPI chip erase
# polled by stock stmqspi with wall-clock sleeps and a 400 s timeout, an
# internal flash bank erase) keep their modeled duration but take little wall
# time, and no OpenOCD timeout fires.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
scratch
head -c 65536 /dev/urandom > "$SCRATCH/img.bin"
for run in 1 2; do
	VB_STATE=$SCRATCH/state-$run
	vb_start --flash-image "$FIRMWARE/idle.bin"
	ocd_ours "${H7_ARGS[@]}" -c init -c "reset halt" \
		-c "program $SCRATCH/img.bin 0x08000000 verify" -c shutdown >/dev/null ||
		fail "run $run: program failed"
	vb_stop
	grep -E '"(virtual_ns|swd_transactions|probe_round_trips|core_instructions)"' \
		"$VB_STATE/stats.json" > "$SCRATCH/run$run"
done
cat "$SCRATCH/run1"
diff "$SCRATCH/run1" "$SCRATCH/run2" || fail "same sequence, different modeled time or counts"

VB_STATE=$SCRATCH/state-erase
vb_start --flash-image "$FIRMWARE/idle.bin"
start=$(date +%s)
ocd_stock "${H7_ARGS[@]}" -f testing/tests/qspi/qspi-init.tcl \
	-c "flash bank qspi stmqspi 0x90000000 0 0 0 stm32h7x.cpu0 0x52005000" \
	-c init -c "reset halt" -c vb_qspi_init -c "flash probe 1" \
	-c "stmqspi mass_erase 1" -c "stm32h7x mass_erase 0" -c shutdown >/dev/null ||
	fail "mass erases failed"
wall=$(($(date +%s) - start))
grep -qi 'timeout\|timed out' "$SCRATCH/ocd.log" && fail "an OpenOCD timeout fired"
grep -q 'stmqspi mass erase completed' "$SCRATCH/ocd.log" || fail "QSPI mass erase did not complete"
grep -q 'stm32h7x mass erase complete' "$SCRATCH/ocd.log" || fail "internal mass erase did not complete"
vb_stats_sync
v=$(vb_stats virtual_ns)
echo "wall ${wall}s, modeled $((v / 1000000)) ms, skipped $(($(vb_stats skipped_ns) / 1000000)) ms"
[ "$v" -ge 192000000000 ] || fail "chip erase took less than its 192 s typical time in modeled time"
[ "$(vb_stats qspi_chip_erases)" = 1 ] && [ "$(vb_stats flash_bank_erases)" = 1 ] || fail "erase counters"
[ "$wall" -lt 60 ] || fail "long operations took ${wall}s of wall time"
pass
