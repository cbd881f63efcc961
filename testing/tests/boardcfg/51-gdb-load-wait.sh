# The gdb workflow of 50-gdb-load under AP WAIT injection: 1% of new AP
# transactions answered WAIT once, then 8 times in a row (--ap-wait-rate
# 0.01, --ap-wait-burst 1 and 8; about 30 s and 2 min).  Bursts of 64, the
# case of testing/tests/jlink/02-gdb-stack-check.sh, also pass but load at
# about 740 B/s: some 10 minutes for this ELF, too long for the suite.
# gdb starts OpenOCD with the board file over a pipe: monitor reset init,
# load, compare-sections, the VisualGDB stack check (write and read the word
# at 0x2001fffc, top of DTCM), continue for a moment, interrupt.  Oracle:
# flash.bin and qspi.bin equal the objcopy images of demo_app.elf, the stack
# word reads back, and the board counted injected WAITs.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
scratch
command -v gdb-multiarch >/dev/null || skip "no gdb-multiarch"
[ -f "$FIRMWARE/demo_app.elf" ] || fail "no $FIRMWARE/demo_app.elf: run make"
for c in 0.01:1:6 0.01:8:7; do
	IFS=: read -r rate burst seed <<<"$c"
	VB_STATE=$SCRATCH/state-$burst
	vb_start --ap-wait-rate "$rate" --ap-wait-burst "$burst" --seed "$seed"
	LD_LIBRARY_PATH=$VJLINK_DIR timeout 600 gdb-multiarch -nx -batch \
		-ex "set pagination off" -ex "set remotetimeout 120" -ex "file $FIRMWARE/demo_app.elf" \
		-ex "target extended-remote | $OPENOCD \
-f board/stm32h753.cfg -c 'gdb_port pipe' -c 'log_output $SCRATCH/ocd.log'" \
		-ex "monitor reset init" -ex load -ex compare-sections \
		-ex "set *(int *)0x2001fffc = 0x12345678" -ex "p/x *(int *)0x2001fffc" \
		-ex "shell (sleep 2; kill -INT \$PPID) &" -ex continue -ex "p/x \$pc" \
		>"$SCRATCH/gdb.log" 2>&1
	cat "$SCRATCH/gdb.log"
	vb_stop
	waits=$(vb_stats ap_injected_waits)
	echo "rate $rate burst $burst: $waits WAITs injected"
	[ "$waits" -gt 0 ] || fail "burst $burst: no WAIT injected"
	grep -q '^Start address 0x08000298' "$SCRATCH/gdb.log" || fail "burst $burst: load did not finish"
	for s in .isr_vector .text .bank2 .qspi_data .qspi_misc; do
		grep -q "^Section $s, range .*: matched\.\$" "$SCRATCH/gdb.log" ||
			fail "burst $burst: compare-sections: $s"
	done
	grep -q 'MIS-MATCHED' "$SCRATCH/gdb.log" && fail "burst $burst: compare-sections mismatch"
	grep -q '^\$1 = 0x12345678$' "$SCRATCH/gdb.log" || fail "burst $burst: stack word not read back"
	grep -q 'received signal SIGINT' "$SCRATCH/gdb.log" || fail "burst $burst: no interrupt"
	grep -Eq '^\$2 = 0x80[0-9a-f]{5}$' "$SCRATCH/gdb.log" ||
		fail "burst $burst: interrupted outside the firmware in bank 1"
	grep -q 'failed to find out where' "$SCRATCH/ocd.log" &&
		fail "burst $burst: bare 'failed to find out where'"
	board_check_demo_images || fail "burst $burst: images differ"
done
pass
