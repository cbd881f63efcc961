# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers to run a virtual board and OpenOCD against it (sourced after common.sh).
#
#   vb_start [vboard options...]   start a board on a private socket and state dir;
#                                  $VB_EXTRA_ARGS (whitespace-separated vboard
#                                  options) is appended, so any suite can run on a
#                                  harsher board: VB_EXTRA_ARGS="--flash-timing max"
#   vb_stop                        stop it (SIGTERM) and wait; stats.json written
#   vb_stats KEY                   a counter from stats.json (after vb_stats_sync)
#   vb_stats_sync                  SIGUSR1 and wait for a fresh stats.json
#   ocd_ours ARGS... / ocd_stock ARGS...   run OpenOCD through the virtual J-Link
#   vb_float_level                 level undriven QSPI lines read on the boards
#                                  started (1, 0 or hold): the last --float-level
#                                  in $VB_EXTRA_ARGS, else the board's default
VBOARD=$BUILD/bin/vboard
STOCK_OPENOCD=$BUILD/stock/usr/bin/openocd
STOCK_SCRIPTS=$BUILD/stock/usr/share/openocd/scripts
VJLINK_DIR=$BUILD/lib/vjlink
FIRMWARE=$BUILD/testing/firmware

vb_start() {
	[ -x "$VBOARD" ] || fail "no $VBOARD: run make"
	[ -n "${SCRATCH:-}" ] || scratch
	VB_STATE=${VB_STATE:-$SCRATCH/state}
	VB_SOCK=$SCRATCH/vboard.sock
	export VBOARD_SOCKET=$VB_SOCK
	local extra=()
	read -r -a extra <<<"${VB_EXTRA_ARGS:-}"
	"$VBOARD" --state "$VB_STATE" --socket "$VB_SOCK" "$@" "${extra[@]}" >"$SCRATCH/vboard.log" 2>&1 &
	VB_PID=$!
	on_exit vb_stop
	# Start-up maps (and for a fresh state writes) the 128 MiB qspi.bin and
	# may run --boot-us: on a loaded machine that takes a while.  The bound
	# only catches a board that hangs.
	local i
	for i in $(seq 1 $((${VB_START_TIMEOUT:-180} * 20))); do
		[ -S "$VB_SOCK" ] && return 0
		kill -0 "$VB_PID" 2>/dev/null || { cat "$SCRATCH/vboard.log"; fail "vboard exited at start-up"; }
		sleep 0.05
	done
	cat "$SCRATCH/vboard.log"
	fail "vboard did not open its socket within ${VB_START_TIMEOUT:-180} s"
}

vb_stop() {
	[ -n "${VB_PID:-}" ] || return 0
	kill -TERM "$VB_PID" 2>/dev/null
	# It writes stats.json on the way out: give it time on a loaded host.
	local i
	for i in $(seq 1 1200); do
		kill -0 "$VB_PID" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$VB_PID" 2>/dev/null
	wait "$VB_PID" 2>/dev/null
	VB_PID=
}

vb_stats_sync() {
	local before
	before=$(stat -c %Y.%y "$VB_STATE/stats.json" 2>/dev/null)
	kill -USR1 "$VB_PID"
	# Bounded, not timed: a loaded host may take a while to schedule it.
	local i
	for i in $(seq 1 3000); do
		[ "$(stat -c %Y.%y "$VB_STATE/stats.json" 2>/dev/null)" != "$before" ] && return 0
		sleep 0.02
	done
	fail "vboard did not write stats.json within 60 s"
}

vb_stats() {
	sed -n "s/^ *\"$1\": \([0-9]*\).*/\1/p" "$VB_STATE/stats.json"
}

# OpenOCD through the virtual J-Link; output in $SCRATCH/ocd.log, also printed.
ocd_run() {
	local bin=$1
	shift
	LD_LIBRARY_PATH=$VJLINK_DIR timeout "${OCD_TIMEOUT:-300}" "$bin" "$@" >"$SCRATCH/ocd.log" 2>&1
	local rc=$?
	cat "$SCRATCH/ocd.log"
	return $rc
}
ocd_ours() { ocd_run "$OPENOCD" "$@"; }
ocd_stock() {
	[ -x "$STOCK_OPENOCD" ] || fail "no stock openocd at $STOCK_OPENOCD: run make"
	ocd_run "$STOCK_OPENOCD" -s "$STOCK_SCRIPTS" "$@"
}
# Both, by name: ocd_which ours|stock ARGS...
ocd_which() {
	local w=$1
	shift
	if [ "$w" = ours ]; then ocd_ours "$@"; else ocd_stock "$@"; fi
}

# The standard SWD/J-Link/H7 prelude of issue 3.
H7_ARGS=(-f interface/jlink.cfg -c "transport select swd" -f target/stm32h7x.cfg -c "adapter speed 4000")

vb_float_level() {
	local a extra=() level=
	read -r -a extra <<<"${VB_EXTRA_ARGS:-}"
	for ((a = 0; a < ${#extra[@]}; a++)); do
		case ${extra[a]} in
		--float-level) level=${extra[a + 1]:-} ;;
		--float-level=*) level=${extra[a]#--float-level=} ;;
		esac
	done
	# else the "(default X)" of the --float-level entry of vboard --help
	[ -n "$level" ] || level=$("$VBOARD" --help |
		awk '/^  --/ { f = /^  --float-level / } f' | tr '\n' ' ' |
		sed -n 's/.*(default \([01a-z]*\)).*/\1/p')
	case $level in
	0 | 1 | hold) echo "$level" ;;
	*) fail "cannot tell the board's float level ('$level')" ;;
	esac
}
