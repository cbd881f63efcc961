# The same sector skip on the internal flash (stm32h7x banks, 128 KiB
# sectors, CRCs through target_checksum_memory): a 256 KiB image written
# twice is erased and written once; 1000 bytes into the middle of a sector
# holding other data keep that sector's other bytes; one byte changed
# rewrites only its sector.  Oracle: flash.bin, stats.json.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
scratch
python3 - "$SCRATCH" <<'PY'
import random, sys
d = sys.argv[1]
r = random.Random(9)
a = bytearray(r.getrandbits(8) for _ in range(256 * 1024))
open(d + "/a.bin", "wb").write(a)
a[0x30000] ^= 1
open(d + "/b.bin", "wb").write(a)
open(d + "/small.bin", "wb").write(bytes(r.getrandbits(8) for _ in range(1000)))
PY
VB_STATE=$SCRATCH/state
vb_start
counts() {
	vb_stats_sync
	echo "$(vb_stats flash_sector_erases) $(vb_stats flash_word_programs)"
}
run() {	# run "expected erases word-programs" image address
	local before after
	before=$(counts)
	ocd_ours "${H7_ARGS[@]}" -c "gdb_port disabled" -c "tcl_port disabled" \
		-c "telnet_port disabled" -c init -c "reset halt" \
		-c "flash write_image erase $SCRATCH/$2 $3 bin" -c shutdown ||
		fail "$2 at $3: openocd failed"
	after=$(counts)
	read -r e0 w0 <<< "$before"
	read -r e1 w1 <<< "$after"
	echo "$2 at $3: sector erases, flash-word programs: $((e1 - e0)) $((w1 - w0))"
	grep -h 'sector(s) unchanged' "$SCRATCH/ocd.log"
	[ "$((e1 - e0)) $((w1 - w0))" = "$1" ] || fail "$2 at $3: expected $1"
}
run "0 8192" a.bin 0x08020000
run "0 0" a.bin 0x08020000
run "1 4096" b.bin 0x08020000
run "1 4096" small.bin 0x08048000
vb_stop
python3 - "$VB_STATE/flash.bin" "$SCRATCH/b.bin" "$SCRATCH/small.bin" <<'PY' || fail "flash.bin wrong"
import sys
f = open(sys.argv[1], "rb").read()
want = bytearray(open(sys.argv[2], "rb").read())
want[0x28000:0x28000 + 1000] = open(sys.argv[3], "rb").read()
got = f[0x20000:0x60000]
bad = [i for i in range(len(want)) if got[i] != want[i]]
if bad:
    print("flash.bin: %d bytes differ, first at image offset 0x%x" % (len(bad), bad[0]))
sys.exit(1 if bad else 0)
PY
echo "internal flash: unchanged sectors skipped, partial sector kept"
pass
