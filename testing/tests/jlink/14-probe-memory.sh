# The probe's free memory is a hard limit: a jaylink_swd_io() request needing
# as much as the probe has free, or more, fails with JAYLINK_ERR_DEV_NO_MEMORY
# and nothing of it runs (vboard --probe-class; vjlink/README.md).  Ours:
#  1. on the smallest class (ob, 11288 bytes) batches are sized from the
#     reported free memory with a margin: no request is refused;
#  2. on a probe that reports more than it accepts (test-only
#     VJLINK_FREE_MEMORY=32768 on an ob board) the refused batch is halved
#     and sent again until it fits: the download completes, nothing lost or
#     written twice.
# Stock 0.12.0 (2048-byte batches at most) fits every class: checked too.
# Oracle: the bytes written, read back with dump_image.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/jlink.sh
scratch

# 1. Sizing: no request refused on the smallest probe.
VB_STATE=$SCRATCH/state-size
jl_ram_roundtrip ours 65536 0x24000000 --probe-class ob
refused=$(vb_stats probe_no_memory)
echo "ob: openocd rc $JL_RC, $refused requests refused"
[ "$JL_RC" = 0 ] || { cat "$SCRATCH/ocd.log"; fail "ob: RAM round trip failed"; }
jl_same || fail "ob: read-back differs from the image"
[ "$refused" = 0 ] || fail "ob: $refused SWD requests larger than the probe's memory"

# 2. Halving: the probe claims 32768 bytes, holds 11288.
VB_STATE=$SCRATCH/state-halve
VJLINK_FREE_MEMORY=32768 jl_ram_roundtrip ours 65536 0x24000000 --probe-class ob
refused=$(vb_stats probe_no_memory)
echo "ob claiming 32768: openocd rc $JL_RC, $refused requests refused"
[ "$JL_RC" = 0 ] || { cat "$SCRATCH/ocd.log"; fail "halving: RAM round trip failed"; }
jl_same || fail "halving: read-back differs from the image"
[ "$refused" -gt 0 ] || fail "halving: the probe never refused a request (test is void)"
grep -q 'out of memory.*SWD batches' "$SCRATCH/ocd.log" ||
	fail "halving: no warning about the smaller batches"

# 3. Stock on the smallest probe: its 2048-byte batches fit.
VB_STATE=$SCRATCH/state-stock
jl_ram_roundtrip stock 16384 0x24000000 --probe-class ob
[ "$JL_RC" = 0 ] || fail "stock: RAM round trip failed on ob"
jl_same || fail "stock: read-back differs"
[ "$(vb_stats probe_no_memory)" = 0 ] || fail "stock: a request was refused"
pass
