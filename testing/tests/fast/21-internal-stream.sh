# Internal flash through the streaming program algorithm (stm32h7x, one
# algorithm run per write, sector erases planned into it).  Oracle: flash.bin
# against bytes generated here, the board's erase and flash-word counters
# and its modeled clock.
#  1. One run of sectors 2..5 of bank 1 after sector 1 (unchanged): sector 2
#     changed (erased, rewritten), 3 blank with a blank hole (no erase, the
#     hole's words not programmed), 4 blank with 64 bytes of data (no erase,
#     2 words), 5 half covered over old data (erased mid-run, the rest of its
#     old bytes written back).  Exact counts; the modeled time of the whole
#     openocd run within 1.25x of the chip's typical erase and x64 program
#     time plus 1 s (the x8 loader's chip time alone is above that).
#  2. The same again: nothing erased or programmed.
#  3. Power lost halfway through a 512 KiB write: openocd fails in bounded
#     time; every flash word is old, erased or new (one may be caught
#     mid-program); the next run writes the image and does not erase again
#     what was done before the cut.
#  4. A write-protected sector: the algorithm's error names the address and
#     the FLASH_SR, openocd exits non-zero, the sector stays blank.
#  5. A work area too small for streaming: the stock loader is used (logged)
#     and the image is written.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
scratch
python3 - "$SCRATCH" <<'PY'
import random, sys
d = sys.argv[1]
r = random.Random(21)
rnd = lambda n: bytes(r.getrandbits(8) for _ in range(n))
S = 0x20000
old = bytearray(b"\xff" * (2 << 20))
s1, o2, o5 = rnd(S), rnd(S), rnd(S)
old[1 * S:2 * S] = s1
old[2 * S:3 * S] = o2
old[5 * S:6 * S] = o5
open(d + "/old-flash.bin", "wb").write(old)
img = bytearray(s1 + rnd(S) + rnd(S) + b"\xff" * S + rnd(0x9000))
img[2 * S + 0x8000:2 * S + 0x9000] = b"\xff" * 0x1000	# hole in sector 3
img[3 * S:3 * S + 64] = rnd(64)				# sector 4: 64 bytes
open(d + "/img.bin", "wb").write(img)
want = bytearray(old)
want[S:S + len(img)] = img
open(d + "/want-flash.bin", "wb").write(want)
words = sum(1 for a in range(2 * S, 6 * S, 32) if want[a:a + 32] != b"\xff" * 32)
open(d + "/words", "w").write("%d\n" % words)
new = rnd(4 * S)
open(d + "/new.bin", "wb").write(new)
open(d + "/prot.bin", "wb").write(new[:2 * S])
PY
words=$(cat "$SCRATCH/words")
NOSRV=(-c "gdb_port disabled" -c "tcl_port disabled" -c "telnet_port disabled")
write() {	# write IMAGE ADDRESS [extra openocd args before init...]
	local img=$1 addr=$2
	shift 2
	ocd_ours "${H7_ARGS[@]}" "${NOSRV[@]}" "$@" -c init -c "reset halt" \
		-c "flash write_image erase $img $addr bin" -c shutdown
}
snap() {	# "virtual_ns sector_erases word_programs"
	vb_stats_sync
	echo "$(vb_stats virtual_ns) $(vb_stats flash_sector_erases) $(vb_stats flash_word_programs)"
}
flash_is() {	# flash_is FILE WHAT: flash.bin (board stopped) equals FILE
	cmp -s "$VB_STATE/flash.bin" "$1" && return 0
	python3 - "$VB_STATE/flash.bin" "$1" <<'PY'
import sys
a, b = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
bad = [i for i in range(len(b)) if a[i] != b[i]]
print("flash.bin: %d bytes differ, first at 0x%x" % (len(bad), bad[0]) if bad else "same")
PY
	fail "$2: flash.bin is not what was expected"
}

