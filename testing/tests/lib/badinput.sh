# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for the bad-input tests (sourced after common.sh and vboard.sh).
#
#   bi_snapshot                      remember flash.bin and qspi.bin (sha256)
#   bi_unchanged WHAT                fail unless both are as remembered
#   bi_refused WHAT PATTERN ARGS...  run our OpenOCD with ARGS; it must end on
#                                    its own (no timeout, no signal, no assert)
#                                    with a non-zero exit and print PATTERN
#                                    (grep -E)
#   bi_stock WHAT ARGS...            run stock OpenOCD with ARGS and log how it
#                                    ended, to show the fault the fix removes
#   BI_NOSERVERS                     -c options: no gdb/tcl/telnet servers
#   bi_board                         a board in $SCRATCH/state with a seeded
#                                    qspi.bin, started and snapshot; BOARD =
#                                    the board file with init and reset init
BI_NOSERVERS=(-c "gdb_port disabled" -c "tcl_port disabled" -c "telnet_port disabled")

bi_snapshot() {
	BI_SUM=$(cd "$VB_STATE" && sha256sum flash.bin qspi.bin 2>&1)
}

bi_unchanged() {
	local now
	now=$(cd "$VB_STATE" && sha256sum flash.bin qspi.bin 2>&1)
	[ "$now" = "$BI_SUM" ] && return 0
	diff <(echo "$BI_SUM") <(echo "$now")
	fail "$1: the board's flash changed"
}

# How an OpenOCD run ended, in words: "exit N", "killed by signal N" or
# "hung (timeout)".
bi_how() {
	case $1 in
	124 | 137) echo "hung (timeout)" ;;
	12[5-9] | 1[3-9][0-9] | 2[0-9][0-9]) echo "killed by signal $(($1 - 128))" ;;
	*) echo "exit $1" ;;
	esac
}

bi_refused() {
	local what=$1 pattern=$2 rc
	shift 2
	# -k: a hung OpenOCD may ignore SIGTERM (the board file's old loop did)
	LD_LIBRARY_PATH=$VJLINK_DIR timeout -k 5 "${OCD_TIMEOUT:-60}" "$OPENOCD" "$@" \
		>"$SCRATCH/ocd.log" 2>&1
	rc=$?
	cat "$SCRATCH/ocd.log"
	case $rc in
	0) fail "$what: exit 0 (reported success)" ;;
	124 | 12[5-9] | 1[3-9][0-9] | 2[0-9][0-9]) fail "$what: $(bi_how $rc)" ;;
	esac
	grep -qE 'Assertion|Segmentation|free\(\)|double free|core dumped' "$SCRATCH/ocd.log" &&
		fail "$what: crashed"
	grep -qE -- "$pattern" "$SCRATCH/ocd.log" || fail "$what: no message matching '$pattern'"
	echo "ours: $what: refused, exit $rc"
}

bi_stock() {
	local what=$1 rc
	shift
	OCD_TIMEOUT=${OCD_TIMEOUT:-60} ocd_stock "$@" >/dev/null
	rc=$?
	echo "stock: $what: $(bi_how $rc)"
}

bi_board() {
	scratch
	VB_STATE=$SCRATCH/state
	board_seed_qspi
	vb_start
	bi_snapshot
	BOARD=("${BI_NOSERVERS[@]}" -f board/stm32h753.cfg -c init -c "reset init")
}
