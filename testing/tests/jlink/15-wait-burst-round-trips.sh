# A burst of AP WAITs must cost about one extra probe round trip, not one per
# WAIT: ours retries a WAITed transaction within the next exchange.  For the
# largest (base) and smallest (ob) probe class, a RAM round trip (load_image
# then dump_image: AP writes and posted AP reads) runs WAIT-free, then with 1%
# of AP transactions answered WAIT in bursts of 1, 8 and 64, same seed (so the
# same transactions are hit).  From the board's counters (stats.json
# probe_round_trips, ap_injected_waits):
#  - a single WAIT costs at most 3 extra round trips (the retry and the
#    smaller exchanges the driver uses while WAITs come often);
#  - a burst of 8 or 64 costs at most a tenth of a round trip more than a
#    single WAIT, plus 10 for the first bursts (the driver learns the burst
#    length); one round trip per WAIT would be 7 or 63 more.
# The read-back must equal the image (the oracle: bytes this test made).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/jlink.sh
scratch
BYTES=32768
SEED=41
for class in base ob; do
	JL_PROBE=(--probe-class "$class")
	VB_STATE=$SCRATCH/state-$class-free
	jl_ram_roundtrip ours $BYTES 0x24000000
	[ "$JL_RC" = 0 ] && jl_same || fail "$class: WAIT-free round trip failed"
	rt0=$(vb_stats probe_round_trips)
	rt1=
	for burst in 1 8 64; do
		VB_STATE=$SCRATCH/state-$class-$burst
		jl_ram_roundtrip ours $BYTES 0x24000000 --ap-wait-rate 0.01 \
			--ap-wait-burst "$burst" --seed $SEED
		[ "$JL_RC" = 0 ] || { cat "$SCRATCH/ocd.log"; fail "$class burst $burst: openocd failed"; }
		jl_same || fail "$class burst $burst: read-back differs from the image"
		waits=$(vb_stats ap_injected_waits)
		rt=$(vb_stats probe_round_trips)
		bursts=$(((waits + burst - 1) / burst))
		echo "$class 1% burst $burst: $waits WAITs in $bursts bursts, $rt round trips" \
			"($rt0 WAIT-free)"
		[ "$bursts" -gt 0 ] || fail "$class burst $burst: no WAIT injected"
		if [ "$burst" = 1 ]; then
			rt1=$rt
			[ $((rt - rt0)) -le $((3 * bursts)) ] ||
				fail "$class: $((rt - rt0)) extra round trips for $bursts WAITs (limit 3 each)"
		else
			[ $((rt - rt1)) -le $((bursts / 10 + 10)) ] ||
				fail "$class burst $burst: $((rt - rt1)) more round trips than single" \
					"WAITs at the same places ($bursts bursts; limit $((bursts / 10 + 10)))"
		fi
	done
done
pass
