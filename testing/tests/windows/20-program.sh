# The main job with openocd.exe under Wine: program the demo firmware through
# the Windows virtual J-Link (test copy only) with the board file,
# "program demo_app.elf verify reset exit", on a fresh board.  Oracle: the
# board's flash.bin and qspi.bin hold every loadable section of the ELF.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/windows.sh
scratch
win_setup
win_use_vjlink
VB_STATE=$SCRATCH/state
win_vb_start
ELF=$FIRMWARE/demo_app.elf
[ -f "$ELF" ] || fail "no $ELF: run make"
cp "$ELF" "$SCRATCH/demo app.elf"
# the ELF by a Windows path with a space, as a user would pass it
win_ocd -f board/stm32h753.cfg -c "program {Z:$SCRATCH/demo app.elf} verify reset exit" ||
	fail "program exited non-zero"
grep -q '^\*\* Verified OK \*\*$' "$SCRATCH/ocd.log" || fail "no Verified OK"
vb_stop
VG_APP=$ELF
vg_check_images || fail "the image files do not hold demo_app.elf"
pass
