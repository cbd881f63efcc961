# A QSPI write cut by a power loss, and the write that follows (flash
# write_image erase, ours).  A first run measures the modeled time of writing
# 1 MiB over other data (erases run inside the program algorithm); a second,
# identical run on a fresh board loses power halfway:
#  - OpenOCD reports a failure, ending by itself, and does not claim success,
#    nor a failing address or algorithm status it cannot know;
#  - qspi.bin holds no junk: every page is the old data, erased, or the new
#    data (at most one page caught mid-program).
# A third run (power back) writes the image again: qspi.bin then holds it,
# and the sectors already done before the cut are not erased again.
# Oracle: qspi.bin against bytes generated here, the chip's counters.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
python3 - "$SCRATCH" <<'PY'
import random, sys
r = random.Random(12)
for n in ("old", "new"):
	open("%s/%s.bin" % (sys.argv[1], n), "wb").write(
		bytes(r.getrandbits(8) for _ in range(1 << 20)))
PY
base=0x2000000
wr=(-c "flash probe 1" -c "stmqspi w25q 1 rescue_dir $SCRATCH" -c "flash write_image erase $SCRATCH/new.bin $((0x90000000 + base)) bin")
seed() {	# seed STATE: qspi.bin with old.bin at base
	mkdir -p "$1"
	qbin_seed "$1/qspi.bin" $base:"$SCRATCH/old.bin"
}

VB_STATE=$SCRATCH/state-measure
seed "$VB_STATE"
vb_start --flash-image "$FIRMWARE/idle.bin"
vb_stats_sync
t0=$(vb_stats virtual_ns)
ours_qspi "${wr[@]}" -c shutdown >/dev/null ||
	{ grep -E '^Error' "$SCRATCH/ocd.log" | head -5; fail "measuring run failed"; }
vb_stats_sync
t1=$(vb_stats virtual_ns)
vb_stop
qbin_cmp $base "$SCRATCH/new.bin" || fail "measuring run: qspi.bin is not the image"
cut=$(((t0 + (t1 - t0) / 2) / 1000))
echo "write took $(((t1 - t0) / 1000)) us of modeled time; cutting power at ${cut} us"

VB_STATE=$SCRATCH/state-cut
seed "$VB_STATE"
vb_start --flash-image "$FIRMWARE/idle.bin" --power-loss-at-us "$cut"
# OpenOCD's own waits here are wall-clock timeouts (a few seconds each), so
# how long it takes to give up depends on the host's load: the bound only
# tells "ended by itself" from "killed" (timeout's status 124).
w0=$(date +%s)
rc=0
OCD_TIMEOUT=240 ours_qspi "${wr[@]}" -c shutdown >/dev/null || rc=$?
w1=$(date +%s)
[ "$rc" = 0 ] && fail "write reported success across a power loss"
[ "$rc" = 124 ] && fail "openocd did not give up by itself (killed after 240 s)"
grep -q 'power loss injected' "$SCRATCH/vboard.log" || fail "board did not inject the power loss"
echo "openocd gave up after $((w1 - w0)) s of wall time:"
grep -E '^Error' "$SCRATCH/ocd.log" | head -5
grep -qE '^Error' "$SCRATCH/ocd.log" || fail "no error message"
grep -q 'the flash algorithm did not finish' "$SCRATCH/ocd.log" ||
	fail "the write's error does not say the algorithm did not finish"
grep -q 'unknown error (algorithm status' "$SCRATCH/ocd.log" &&
	fail "a status read from registers the algorithm never set"
grep -q 'Failed to write memory at 0x0000' "$SCRATCH/ocd.log" &&
	fail "a reset TAR reported as the failing address"
vb_stop
python3 - "$VB_STATE/qspi.bin" "$SCRATCH/old.bin" "$SCRATCH/new.bin" $base <<'PY' || fail "qspi.bin after the power loss holds junk"
import sys
q = open(sys.argv[1], "rb")
q.seek(int(sys.argv[4], 0))
got = q.read(1 << 20)
old = open(sys.argv[2], "rb").read()
new = open(sys.argv[3], "rb").read()
kinds = {"old": 0, "ff": 0, "new": 0, "other": 0}
for p in range(0, 1 << 20, 256):
	g = got[p:p + 256]
	if g == old[p:p + 256]:
		kinds["old"] += 1
	elif g == b"\xff" * 256:
		kinds["ff"] += 1
	elif g == new[p:p + 256]:
		kinds["new"] += 1
	else:
		kinds["other"] += 1
print("pages after the cut:", kinds)
assert kinds["new"] > 0 and kinds["old"] + kinds["ff"] > 0, "not a partial write"
assert kinds["other"] <= 1, "more than one page neither old, erased nor new"
PY

vb_start --flash-image "$FIRMWARE/idle.bin"
ours_qspi "${wr[@]}" -c shutdown >/dev/null || fail "write after the power loss failed"
vb_stats_sync
erased=$(( $(vb_stats qspi_block_erases_64k) * 16 + $(vb_stats qspi_sector_erases_4k) ))
vb_stop
grep -h 'sector(s) unchanged' "$SCRATCH/ocd.log"
qbin_cmp $base "$SCRATCH/new.bin" || fail "qspi.bin is not the image after the rewrite"
echo "4 KiB units erased by the rewrite: $erased of 256"
[ "$erased" -lt 256 ] || fail "the rewrite erased everything again"
pass
