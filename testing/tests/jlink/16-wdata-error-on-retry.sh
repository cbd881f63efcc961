# A write that goes through on a retry after WAIT but whose data arrives with
# a parity error must not be lost silently.  The board flips the data parity
# of the first AP write accepted right after an injected WAIT burst
# (vboard --wdata-error-after-wait 1): the DP discards it and sets WDATAERR.
# The write that goes through after the retries must not look like success:
# the load must fail with an error naming the parity error (or RAM must equal
# the image), and a second load (no more line faults) must leave RAM equal to
# the image.  Oracle: bytes this test generated, read
# back with dump_image; a load that "succeeds" with RAM differing fails.
# Bursts of 1 and 8 (the write goes through in the first or a later retry).
# Seed 4 at this rate puts the first WAIT after init, inside the load, with
# our driver (the traffic before the first WAIT does not depend on it).
# JL_PROBE_CLASS picks the probe class (default base).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/jlink.sh
scratch
BYTES=65536
ADDR=0x24000000
for burst in 1 8; do
	VB_STATE=$SCRATCH/state-$burst
	head -c $BYTES /dev/urandom > "$SCRATCH/img.bin"
	rm -f "$SCRATCH/back.bin"
	vb_start --flash-image "$FIRMWARE/idle.bin" "${JL_PROBE[@]}" --ap-wait-rate 0.0005 \
		--ap-wait-burst $burst --seed 4 --wdata-error-after-wait 1
	ocd_ours "${H7_ARGS[@]}" "${NOSERVERS[@]}" -c init -c "reset halt" \
		-c "if {[catch {load_image $SCRATCH/img.bin $ADDR bin}]} {echo LOAD1-FAILED} else {echo LOAD1-OK}" \
		-c "dump_image $SCRATCH/back1.bin $ADDR $BYTES" \
		-c "load_image $SCRATCH/img.bin $ADDR bin" \
		-c "dump_image $SCRATCH/back.bin $ADDR $BYTES" -c shutdown >/dev/null
	rc=$?
	vb_stop
	inj=$(vb_stats wdata_errors_injected)
	echo "burst $burst: openocd rc $rc, $inj write parity errors injected," \
		"$(vb_stats ap_injected_waits) WAITs"
	[ "$inj" = 1 ] || fail "burst $burst: no write data parity error injected (test is void)"
	if grep -q LOAD1-OK "$SCRATCH/ocd.log"; then
		cmp -s "$SCRATCH/img.bin" "$SCRATCH/back1.bin" ||
			fail "burst $burst: load_image succeeded but RAM differs from the image" \
				"(a write was dropped without an error)"
	else
		grep -q LOAD1-FAILED "$SCRATCH/ocd.log" || { cat "$SCRATCH/ocd.log"; fail "burst $burst: no load result"; }
		grep -q 'parity error (WDATAERR)' "$SCRATCH/ocd.log" ||
			fail "burst $burst: the failed load does not name the write data parity error"
	fi
	[ "$rc" = 0 ] || { cat "$SCRATCH/ocd.log"; fail "burst $burst: openocd failed"; }
	jl_same || fail "burst $burst: RAM differs from the image after the second load"
	jl_no_bare_message || fail "burst $burst: bare 'failed to find out where'"
done
pass
