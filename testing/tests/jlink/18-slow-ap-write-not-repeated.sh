# A retried AP write that goes through to a slow device must happen once.
# ADIv5 lets a DP answer WAIT to any request but DPIDR and CTRL/STAT reads and
# ABORT writes while the AP is busy (vboard --busy-waits adiv5, the default):
# a DP write sent right after an AP write that went through may be held back
# while that write's bus transfer goes on.  Every access to the RAM at
# 0x24000000 here takes 20 us (--bus-slow), more than one SWD frame at 4 MHz, so the
# next DRW write is answered WAIT and is retried; the write that finally goes
# through keeps the AP busy again.  A retry that sends several copies of the
# write, each guarded by a DP write that should stop the next copy, repeats
# the write when that DP write is answered WAIT: TAR moves one word too far
# and RAM differs, or the driver reports the repeat.  The board counts the
# bus writes into the slow range (ap_slow_writes): one per word, never more.
# The load must succeed and read back equal to the image (oracle: bytes this
# test generated), and again with the older, kinder DP (--busy-waits ap).
# JL_PROBE_CLASS picks the probe class (default base).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/jlink.sh
scratch
for mode in adiv5 ap; do
	VB_STATE=$SCRATCH/state-$mode
	jl_ram_roundtrip ours 2048 0x24000000 --bus-slow 0x24000000:0x1000:20000 \
		--busy-waits $mode
	waits=$(vb_stats swd_wait_acks)
	writes=$(vb_stats ap_slow_writes)
	echo "busy-waits $mode: openocd rc $JL_RC, $writes bus writes for 512 words," \
		"$waits WAIT answers, $(vb_stats probe_round_trips) round trips"
	[ "$writes" -le 512 ] || fail "$mode: $writes bus writes for 512 words: a write was repeated"
	[ "$JL_RC" = 0 ] || { grep -E 'Error|SWD' "$SCRATCH/ocd.log" | head -5;
		fail "$mode: load or read-back failed"; }
	[ "$waits" -gt 100 ] || fail "$mode: only $waits WAITs (the slow device did not stall the AP)"
	jl_same || fail "$mode: RAM differs from the image (a write was repeated or lost)"
	jl_no_bare_message || fail "$mode: bare 'failed to find out where'"
done
pass
