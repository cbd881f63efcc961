# SPDX-License-Identifier: GPL-2.0-or-later
# A J-Link WAIT that never ends (--bus-stall: the AP answers WAIT without
# end) during a RAM download, in real time (tests/lib/realtime.sh), stock and
# ours.  Each run must end by itself with an error; ours must name the access
# and its address (its WAIT retries are bounded in wall time, 1 s).  The
# stalled transfer holds the AP until a reset (the board's default, as on
# silicon: AHB has no abort), so the next RAM write fails too, again bounded
# and named; testing/tests/jlink/12 shows the recovery through nRST.  Stock
# ends at once with the bare "Failed to write memory and,
# additionally, failed to find out where" and, sending no ABORT, leaves the
# AP stuck: the next RAM write fails too (as on silicon, where the stalled
# access holds the AP until DAPABORT).
# Oracle: OpenOCD's messages and the RAM word read back.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/jlink.sh
. testing/tests/lib/realtime.sh
scratch
head -c 8192 /dev/urandom > "$SCRATCH/img.bin"
log=$SCRATCH/ocd.log

for who in stock ours; do
	rt_state
	rt_start --flash-image "$FIRMWARE/idle.bin" --bus-stall 0x24010400:0x100
	rt_ocd $who 120 "${H7_ARGS[@]}" "${NOSERVERS[@]}" -c init -c "reset halt" \
		-c "if {[catch {load_image $SCRATCH/img.bin 0x24010000 bin}]} {echo LOAD-FAILED}" \
		-c "mww 0x2001fffc 0x600dcafe" -c "mdw 0x2001fffc" -c shutdown
	vb_stop
	rt_ended "$who download into a stalled bus"
	grep -q LOAD-FAILED "$log" || fail "$who: download into a stalled bus succeeded"
	if [ $who = ours ]; then
		grep -Eq 'SWD: AP0 write DRW .* still answered WAIT after [0-9]+ retries in [0-9]+ ms' \
			"$log" || fail "ours: no bounded WAIT error naming the access"
		grep -Eq 'Failed to write memory at 0x24010400|last TAR written 0x24010400' "$log" ||
			fail "ours: failing address not reported"
		# the hung AP holds back DP writes too (ADIv5): the write after the
		# stall fails on its SELECT, or on the memory access itself
		sed -n '/Failed to write memory in 0x24010000/,$p' "$log" |
			grep -Eq 'Failed to write memory in 0x2001fffc-0x2001ffff|DP write SELECT .* still answered WAIT after [0-9]+ retries' ||
			fail "ours: the write after the stall did not fail clearly"
		grep -q '0x2001fffc: 600dcafe' "$log" && fail "ours: a write through the hung AP went through"
		grep -q 'failed to find out where' "$log" && fail "ours: the bare stock message"
	else
		grep -q 'Failed to write memory and, additionally, failed to find out where' "$log" ||
			fail "stock: not the known bare message"
		grep -q '0x2001fffc: 600dcafe' "$log" &&
			fail "stock: DAP usable afterwards (stock sends no DAPABORT: it should not be)"
	fi
	echo "$who: ended by itself: $(grep -m1 -E '^Error' "$log")"
done
pass
