# SPDX-License-Identifier: GPL-2.0-or-later
# OpenOCD through the virtual CMSIS-DAP (sourced after common.sh and vboard.sh;
# brings probe.sh, whose probe_use cmsis-dap starts the board and sets the
# interface lines).  The probe is the HID look-alike library
# (testing/vcmsisdap/); the HID backend is forced so that a real probe
# plugged into the machine is never opened.
#
#   CD_ARGS                  interface lines: interface/cmsis-dap.cfg, backend hid
#   CD_WAIT_ARGS             vboard options of the AP WAIT runs
#   cd_waits_seen            after probe_stop: the board answered WAITs if the test's
#                            extra vboard options ask for them
. testing/tests/lib/probe.sh
CD_ARGS=("${PROBE_CMSIS_DAP_IF[@]}")
CD_WAIT_ARGS=(--ap-wait-rate 0.01 --ap-wait-burst 8 --seed 3)

# After probe_stop, on a board started with "${extra[@]}" (CD_VBOARD_ARGS): when
# those inject WAITs, the board answered some (printed); fails if none.
cd_waits_seen() {
	[ ${#extra[@]} -gt 0 ] || return 0
	local waits
	waits=$(vb_stats swd_wait_acks)
	echo "$PROBE_WHO: AP WAITs answered on the wire: $waits"
	[ "${waits:-0}" -gt 0 ] || fail "$PROBE_WHO: no AP WAIT was injected"
}
