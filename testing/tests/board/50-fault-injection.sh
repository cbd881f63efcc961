# Board-level fault injection.
# Power loss: a first run measures the modeled time of a `program`; a second,
# identical run cuts the supply halfway.  OpenOCD must report a failure, and
# flash.bin must hold a partial image: every 32-byte flash word either
# written or still erased (at most one word caught mid-program), never junk.
# USB error: one probe call fails; OpenOCD reports it, and the board serves
# the next session normally.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
scratch
head -c 262144 /dev/urandom > "$SCRATCH/img.bin"
VB_STATE=$SCRATCH/state-measure
vb_start --flash-image "$FIRMWARE/idle.bin"
vb_stats_sync
t0=$(vb_stats virtual_ns)
ocd_ours "${H7_ARGS[@]}" -c init -c "reset halt" -c "program $SCRATCH/img.bin 0x08020000" \
	-c shutdown >/dev/null || fail "measuring run failed"
vb_stats_sync
t1=$(vb_stats virtual_ns)
vb_stop
cut=$(((t0 + (t1 - t0) * 3 / 4) / 1000))
echo "program took $(((t1 - t0) / 1000)) us of modeled time; cutting power at ${cut} us"

VB_STATE=$SCRATCH/state-cut
vb_start --flash-image "$FIRMWARE/idle.bin" --power-loss-at-us "$cut"
ocd_ours "${H7_ARGS[@]}" -c init -c "reset halt" -c "program $SCRATCH/img.bin 0x08020000" \
	-c shutdown >/dev/null && fail "program reported success across a power loss"
grep -q 'power loss injected' "$SCRATCH/vboard.log" || fail "board did not inject the power loss"
vb_stop
python3 - "$VB_STATE/flash.bin" "$SCRATCH/img.bin" <<'PY' || fail "flash.bin after power loss is not a clean partial image"
import sys
flash = open(sys.argv[1], "rb").read()[0x20000:0x20000 + 262144]
img = open(sys.argv[2], "rb").read()
written = erased = odd = 0
for i in range(0, len(img), 32):
    w, want = flash[i:i + 32], img[i:i + 32]
    if w == want:
        written += 1
    elif w == b"\xff" * 32:
        erased += 1
    else:
        odd += 1
print("flash words: %d written, %d erased, %d other" % (written, erased, odd))
assert written > 0 and erased > 0, "expected a partial image"
assert odd <= 1, "more than one flash word neither written nor erased"
PY

VB_STATE=$SCRATCH/state-usb
vb_start --flash-image "$FIRMWARE/idle.bin" --usb-error-at 40
ocd_ours "${H7_ARGS[@]}" -c init -c "reset halt" -c "mdw 0x20000000 64" -c shutdown >/dev/null
grep -q 'injecting a USB error on probe round trip 40' "$SCRATCH/vboard.log" ||
	fail "board did not inject the USB error"
grep -Eqi 'error' "$SCRATCH/ocd.log" || fail "OpenOCD did not report the failed probe call"
ocd_ours "${H7_ARGS[@]}" -c init -c "mww 0x20000000 0x5a5a5a5a" -c "mdw 0x20000000" -c shutdown \
	>/dev/null || fail "next session failed"
grep -q '0x20000000: 5a5a5a5a' "$SCRATCH/ocd.log" || fail "board unusable after the USB error"
pass
