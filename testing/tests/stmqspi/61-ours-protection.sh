# Our stmqspi with block protection: `flash protect` sets BP/TB in every
# die; an erase or write that touches a protected sector fails, naming the
# sectors and the bits, before anything is sent; `flash protect ... off`
# clears it and the same erase and write then work.  Stock reports protected
# erases and writes as done while the chip drops them (60-protection).
#
# Ladder (w25q01jv.md 3.6, whole-chip scope, the board's default): BP=0001
# TB=1 protects the bottom 64 KiB, BP=0010 TB=1 the bottom 128 KiB, BP=0001
# TB=0 the top 64 KiB (in die 1).  Oracle: SR1 read back with stmqspi cmd,
# qspi.bin, stats.json.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 4096 /dev/urandom > "$SCRATCH/s.bin"
head -c 512 /dev/urandom > "$SCRATCH/w.bin"
qspi_board idle 0:"$SCRATCH/s.bin" 0x7ff0000:"$SCRATCH/s.bin"
ours_qspi -c "flash probe 1" -c "flash protect 1 0 0 on" -c "stmqspi cmd 1 1 0x05" \
	-c "flash info 1" \
	-c "if {[catch {flash erase_address 0x90000000 0x10000}]} {echo ERASE-REFUSED}" \
	-c "if {[catch {flash write_bank 1 $SCRATCH/w.bin 0x8000}]} {echo WRITE-REFUSED}" \
	-c "flash write_bank 1 $SCRATCH/w.bin 0x10000" \
	-c "flash protect 1 0 1 on" -c "stmqspi cmd 1 1 0x05" \
	-c "if {[catch {flash protect 1 5 5 on}]} {echo HOLE-REFUSED}" \
	-c "stmqspi cmd 1 0 0xc2 1" -c "stmqspi cmd 1 1 0x05" -c "stmqspi cmd 1 0 0xc2 0" \
	-c "flash protect 1 0 1 off" -c "stmqspi cmd 1 1 0x05" \
	-c "flash erase_address 0x90000000 0x10000" \
	-c "flash write_bank 1 $SCRATCH/w.bin 0x8000" \
	-c "flash protect 1 2047 2047 on" -c "stmqspi cmd 1 1 0x05" \
	-c "if {[catch {flash erase_address 0x97ff0000 0x10000}]} {echo TOP-REFUSED}" \
	-c shutdown || fail "openocd failed"
log=$SCRATCH/ocd.log
sr=$(sed -n 's/^spi: 05 -> //p' "$log" | tr '\n' ' ')
echo "SR1 reads: $sr"
[ "$sr" = "44 48 48 00 04 " ] || fail "SR1 sequence $sr, want 44 48 48 00 04"
grep -q 'die 0: .*protection: BP=0001 TB=1' "$log" || fail "flash info: die 0 protection not shown"
grep -q ERASE-REFUSED "$log" || fail "protected erase not refused"
grep -q WRITE-REFUSED "$log" || fail "protected write not refused"
grep -q 'erase refused: 1 protected sector(s) in 0..0' "$log" || fail "erase message names no sectors"
grep -q 'write refused: 1 protected sector(s) in 0..0' "$log" || fail "write message names no sectors"
grep -q 'die 0: BP=0001 TB=1' "$log" || fail "message names no bits"
grep -q HOLE-REFUSED "$log" || fail "an inexpressible protection was accepted"
grep -q TOP-REFUSED "$log" || fail "top block erase not refused"
vb_stats_sync
erases=$(vb_stats qspi_block_erases_64k)
ignored=$(vb_stats qspi_ignored_commands)
vb_stop
[ "$erases" = 1 ] || fail "expected 1 64 KiB erase (after protect off), stats say $erases"
qbin_cmp 0x8000 "$SCRATCH/w.bin" || fail "write after protect off missing"
qbin_is_ff 0 0x8000 || fail "erase after protect off missing"
qbin_cmp 0x10000 "$SCRATCH/w.bin" || fail "unprotected write missing"
qbin_cmp 0x7ff0000 "$SCRATCH/s.bin" || fail "top block changed"
echo "ours: protection set, enforced with a message, cleared; chip agrees"
pass
