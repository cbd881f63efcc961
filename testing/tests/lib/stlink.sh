# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers of the ST-Link tests (sourced after common.sh, vboard.sh and boardcfg.sh;
# brings probe.sh, where vstlink-server is started: st_start, st_stop).
#
#   st_probe MODE           the probe_use name of MODE: dapdirect (interface/stlink-dap.cfg
#                           + "st-link backend tcp PORT") is stlink-dap, hla
#                           (interface/stlink.cfg + "hla_stlink_backend tcp PORT") stlink-hla
#   st_use WHO MODE [vboard options...]   probe_use for MODE, then ST_ARGS: the OpenOCD
#                           arguments up to and including the board file
#   st_args WHO MODE        ST_ARGS alone, for a board and vstlink-server started already
#   st_ocd WHO ARGS...      run ours or stock (its own scripts; our board file from
#                           tcl/) with ARGS; output in $SCRATCH/ocd.log, also printed
. testing/tests/lib/probe.sh

st_probe() {
	case $1 in
	dapdirect) echo stlink-dap ;;
	hla) echo stlink-hla ;;
	*) fail "ST-Link mode '$1' is neither dapdirect nor hla" ;;
	esac
}

st_use() {
	local who=$1 mode=$2
	shift 2
	probe_use "$(st_probe "$mode")" "$who" "$@"
	ST_ARGS=("${PROBE_IF[@]}" -f board/stm32h753.cfg)
}

st_args() {
	probe_pick "$1"
	probe_if "$(st_probe "$2")"
	ST_ARGS=("${PROBE_IF[@]}" -f board/stm32h753.cfg)
}

st_ocd() {
	probe_pick "$1"
	shift
	probe_ocd "$@"
}

# st_expect WHO MODE WORKFLOW: "pass", or the name of the XFAIL variable that
# says this combination is known to fail (ST_XFAIL_<WHO>_<MODE>_<WORKFLOW>=1).
st_expect() {
	local var
	var=ST_XFAIL_$(echo "$1_$2_$3" | tr '[:lower:]' '[:upper:]')
	if [ "${!var:-0}" = 1 ]; then echo "$var"; else echo pass; fi
}

# st_combos: the WHO:MODE pairs to run (ST_WHO and ST_MODES narrow them).
st_combos() {
	local who mode
	for who in ${ST_WHO:-ours stock}; do
		for mode in ${ST_MODES:-dapdirect hla}; do
			echo "$who:$mode"
		done
	done
}

# st_waits_injected: the board (stopped) injected AP WAITs.
st_waits_injected() {
	local w
	w=$(vb_stats ap_injected_waits)
	echo "board injected ${w:-0} AP WAITs"
	[ "${w:-0}" -gt 0 ]
}

# st_program WHO MODE [vboard options...]: a fresh board, `program demo_app.elf
# verify reset exit` through vstlink-server.  ST_RC: openocd's exit status;
# the board is stopped (stats.json written) and its images left in $VB_STATE.
st_program() {
	local who=$1 mode=$2
	shift 2
	VB_STATE=$SCRATCH/state-$who-$mode
	st_use "$who" "$mode" "$@"
	probe_ocd "${BOARD_NOSERVERS[@]}" "${ST_ARGS[@]}" \
		-c "program $FIRMWARE/demo_app.elf verify reset exit" >/dev/null
	ST_RC=$?
	probe_stop
}

# st_check_stock_program_crash: stock's known `program` failure on this board:
# its stmqspi probe times out on the W25Q01JV, the QSPI bank is left with size
# 0 and `program` aborts on assert(run_size > 0) after writing internal flash.
# Checks that signature: the assertion in the log, both internal flash banks
# hold the image, the QSPI flash is untouched.
st_check_stock_program_crash() {
	local msg
	[ "$ST_RC" != 0 ] || { echo "stock program succeeded"; return 1; }
	grep -q "Assertion \`run_size > 0' failed" "$SCRATCH/ocd.log" ||
		{ echo "no run_size assertion in the log"; return 1; }
	msg=$(board_check_demo_images 2>&1)
	echo "$msg"
	[[ $msg == "QSPI (demo_app_qspi.bin) differs: "*"first at 0x90000000 (qspi.bin has ff"* ]] ||
		{ echo "not the expected image state"; return 1; }
}

