# The build reports the fork and its version beside upstream's 0.12.0.
. testing/tests/lib/common.sh
[ -x "$OPENOCD" ] || fail "no $OPENOCD: run make"
v=$("$OPENOCD" --version 2>&1 | head -1)
echo "$v"
want="Open On-Chip Debugger 0.12.0 [openocd-qspi-h7 $(cat "$TOP/VERSION")]"
case $v in
"$want"*) pass ;;
*) fail "version line is '$v', expected it to start with '$want'" ;;
esac
