# Stock 0.12.0 stmqspi, sector erase in die 1 (0x04010000, 64 KiB, DCh):
# the chip erases it, stock reports failure.
#
# Why: stmqspi sends 06h (reaches both dies: WEL=1 in die 0 and die 1),
# DCh 0x04010000 (routed by address to die 1, which starts erasing and clears
# its own WEL), then reads 05h.  05h answers for the active die only
# (w25q01jv.md 4, fact 3), which is die 0 after power-up (stock never sends
# C2h): die 0 is idle with WEL still 1, so SR1 = 0x02.  qspi_erase_sector()
# takes BUSY=0 with WEL=1 as "command not accepted" and gives up:
# "Sector erase command not accepted by flash1. Status=0x02".  Meanwhile die 1
# finishes the erase on its own: selecting die 1 (C2h 01h) afterwards, its
# 05h reads 0x03 (BUSY, WEL) until the erase ends.  Oracle: qspi.bin (the
# seeded block is erased) and stats.json (one 64 KiB erase).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 4096 /dev/urandom > "$SCRATCH/s.bin"
qspi_board idle 0x4010000:"$SCRATCH/s.bin"
stock_qspi -c "flash probe 1" \
	-c "if {![catch {flash erase_address 0x94010000 0x10000}]} {echo ERASE-OK}" \
	-c "stmqspi cmd 1 1 0x05" -c "stmqspi cmd 1 0 0xc2 1" \
	-c "for {set i 0} {\$i < 6} {incr i} {echo [stmqspi cmd 1 1 0x05]}" \
	-c "stmqspi cmd 1 0 0xc2 0" -c shutdown || fail "openocd failed"
grep -q ERASE-OK "$SCRATCH/ocd.log" && fail "stock erase in die 1 reported success"
grep -q 'Sector erase command not accepted by flash1. Status=0x02' "$SCRATCH/ocd.log" ||
	fail "stock did not fail with Status=0x02 (die 0: WEL=1, idle)"
sed -n '/spi: c2 01/,$p' "$SCRATCH/ocd.log" | grep -m1 'spi: 05' | grep -q -- '-> 03' ||
	fail "die 1 not seen busy erasing after stock gave up"
grep -q 'spi: 05 -> 00' "$SCRATCH/ocd.log" || fail "die 1 erase did not end"
vb_stats_sync
[ "$(vb_stats qspi_block_erases_64k)" = 1 ] ||
	fail "die 1 should have taken the erase, stats say $(vb_stats qspi_block_erases_64k)"
vb_stop
qbin_is_ff 0x4010000 0x10000 || fail "die 1 block not erased in qspi.bin"
echo "stock: erase reported failed, die 1 block erased anyway"
pass
