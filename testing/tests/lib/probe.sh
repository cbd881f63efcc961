# SPDX-License-Identifier: GPL-2.0-or-later
# One test body through every probe the virtual board offers (sourced after
# common.sh and vboard.sh).
#
#   PROBES                     every probe: jlink stlink-dap stlink-hla cmsis-dap
#   probe_use NAME WHO [vboard options...]
#                              start a board (vb_start with the options; VB_STATE
#                              as the caller set it) and what probe NAME needs:
#                              jlink and cmsis-dap are look-alike libraries found
#                              through LD_LIBRARY_PATH, stlink-dap and stlink-hla
#                              talk to vstlink-server (started here, on a free
#                              port).  WHO is ours or stock.  Sets
#                                PROBE, PROBE_WHO  NAME and WHO
#                                PROBE_IF   the interface arguments, to go
#                                           before the board file
#                                PROBE_OCD  WHO's openocd; for stock with -s
#                                           options for its scripts and our
#                                           board file (tcl/)
#                                PROBE_LD   the LD_LIBRARY_PATH folder
#                              and, for the helpers that start openocd
#                              themselves (tn_server, vg_openocd): VJLINK_DIR
#                              (= PROBE_LD) and TN_OCD (= probe_cmd)
#   probe_if NAME              PROBE_IF, PROBE_LD, VJLINK_DIR, TN_OCD for NAME alone
#                              (after probe_pick WHO; for stlink-* after st_start)
#   probe_ocd ARGS...          run PROBE_OCD with ARGS (nothing added); log in
#                              $SCRATCH/ocd.log, also printed; OCD_TIMEOUT
#                              (default 600 s) bounds it
#   probe_cmd                  PROBE_OCD as one string (TN_OCD)
#   probe_line ARGS...         PROBE_OCD, PROBE_IF and ARGS quoted for a shell, as
#                              one string (gdb's "target remote | ...")
#   probe_stop                 stop the probe's server and the board
#                              (stats.json written)
#   probe_seen                 the last ocd.log shows the virtual probe in use
#   st_start / st_stop         vstlink-server alone, for the board vb_start
#                              started (VBOARD_SOCKET): sets ST_PORT; log in
#                              $SCRATCH/vstlink.log; stopped on exit
PROBES="jlink stlink-dap stlink-hla cmsis-dap"
VSTLINK_SERVER=$BUILD/bin/vstlink-server
VCMSISDAP_DIR=$BUILD/lib/vcmsisdap
PROBE_OURS_OPENOCD=$OPENOCD
PROBE_VJLINK_DIR=$VJLINK_DIR
# the HID backend, so that a real probe on this machine is never opened
PROBE_CMSIS_DAP_IF=(-f interface/cmsis-dap.cfg -c "cmsis_dap_backend hid")

st_start() {
	[ -x "$VSTLINK_SERVER" ] || fail "no $VSTLINK_SERVER: run make"
	rm -f "$SCRATCH/vstlink.port"
	"$VSTLINK_SERVER" --port 0 --port-file "$SCRATCH/vstlink.port" --board "$VBOARD_SOCKET" \
		--verbose >"$SCRATCH/vstlink.log" 2>&1 &
	ST_PID=$!
	on_exit st_stop
	local i
	for i in $(seq 1 600); do
		[ -s "$SCRATCH/vstlink.port" ] && break
		kill -0 "$ST_PID" 2>/dev/null || { cat "$SCRATCH/vstlink.log"; fail "vstlink-server exited"; }
		sleep 0.05
	done
	[ -s "$SCRATCH/vstlink.port" ] || fail "vstlink-server did not listen within 30 s"
	ST_PORT=$(cat "$SCRATCH/vstlink.port")
}

st_stop() {
	[ -n "${ST_PID:-}" ] || return 0
	kill -TERM "$ST_PID" 2>/dev/null
	wait "$ST_PID" 2>/dev/null
	ST_PID=
}

# probe_pick WHO: PROBE_OCD for ours or stock
probe_pick() {
	case $1 in
	ours) PROBE_OCD=("$PROBE_OURS_OPENOCD") ;;
	stock)
		[ -x "$STOCK_OPENOCD" ] || fail "no stock openocd at $STOCK_OPENOCD: run make"
		PROBE_OCD=("$STOCK_OPENOCD" -s "$STOCK_SCRIPTS" -s "$TOP/tcl")
		;;
	*) fail "probe_use: '$1' is neither ours nor stock" ;;
	esac
	PROBE_WHO=$1
}

probe_use() {
	local name=$1
	[ $# -ge 2 ] || fail "probe_use NAME WHO [vboard options...]: too few arguments"
	case " $PROBES " in
	*" $name "*) ;;
	*) fail "probe_use: no probe '$name' (one of: $PROBES)" ;;
	esac
	probe_pick "$2"
	shift 2
	vb_start "$@"
	[[ $name == stlink-* ]] && st_start
	probe_if "$name"
}

# probe_if NAME: PROBE_IF and PROBE_LD for probe NAME (ST_PORT set for the
# ST-Link ones), and the helpers' VJLINK_DIR and TN_OCD
probe_if() {
	PROBE_LD=$PROBE_VJLINK_DIR
	case $1 in
	jlink) PROBE_IF=(-f interface/jlink.cfg) ;;
	stlink-dap) PROBE_IF=(-f interface/stlink-dap.cfg -c "st-link backend tcp $ST_PORT") ;;
	stlink-hla) PROBE_IF=(-f interface/stlink.cfg -c "hla_stlink_backend tcp $ST_PORT") ;;
	cmsis-dap)
		[ -f "$VCMSISDAP_DIR/libhidapi-hidraw.so.0" ] ||
			fail "no $VCMSISDAP_DIR/libhidapi-hidraw.so.0: run make"
		PROBE_IF=("${PROBE_CMSIS_DAP_IF[@]}")
		PROBE_LD=$VCMSISDAP_DIR
		;;
	*) fail "no probe '$1' (one of: $PROBES)" ;;
	esac
	PROBE=$1
	VJLINK_DIR=$PROBE_LD
	TN_OCD=$(probe_cmd)
}

probe_cmd() {
	local a s=""
	for a in "${PROBE_OCD[@]}"; do
		s+="${s:+ }$a"
	done
	echo "$s"
}

probe_line() {
	printf '%q ' "${PROBE_OCD[@]}" "${PROBE_IF[@]}" "$@"
}

probe_ocd() {
	LD_LIBRARY_PATH=$PROBE_LD timeout "${OCD_TIMEOUT:-600}" "${PROBE_OCD[@]}" "$@" \
		>"$SCRATCH/ocd.log" 2>&1
	local rc=$?
	cat "$SCRATCH/ocd.log"
	return $rc
}

probe_stop() {
	st_stop
	vb_stop
}

probe_seen() {
	case $PROBE in
	jlink) grep -q 'J-Link' "$SCRATCH/ocd.log" ;;
	stlink-*) grep -q 'STLINK V3' "$SCRATCH/ocd.log" ;;
	cmsis-dap) grep -q 'CMSIS-DAP: Serial# = VCMSISDAP0001' "$SCRATCH/ocd.log" ;;
	esac
}
