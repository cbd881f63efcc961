# The gdb workflow (what VisualGDB does with a custom OpenOCD and no FLASH
# plugin): gdb starts OpenOCD with the board file; the gdb-attach event sets
# QUADSPI up, so the memory map gdb receives already has the QSPI flash at
# 0x90000000 (128 MiB, 64 KiB blocks).  Then monitor reset init, load,
# compare-sections, and a second load that must leave every sector alone;
# flash.bin and qspi.bin must equal the objcopy images.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
scratch
command -v gdb-multiarch >/dev/null || skip "no gdb-multiarch"
[ -f "$FIRMWARE/demo_app.elf" ] || fail "no $FIRMWARE/demo_app.elf: run make"
VB_STATE=$SCRATCH/state
vb_start
LD_LIBRARY_PATH=$VJLINK_DIR timeout 300 gdb-multiarch -nx -batch -ex "set pagination off" -ex "set remotetimeout 120" \
	-ex "file $FIRMWARE/demo_app.elf" \
	-ex "target extended-remote | $OPENOCD \
-f board/stm32h753.cfg -c 'gdb_port pipe' -c 'tcl_port disabled' -c 'telnet_port disabled' -c 'log_output $SCRATCH/ocd.log'" \
	-ex "info mem" -ex "monitor reset init" -ex load -ex compare-sections \
	-ex "monitor reset init" -ex load \
	>"$SCRATCH/gdb.log" 2>&1
cat "$SCRATCH/gdb.log"
vb_stop
grep -Eq '0x90000000 +0x98000000 +flash blocksize 0x10000' "$SCRATCH/gdb.log" ||
	fail "gdb's memory map has no QSPI flash region"
grep -Eq '0x08100000 +0x08200000 +flash blocksize 0x20000' "$SCRATCH/gdb.log" ||
	fail "gdb's memory map has no bank 2"
grep -q '^Start address 0x08000298' "$SCRATCH/gdb.log" || fail "load did not finish"
for s in .isr_vector .text .bank2 .qspi_data .qspi_misc; do
	grep -q "^Section $s, range .*: matched\.\$" "$SCRATCH/gdb.log" || fail "compare-sections: $s"
done
grep -q 'MIS-MATCHED' "$SCRATCH/gdb.log" && fail "compare-sections mismatch"
# the second load finds every sector unchanged (vFlashErase deferred to
# vFlashDone, patches 0006 and 0008): nothing erased or written again
# (one line per run of sections in a bank, the same number in each load)
runs=$(grep -c 'sector(s) unchanged' "$SCRATCH/ocd.log")
n=$(grep -c 'sector(s) unchanged, 0 to erase, 0 to write' "$SCRATCH/ocd.log")
[ "$runs" -ge 6 ] && [ $((2 * n)) = "$runs" ] ||
	fail "second load: $n of $((runs / 2)) runs skipped as unchanged"
board_check_demo_images || fail "images differ"
pass
