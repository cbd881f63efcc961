# A section that covers a sector only in part and already holds its data:
# the sector is unchanged, and the rest of it is not read over the link
# (flash write_image erase, ours).  Sector 1 holds random data; 1000 of its
# own bytes written at 0x08028000: no erase, no program, and far fewer SWD
# transactions than the 31 750 words reading back the rest of the sector
# would take; flash.bin unchanged.  Then 1000 other bytes there: the sector
# is rewritten with its other bytes kept.  Oracle: flash.bin, the board's
# counters.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
scratch
python3 - "$SCRATCH" <<'PY'
import random, sys
d = sys.argv[1]
r = random.Random(22)
f = bytearray(b"\xff" * (2 << 20))
f[0x20000:0x40000] = bytes(r.getrandbits(8) for _ in range(0x20000))
open(d + "/seed.bin", "wb").write(f)
open(d + "/same.bin", "wb").write(f[0x28000:0x28000 + 1000])
other = bytes(r.getrandbits(8) for _ in range(1000))
open(d + "/other.bin", "wb").write(other)
f[0x28000:0x28000 + 1000] = other
open(d + "/want.bin", "wb").write(f)
PY
VB_STATE=$SCRATCH/state
mkdir -p "$VB_STATE"
cp "$SCRATCH/seed.bin" "$VB_STATE/flash.bin"
vb_start --flash-timing typ
snap() {
	vb_stats_sync
	echo "$(vb_stats swd_transactions) $(vb_stats flash_sector_erases) $(vb_stats flash_word_programs)"
}
write() {
	ocd_ours "${H7_ARGS[@]}" -c "gdb_port disabled" -c "tcl_port disabled" \
		-c "telnet_port disabled" -c init -c "reset halt" \
		-c "flash write_image erase $1 0x08028000 bin" -c shutdown >/dev/null
}
read -r s0 e0 w0 <<< "$(snap)"
write "$SCRATCH/same.bin" || fail "same bytes: openocd failed"
read -r s1 e1 w1 <<< "$(snap)"
grep -h 'sector(s) unchanged' "$SCRATCH/ocd.log"
echo "same bytes: $((s1 - s0)) SWD transactions, $((e1 - e0)) erases, $((w1 - w0)) word programs"
[ "$((e1 - e0)) $((w1 - w0))" = "0 0" ] || fail "same bytes: the sector was erased or written"
[ $((s1 - s0)) -lt 20000 ] || fail "same bytes: $((s1 - s0)) SWD transactions: the sector was read back"
write "$SCRATCH/other.bin" || fail "other bytes: openocd failed"
read -r s2 e2 w2 <<< "$(snap)"
echo "other bytes: $((e2 - e1)) erases, $((w2 - w1)) word programs"
[ "$((e2 - e1)) $((w2 - w1))" = "1 4096" ] || fail "other bytes: expected 1 erase, 4096 words"
vb_stop
cmp -s "$VB_STATE/flash.bin" "$SCRATCH/want.bin" || fail "flash.bin is not the sector with the new bytes"
pass "an unchanged edge sector is not read back; a changed one keeps its other bytes"
