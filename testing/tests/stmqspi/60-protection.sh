# Stock 0.12.0 stmqspi with block protection set in the chip: SR1 = 0x44
# (TB=1, BP=0001: the lowest 64 KiB, w25q01jv.md 3.6), written with
# `stmqspi cmd 1 0 0x06` and `stmqspi cmd 1 0 0x01 0x44`, then 05h polled
# until the non-volatile write (tW, up to 15 ms + die skew) is done.  Then erase of
# the protected block and write_bank into it: both "succeed" silently,
# nothing changes in the chip; verify_bank is the first to notice.  A write
# outside the block works.
#
# Why: stock never reads BP/TB/CMP; its sectors are always "not protected"
# (stmqspi_protect only sets soft flags).  The chip drops a program/erase of
# a protected area and clears WEL (model option protected_clears_wel,
# [ASSUMED]).  qspi_erase_sector() reads BUSY=0, WEL=0 after DCh and takes
# that as "erase probably complete already"; the write loader checks only
# WEL before each page and TCF after it, so a dropped 12h goes unnoticed.
# Oracle: qspi.bin (seeded block unchanged) and stats.json (no erase, one
# ignored command per dropped erase/page).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 4096 /dev/urandom > "$SCRATCH/s.bin"
head -c 512 /dev/urandom > "$SCRATCH/w.bin"
qspi_board idle 0:"$SCRATCH/s.bin"
stock_qspi -c "flash probe 1" -c "stmqspi cmd 1 0 0x06" -c "stmqspi cmd 1 0 0x01 0x44" \
	-c "for {set i 0} {\$i < 100 && ![string match {*-> 44*} [stmqspi cmd 1 1 0x05]]} {incr i} {}" \
	-c "stmqspi cmd 1 1 0x05" \
	-c "if {[catch {flash erase_address 0x90000000 0x10000}]} {echo ERASE-FAILED}" \
	-c "if {[catch {flash write_bank 1 $SCRATCH/w.bin 0x8000}]} {echo WRITE-FAILED}" \
	-c "if {[catch {flash verify_bank 1 $SCRATCH/w.bin 0x8000}]} {echo VERIFY-FAILED}" \
	-c "flash write_bank 1 $SCRATCH/w.bin 0x10000" -c shutdown || fail "openocd failed"
log=$SCRATCH/ocd.log
grep -q 'spi: 05 -> 44' "$log" || fail "SR1 did not take 0x44"
grep -q ERASE-FAILED "$log" && fail "stock noticed the protected erase"
grep -q WRITE-FAILED "$log" && fail "stock noticed the protected write"
grep -q VERIFY-FAILED "$log" || fail "verify_bank did not notice"
vb_stats_sync
[ "$(vb_stats qspi_block_erases_64k)" = 0 ] || fail "the chip erased a protected block"
[ "$(vb_stats qspi_page_programs)" = 2 ] || fail "expected only the 2 unprotected pages"
vb_stop
qbin_cmp 0 "$SCRATCH/s.bin" || fail "protected data changed"
qbin_is_ff 0x8000 0x200 || fail "protected erased area written"
qbin_cmp 0x10000 "$SCRATCH/w.bin" || fail "unprotected write missing"
echo "stock: protected erase and write reported done, chip unchanged"
pass
