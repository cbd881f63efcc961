# Fault matrix on RAM through the J-Link (ours): AP WAIT injection at 1%, 10%
# and 50% of AP transactions with bursts of 1 to 64 WAITs.  Every case writes
# random bytes into AXI SRAM with load_image and reads them back with
# dump_image (posted AP reads under WAIT); the read-back must equal the image.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/jlink.sh
scratch
# rate burst bytes
CASES="0.01:1:65536 0.01:64:65536 0.1:1:65536 0.1:8:32768 0.1:64:8192
0.5:1:16384 0.5:16:4096 0.5:64:2048"
seed=10
for c in $CASES; do
	IFS=: read -r rate burst bytes <<<"$c"
	seed=$((seed + 1))
	VB_STATE=$SCRATCH/state-$rate-$burst
	jl_ram_roundtrip ours "$bytes" 0x24000000 --ap-wait-rate "$rate" \
		--ap-wait-burst "$burst" --seed $seed
	waits=$(vb_stats ap_injected_waits)
	echo "rate $rate burst $burst: $bytes bytes, $waits WAITs injected, openocd rc $JL_RC"
	[ "$JL_RC" = 0 ] || { cat "$SCRATCH/ocd.log"; fail "rate $rate burst $burst: openocd failed"; }
	jl_same || fail "rate $rate burst $burst: read-back differs from the image"
	jl_no_bare_message || fail "rate $rate burst $burst: bare 'failed to find out where'"
	[ "$waits" -gt 0 ] || fail "rate $rate burst $burst: no WAIT injected"
done
pass
