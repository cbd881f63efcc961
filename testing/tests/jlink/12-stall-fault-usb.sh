# Failures that cannot be retried away end with a clear error, bounded in
# time, and leave the DAP usable (ours, through the J-Link):
#  - a bus stall (the AP answers WAIT forever) inside a RAM download;
#  - a write to an unmapped address (bus error -> FAULT);
#  - a USB error on one probe call during a RAM download.
# After each, RAM elsewhere is written and read back correctly.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/jlink.sh
scratch
head -c 8192 /dev/urandom > "$SCRATCH/img.bin"
after=(-c "mww 0x2001fffc 0x600dcafe" -c "mdw 0x2001fffc")

# Bus stall at 0x24010400..0x240104ff: bounded, names the access and address.
VB_STATE=$SCRATCH/state-stall
vb_start --flash-image "$FIRMWARE/idle.bin" --bus-stall 0x24010400:0x100
t0=$(date +%s)
ocd_ours "${H7_ARGS[@]}" "${NOSERVERS[@]}" -c init -c "reset halt" \
	-c "catch {load_image $SCRATCH/img.bin 0x24010000 bin}" "${after[@]}" -c shutdown
t=$(($(date +%s) - t0))
vb_stop
[ "$t" -lt 30 ] || fail "stall: openocd took ${t}s"
grep -Eq 'SWD: AP0 write DRW .* still answered WAIT after [0-9]+ retries in [0-9]+ ms' \
	"$SCRATCH/ocd.log" || fail "stall: no bounded WAIT error naming the access"
grep -q 'Failed to write memory at 0x24010400' "$SCRATCH/ocd.log" ||
	fail "stall: failing address not reported"
grep -q '0x2001fffc: 600dcafe' "$SCRATCH/ocd.log" || fail "stall: DAP not usable afterwards"
jl_no_bare_message || fail "stall: bare 'failed to find out where'"

# FAULT: write to unmapped 0x60000000 (no FMC device).
VB_STATE=$SCRATCH/state-fault
vb_start --flash-image "$FIRMWARE/idle.bin"
ocd_ours "${H7_ARGS[@]}" "${NOSERVERS[@]}" -c init -c "reset halt" \
	-c "catch {mww 0x60000000 0x11111111 4}" "${after[@]}" -c shutdown
vb_stop
grep -Eq 'SWD: FAULT on AP0 .*bus error \(STICKYERR\)' "$SCRATCH/ocd.log" ||
	fail "fault: FAULT not reported as a bus error"
grep -q 'Failed to write memory at 0x60000000' "$SCRATCH/ocd.log" ||
	fail "fault: failing address not reported"
grep -q '0x2001fffc: 600dcafe' "$SCRATCH/ocd.log" || fail "fault: DAP not usable afterwards"

# USB error on one probe round trip, a few calls into the download.
VB_STATE=$SCRATCH/state-count
vb_start --flash-image "$FIRMWARE/idle.bin"
ocd_ours "${H7_ARGS[@]}" "${NOSERVERS[@]}" -c init -c "reset halt" -c shutdown >/dev/null
vb_stop
rt=$(vb_stats probe_round_trips)
[ -n "$rt" ] && [ "$rt" -gt 0 ] || fail "usb: no round trips counted"
# The first download is 64 KiB, so that it takes several round trips
# however large the driver's batches are (up to 8 KiB).
head -c 65536 /dev/urandom > "$SCRATCH/big.bin"
VB_STATE=$SCRATCH/state-usb
vb_start --flash-image "$FIRMWARE/idle.bin" --usb-error-at $((rt + 3))
ocd_ours "${H7_ARGS[@]}" "${NOSERVERS[@]}" -c init -c "reset halt" \
	-c "catch {load_image $SCRATCH/big.bin 0x24010000 bin}" \
	-c "load_image $SCRATCH/img.bin 0x24001000 bin" \
	-c "dump_image $SCRATCH/back.bin 0x24001000 8192" \
	-c "dump_image $SCRATCH/back0.bin 0x24010000 65536" "${after[@]}" -c shutdown
vb_stop
[ "$(vb_stats probe_usb_errors)" = 1 ] || fail "usb: the USB error was not injected"
if grep -q 'jaylink_swd_io() failed' "$SCRATCH/ocd.log"; then
	grep -q 'Failed to write memory at 0x2401' "$SCRATCH/ocd.log" ||
		fail "usb: failed download without its address"
else
	cmp -s "$SCRATCH/big.bin" "$SCRATCH/back0.bin" || fail "usb: silent corruption"
fi
jl_same || fail "usb: the download after the error is wrong"
grep -q '0x2001fffc: 600dcafe' "$SCRATCH/ocd.log" || fail "usb: DAP not usable afterwards"
jl_no_bare_message || fail "usb: bare 'failed to find out where'"
pass