# 1, 2
VB_STATE=$SCRATCH/state
mkdir -p "$VB_STATE"
cp "$SCRATCH/old-flash.bin" "$VB_STATE/flash.bin"
vb_start --flash-timing typ
read -r t0 e0 w0 <<< "$(snap)"
write "$SCRATCH/img.bin" 0x08020000 >/dev/null || fail "step 1: openocd failed"
read -r t1 e1 w1 <<< "$(snap)"
grep -h 'sector(s) unchanged' "$SCRATCH/ocd.log"
grep -q 'using the stock one' "$SCRATCH/ocd.log" && fail "step 1: streaming not used"
echo "step 1: $((e1 - e0)) erases, $((w1 - w0)) word programs (expected 2, $words)," \
	"$(((t1 - t0) / 1000000)) ms modeled"
[ "$((e1 - e0)) $((w1 - w0))" = "2 $words" ] || fail "step 1: wrong erase or program count"
# the whole openocd run (attach, CRCs, the read-back of sector 5) costs about 1 s more;
# the x8 loader's chip time alone (2 s + 12162 x 290 us = 5.5 s) exceeds the bound
# The bound is for typical flash times: VB_EXTRA_ARGS (appended last, so it
# wins) may run the board at others (make check-harsh: max); the counts above
# still hold there.
timing=typ
read -r -a extra <<<"${VB_EXTRA_ARGS:-}"
for ((a = 0; a < ${#extra[@]}; a++)); do
	[ "${extra[a]}" = --flash-timing ] && timing=${extra[a + 1]:-typ}
done
bound=$(((2 * 1000000000 + words * 100000) * 5 / 4 + 1000000000))
if [ "$timing" = typ ]; then
	[ $((t1 - t0)) -le $bound ] ||
		fail "step 1: $(((t1 - t0) / 1000000)) ms modeled, bound $((bound / 1000000))"
else
	echo "step 1: flash timing $timing, the typical-time bound not applied"
fi
write "$SCRATCH/img.bin" 0x08020000 >/dev/null || fail "step 2: openocd failed"
read -r t2 e2 w2 <<< "$(snap)"
[ "$((e2 - e1)) $((w2 - w1))" = "0 0" ] || fail "step 2: $((e2 - e1)) erases, $((w2 - w1)) programs"
vb_stop
flash_is "$SCRATCH/want-flash.bin" "steps 1-2"
echo "steps 1-2: flash.bin as expected"

# 3: power loss halfway
python3 - "$SCRATCH" <<'PY'
import sys
d = sys.argv[1]
old = bytearray(open(d + "/old-flash.bin", "rb").read())
old[3 * 0x20000:5 * 0x20000] = open(d + "/old-flash.bin", "rb").read()[1 * 0x20000:3 * 0x20000]
open(d + "/cut-old.bin", "wb").write(old)
new = bytearray(old)
new[0x20000:0xA0000] = open(d + "/new.bin", "rb").read()
open(d + "/cut-new.bin", "wb").write(new)
PY
VB_STATE=$SCRATCH/state-measure
mkdir -p "$VB_STATE"
cp "$SCRATCH/cut-old.bin" "$VB_STATE/flash.bin"
vb_start --flash-timing typ
read -r t0 _ _ <<< "$(snap)"
write "$SCRATCH/new.bin" 0x08020000 >/dev/null || fail "step 3: measuring run failed"
read -r t1 _ _ <<< "$(snap)"
vb_stop
flash_is "$SCRATCH/cut-new.bin" "step 3, measuring run"
cut=$(((t0 + (t1 - t0) / 2) / 1000))
echo "step 3: the write took $(((t1 - t0) / 1000)) us modeled; cutting power at $cut us"
VB_STATE=$SCRATCH/state-cut
mkdir -p "$VB_STATE"
cp "$SCRATCH/cut-old.bin" "$VB_STATE/flash.bin"
vb_start --flash-timing typ --power-loss-at-us "$cut"
s0=$(date +%s)
OCD_TIMEOUT=120 write "$SCRATCH/new.bin" 0x08020000 >/dev/null &&
	fail "step 3: write reported success across a power loss"
s1=$(date +%s)
grep -q 'power loss injected' "$SCRATCH/vboard.log" || fail "step 3: no power loss injected"
grep -E '^Error' "$SCRATCH/ocd.log" | head -5
grep -qE '^Error' "$SCRATCH/ocd.log" || fail "step 3: no error message"
[ $((s1 - s0)) -lt 60 ] || fail "step 3: openocd took $((s1 - s0)) s to give up"
vb_stop
python3 - "$VB_STATE/flash.bin" "$SCRATCH/cut-old.bin" "$SCRATCH/cut-new.bin" <<'PY' ||
import sys
got, old, new = (open(f, "rb").read() for f in sys.argv[1:4])
k = {"old": 0, "ff": 0, "new": 0, "other": 0}
for a in range(0x20000, 0xA0000, 32):
	g = got[a:a + 32]
	k["old" if g == old[a:a + 32] else "ff" if g == b"\xff" * 32 else
	  "new" if g == new[a:a + 32] else "other"] += 1
print("flash words after the cut:", k)
assert got[:0x20000] == old[:0x20000] and got[0xA0000:] == old[0xA0000:], "outside the image"
assert k["new"] > 0 and k["old"] + k["ff"] > 0, "not a partial write"
assert k["other"] <= 1, "more than one word neither old, erased nor new"
PY
	fail "step 3: flash.bin after the power loss holds junk"
vb_start --flash-timing typ
read -r _ e0 _ <<< "$(snap)"
write "$SCRATCH/new.bin" 0x08020000 >/dev/null || fail "step 3: write after the power loss failed"
read -r _ e1 _ <<< "$(snap)"
vb_stop
grep -h 'sector(s) unchanged' "$SCRATCH/ocd.log"
flash_is "$SCRATCH/cut-new.bin" "step 3, after the power loss"
echo "step 3: the rewrite erased $((e1 - e0)) of 4 sectors"
[ $((e1 - e0)) -lt 4 ] || fail "step 3: the rewrite erased everything again"

# 4: write-protected sector 6 (blank): the program fails there
VB_STATE=$SCRATCH/state-prot
vb_start --flash-timing typ
ocd_ours "${H7_ARGS[@]}" "${NOSRV[@]}" -c init -c "reset halt" -c "flash protect 0 6 6 on" \
	-c shutdown >/dev/null || fail "step 4: protect failed"
write "$SCRATCH/prot.bin" 0x080A0000 >/dev/null && fail "step 4: write into a protected sector passed"
grep -E '^Error' "$SCRATCH/ocd.log" | head -3
grep -qE 'failed at 0x080c0000: the flash reported an error .*FLASH_SR 0x' "$SCRATCH/ocd.log" ||
	fail "step 4: the error does not name the protected sector's first word and FLASH_SR"
vb_stop
python3 - "$VB_STATE/flash.bin" "$SCRATCH/new.bin" <<'PY' || fail "step 4: flash.bin wrong"
import sys
f, new = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
assert f[0xA0000:0xC0000] == new[:0x20000], "sector 5 not written"
assert f[0xC0000:0xE0000] == b"\xff" * 0x20000, "protected sector 6 changed"
PY

# 5: too little RAM for streaming: the stock loader, logged
VB_STATE=$SCRATCH/state-small
vb_start --flash-timing typ
write "$SCRATCH/new.bin" 0x08020000 -c "stm32h7x.cpu0 configure -work-area-size 0x400" \
	>/dev/null || fail "step 5: openocd failed"
grep -q 'not enough working area for the streaming flash algorithm' "$SCRATCH/ocd.log" ||
	fail "step 5: the fallback is not logged"
vb_stop
python3 - "$VB_STATE/flash.bin" "$SCRATCH/new.bin" <<'PY' || fail "step 5: flash.bin wrong"
import sys
f, new = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
assert f[0x20000:0xA0000] == new, "the flash does not hold the image"
PY
pass "internal flash streaming: counts, skips, power loss, protection, fallback"
