# Messages and exit codes a user acts on.
# - `stmqspi set` / `stmqspi cmd` with a bad number name the argument, not
#   the C field ("stmqspi_info->dev.pagesize option value ..."); `stmqspi
#   cmd` checks its data bytes before sending anything.
# - A failed reset-init handler makes `reset init` fail: exit 1, where it
#   used to exit 0 (ours before, and stock with the same board file).
# - `program ... verify` prints verify_image's differing addresses, which it
#   used to swallow.
# - `flash info 2` shows the 2,048 sectors of the W25Q01JV as one line;
#   `flash info 2 sectors` still lists them all.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
. testing/tests/lib/badinput.sh
bi_board
bi_refused "stmqspi set: bad page size" "stmqspi set: page size 'x100' is not a number in 0\.\.0xffffffff" \
	"${BOARD[@]}" -c "stmqspi set 2 M 0x8000000 x100 0x13 0x6c 0x12" -c shutdown
grep -q 'stmqspi_info' "$SCRATCH/ocd.log" && fail "stmqspi set: C field name in the message"
bi_refused "stmqspi set: opcode above 0xff" "stmqspi set: read opcode '0x113' is not a number in 0\.\.0xff" \
	"${BOARD[@]}" -c "stmqspi set 2 M 0x8000000 0x100 0x113 0x6c 0x12" -c shutdown
bi_refused "stmqspi set: bad device size" "stmqspi set: device size '128M' is not a number" \
	"${BOARD[@]}" -c "stmqspi set 2 M 128M 0x100 0x13 0x6c 0x12" -c shutdown
bi_unchanged "stmqspi set"
# The native W25Q path of stmqspi cmd names its arguments too.
bi_refused "stmqspi cmd: count above 255" "number of bytes to read: '300' is not a number from 0 to 255" \
	"${BOARD[@]}" -c "stmqspi cmd 2 300 0x9f" -c shutdown
bi_refused "stmqspi cmd: bad data byte" "data byte: '0x1ff' is not a number from 0 to 255" \
	"${BOARD[@]}" -c "stmqspi cmd 2 0 0x06 0x1ff" -c shutdown
grep -q 'num_read\|option value' "$SCRATCH/ocd.log" && fail "stmqspi cmd: C field name in the message"
bi_unchanged "stmqspi cmd"
# After a refused set, the bank probes again and works.
ocd_ours "${BOARD[@]}" -c "catch {stmqspi set 2 M 0x8000000 x 0x13 0x6c 0x12}" \
	-c "stmqspi set 2 MANUAL 0x8000000 0x100 0x13 0x6c 0x12 0xc7 0x10000 0xdc" \
	-c "flash info 2" -c "flash info 2 sectors" -c shutdown || fail "stmqspi set after a refused one"
grep -q '#  0 \.\. #2047: 0x00000000 \.\. 0x07ffffff, 2048 x (0x10000 64kB) not protected$' \
	"$SCRATCH/ocd.log" || fail "flash info 2: no one-line summary of the sectors"
n=$(grep -c '^	#[ 0-9]*: 0x[0-9a-f]* (0x10000 64kB) not protected$' "$SCRATCH/ocd.log")
[ "$n" = 2048 ] || fail "flash info 2 sectors: $n sector lines, want 2048"

# program ... verify passes on verify_image's own lines (the differing
# addresses) when it fails.  verify_image is replaced by a proc that fails
# as it does on a mismatch, so the check does not depend on making the
# flash lie (after init, which registers the real one).
head -c 4096 /dev/urandom >"$SCRATCH/4k.bin"
bi_refused "program verify failure" "diff 0 address 0x90000010\. Was 0x00 instead of 0x5a" \
	"${BI_NOSERVERS[@]}" -f board/stm32h753.cfg -c init \
	-c "proc verify_image {args} {error \"diff 0 address 0x90000010. Was 0x00 instead of 0x5a\"}" \
	-c "program $SCRATCH/4k.bin 0x90000000 verify exit"
grep -q 'Verify Failed' "$SCRATCH/ocd.log" || fail "program verify: no failure line"

# reset init whose handler fails (no flash answers on the default pins of a
# board wired to others): exit status 1, with the handler's message.
vb_stop
VB_STATE=$SCRATCH/wired
vb_start --qspi-wiring CLK=PF10:9,NCS=PG6:10,IO0=PF8:10,IO1=PF9:10,IO2=PF7:9,IO3=PF6:9
bi_refused "reset init, flash on other pins" "reset init: the reset-init event handler failed" \
	"${BI_NOSERVERS[@]}" -f board/stm32h753.cfg -c init -c "reset init" -c shutdown
grep -q 'no QSPI flash answers' "$SCRATCH/ocd.log" || fail "reset init: cause not shown"
bi_stock "reset init, flash on other pins (stock, same board file)" "${BI_NOSERVERS[@]}" -s "$TOP/tcl" \
	-f board/stm32h753.cfg -c init -c "reset init" -c shutdown
vb_stop
pass
