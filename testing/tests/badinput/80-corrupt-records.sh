# Intel HEX and S-record files whose records announce more bytes than their
# line holds (a count byte flipped, a line cut by a transfer) are refused
# before the first erase, naming the record, with the board unchanged.
# Before (stock 0.12.0 too): the loaders read as many hex pairs as the count
# said, past the end of the line; an S-record of count 00 made the count
# wrap to 4 billion and OpenOCD read until it crashed (found by
# testing/fuzz/fuzz_image).  An Intel HEX file for 0x90000000 still loads:
# its extended address 0x9000 used to be shifted as a signed int.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
. testing/tests/lib/badinput.sh
scratch
head -c 4096 /dev/urandom >"$SCRATCH/data.bin"
objcopy -I binary -O srec --change-addresses 0x90010000 "$SCRATCH/data.bin" "$SCRATCH/ok.srec"
objcopy -I binary -O ihex --change-addresses 0x90020000 "$SCRATCH/data.bin" "$SCRATCH/ok.hex"
# S0 header record with count 00.
{ echo "S0000000"; sed -n '2,$p' "$SCRATCH/ok.srec"; } >"$SCRATCH/count0.srec"
# The third record's count raised to FF: the line holds far fewer pairs.
sed '3s/^S3../S3FF/' "$SCRATCH/ok.srec" >"$SCRATCH/long.srec"
# The third data record's count raised from 10 to 40 (HEX).
sed '3s/^:10/:40/' "$SCRATCH/ok.hex" >"$SCRATCH/long.hex"
# An extended linear address record with 1 data byte instead of 2.
sed '1s/^:02000004\(..\)\(..\)../:01000004\1\2/' "$SCRATCH/ok.hex" >"$SCRATCH/ela.hex"

VB_STATE=$SCRATCH/state
board_seed_qspi
vb_start
bi_snapshot
BOARD=("${BI_NOSERVERS[@]}" -f board/stm32h753.cfg)
bi_refused "S-record of count 00" "S19 record shorter than its length 0x00" \
	"${BOARD[@]}" -c "program $SCRATCH/count0.srec exit"
bi_refused "S-record longer than its line" "S19 record shorter than its length 0xff" \
	"${BOARD[@]}" -c "program $SCRATCH/long.srec exit"
bi_refused "HEX record longer than its line" "IHEX record shorter than its length 0x40" \
	"${BOARD[@]}" -c "program $SCRATCH/long.hex exit"
bi_refused "HEX address record of 1 byte" "IHEX record shorter than its length 0x01" \
	"${BOARD[@]}" -c "program $SCRATCH/ela.hex exit"
bi_unchanged "corrupt records"
# The intact files program and land where they say.
ocd_ours "${BOARD[@]}" -c "program $SCRATCH/ok.srec verify exit" >/dev/null || fail "ok.srec refused"
ocd_ours "${BOARD[@]}" -c "program $SCRATCH/ok.hex verify exit" >/dev/null || fail "ok.hex refused"
vb_stop
for off in 0x10000 0x20000; do
	cmp -s <(dd if="$VB_STATE/qspi.bin" bs=4096 skip=$((off / 4096)) count=1 2>/dev/null) \
		"$SCRATCH/data.bin" || fail "qspi.bin at $off does not hold the data"
done
echo "ours: intact S-record and Intel HEX for 0x9001xxxx/0x9002xxxx programmed, checked in qspi.bin"

VB_STATE=$SCRATCH/stock
vb_start
bi_stock "S-record of count 00" "${BI_NOSERVERS[@]}" "${H7_ARGS[@]}" \
	-c init -c "reset init" -c "load_image $SCRATCH/count0.srec 0 s19" -c shutdown
vb_stop
pass
