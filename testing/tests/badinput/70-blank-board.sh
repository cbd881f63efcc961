# A board whose internal flash is blank is normal (a new board): its core
# locks up at reset (the first vector fetch faults, then the fault handler
# does).  Connecting with the board file and running reset init must not
# print an "Error:" line for that state, only a warning that says what it
# means, and must succeed (0.12.0 printed "Error: ... clearing lockup after
# double fault" on every connect).  Oracle: OpenOCD's messages and exit
# status, and the blank flash.bin left unchanged.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/badinput.sh
scratch
vb_start
bi_snapshot
ocd_ours -f board/stm32h753.cfg "${BI_NOSERVERS[@]}" -c init -c "reset init" -c shutdown ||
	fail "reset init on a blank board failed"
log=$SCRATCH/ocd.log
grep -q 'Error' "$log" && fail "an Error line for a blank board's normal state"
grep -q 'core was locked up (unrecoverable fault, e.g. blank flash' "$log" ||
	fail "the lockup is not explained"
bi_unchanged "blank board connect"
pass
