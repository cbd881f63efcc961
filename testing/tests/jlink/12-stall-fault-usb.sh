# Failures that cannot be retried away end with a clear error, bounded in
# time (ours, through the J-Link):
#  - a bus stall (a transfer that never completes) inside a RAM download.  As
#    on silicon (AHB has no abort), the AP keeps answering WAIT through
#    DAPABORT: later accesses fail the same bounded way until a system reset
#    (nRST from the probe), after which the board answers again.  With
#    --dapabort-frees-stall (the older model) DAPABORT frees the AP at once;
#  - a write to an unmapped address (bus error -> FAULT);
#  - a USB error on one probe call during a RAM download.
# After each, RAM elsewhere is written and read back correctly.
# JL_PROBE_CLASS picks the probe class (default base).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/jlink.sh
scratch
head -c 8192 /dev/urandom > "$SCRATCH/img.bin"
after=(-c "mww 0x2001fffc 0x600dcafe" -c "mdw 0x2001fffc")
# The access named is an AP one, or (a DP that holds DP requests back while the
# AP is busy, vboard --busy-waits adiv5) the DP write that selects the AP.
wait_re='SWD: (AP0 [a-zA-Z]+ [A-Z]+|DP write SELECT) .* still answered WAIT after [0-9]+ retries in [0-9]+ ms'

# Bus stall at 0x24010400..0x240104ff (default model): bounded, names the
# access and address; the DAP stays stuck until nRST, then answers again.
VB_STATE=$SCRATCH/state-stall
vb_start --flash-image "$FIRMWARE/idle.bin" "${JL_PROBE[@]}" --bus-stall 0x24010400:0x100
t0=$(date +%s)
ocd_ours "${H7_ARGS[@]}" "${NOSERVERS[@]}" -c init -c "reset halt" \
	-c "catch {load_image $SCRATCH/img.bin 0x24010000 bin}" \
	-c "echo STUCK-BEGIN" -c "catch {mww 0x2001fffc 0x0badf00d}" -c "echo STUCK-END" \
	-c "reset_config srst_only srst_gates_jtag" -c "adapter assert srst" \
	-c "adapter deassert srst" "${after[@]}" -c shutdown
t=$(($(date +%s) - t0))
vb_stop
[ "$t" -lt 60 ] || fail "stall: openocd took ${t}s"
grep -Eq "$wait_re" "$SCRATCH/ocd.log" || fail "stall: no bounded WAIT error naming the access"
# The AP stays stuck, so TAR cannot be read back: the driver's error names
# the last TAR it wrote, the target layer the request's range.
grep -Eq 'still answered WAIT .*last TAR written 0x24010400' "$SCRATCH/ocd.log" ||
	fail "stall: failing address not reported by the driver"
grep -Eq 'Failed to write memory (at 0x24010400|in 0x24010000-)' "$SCRATCH/ocd.log" ||
	fail "stall: failed write not reported"
sed -n '/STUCK-BEGIN/,/STUCK-END/p' "$SCRATCH/ocd.log" > "$SCRATCH/stuck.log"
grep -Eq "$wait_re" "$SCRATCH/stuck.log" ||
	fail "stall: after DAPABORT the AP did not stay stuck (no bounded WAIT error)"
grep -q '0x2001fffc: 600dcafe' "$SCRATCH/ocd.log" || fail "stall: DAP not usable after nRST"
jl_no_bare_message || fail "stall: bare 'failed to find out where'"

# The same with --dapabort-frees-stall: DAPABORT frees the AP, no reset needed.
VB_STATE=$SCRATCH/state-stall-old
vb_start --flash-image "$FIRMWARE/idle.bin" "${JL_PROBE[@]}" --bus-stall 0x24010400:0x100 \
	--dapabort-frees-stall
t0=$(date +%s)
ocd_ours "${H7_ARGS[@]}" "${NOSERVERS[@]}" -c init -c "reset halt" \
	-c "catch {load_image $SCRATCH/img.bin 0x24010000 bin}" "${after[@]}" -c shutdown
t=$(($(date +%s) - t0))
vb_stop
[ "$t" -lt 30 ] || fail "stall (DAPABORT frees): openocd took ${t}s"
grep -Eq "$wait_re" "$SCRATCH/ocd.log" ||
	fail "stall (DAPABORT frees): no bounded WAIT error naming the access"
grep -q '0x2001fffc: 600dcafe' "$SCRATCH/ocd.log" ||
	fail "stall (DAPABORT frees): DAP not usable afterwards"
jl_no_bare_message || fail "stall (DAPABORT frees): bare 'failed to find out where'"

# FAULT: write to unmapped 0x60000000 (no FMC device).
VB_STATE=$SCRATCH/state-fault
vb_start --flash-image "$FIRMWARE/idle.bin" "${JL_PROBE[@]}"
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
vb_start --flash-image "$FIRMWARE/idle.bin" "${JL_PROBE[@]}"
ocd_ours "${H7_ARGS[@]}" "${NOSERVERS[@]}" -c init -c "reset halt" -c shutdown >/dev/null
vb_stop
rt=$(vb_stats probe_round_trips)
[ -n "$rt" ] && [ "$rt" -gt 0 ] || fail "usb: no round trips counted"
# The first download is 64 KiB, so that it takes several round trips
# however large the driver's batches are (up to 8 KiB).
head -c 65536 /dev/urandom > "$SCRATCH/big.bin"
VB_STATE=$SCRATCH/state-usb
vb_start --flash-image "$FIRMWARE/idle.bin" "${JL_PROBE[@]}" --usb-error-at $((rt + 3))
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
