# VisualGDB's session on Windows, replayed under Wine: openocd.exe from the
# unzipped release (its libjaylink-0.dll replaced, in this test copy only,
# by the Windows build of the virtual J-Link on TCP) started with VisualGDB's
# command line (ports first, board file, init, reset init, the ready line
# last, scripts folder as working directory), then gdb-multiarch on Linux:
# target remote, mon halt, mon reset init, load of an ELF with sections in
# both internal flash banks and the QSPI flash (across the die boundary),
# the stack check on the word below _estack, compare-sections.
# Oracle: flash.bin and qspi.bin against the ELF's section bytes.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/windows.sh
scratch
command -v gdb-multiarch >/dev/null || skip "no gdb-multiarch"
win_setup
win_use_vjlink
vg_build_app
VB_STATE=$SCRATCH/state
win_vb_start --flash-image "$FIRMWARE/idle.bin"
win_vg_openocd -f board/stm32h753.cfg
vg_gdb load "${VG_STACK_CHECK[@]}" compare-sections
cat "$SCRATCH/ocd.log"
vb_stop

grep -q '^Start address 0x0800' "$SCRATCH/gdb.log" || fail "load did not finish"
grep -q '^STACKWORD=5a5aa5a5$' "$SCRATCH/gdb.log" ||
	fail "stack check: the word below _estack (0x2001fffc) did not read back"
vg_check_images || fail "the image files differ from the ELF's sections"
for s in .isr_vector .text .data .bank2 .qspi_head .qspi_dies; do
	grep -q "^Section $s, range .*: matched\.\$" "$SCRATCH/gdb.log" || fail "compare-sections: $s"
done
pass
