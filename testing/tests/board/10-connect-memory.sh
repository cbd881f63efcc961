# Ours and Debian's stock openocd connect through the virtual J-Link, reset
# halt, and read/write DTCM (the VisualGDB stack word 0x2001fffc included) and
# AXI SRAM; the board counts the SWD traffic.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
scratch
for who in ours stock; do
	VB_STATE=$SCRATCH/state-$who
	vb_start --flash-image "$FIRMWARE/idle.bin"
	ocd_which $who "${H7_ARGS[@]}" -c init -c "reset halt" \
		-c "mww 0x2001fffc 0x12345678" -c "mdw 0x2001fffc" \
		-c "mww 0x20000000 0xcafef00d" -c "mdw 0x20000000" \
		-c "mww 0x24000000 0xa5a5a5a5 4" -c "mwh 0x24000002 0x1234" -c "mwb 0x24000005 0x77" \
		-c "mdw 0x24000000 2" -c "mdb 0x24000000 8" \
		-c "mdw 0x5C001000" -c "mdh 0x1FF1E880" -c shutdown ||
		fail "$who: openocd failed"
	log=$SCRATCH/ocd.log
	grep -q 'SWD DPIDR 0x6ba02477' "$log" || fail "$who: no DPIDR line"
	grep -qi 'halted due to' "$log" || fail "$who: reset halt did not halt"
	grep -q '0x2001fffc: 12345678' "$log" || fail "$who: stack word at 0x2001fffc not written/read back"
	grep -q '0x20000000: cafef00d' "$log" || fail "$who: DTCM word"
	grep -q '0x24000000: 1234a5a5 a5a577a5' "$log" || fail "$who: AXI SRAM word/halfword/byte lanes"
	grep -q '0x24000000: a5 a5 34 12 a5 77 a5 a5' "$log" || fail "$who: AXI SRAM byte reads"
	grep -q '0x5c001000: 20036450' "$log" || fail "$who: DBGMCU IDCODE"
	grep -q '0x1ff1e880: 0800' "$log" || fail "$who: flash size register"
	vb_stats_sync
	[ "$(vb_stats swd_transactions)" -gt 100 ] || fail "$who: board saw no SWD traffic"
	[ "$(vb_stats probe_round_trips)" -gt 10 ] || fail "$who: no probe round trips counted"
	vb_stop
done
pass
