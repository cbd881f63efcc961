# SPDX-License-Identifier: GPL-2.0-or-later
# Real-time runs: OpenOCD's own wall-clock timeouts, fired in seconds.
# Sourced after common.sh and vboard.sh (and stmqspi.sh for the QSPI helpers).
#
# The board runs with --real-time RT_SPEED: its virtual time never gets ahead
# of RT_SPEED x wall time, and busy polls no longer fast-forward past it.
# OpenOCD runs under libfaketime (Debian package faketime, installed by
# scripts/deps.sh) with FAKETIME="+0 xRT_SPEED": gettimeofday() and
# clock_gettime() (timeval_ms(), every OpenOCD timeout) run RT_SPEED times
# faster, and usleep/nanosleep/poll/select (alive_sleep(), the sleeps between
# status polls) sleep RT_SPEED times less.  So both sides see the same clock:
# a 400 s timeout of OpenOCD fires after 4 s of wall time at RT_SPEED 100, by
# which time the board has let 400 s of flash time pass, no more.
#
#   RT_SPEED                     acceleration of both sides (default 100)
#   rt_state OFF:SRC...          VB_STATE=$SCRATCH/state, shared by a test's
#                                boards, with each SRC written at OFF into its
#                                qspi.bin (created erased at the chip's full
#                                128 MiB the first time, so no board start has to
#                                extend it: that takes seconds on a loaded machine)
#   rt_start [vboard options...] vb_start --real-time $RT_SPEED ... (after rt_state)
#   rt_ocd WHO BOUND ARGS...     WHO's openocd (ours|stock) accelerated, killed
#                                after BOUND seconds of wall time; output in
#                                $SCRATCH/ocd.log (printed); sets RT_RC (its exit
#                                status, 124 = killed by the bound) and RT_WALL
#                                (wall seconds, for the log only: no verdict
#                                depends on it)
#   rt_qspi WHO BOUND ARGS...    rt_ocd with the J-Link/H7 prelude, no servers,
#                                QSPI brought up (qspi-init.tcl), bank 1
#                                declared, init + reset halt + vb_qspi_init
#   rt_attach WHO BOUND ARGS...  the same attaching to a board whose firmware set
#                                QSPI up: init + halt, no reset
#   rt_ended WHAT                fail unless the last rt_ocd ended by itself
#   rt_xfail WHAT WHY            the last run shows a known product failure: print
#                                "XFAIL: WHAT: WHY" (the test passes while it
#                                persists; flip RT_XFAIL_<tag> to 0 once fixed)
#
# Each test bounds every run; verdicts come from OpenOCD's messages and the
# board's files (qspi.bin, stats.json), never from how long a run took.
: "${RT_SPEED:=100}"

rt_libfaketime() {
	local f
	for f in /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1; do
		[ -f "$f" ] && { echo "$f"; return 0; }
	done
	return 1
}

RT_LIBFAKETIME=$(rt_libfaketime) ||
	fail "libfaketime not found: install Debian's faketime package (scripts/deps.sh does)"

# The preload works (a sleep of RT_SPEED/10 accelerated seconds must end in
# well under the 30 s bound; unaccelerated it would take 10 s at 100).
rt_check_faketime() {
	local s=$((RT_SPEED / 10))
	[ "$s" -ge 1 ] || s=1
	timeout 30 env LD_PRELOAD="$RT_LIBFAKETIME" FAKETIME="+0 x$RT_SPEED" sleep "$s" ||
		fail "libfaketime at x$RT_SPEED does not accelerate sleep (LD_PRELOAD=$RT_LIBFAKETIME)"
}
rt_check_faketime

rt_state() {
	VB_STATE=$SCRATCH/state
	mkdir -p "$VB_STATE"
	python3 - "$VB_STATE/qspi.bin" "$@" <<'PY'
import os, sys
path, size = sys.argv[1], 128 << 20
if not os.path.exists(path) or os.path.getsize(path) < size:
    with open(path, "wb") as q:
        q.write(b"\xff" * size)
with open(path, "r+b") as q:
    for spec in sys.argv[2:]:
        off, src = spec.split(":", 1)
        q.seek(int(off, 0))
        q.write(open(src, "rb").read())
PY
}

# As vb_start, with a longer bound on the socket (60 s): the board's start-up
# (Unicorn, memory maps) is CPU work that a loaded machine stretches past
# vb_start's 10 s.
rt_start() {
	[ -x "$VBOARD" ] || fail "no $VBOARD: run make"
	VB_SOCK=$SCRATCH/vboard.sock
	export VBOARD_SOCKET=$VB_SOCK
	"$VBOARD" --state "$VB_STATE" --socket "$VB_SOCK" --real-time "$RT_SPEED" "$@" \
		>"$SCRATCH/vboard.log" 2>&1 &
	VB_PID=$!
	on_exit vb_stop
	local i
	for i in $(seq 1 1200); do
		[ -S "$VB_SOCK" ] && return 0
		kill -0 "$VB_PID" 2>/dev/null || { cat "$SCRATCH/vboard.log"; fail "vboard exited at start-up"; }
		sleep 0.05
	done
	cat "$SCRATCH/vboard.log"
	fail "vboard did not open its socket within 60 s"
}

rt_ocd() {
	local who=$1 bound=$2 bin t0
	shift 2
	[ -n "${SCRATCH:-}" ] || scratch
	if [ "$who" = ours ]; then
		bin=$OPENOCD
	else
		[ -x "$STOCK_OPENOCD" ] || fail "no stock openocd at $STOCK_OPENOCD: run make"
		bin=$STOCK_OPENOCD
		set -- -s "$STOCK_SCRIPTS" "$@"
	fi
	t0=$(date +%s)
	# Only OpenOCD is accelerated: timeout(1) keeps real seconds.
	timeout -k 5 "$bound" env LD_PRELOAD="$RT_LIBFAKETIME" FAKETIME="+0 x$RT_SPEED" \
		LD_LIBRARY_PATH="$VJLINK_DIR" "$bin" "$@" >"$SCRATCH/ocd.log" 2>&1
	RT_RC=$?
	RT_WALL=$(($(date +%s) - t0))
	cat "$SCRATCH/ocd.log"
	echo "rt_ocd $who: exit $RT_RC after ${RT_WALL}s wall (x$RT_SPEED)"
}

rt_qspi() {
	local who=$1 bound=$2
	shift 2
	rt_ocd "$who" "$bound" "${H7_ARGS[@]}" "${QSPI_NOSERVERS[@]}" \
		-f testing/tests/qspi/qspi-init.tcl -c "$QSPI_BANK" \
		-c init -c "reset halt" -c vb_qspi_init "$@"
}

rt_attach() {
	local who=$1 bound=$2
	shift 2
	rt_ocd "$who" "$bound" "${H7_ARGS[@]}" "${QSPI_NOSERVERS[@]}" -c "$QSPI_BANK" \
		-c init -c halt "$@"
}

rt_ended() {
	[ "$RT_RC" != 124 ] && [ "$RT_RC" != 137 ] ||
		fail "$1: openocd did not end by itself (killed by the test's bound)"
}

rt_xfail() {
	echo "XFAIL: $1: $2"
}
