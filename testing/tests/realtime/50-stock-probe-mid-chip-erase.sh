# SPDX-License-Identifier: GPL-2.0-or-later
# Stock probing a chip in the middle of a chip erase that firmware started
# (firmware qspi_chiperase: C7h, 192 s typical), in real time
# (tests/lib/realtime.sh), with QUADSPI put back to a 1-line 13h CCR as in
# stmqspi/51-chip-states.  With the busy-poll fast-forward stock's probe
# works or not depending on the host's speed (hence not in 51-chip-states:
# its 100 ms are wall time); on silicon the chip is still erasing for minutes
# and stock's probe polls its status for SPI_PROBE_TIMEOUT (100 ms) only:
# "Error: timeout", the bank stays unusable.  Ours waits for the erase (up
# to W25Q_CHIP_ERASE_MS) and then works.
# Oracle: OpenOCD's messages, qspi.bin (seeded page erased by the firmware's
# erase, ours' write landed after it), stats.json (the chip erase ran).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
. testing/tests/lib/realtime.sh
scratch
head -c 256 /dev/urandom > "$SCRATCH/s.bin"
head -c 512 /dev/urandom > "$SCRATCH/w.bin"
head -c 512 /dev/zero | tr '\0' '\377' > "$SCRATCH/ff.bin"
log=$SCRATCH/ocd.log

for who in stock ours; do
	rt_state 0:"$SCRATCH/s.bin" 0x10000:"$SCRATCH/ff.bin"
	rt_start --flash-image "$FIRMWARE/qspi_chiperase.bin"
	# The firmware marks 0x2001ff0c once it has started the erase.
	rt_attach $who 120 -c "mdw 0x2001ff0c" -c "mmw 0x52005000 2 0" -c "mww 0x52005014 0x0D003513" \
		-c "if {[catch {flash probe 1}]} {echo PROBE-FAILED}" \
		-c "if {[catch {flash write_bank 1 $SCRATCH/w.bin 0x10000}]} {echo WRITE-FAILED}" \
		-c shutdown
	vb_stats_sync
	erases=$(vb_stats qspi_chip_erases)
	vb_stop
	rt_ended "$who probe during a chip erase"
	grep -q '^0x2001ff0c: 0000d0de' "$log" || fail "$who: firmware not done when attached"
	[ "$erases" = 1 ] || fail "$who: no chip erase ran"
	if [ $who = stock ]; then
		grep -q PROBE-FAILED "$log" || fail "stock: probe during a 192 s chip erase succeeded"
		grep -q 'Error: timeout' "$log" || fail "stock: no timeout error"
		qbin_cmp 0x10000 "$SCRATCH/w.bin" && fail "stock: data written although the probe failed"
		echo "stock: probe during the chip erase times out (100 ms), as on silicon"
	else
		grep -Eq '(PROBE|WRITE)-FAILED' "$log" && fail "ours: a step failed"
		grep -q "busy with an operation firmware started: waiting for it" "$log" ||
			fail "ours: did not report waiting for the firmware's erase"
		qbin_is_ff 0 0x100 || fail "ours: the firmware's chip erase did not finish"
		qbin_cmp 0x10000 "$SCRATCH/w.bin" || fail "ours: the write after the erase is missing"
		echo "ours: waited for the firmware's chip erase, then wrote"
	fi
done
pass
