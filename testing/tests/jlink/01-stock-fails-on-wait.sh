# Issue 5 reproduction: with AP WAITs injected (0.1% of AP transactions, 64
# WAITs each) Debian's stock openocd fails to write RAM through the J-Link with
# the reported "Failed to write memory and, additionally, failed to find out
# where"; ours writes the same 64 KiB and reads back exactly those bytes.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/jlink.sh
scratch
INJ=(--ap-wait-rate 0.001 --ap-wait-burst 64 --seed 2)

VB_STATE=$SCRATCH/state-stock
jl_ram_roundtrip stock 65536 0x24000000 "${INJ[@]}"
grep -q 'Failed to write memory and, additionally, failed to find out where' "$SCRATCH/ocd.log" ||
	fail "stock: the reported message did not appear"
[ "$JL_RC" != 0 ] || fail "stock: openocd did not fail"

VB_STATE=$SCRATCH/state-ours
jl_ram_roundtrip ours 65536 0x24000000 "${INJ[@]}"
[ "$JL_RC" = 0 ] || fail "ours: openocd failed"
jl_same || fail "ours: RAM read back differs from the image"
jl_no_bare_message || fail "ours: bare 'failed to find out where'"
[ "$(vb_stats ap_injected_waits)" -gt 0 ] || fail "ours: no WAIT was injected"
pass
