# openocd.exe lists the adapters we promise (configure requires them, as on
# Linux): J-Link, ST-Link, CMSIS-DAP (HID and bulk), FTDI, XDS110, KitProg,
# remote_bitbang, dummy, and hla (Nu-Link is an hla layout); and every
# adapter the Linux build has that Windows can have (no Linux-only drivers).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/windows.sh
scratch
win_setup
win_ocd -c "adapter list" -c shutdown || fail "openocd.exe exited $?"
for a in jlink st-link cmsis-dap ftdi xds110 hla kitprog remote_bitbang dummy; do
	grep -Eq "^[0-9]+: $a\$" "$SCRATCH/ocd.log" || fail "adapter $a missing from adapter list"
done
if [ -x "$OPENOCD" ]; then
	"$OPENOCD" -c "adapter list" -c shutdown 2>&1 | sed -n 's/^[0-9]*: //p' >"$SCRATCH/linux"
	sed -n 's/^[0-9]*: //p' "$SCRATCH/ocd.log" >"$SCRATCH/win"
	# Linux-only: sysfs GPIO, libgpiod, /dev/mem bit-banging, Linux parport
	missing=$(grep -vxE 'linuxgpiod|sysfsgpio|bcm2835gpio|imx_gpio|am335xgpio|parport|buspirate|jtag_dpi|vdebug|jtag_vpi|remote_bitbang' \
		"$SCRATCH/linux" | grep -vxF -f "$SCRATCH/win" || true)
	[ -z "$missing" ] || fail "adapters of the Linux build missing on Windows: $missing"
fi
pass