# st_gdb_load WHO MODE [vboard options...]: a fresh board; gdb-multiarch starts
# WHO's openocd over a pipe with the board file: monitor reset init, load,
# compare-sections, the VisualGDB stack check (write and read the word at
# 0x2001fffc, top of DTCM), continue for a moment, interrupt.  ST_RC: gdb's
# exit status; gdb's output in $SCRATCH/gdb.log, openocd's in $SCRATCH/ocd.log.
st_gdb_load() {
	local who=$1 mode=$2 ocd
	shift 2
	VB_STATE=$SCRATCH/state-$who-$mode
	st_use "$who" "$mode" "$@"
	ocd=$(probe_line -f board/stm32h753.cfg -c "gdb_port pipe" -c "tcl_port disabled" \
		-c "telnet_port disabled" -c "log_output $SCRATCH/ocd.log")
	rm -f "$SCRATCH/ocd.log"
	timeout "${OCD_TIMEOUT:-600}" gdb-multiarch -nx -batch \
		-ex "set pagination off" -ex "set remotetimeout 120" -ex "file $FIRMWARE/demo_app.elf" \
		-ex "target extended-remote | $ocd" \
		-ex "monitor reset init" -ex load -ex compare-sections \
		-ex "set *(int *)0x2001fffc = 0x12345678" -ex "p/x *(int *)0x2001fffc" \
		-ex "shell (sleep 2; kill -INT \$PPID) &" -ex continue -ex "p/x \$pc" \
		>"$SCRATCH/gdb.log" 2>&1
	ST_RC=$?
	probe_stop
}

# st_check_gdb_load: gdb's log shows the whole session done right, and the
# board's images hold the ELF.  Prints what is wrong; returns 1 then.
st_check_gdb_load() {
	local s
	grep -q '^Start address 0x08000298' "$SCRATCH/gdb.log" || { echo "load did not finish"; return 1; }
	for s in .isr_vector .text .bank2 .qspi_data .qspi_misc; do
		grep -q "^Section $s, range .*: matched\.\$" "$SCRATCH/gdb.log" ||
			{ echo "compare-sections: $s"; return 1; }
	done
	! grep -q 'MIS-MATCHED' "$SCRATCH/gdb.log" || { echo "compare-sections mismatch"; return 1; }
	grep -q '^\$1 = 0x12345678$' "$SCRATCH/gdb.log" || { echo "stack word not read back"; return 1; }
	grep -q 'received signal SIGINT' "$SCRATCH/gdb.log" || { echo "no interrupt"; return 1; }
	grep -Eq '^\$2 = 0x80[0-9a-f]{5}$' "$SCRATCH/gdb.log" ||
		{ echo "interrupted outside the firmware in bank 1"; return 1; }
	board_check_demo_images || return 1
}

# st_stock_gdb_signature: stock's known gdb-load failure on this board: its
# stmqspi probe times out on the W25Q01JV ("Error: timeout"), gdb's memory map
# has no QSPI flash, the load of .qspi_data fails, and the QSPI flash is left
# untouched.  What else went wrong (the stack word) is printed, not required.
st_stock_gdb_signature() {
	grep -q 'Error: timeout' "$SCRATCH/ocd.log" || { echo "no stmqspi timeout"; return 1; }
	grep -A3 '^Loading section .qspi_data' "$SCRATCH/gdb.log" | grep -q '^Load failed' ||
		{ echo "the QSPI section did not fail to load"; return 1; }
	python3 - "$VB_STATE/qspi.bin" <<'PY' || { echo "qspi.bin was written"; return 1; }
import sys
with open(sys.argv[1], "rb") as f:
    sys.exit(0 if f.read(0x70000) == b"\xff" * 0x70000 else 1)
PY
	if grep -q 'Cannot access memory at address 0x2001fffc' "$SCRATCH/gdb.log"; then
		echo "stock: the stack word at 0x2001fffc is not accessible after the failed load"
	fi
}

# st_clean_logs WHO MODE: the probe model met no command it does not know and
# no reply length the host did not expect (board and vstlink-server logs of
# the last run).
st_clean_logs() {
	if grep -q 'vstlink firmware: unknown command' "$SCRATCH/vboard.log"; then
		grep 'unknown command' "$SCRATCH/vboard.log" | sort | uniq -c
		fail "$1 $2: the driver sent commands the model does not know"
	fi
	if grep -Eq 'the probe sent|reply bytes to an OUT' "$SCRATCH/vstlink.log"; then
		grep -E 'the probe sent|reply bytes to an OUT' "$SCRATCH/vstlink.log" | sort | uniq -c
		fail "$1 $2: reply lengths differ from what the driver reads"
	fi
}
