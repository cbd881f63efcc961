# What the drivers do with a WAIT the probe gives up on: the board's ST-LINK
# firmware makes no retries of its own (vboard --probe-wait-retries 0), 1% of
# AP transactions answer WAIT once (--ap-wait-rate 0.01), and 64 KiB of
# random bytes go to AXI SRAM with load_image and back with dump_image, for
# ours and stock in hla and dapdirect mode.  Oracle: the read-back against
# the bytes written.
# Known failures of OpenOCD 0.12.0's stlink driver, ours unchanged
# (ST_XFAIL_<WHO>_<MODE>_WAIT_PAST_PROBE=1, the default for all four):
#  - hla: stlink_usb_write_ap_mem() counts its WAIT retries (8, with sleeps)
#    over the whole transfer, not per chunk: the 9th WAIT of a 64 KiB
#    download fails it, and load_image ends with no message above debug level;
#  - dapdirect: no retry at all; the first WAIT fails the queue ("Failed to
#    write memory at ...", ours adds "error -5", ERROR_WAIT).
# The real firmware retries WAIT itself (default board: 16 times, absorbing
# every burst the suite injects), so this needs a target that stays busy
# longer than the probe waits.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
. testing/tests/lib/stlink.sh
scratch
head -c 65536 /dev/urandom >"$SCRATCH/img.bin"
for c in $(st_combos); do
	IFS=: read -r who mode <<<"$c"
	var=ST_XFAIL_$(echo "${who}_${mode}" | tr '[:lower:]' '[:upper:]')_WAIT_PAST_PROBE
	: "${!var:=1}"
	VB_STATE=$SCRATCH/state-$who-$mode
	rm -f "$SCRATCH/back.bin"
	st_use "$who" "$mode" --flash-image "$FIRMWARE/idle.bin" --probe-wait-retries 0 \
		--ap-wait-rate 0.01 --ap-wait-burst 1 --seed 3
	probe_ocd "${BOARD_NOSERVERS[@]}" "${ST_ARGS[@]}" -c init -c "reset halt" \
		-c "if {[catch {load_image $SCRATCH/img.bin 0x24000000 bin}]} {echo LOAD-FAILED}" \
		-c "dump_image $SCRATCH/back.bin 0x24000000 65536" -c shutdown >/dev/null
	rc=$?
	probe_stop
	st_clean_logs "$who" "$mode"
	st_waits_injected || fail "$who $mode: no AP WAIT injected"
	if [ "${!var}" = 1 ]; then
		cmp -s "$SCRATCH/img.bin" "$SCRATCH/back.bin" &&
			fail "$who $mode: round trip succeeded; set $var=0"
		[ "$rc" != 0 ] || fail "$who $mode: openocd exited 0 after a failed round trip"
		if [ "$mode" = hla ]; then
			grep -q '^LOAD-FAILED$' "$SCRATCH/ocd.log" || fail "$who $mode: load_image did not fail"
		else
			grep -Eq 'Failed to (read|write) memory at' "$SCRATCH/ocd.log" ||
				fail "$who $mode: no memory access failure reported"
		fi
		echo "XFAIL: $who $mode: a WAIT the probe passes on fails the transfer ($var=1)"
	else
		[ "$rc" = 0 ] && cmp "$SCRATCH/img.bin" "$SCRATCH/back.bin" ||
			fail "$who $mode: RAM round trip failed"
		echo "$who $mode: RAM round trip OK"
	fi
done
pass
