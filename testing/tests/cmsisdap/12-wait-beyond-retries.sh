# AP WAIT bursts longer than the CMSIS-DAP firmware's retries: 1 % of new
# AP transactions answered WAIT 100 times in a row, while OpenOCD asks the
# probe for 64 retries (DAP_TransferConfigure).  The firmware then answers
# the transfer with WAIT, and OpenOCD 0.12.0's cmsis-dap driver turns it
# into ERROR_WAIT for the whole batch; nothing above retries it.  On
# silicon a bus stalled for longer than the retries last (65 attempts,
# about 0.3 ms at 3.27 MHz) does the same, e.g. an AHB read held during a
# flash operation.  RAM round trip of 64 KiB, stock and ours; oracle: the
# read-back file against the bytes this test generated.
# Known failure, both: CD_XFAIL_WAIT_BEYOND_STOCK=1 / CD_XFAIL_WAIT_BEYOND_OURS=1
# (default) check that the session fails with a memory error and no
# read-back, and print XFAIL; 0 expects the round trip to succeed.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/cmsisdap.sh
scratch
: "${CD_XFAIL_WAIT_BEYOND_STOCK:=1}"
: "${CD_XFAIL_WAIT_BEYOND_OURS:=1}"
extra=(--ap-wait-rate 0.01 --ap-wait-burst 100 --seed 2)
head -c 65536 /dev/urandom >"$SCRATCH/img.bin"
for who in stock ours; do
	echo "== $who"
	VB_STATE=$SCRATCH/state-$who
	rm -f "$SCRATCH/back.bin"
	probe_use cmsis-dap $who --flash-image "$FIRMWARE/idle.bin" "${extra[@]}"
	probe_ocd "${PROBE_IF[@]}" -c "transport select swd" -f target/stm32h7x.cfg -c "adapter speed 4000" \
		-c "gdb_port disabled" -c "tcl_port disabled" -c "telnet_port disabled" \
		-c init -c "reset halt" -c "load_image $SCRATCH/img.bin 0x24000000 bin" \
		-c "dump_image $SCRATCH/back.bin 0x24000000 65536" -c shutdown >/dev/null
	rc=$?
	probe_stop
	probe_seen || fail "$who: the virtual CMSIS-DAP was not used"
	cd_waits_seen
	xf=CD_XFAIL_WAIT_BEYOND_${who^^}
	if [ "${!xf}" = 1 ]; then
		[ $rc -ne 0 ] || fail "$who: the session succeeded (set $xf=0?)"
		grep -Eq '^Error: .*(Failed|failed) to (read|write) memory' "$SCRATCH/ocd.log" ||
			fail "$who: no memory error in the log"
		cmp -s "$SCRATCH/img.bin" "$SCRATCH/back.bin" && fail "$who: read back equal, rc $rc"
		echo "XFAIL: $who: a WAIT burst beyond the probe's 64 retries fails the session" \
			"(ERROR_WAIT from the cmsis-dap driver is not retried)"
		continue
	fi
	[ $rc -eq 0 ] || fail "$who: session failed"
	cmp "$SCRATCH/img.bin" "$SCRATCH/back.bin" || fail "$who: read-back differs"
done
pass
