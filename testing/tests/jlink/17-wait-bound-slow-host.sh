# The WAIT bound must not depend on the host's speed.  A loaded host is made
# by the virtual J-Link (VJLINK_SWD_IO_DELAY_MS: every SWD I/O call takes
# 300 ms more host time; the board's modeled time is unchanged):
#  1. bursts of 200 WAITs (vboard --ap-wait-burst 200) need several retry
#     exchanges, together well over a second of host time here.  Ours gives a
#     transaction up only after more than 256 WAITs AND more than 1 s, so the
#     load completes; a 1 s wall-clock bound alone gives up after a few
#     exchanges ("still answered WAIT after N retries").  Oracle: the bytes
#     written, read back with dump_image.
#  2. a bus stall (the AP answers WAIT forever) still ends, on the same slow
#     host, with the bounded error naming the access, within 120 s.
# JL_PROBE_CLASS picks the probe class (default base).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/jlink.sh
scratch
export VJLINK_SWD_IO_DELAY_MS=300
wait_re='SWD: AP0 [a-zA-Z]+ [A-Z]+ .* still answered WAIT after [0-9]+ retries in [0-9]+ ms'

# 1. Long bursts on a slow host: completes, bytes right.
VB_STATE=$SCRATCH/state-burst
jl_ram_roundtrip ours 2048 0x24000000 --ap-wait-rate 0.004 --ap-wait-burst 200 --seed 3
waits=$(vb_stats ap_injected_waits)
echo "bursts of 200: openocd rc $JL_RC, $waits WAITs injected"
if grep -Eq "$wait_re" "$SCRATCH/ocd.log"; then
	grep -E "$wait_re" "$SCRATCH/ocd.log"
	fail "burst: gave up on a burst of 200 WAITs because the host is slow"
fi
[ "$JL_RC" = 0 ] || { cat "$SCRATCH/ocd.log"; fail "burst: openocd failed"; }
[ "$waits" -ge 200 ] || fail "burst: no whole burst injected (test is void)"
jl_same || fail "burst: read-back differs from the image"

# 2. A stall on the same slow host still ends with the bounded error.
VB_STATE=$SCRATCH/state-stall
head -c 1024 /dev/urandom > "$SCRATCH/img.bin"
vb_start --flash-image "$FIRMWARE/idle.bin" "${JL_PROBE[@]}" --bus-stall 0x24010100:0x100 \
	--dapabort-frees-stall
t0=$(date +%s)
OCD_TIMEOUT=300 ocd_ours "${H7_ARGS[@]}" "${NOSERVERS[@]}" -c init -c "reset halt" \
	-c "catch {load_image $SCRATCH/img.bin 0x24010000 bin}" -c shutdown >/dev/null
t=$(($(date +%s) - t0))
vb_stop
echo "stall: $t s"
grep -Eq "$wait_re" "$SCRATCH/ocd.log" || fail "stall: no bounded WAIT error naming the access"
[ "$t" -lt 120 ] || fail "stall: openocd took ${t}s"
pass
