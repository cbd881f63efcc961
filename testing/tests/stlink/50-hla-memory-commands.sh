# Probe commands of hla memory accesses (interface/stlink.cfg), ours and stock.
# OpenOCD 0.12.0's hla layer cuts a 32-bit transfer at every 1 KiB TAR
# boundary on a Cortex-M7 and reads GETLASTRWSTATUS2 after each piece: two
# commands per KiB.  The ST-LINK/V3 firmware rewrites TAR at the boundary
# itself (the dapdirect driver merges up to 6 KiB across boundaries), so
# ours sends up to 6 KiB a command.  A single 32-bit word costs a memory
# command and a status command; WRITEDEBUGREG / READDEBUGREG carry the
# status in their reply.  Three sessions on fresh boards: attach only;
# attach + load_image of 48 KiB to AXI SRAM; attach + 64 single-word writes
# (mww) and 64 single-word reads (read_memory); the board's probe_round_trips
# of each difference are the commands the step cost (OpenOCD's DHCSR polls
# between the single words included, the same for both).  Oracle: the RAM read back
# (dump_image; mdw values) against the bytes this test wrote.  Counts, not
# wall time.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
. testing/tests/lib/stlink.sh
scratch
KIB=48
head -c $((KIB * 1024)) /dev/urandom >"$SCRATCH/img.bin"
WORDS_TCL='for {set i 0} {$i < 64} {incr i} {mww [expr {0x24010000 + 4 * $i}] [expr {$i * 0x01010101}]};
set bad 0;
for {set i 0} {$i < 64} {incr i} {
	set v [read_memory [expr {0x24010000 + 4 * $i}] 32 1];
	if {$v != $i * 0x01010101} {incr bad}
};
echo "WORDS-BAD $bad"'

# session WHO STEPS...: round trips of attach + STEPS on a fresh board, on stdout
session() {
	local who=$1
	shift
	VB_STATE=$SCRATCH/state-$who
	st_use "$who" hla --flash-image "$FIRMWARE/idle.bin" >&2
	probe_ocd "${BOARD_NOSERVERS[@]}" "${ST_ARGS[@]}" -c init -c "reset halt" "$@" \
		-c shutdown >/dev/null
	local rc=$?
	probe_stop >&2
	st_clean_logs "$who" hla >&2
	[ $rc -eq 0 ] || fail "$who: session failed (rc $rc)"
	vb_stats probe_round_trips
}

declare -A single
for who in stock ours; do
	echo "== $who"
	base=$(session "$who")
	rm -f "$SCRATCH/back.bin"
	load=$(session "$who" -c "load_image $SCRATCH/img.bin 0x24000000 bin" \
		-c "dump_image $SCRATCH/back.bin 0x24000000 $((KIB * 1024))")
	cmp "$SCRATCH/img.bin" "$SCRATCH/back.bin" || fail "$who: read-back differs"
	words=$(session "$who" -c "$WORDS_TCL")
	grep -q '^WORDS-BAD 0$' "$SCRATCH/ocd.log" || fail "$who: single words read back wrong"
	block=$((load - base))
	single[$who]=$((words - base))
	echo "$who: $KIB KiB written and read back in $block commands;" \
		"64 words written and read one at a time in ${single[$who]}"
	if [ "$who" = ours ]; then
		# 1 KiB pieces need 2 commands per KiB each way: 4 x KIB
		[ "$block" -lt $((KIB * 2)) ] ||
			fail "ours: $block commands, not fewer than 1 KiB pieces need"
		# a status command saved on each of the 128 words; OpenOCD's own
		# DHCSR polls between them are the same for both
		[ $((single[ours] + 64)) -le "${single[stock]}" ] ||
			fail "ours: ${single[ours]} commands for 128 single words, stock ${single[stock]}"
	else
		[ "$block" -ge $((KIB * 4)) ] || fail "stock: $block commands for 1 KiB pieces?"
	fi
done
pass
