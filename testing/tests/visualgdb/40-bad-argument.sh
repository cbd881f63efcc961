# report_flash_progress with an argument that is neither on nor off: a
# message naming the argument and a non-zero exit.
. testing/tests/lib/common.sh
scratch
"$OPENOCD" -f board/stm32h753.cfg -c "report_flash_progress maybe" -c shutdown \
	>"$SCRATCH/ocd.log" 2>&1 && { cat "$SCRATCH/ocd.log"; fail "openocd exited 0"; }
cat "$SCRATCH/ocd.log"
grep -q "report_flash_progress: 'maybe' is neither on nor off" "$SCRATCH/ocd.log" ||
	fail "no message naming the bad argument"
"$OPENOCD" -f board/stm32h753.cfg -c "report_flash_progress off" -c shutdown \
	>"$SCRATCH/ok.log" 2>&1 || { cat "$SCRATCH/ok.log"; fail "report_flash_progress off failed"; }
grep -q '^FLASH progress reporting is now off$' "$SCRATCH/ok.log" || fail "no 'now off' line"
pass
