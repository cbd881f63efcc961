# Ours and stock run a small algorithm on the core: a word sum loaded into
# DTCM, data in AXI SRAM; r0 must hold the sum the test computed itself.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
scratch
python3 - "$SCRATCH/data.bin" > "$SCRATCH/sum" <<'PY'
import random, struct, sys
r = random.Random(1234)
words = [r.getrandbits(32) for _ in range(256)]
open(sys.argv[1], "wb").write(struct.pack("<256I", *words))
print("0x%08x" % (sum(words) & 0xffffffff))
PY
want=$(cat "$SCRATCH/sum")
for who in ours stock; do
	VB_STATE=$SCRATCH/state-$who
	vb_start --flash-image "$FIRMWARE/idle.bin"
	ocd_which $who "${H7_ARGS[@]}" -c init -c "reset halt" \
		-c "load_image $FIRMWARE/algo_sum.bin 0x20000000 bin" \
		-c "load_image $SCRATCH/data.bin 0x24000000 bin" \
		-c "reg r0 0x24000000" -c "reg r1 256" -c "reg sp 0x20010000" \
		-c "reg xPSR 0x01000000" \
		-c "resume 0x20000000" -c "wait_halt 2000" -c "reg r0" \
		-c "verify_image $SCRATCH/data.bin 0x24000000 bin" -c shutdown ||
		fail "$who: openocd failed"
	grep -Eqi "^r0 \(/32\): $want" "$SCRATCH/ocd.log" || fail "$who: r0 is not the sum $want"
	grep -q 'verified 1024 bytes' "$SCRATCH/ocd.log" || fail "$who: verify_image (checksum algorithm) failed"
	vb_stop
done
pass
