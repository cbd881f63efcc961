# An erase-and-write (flash write_image erase over written sectors: each
# erase is sent by the program algorithm just before the first page it
# covers) that the host aborts half way, here through a USB error of the
# probe in the middle of the data stream.  The algorithm must send no more
# erases once aborted, and the log must name the range that is now erased
# but not programmed, so nothing is lost silently.
# Oracle: qspi.bin against the old data A and the new data B: every page
# that reads erased where B has data lies in the range the log names, and
# that range reads erased; sectors past it still hold A.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 524288 /dev/urandom > "$SCRATCH/a.bin"
head -c 524288 /dev/urandom > "$SCRATCH/b.bin"
STEPS=(-c "flash probe 1" -c "flash write_image erase $SCRATCH/b.bin 0x90100000")

# Round trips of the session without and with the write, on the same board.
qspi_board idle 0x100000:"$SCRATCH/a.bin"
ours_qspi -c "flash probe 1" -c shutdown >/dev/null || fail "openocd failed (count 1)"
vb_stop
base=$(vb_stats probe_round_trips)
qspi_board idle 0x100000:"$SCRATCH/a.bin"
ours_qspi "${STEPS[@]}" -c shutdown >/dev/null || fail "openocd failed (count 2)"
vb_stop
total=$(vb_stats probe_round_trips)
qbin_cmp 0x100000 "$SCRATCH/b.bin" || fail "the uninterrupted write is wrong"
[ "$total" -gt $((base + 100)) ] || fail "too few round trips in the write ($base, $total)"
at=$((base + (total - base) * 6 / 10))

VB_STATE=$SCRATCH/state-cut
mkdir -p "$VB_STATE"
qbin_seed "$VB_STATE/qspi.bin" 0x100000:"$SCRATCH/a.bin"
vb_start --flash-image "$FIRMWARE/idle.bin" --usb-error-at $at
ours_qspi -c "stmqspi w25q 1 rescue_dir {$SCRATCH}" -c "flash probe 1" \
	-c "if {[catch {flash write_image erase $SCRATCH/b.bin 0x90100000}]} {echo WRITE-FAILED}" \
	-c shutdown || fail "openocd failed (cut)"
log=$SCRATCH/ocd.log
vb_stats_sync
[ "$(vb_stats probe_usb_errors)" = 1 ] || fail "the USB error was not injected"
vb_stop
grep -q WRITE-FAILED "$log" || skip "the USB error at round trip $at did not stop the write"
range=$(sed -n 's/.*\(0x[0-9a-f]*\)\.\.\(0x[0-9a-f]*\) is now erased but not programmed.*/\1 \2/p' "$log")
if [ -z "$range" ]; then
	grep -q 'no sector was left erased without its data' "$log" ||
		fail "the failed erase-and-write does not say what is left erased"
	range="0 0"
fi
if [ "$range" != "0 0" ]; then
	file=$(sed -n 's/.* is saved in \(.*\) ([0-9]* bytes).*/\1/p' "$log")
	[ -f "$file" ] || fail "the error names no rescue file for the range left erased"
	python3 - "$file" "$SCRATCH/b.bin" $range <<'PY' || fail "the rescue file is not the data of the range"
import sys
saved = open(sys.argv[1], "rb").read()
b = open(sys.argv[2], "rb").read()
lo, hi = int(sys.argv[3], 16) - 0x90100000, int(sys.argv[4], 16) - 0x90100000 + 1
assert saved == b[lo:hi], "rescue file differs from the image over the range"
PY
fi
python3 - "$VB_STATE/qspi.bin" "$SCRATCH/a.bin" "$SCRATCH/b.bin" $range <<'PY' || fail "qspi.bin does not match the log"
import sys
img = open(sys.argv[1], "rb").read()[0x100000:0x180000]
a = open(sys.argv[2], "rb").read()
b = open(sys.argv[3], "rb").read()
lo, hi = int(sys.argv[4], 16), int(sys.argv[5], 16)
P = 256
lost = [i for i in range(0, len(b), P)
        if img[i:i + P] == b"\xff" * P and b[i:i + P] != b"\xff" * P]
if lo or hi:
    lo, hi = lo - 0x90100000, hi - 0x90100000 + 1
    assert img[lo:hi] == b"\xff" * (hi - lo), "named range not erased"
    bad = [i for i in lost if not lo <= i < hi]
else:
    bad = lost
assert not bad, "erased, unprogrammed pages outside the named range: %s" % [hex(i) for i in bad[:4]]
for s in range(0, len(b), 0x10000):
    sec = img[s:s + 0x10000]
    if sec == a[s:s + 0x10000]:
        kept = s
        break
else:
    kept = None
print("erased-not-programmed pages %d, named %s, first sector still old: %s" %
      (len(lost), sys.argv[4:6], hex(kept) if kept is not None else "none"))
PY
echo "aborted erase-and-write: what is left erased is named and matches qspi.bin"
pass
