# SPDX-License-Identifier: GPL-2.0-or-later
# The program algorithm dies while OpenOCD feeds it through an ST-LINK in hla
# mode (interface/stlink.cfg: no DAP, each memory access its own command): a
# hardware breakpoint left on the second instruction of the working area, where the
# algorithm's code goes (a debugger's breakpoint in RAM code does that), halts
# the core as soon as the algorithm starts, so its FIFO read pointer never
# moves.  Ours, a 256 KiB write (several FIFOs): the read pointer is checked
# after every piece, as on a DAP, and when it stands still the core's state
# is looked at, so the write ends at once with "flash program algorithm no
# longer runs: the core is halted (breakpoint)", not after the 10 s stall
# bound ("made no progress", which must not appear).  Then the debug port
# still works.
# Oracle: OpenOCD's messages, qspi.bin (the write's area still erased), a
# RAM word written and read back.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
. testing/tests/lib/stmqspi.sh
. testing/tests/lib/stlink.sh
scratch
head -c 262144 /dev/urandom >"$SCRATCH/w.bin"
VB_STATE=$SCRATCH/state
st_use ours hla --flash-image "$FIRMWARE/idle.bin"
probe_ocd "${BOARD_NOSERVERS[@]}" "${ST_ARGS[@]}" -c init -c "reset init" -c "flash probe 2" \
	-c "bp [expr {[[target current] cget -work-area-phys] + 2}] 2 hw" \
	-c "if {[catch {flash write_bank 2 $SCRATCH/w.bin 0x10000}]} {echo WRITE-FAILED}" \
	-c "rbp all" -c halt -c "mww 0x20010000 0x600dcafe" -c "mdw 0x20010000" \
	-c shutdown >/dev/null
rc=$?
vb_stats_sync
pp=$(vb_stats qspi_page_programs)
probe_stop
log=$SCRATCH/ocd.log
[ "$rc" = 0 ] || { tail -20 "$log"; fail "openocd exit status $rc"; }
grep -q 'breakpoint set at 0x' "$log" || { tail -20 "$log"; fail "no breakpoint set"; }
grep -q WRITE-FAILED "$log" || { tail -20 "$log"; fail "the write with a dead algorithm succeeded"; }
grep -Eq 'Error: flash program algorithm no longer runs: the core is halted \(breakpoint\)' \
	"$log" || { tail -20 "$log"; fail "no error naming the halted core"; }
grep -q 'made no progress' "$log" && fail "the dead algorithm was found only by the stall bound"
grep -q '0x20010000: 600dcafe' "$log" || fail "the debug port is not usable afterwards"
[ "$pp" = 0 ] || fail "$pp page programs reached the chip"
qbin_is_ff 0x10000 262144 || fail "qspi.bin changed"
echo "hla: a halted algorithm is reported at once; the debug port still works"
pass
