# The VisualGDB stack check: gdb writes the word at 0x2001fffc (top of DTCM)
# and reads it back.  With AP WAITs injected (1%, bursts of 64) stock openocd
# cannot (VisualGDB: "the memory location used for the stack (0x2001fffc) is
# not writable") and logs the reported message; ours reads the value back.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/jlink.sh
scratch
command -v gdb-multiarch >/dev/null || skip "no gdb-multiarch"
for who in stock ours; do
	VB_STATE=$SCRATCH/state-$who
	vb_start --flash-image "$FIRMWARE/idle.bin" --ap-wait-rate 0.01 --ap-wait-burst 64 --seed 2
	if [ $who = ours ]; then
		ocd="$OPENOCD"
	else
		ocd="$STOCK_OPENOCD -s $STOCK_SCRIPTS"
	fi
	LD_LIBRARY_PATH=$VJLINK_DIR timeout 120 gdb-multiarch -nx -batch \
		-ex "set pagination off" -ex "set remotetimeout 120" \
		-ex "target extended-remote | $ocd -f interface/jlink.cfg -c 'transport select swd' -f target/stm32h7x.cfg -c 'adapter speed 4000' -c 'gdb_port pipe' -c 'tcl_port disabled' -c 'telnet_port disabled' -c 'log_output $SCRATCH/ocd.log' -c init -c 'reset halt'" \
		-ex "set *(unsigned int *)0x2001fffc = 0x5a5aa5a5" \
		-ex "print/x *(unsigned int *)0x2001fffc" >"$SCRATCH/gdb.log" 2>&1
	cat "$SCRATCH/gdb.log"
	vb_stop
	if [ $who = stock ]; then
		grep -q '= 0x5a5aa5a5' "$SCRATCH/gdb.log" && fail "stock: stack word read back"
		grep -q 'Failed to write memory and, additionally, failed to find out where' \
			"$SCRATCH/ocd.log" || fail "stock: the reported message did not appear"
	else
		grep -q '^\$1 = 0x5a5aa5a5' "$SCRATCH/gdb.log" || fail "ours: stack word not read back"
		jl_no_bare_message || fail "ours: bare 'failed to find out where'"
	fi
done
pass
