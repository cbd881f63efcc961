# SPDX-License-Identifier: GPL-2.0-or-later
# The Windows release (make windows) under Wine (sourced after common.sh and
# vboard.sh).  Tests skip, naming the cause, when wine or the zip is missing;
# make check-windows builds the zip first, so CI never skips them.
#
#   win_setup                 the Wine prefix ($BUILD/win64/wineprefix, made once)
#                             and a fresh unzipped copy of the release under
#                             "$SCRATCH/Program Files/openocd qspi h7" (a path
#                             with spaces); WIN_DIR is that copy, WIN_EXE its exe
#   win_use_vjlink            put the Windows virtual J-Link (libjaylink-0.dll)
#                             into the test copy only, never into the zip
#   win_vb_start ARGS...      a Linux virtual board on TCP 127.0.0.1 (the Windows
#                             J-Link cannot use a Unix socket); exports
#                             VBOARD_SOCKET=tcp:PORT for the DLL
#   win_ocd ARGS...           run openocd.exe under Wine in the foreground, cwd
#                             the scripts folder; output, CR-stripped, in
#                             $SCRATCH/ocd.log (also printed)
#   win_vg_openocd ARGS...    openocd.exe started as VisualGDB starts it: vg_openocd
#                             of visualgdb.sh; vg_gdb then drives it
. testing/tests/lib/visualgdb.sh
WIN_ZIP=$BUILD/dist/openocd-qspi-h7-$(cat "$TOP/VERSION")-win64.zip
WIN_VJLINK=$BUILD/win64/vjlink/libjaylink-0.dll

win_setup() {
	command -v wine >/dev/null || skip "wine is not installed (Debian package wine; make check-windows)"
	[ -f "$WIN_ZIP" ] || skip "no $WIN_ZIP: run make windows (make check-windows builds it)"
	[ -n "${SCRATCH:-}" ] || scratch
	export WINEPREFIX=$BUILD/win64/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
	export WINEARCH=win64
	if [ ! -f "$WINEPREFIX/system.reg" ]; then
		mkdir -p "$WINEPREFIX"
		timeout 300 wineboot -i >"$SCRATCH/wineboot.log" 2>&1 ||
			{ cat "$SCRATCH/wineboot.log"; fail "wineboot could not set up $WINEPREFIX"; }
	fi
	local base="$SCRATCH/Program Files/openocd qspi h7"
	mkdir -p "$base"
	unzip -q "$WIN_ZIP" -d "$base" || fail "cannot unzip $WIN_ZIP"
	WIN_DIR=$base/openocd-qspi-h7-$(cat "$TOP/VERSION")-win64
	WIN_EXE=$WIN_DIR/bin/openocd.exe
	WIN_SCRIPTS=$WIN_DIR/share/openocd/scripts
	[ -f "$WIN_EXE" ] || fail "the zip has no bin/openocd.exe at the expected place"
	on_exit win_wineserver_wait
}

# Wine's server outlives the last process by a few seconds; wait (bounded)
# so the next test starts from a quiet prefix.
win_wineserver_wait() {
	timeout 60 wineserver -w 2>/dev/null || true
}

win_use_vjlink() {
	make -s -C "$TOP/testing" BUILD="$BUILD" vjlink-win >"$SCRATCH/vjlink-win.log" 2>&1 ||
		{ cat "$SCRATCH/vjlink-win.log"; fail "cannot build $WIN_VJLINK (make -C testing vjlink-win)"; }
	cp "$WIN_VJLINK" "$WIN_DIR/bin/libjaylink-0.dll"
}

win_vb_start() {
	[ -x "$VBOARD" ] || fail "no $VBOARD: run make"
	VB_STATE=${VB_STATE:-$SCRATCH/state}
	local port
	port=$(tn_free_port)
	export VBOARD_SOCKET=tcp:$port
	"$VBOARD" --state "$VB_STATE" --socket "tcp:$port" "$@" >"$SCRATCH/vboard.log" 2>&1 &
	VB_PID=$!
	on_exit vb_stop
	local i
	for i in $(seq 1 3600); do
		grep -q '^vboard: listening on' "$SCRATCH/vboard.log" && return 0
		kill -0 "$VB_PID" 2>/dev/null || { cat "$SCRATCH/vboard.log"; fail "vboard exited at start-up"; }
		sleep 0.05
	done
	cat "$SCRATCH/vboard.log"
	fail "vboard did not listen on 127.0.0.1:$port within 180 s"
}

win_ocd() {
	local rc
	(cd "$WIN_SCRIPTS" && timeout "${OCD_TIMEOUT:-600}" wine "$WIN_EXE" "$@") >"$SCRATCH/ocd.raw" 2>&1
	rc=$?
	tr -d '\r' <"$SCRATCH/ocd.raw" >"$SCRATCH/ocd.log"
	cat "$SCRATCH/ocd.log"
	return $rc
}

# visualgdb.sh's vg_openocd with openocd.exe under Wine in place of the Linux
# binary: a wrapper that runs it and strips the CR of each line as it comes
# (sed -u: the ready line must not wait in a buffer).
win_vg_openocd() {
	local wrapper=$SCRATCH/openocd-wine
	cat >"$wrapper" <<'SH'
#!/bin/sh
wine "$WIN_EXE" "$@" 2>&1 | sed -u 's/\r$//'
SH
	chmod +x "$wrapper"
	export WIN_EXE
	OPENOCD=$wrapper VG_SCRIPTS=$WIN_SCRIPTS vg_openocd "$@"
}
