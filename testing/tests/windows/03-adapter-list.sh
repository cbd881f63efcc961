# openocd.exe lists the adapters we promise (configure requires them, as on
# Linux): J-Link, ST-Link, CMSIS-DAP (HID and bulk), FTDI, XDS110, Nu-Link,
# KitProg, remote_bitbang, dummy.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/windows.sh
scratch
win_setup
win_ocd -c "adapter list" -c shutdown || fail "openocd.exe exited $?"
for a in jlink st-link cmsis-dap ftdi xds110 nulink kitprog remote_bitbang dummy; do
	grep -Eq "^[0-9]+: $a\$" "$SCRATCH/ocd.log" || fail "adapter $a missing from adapter list"
done
pass
