# openocd.exe from the release zip, under Wine: --version names the fork and
# its version (VERSION), as the Linux build does.  Oracle: VERSION and the
# banner the Linux binary prints.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/windows.sh
scratch
win_setup
win_ocd --version || fail "openocd.exe --version exited $?"
ver=$(cat "$TOP/VERSION")
want="Open On-Chip Debugger 0.12.0 [openocd-qspi-h7 $ver]"
[ "$(head -1 "$SCRATCH/ocd.log")" = "$want" ] || fail "first line is not '$want'"
if [ -x "$OPENOCD" ]; then
	linux=$("$OPENOCD" --version 2>&1 | head -1)
	[ "$linux" = "$want" ] || fail "the Linux build says '$linux'"
fi
pass
