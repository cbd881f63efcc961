# Probe commands of a long memory transfer through the full-speed CMSIS-DAP
# (64-byte reports).  DAP_Transfer carries 5 bytes a register write, so
# OpenOCD 0.12.0 packs 12 transfers of any kind a report (and no more reads);
# DAP_TransferBlock carries one register's run at 4 bytes a word: 14 writes
# or 15 reads a report.  RAM round trip of 32 KiB (8192 words each way), in
# three sessions on fresh boards: attach only, attach + load_image, attach +
# load_image + dump_image; the board's probe_round_trips of each difference
# are the commands the write and the read cost.  Ours must stay under one
# command per 12 words each way (only DAP_TransferBlock can); stock, which
# sends DAP_Transfer only, is shown at or above it.  Oracle: the read-back
# against the bytes this test generated.  Counts, not wall time.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/cmsisdap.sh
scratch
KIB=32
WORDS=$((KIB * 256))
head -c $((KIB * 1024)) /dev/urandom >"$SCRATCH/img.bin"

# session STEPS...: round trips of attach + STEPS on a fresh board, on stdout
session() {
	probe_use cmsis-dap "$who" --flash-image "$FIRMWARE/idle.bin" >&2
	probe_ocd "${PROBE_IF[@]}" -c "transport select swd" -f target/stm32h7x.cfg \
		-c "adapter speed 4000" -c "gdb_port disabled" -c "tcl_port disabled" \
		-c "telnet_port disabled" -c init -c "reset halt" "$@" -c shutdown >/dev/null
	local rc=$?
	probe_stop >&2
	probe_seen || fail "$who: the virtual CMSIS-DAP was not used"
	[ $rc -eq 0 ] || fail "$who: session failed (rc $rc)"
	vb_stats probe_round_trips
}

for who in ours stock; do
	echo "== $who"
	VB_STATE=$SCRATCH/state-$who
	base=$(session)
	load=$(session -c "load_image $SCRATCH/img.bin 0x24000000 bin")
	rm -f "$SCRATCH/back.bin"
	both=$(session -c "load_image $SCRATCH/img.bin 0x24000000 bin" \
		-c "dump_image $SCRATCH/back.bin 0x24000000 $((KIB * 1024))")
	cmp "$SCRATCH/img.bin" "$SCRATCH/back.bin" || fail "$who: read-back differs"
	write=$((load - base))
	read=$((both - load))
	echo "$who: $WORDS words written in $write commands, read in $read" \
		"(DAP_Transfer at 12 a report: at least $((WORDS / 12)))"
	[ "$write" -gt 0 ] && [ "$read" -gt 0 ] || fail "$who: no commands counted"
	if [ $who = ours ]; then
		[ $((write * 12)) -lt $WORDS ] ||
			fail "ours: the write took $write commands, no fewer than DAP_Transfer needs"
		[ $((read * 12)) -lt $WORDS ] ||
			fail "ours: the read took $read commands, no fewer than DAP_Transfer needs"
		# DAP_TransferBlock's own bound: 14 writes, 15 reads a report
		[ $((write * 14)) -ge $WORDS ] && [ $((read * 15)) -ge $WORDS ] ||
			fail "ours: fewer commands than DAP_TransferBlock can carry the words in"
	else
		[ $((write * 12)) -ge $WORDS ] && [ $((read * 12)) -ge $WORDS ] ||
			fail "stock: fewer commands than DAP_Transfer needs: does it send TransferBlock?"
	fi
done
pass
