# Fault matrix on internal flash through the J-Link (ours): `program ...
# verify` into bank 1 of a blank board with AP WAITs injected at 1%, 10% and
# 50%, bursts 1 to 64.  The oracle is the board's flash.bin after the board
# stops: the image at 0x08000000, 0xFF in the rest of the sector (blank
# before: the sector's untouched bytes are kept, patch 0006).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/jlink.sh
scratch
# Sizes keep the group short: each WAIT costs a probe round trip (1 ms of
# modeled time) and the board paces modeled time to wall time while the
# flash algorithm runs.  JL11_CASES=RATE:BURST:BYTES... runs other cases.
CASES=${JL11_CASES:-"0.01:1:65536 0.01:64:16384 0.1:8:16384 0.5:1:8192 0.5:64:256"}
seed=20
for c in $CASES; do
	IFS=: read -r rate burst bytes <<<"$c"
	seed=$((seed + 1))
	VB_STATE=$SCRATCH/state-$rate-$burst
	head -c "$bytes" /dev/urandom > "$SCRATCH/img.bin"
	vb_start "${JL_PROBE[@]}" --ap-wait-rate "$rate" \
		--ap-wait-burst "$burst" --seed $seed
	ocd_ours "${H7_ARGS[@]}" "${NOSERVERS[@]}" \
		-c "program $SCRATCH/img.bin 0x08000000 verify exit" >/dev/null
	rc=$?
	vb_stop
	waits=$(vb_stats ap_injected_waits)
	echo "rate $rate burst $burst: $bytes bytes, $waits WAITs injected, openocd rc $rc"
	[ "$rc" = 0 ] || { cat "$SCRATCH/ocd.log"; fail "rate $rate burst $burst: program failed"; }
	grep -q 'Verified OK' "$SCRATCH/ocd.log" || fail "rate $rate burst $burst: not verified"
	jl_no_bare_message || fail "rate $rate burst $burst: bare 'failed to find out where'"
	[ "$waits" -gt 0 ] || fail "rate $rate burst $burst: no WAIT injected"
	python3 - "$VB_STATE/flash.bin" "$SCRATCH/img.bin" <<'PY' || fail "rate $rate burst $burst: flash.bin differs"
import sys
flash = open(sys.argv[1], "rb").read()
img = open(sys.argv[2], "rb").read()
assert flash[:len(img)] == img, "image differs"
rest = flash[len(img):0x20000]
assert rest == b"\xff" * len(rest), "rest of sector 0 not erased"
PY
done
pass
