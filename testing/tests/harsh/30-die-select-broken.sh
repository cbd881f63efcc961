# --die-select-broken: C2h (software die select) is accepted but the active
# die never changes, so status reads keep answering for die 0.  A program or
# erase in die 1 then looks finished at once to anyone polling "die 1"; the
# product must notice that the die did not switch.  Stock openocd erases a
# 64 KiB block in die 1 (it fails its own status check, as in
# stmqspi/10-erase-die1), then the test selects die 1 and reads 05h:
# - default board: die 1 answers 03h (BUSY, WEL) while it erases, then 00h;
# - broken die select: 05h still answers for die 0 (02h, idle) every time.
# In both cases die 1 erases the block.  Oracles: qspi.bin, stats.json.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 4096 /dev/urandom > "$SCRATCH/s.bin"
for mode in default broken; do
	extra=
	[ $mode = broken ] && extra=--die-select-broken
	rm -rf "$SCRATCH/state"
	VB_EXTRA_ARGS="${VB_EXTRA_ARGS:-} $extra" qspi_board idle 0x4010000:"$SCRATCH/s.bin"
	stock_qspi -c "flash probe 1" -c "catch {flash erase_address 0x94010000 0x10000}" \
		-c "stmqspi cmd 1 0 0xc2 1" \
		-c "for {set i 0} {\$i < 4} {incr i} {echo \"SR1=[stmqspi cmd 1 1 0x05]\"}" \
		-c shutdown || fail "$mode: openocd failed"
	srs=$(sed -n 's/^SR1=.*-> *\([0-9a-f]*\) *$/\1/p' "$SCRATCH/ocd.log" | tr '\n' ' ')
	echo "$mode: SR1 of the selected die after C2h 01h: $srs"
	vb_stats_sync
	[ "$(vb_stats qspi_block_erases_64k)" = 1 ] || fail "$mode: die 1 did not take the erase"
	# With the die select broken nobody waited for die 1: its 160 ms erase
	# ends while the board runs on alone, paced by wall time.  Wait for it
	# (a bound, not a speed assumption).
	for i in $(seq 1 600); do
		qbin_is_ff 0x4010000 0x10000 && break
		sleep 0.1
	done
	vb_stop
	qbin_is_ff 0x4010000 0x10000 || fail "$mode: die 1 block not erased in qspi.bin"
	case $mode in
	default) [ "${srs%% *}" = 03 ] || fail "default: die 1 not seen busy ($srs)" ;;
	broken) [ "$srs" = "02 02 02 02 " ] || fail "broken: die select took effect ($srs)" ;;
	esac
done
pass
