# SPDX-License-Identifier: GPL-2.0-or-later
# A flash die that never leaves BUSY (--chip-stuck-busy), in real time
# (tests/lib/realtime.sh: board and OpenOCD both at x RT_SPEED), during a
# probe (stuck from power-up), an erase and a write (the first program/erase
# hangs).  On silicon every wait of the driver then runs into its wall-clock
# timeout; here too, in seconds.  Each run must end by itself, with an error
# naming what timed out, and the array must be unchanged (qspi.bin).
#
#   stock: probe  poll_busy/wait_till_ready 100 ms -> "Error: timeout"
#          erase  wait_till_ready 2 s (SPI_MAX_TIMEOUT)
#          write  see 30-algo-never-returns (the loader never returns)
#   ours:  probe  waits up to W25Q_CHIP_ERASE_MS (tCE max 2688 s, +25 %) for
#                 the "operation firmware started", then "flash identification:
#                 die 0 still busy after N ms (1-line 05h: SR1 0x01, ...)" with
#                 the chip's maximum and what to do (power-cycle the board).
#          erase  the erase loader, bounded by the host (W25Q_ERASE_TIMEOUT_MS,
#                 10 s per block); then the host reads every die's status and
#                 says "erase of 0x90000000+0x10000: flash die 0 still busy
#                 after N ms (SR1 0x03: ...)", after OpenOCD's "timed out while
#                 waiting for target halted".
#   RT_XFAIL_PROBE_MSG=1 / RT_XFAIL_ERASE_MSG=1 (default 0): accept the bare
#   messages of the driver before it named its waits (prints XFAIL).
# Oracle: OpenOCD's messages, qspi.bin (seeded page unchanged, erased area
# not written), stats.json (the hung operation was started).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
. testing/tests/lib/realtime.sh
: "${RT_XFAIL_PROBE_MSG:=0}"
: "${RT_XFAIL_ERASE_MSG:=0}"
scratch
head -c 4096 /dev/urandom > "$SCRATCH/s.bin"
log=$SCRATCH/ocd.log

# hung WHO WHAT N CMD: a board with page 0 seeded and --chip-stuck-busy N;
# WHO's openocd runs CMD (Tcl) in catch; it must end by itself, report
# WHAT-FAILED and leave qspi.bin unchanged.  Sets STARTED (erases + page
# programs the chip counted).
hung() {
	local who=$1 what=$2 n=$3 cmd=$4
	rt_state 0:"$SCRATCH/s.bin"
	rt_start --flash-image "$FIRMWARE/idle.bin" --chip-stuck-busy "$n"
	rt_qspi "$who" 120 -c "if {[catch {$cmd}]} {echo $what-FAILED}" -c shutdown
	vb_stats_sync
	STARTED=$(($(vb_stats qspi_sector_erases_4k) + $(vb_stats qspi_block_erases_32k) +
		$(vb_stats qspi_block_erases_64k) + $(vb_stats qspi_page_programs)))
	vb_stop
	rt_ended "$who $what on a hung chip"
	grep -q "$what-FAILED" "$log" || fail "$who: $what on a chip stuck BUSY succeeded"
	qbin_cmp 0 "$SCRATCH/s.bin" || fail "$who $what: qspi.bin changed"
}

for who in stock ours; do
	# Probe: die 0 BUSY from power-up.
	hung $who PROBE 0 "flash probe 1"
	if [ $who = stock ]; then
		grep -q 'Error: timeout' "$log" || fail "stock probe: no timeout error"
	else
		if grep -Eq 'still busy after [0-9]+ ms' "$log"; then
			[ "$RT_XFAIL_PROBE_MSG" = 1 ] &&
				fail "ours probe: names its timeout now: set RT_XFAIL_PROBE_MSG=0"
			grep -Eq '^Error: flash identification: die 0 still busy after [0-9]+ ms \(1-line 05h: SR1 0x01, BUSY=1; .*tCE max 2688 s.*power-cycle the board' "$log" ||
				fail "ours probe: the error does not name the die, its status, the chip's maximum and what to do"
		else
			grep -q 'Error: flash stays busy (SR1 0x01)' "$log" ||
				fail "ours probe: no error about the busy flash"
			[ "$RT_XFAIL_PROBE_MSG" = 1 ] ||
				fail "ours probe: the error does not name the wait nor its bound"
			rt_xfail "ours probe of a chip stuck BUSY" \
				"ends after W25Q_CHIP_ERASE_MS (800 s) with 'flash stays busy (SR1 0x01)', naming neither the wait (identification) nor its bound"
		fi
	fi
	echo "$who probe of a hung chip: ended with an error naming the timeout"

	# Erase: the first erase hangs.
	hung $who ERASE 1 "flash probe 1; flash erase_sector 1 0 0"
	[ "$STARTED" -ge 1 ] || fail "$who erase: no erase reached the chip"
	if [ $who = stock ]; then
		grep -q 'Error: timeout' "$log" || fail "stock erase: no timeout error"
	else
		if grep -Eq '^Error: .*(erase|flash).*busy' "$log"; then
			[ "$RT_XFAIL_ERASE_MSG" = 1 ] &&
				fail "ours erase: names the busy flash now: set RT_XFAIL_ERASE_MSG=0"
			grep -Eq '^Error: erase of 0x90000000\+0x10000: flash die 0 still busy after [0-9]+ ms \(SR1 0x0[13]: BUSY=1, WEL=[01]; .*tBE max 2.24 s.*power-cycle the board' "$log" ||
				fail "ours erase: the error does not name the range, the die, its status, the chip's maximum and what to do"
		else
			grep -q 'Error: timed out while waiting for target halted' "$log" ||
				fail "ours erase: no timeout error at all"
			[ "$RT_XFAIL_ERASE_MSG" = 1 ] ||
				fail "ours erase: the error does not say the flash stayed busy"
			rt_xfail "ours erase on a chip stuck BUSY" \
				"the erase loader's run times out (W25Q_ERASE_TIMEOUT_MS, 10 s) with only OpenOCD's 'timed out while waiting for target halted' + 'failed erasing sectors 0 to 0': nothing says the flash stayed busy"
		fi
	fi
	echo "$who erase on a hung chip: ended with an error naming the timeout"
done
pass
