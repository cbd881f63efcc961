# Our stmqspi, sector erase in die 1 (0x04010000, 64 KiB): reported done,
# the block erased, die 0 untouched.  Stock fails this (10-erase-die1).
#
# Why it works: after 06h, ours selects the addressed die (C2h 01h) before
# reading 05h, so WEL is checked on die 1; after DCh with its 32-bit address
# it reads die 1's status (BUSY: accepted), then polls every die until idle
# and leaves die 0 selected (w25q01jv.md 4).  Oracle: qspi.bin and
# stats.json (one 64 KiB erase).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 4096 /dev/urandom > "$SCRATCH/s.bin"
head -c 4096 /dev/urandom > "$SCRATCH/z.bin"
qspi_board idle 0x10000:"$SCRATCH/z.bin" 0x4010000:"$SCRATCH/s.bin"
ours_qspi -c "flash probe 1" \
	-c "if {![catch {flash erase_address 0x94010000 0x10000}]} {echo ERASE-OK}" \
	-c "stmqspi cmd 1 0 0xc2 1" -c "stmqspi cmd 1 1 0x05" -c "stmqspi cmd 1 0 0xc2 0" \
	-c shutdown || fail "openocd failed"
grep -q "flash1 'W25Q01JV-IQ/IN' id = 0xef4021" "$SCRATCH/ocd.log" || fail "part not identified"
grep -q ERASE-OK "$SCRATCH/ocd.log" || fail "erase in die 1 reported failed"
grep -q 'not accepted' "$SCRATCH/ocd.log" && fail "erase reported not accepted"
grep -q 'spi: 05 -> 00' "$SCRATCH/ocd.log" || fail "die 1 still busy after the erase returned"
vb_stats_sync
[ "$(vb_stats qspi_block_erases_64k)" = 1 ] ||
	fail "expected one 64 KiB erase, stats say $(vb_stats qspi_block_erases_64k)"
vb_stop
qbin_is_ff 0x4010000 0x10000 || fail "die 1 block not erased in qspi.bin"
qbin_cmp 0x10000 "$SCRATCH/z.bin" || fail "die 0 block changed"
echo "ours: erase in die 1 done and reported done"
pass
