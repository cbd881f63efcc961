# SPDX-License-Identifier: GPL-2.0-or-later
# OpenOCD through the virtual CMSIS-DAP (sourced after common.sh and vboard.sh).
# The probe is the HID look-alike library (testing/vcmsisdap/); the HID
# backend is forced so that a real probe plugged into the machine is never
# opened.
#
#   CD_ARGS                  interface lines: interface/cmsis-dap.cfg, backend hid
#   cd_use ours|stock        pick the OpenOCD: sets OPENOCD (the binary the shared
#                            helpers tn_server and vg_* start), CD_SEARCH (-s options
#                            for stock: its scripts and our board file) and points
#                            VJLINK_DIR, the probe library folder those helpers put
#                            in LD_LIBRARY_PATH, at the CMSIS-DAP library
#   cd_ocd ARGS...           run the picked OpenOCD with CD_ARGS first; log in
#                            $SCRATCH/ocd.log (also printed)
#   CD_WAIT_ARGS             vboard options of the AP WAIT runs
#   cd_waits_seen            after vb_stop: the board answered WAITs if the test's
#                            extra vboard options ask for them
VCMSISDAP_DIR=$BUILD/lib/vcmsisdap
CD_ARGS=(-f interface/cmsis-dap.cfg -c "cmsis_dap_backend hid")
CD_WAIT_ARGS=(--ap-wait-rate 0.01 --ap-wait-burst 8 --seed 3)
CD_OURS_OPENOCD=$OPENOCD

cd_use() {
	[ -f "$VCMSISDAP_DIR/libhidapi-hidraw.so.0" ] ||
		fail "no $VCMSISDAP_DIR/libhidapi-hidraw.so.0: run make"
	VJLINK_DIR=$VCMSISDAP_DIR
	CD_WHO=$1
	if [ "$1" = stock ]; then
		[ -x "$STOCK_OPENOCD" ] || fail "no stock openocd at $STOCK_OPENOCD: run make"
		OPENOCD=$STOCK_OPENOCD
		CD_SEARCH=(-s "$TOP/tcl" -s "$STOCK_SCRIPTS")
	else
		OPENOCD=$CD_OURS_OPENOCD
		CD_SEARCH=()
	fi
}

cd_ocd() {
	LD_LIBRARY_PATH=$VCMSISDAP_DIR timeout "${OCD_TIMEOUT:-300}" "$OPENOCD" "${CD_SEARCH[@]}" \
		"${CD_ARGS[@]}" "$@" >"$SCRATCH/ocd.log" 2>&1
	local rc=$?
	cat "$SCRATCH/ocd.log"
	return $rc
}

# After vb_stop, on a board started with "${extra[@]}" (CD_VBOARD_ARGS): when
# those inject WAITs, the board answered some (printed); fails if none.
cd_waits_seen() {
	[ ${#extra[@]} -gt 0 ] || return 0
	local waits
	waits=$(vb_stats swd_wait_acks)
	echo "$CD_WHO: AP WAITs answered on the wire: $waits"
	[ "${waits:-0}" -gt 0 ] || fail "$CD_WHO: no AP WAIT was injected"
}

# The probe the log shows is the virtual CMSIS-DAP (not a J-Link, not a real probe).
cd_probe_seen() {
	grep -q 'CMSIS-DAP: Serial# = VCMSISDAP0001' "$SCRATCH/ocd.log"
}
