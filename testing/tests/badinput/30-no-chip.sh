# No flash answering on QUADSPI (none fitted, or the QUADSPI not set up
# after a plain `reset halt`): probe used to succeed with a bank of size 0,
# and `program` into the QSPI window then hit assert(run_size > 0) or
# SIGSEGV after internal flash had already been written.  Now the probe
# fails with a message, every later command on the bank says so again, and
# nothing is written anywhere: the whole image is checked before the first
# erase.  Stock's crash is logged.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
. testing/tests/lib/badinput.sh
scratch
ELF=$FIRMWARE/demo_app.elf
[ -f "$ELF" ] || fail "no $ELF: run make"
head -c 4096 /dev/urandom >"$SCRATCH/r.bin"
NOCHIP='no flash answers the JEDEC ID command'
VB_STATE=$SCRATCH/none
vb_start --chip none
bi_snapshot
bi_refused "program with no chip" "no QSPI flash answers" "${BI_NOSERVERS[@]}" \
	-f board/stm32h753.cfg -c "program $ELF verify reset exit"
grep -q 'Unable to reset target' "$SCRATCH/ocd.log" || fail "program: went on after reset init failed"
bi_unchanged "program with no chip"
# Past a failed reset init, write_image stops at the chipless bank before
# writing internal flash.
bi_refused "write_image with no chip" "$NOCHIP" "${BI_NOSERVERS[@]}" -f board/stm32h753.cfg \
	-c init -c "catch {reset init}" -c "flash write_image erase $ELF" -c shutdown
bi_unchanged "write_image with no chip"

# Every later use of the bank in one session fails with the same message.
bi_refused "later commands" "$NOCHIP" "${BI_NOSERVERS[@]}" -f board/stm32h753.cfg -c init \
	-c "catch {reset init}" \
	-c "if {![catch {flash info 2}]} {echo INFO-OK}" \
	-c "if {![catch {stmqspi mass_erase 2}]} {echo MASS-OK}" \
	-c "if {![catch {flash write_bank 2 $SCRATCH/r.bin 0}]} {echo WRITE-OK}" \
	-c "if {![catch {flash write_image erase $SCRATCH/r.bin 0x90000000}]} {echo IMAGE-OK}" \
	-c "flash erase_address 0x90000000 0x10000" -c shutdown
grep -q -- '-OK$' "$SCRATCH/ocd.log" && fail "a command on the chipless bank succeeded"
n=$(grep -c "$NOCHIP" "$SCRATCH/ocd.log")
[ "$n" -ge 5 ] || fail "the no-chip message appeared $n times, want one per command"
bi_unchanged "later commands"
bi_stock "write_image with no chip" "${BI_NOSERVERS[@]}" "${H7_ARGS[@]}" \
	-c "flash bank qspi stmqspi 0x90000000 0 0 0 stm32h7x.cpu0 0x52005000" -c init \
	-c "reset halt" -c "flash write_image erase $SCRATCH/r.bin 0x90000000" -c shutdown
vb_stop

# A fitted chip, but the QUADSPI never set up: reset halt, no reset init.
VB_STATE=$SCRATCH/fitted
board_seed_qspi
vb_start
bi_snapshot
bi_refused "write_image after reset halt" "QSPI|QUADSPI|flash" "${BI_NOSERVERS[@]}" \
	-f board/stm32h753.cfg -c init -c "reset halt" -c "flash write_image erase $ELF" -c shutdown
bi_unchanged "write_image after reset halt"
vb_stop
pass
