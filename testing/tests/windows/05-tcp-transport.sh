# The board's TCP transport, which the Windows virtual J-Link must use (no
# Unix sockets there), exercised by the Linux build of the virtual J-Link and
# our Linux OpenOCD, so that it runs in every make check, Wine or not:
# "program demo_app.elf verify reset exit" through VBOARD_SOCKET=tcp:PORT.
# A round trip that stalls on TCP's delayed acknowledgement (tens of ms of
# wall time each) makes OpenOCD's 10 s wait for the internal-flash write
# algorithm run out at bank 2, as it did for openocd.exe under Wine.
# Oracle: flash.bin and qspi.bin hold demo_app.elf's sections.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
. testing/tests/lib/windows.sh
scratch
VB_STATE=$SCRATCH/state
win_vb_start
[ -f "$FIRMWARE/demo_app.elf" ] || fail "no $FIRMWARE/demo_app.elf: run make"
ocd_ours -f board/stm32h753.cfg -c "program $FIRMWARE/demo_app.elf verify reset exit" ||
	fail "program through the virtual J-Link over TCP failed"
grep -q '^\*\* Verified OK \*\*$' "$SCRATCH/ocd.log" || fail "no Verified OK"
vb_stop
board_check_demo_images || fail "the image files do not hold demo_app.elf"
pass
