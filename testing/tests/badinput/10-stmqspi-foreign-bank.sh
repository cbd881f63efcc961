# stmqspi commands given a bank of another driver (bank 0 and 1 are the
# internal flash): `stmqspi mass_erase 1`, `cmd 1`, `set 1` used to crash
# (SIGSEGV), `set 0` to abort in free(), `cmd 0 3 0x9f` to write registers
# at whatever address bank 0's private data held and exit 0.  Each must be
# refused with a message naming the bank and its driver, a non-zero exit,
# and both image files unchanged.  Stock has the same fault for cmd and set
# (logged, not checked: it may crash or not depending on memory).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
. testing/tests/lib/badinput.sh
bi_board
SET_ARGS="w25q01 0x8000000 0x100 0x13 0xec 0x12 0xc7 0x10000 0xdc"
for cmd in "stmqspi mass_erase 1" "stmqspi cmd 1 1 0x9f" "stmqspi set 1 $SET_ARGS" \
	"stmqspi set 0 $SET_ARGS" "stmqspi cmd 0 3 0x9f" "stmqspi mass_erase stm32h753.bank1.cpu0"; do
	bi_refused "$cmd" "is a stm32h7x bank, not stmqspi" "${BOARD[@]}" -c "$cmd" -c shutdown
	bi_unchanged "$cmd"
done
# The QSPI bank itself still answers afterwards in the same session.
ocd_ours "${BOARD[@]}" -c "catch {stmqspi cmd 1 1 0x9f}" -c "stmqspi cmd 2 3 0x9f" \
	-c shutdown || fail "stmqspi cmd on the QSPI bank failed"
grep -q '^spi: 9f -> ef 40 21' "$SCRATCH/ocd.log" || fail "QSPI bank: no JEDEC ID"
bi_unchanged "stmqspi cmd 2"

STOCK=("${BI_NOSERVERS[@]}" "${H7_ARGS[@]}" -c "flash bank qspi stmqspi 0x90000000 0 0 0 stm32h7x.cpu0 0x52005000"
	-c init -c "reset halt")
for cmd in "stmqspi cmd 1 1 0x9f" "stmqspi set 0 $SET_ARGS" "stmqspi cmd 0 3 0x9f"; do
	bi_stock "$cmd" "${STOCK[@]}" -c "$cmd" -c shutdown
done
vb_stop
pass
