# Ours and stock `program` + `verify` images into both internal flash banks;
# the board's flash.bin must hold exactly those bytes, 0xFF elsewhere.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
scratch
# 300 KiB into bank 1 (crosses sector boundaries, not 32-byte aligned at the
# end) and 70000 bytes into bank 2.
head -c 307201 /dev/urandom > "$SCRATCH/b1.bin"
head -c 70000 /dev/urandom > "$SCRATCH/b2.bin"
for who in ours stock; do
	VB_STATE=$SCRATCH/state-$who
	vb_start --flash-image "$FIRMWARE/idle.bin"
	ocd_which $who -f interface/jlink.cfg -c "transport select swd" -c "adapter speed 4000" \
		-c "set DUAL_BANK 1" -f target/stm32h7x.cfg \
		-c "program $SCRATCH/b1.bin 0x08000000 verify" \
		-c "program $SCRATCH/b2.bin 0x08100000 verify exit" ||
		fail "$who: program failed"
	grep -q 'Verified OK' "$SCRATCH/ocd.log" || fail "$who: openocd did not verify"
	vb_stop
	python3 - "$VB_STATE/flash.bin" "$SCRATCH/b1.bin" "$SCRATCH/b2.bin" <<'PY' || fail "$who: flash.bin differs"
import sys
flash = open(sys.argv[1], "rb").read()
b1 = open(sys.argv[2], "rb").read()
b2 = open(sys.argv[3], "rb").read()
assert len(flash) == 2 * 1024 * 1024, "flash.bin size %d" % len(flash)
def check(base, data, end):
    assert flash[base:base + len(data)] == data, "image at 0x%x differs" % base
    # program erases whole 128 KiB sectors: the rest of the touched sectors is 0xFF
    rest = flash[base + len(data):end]
    assert rest == b"\xff" * len(rest), "bytes after image at 0x%x not erased" % base
check(0, b1, 0x60000)
check(0x100000, b2, 0x120000)
print("flash.bin matches")
PY
done
pass
