# Our stmqspi with individual block locks (WPS=1): after SR3 gets WPS=1 every
# block is locked (lock bits read 1 after power-up, w25q01jv.md 3.7).  flash
# protect ... off unlocks block 3 only (39h); an erase of block 2 is refused
# naming the sector, block 3 erases; flash protect ... on locks it again (36h)
# and flash info reports WPS=1 per die.
# Oracle: qspi.bin (seeded blocks), stats.json (erases done).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 4096 /dev/urandom > "$SCRATCH/s.bin"
qspi_board idle 0x20000:"$SCRATCH/s.bin" 0x30000:"$SCRATCH/s.bin"
ours_qspi -c "flash probe 1" -c "stmqspi cmd 1 0 0x06" -c "stmqspi cmd 1 0 0x11 0x64" \
	-c "stmqspi cmd 1 1 0x15" -c "flash protect 1 3 3 off" \
	-c "if {[catch {flash erase_address 0x90020000 0x10000}]} {echo LOCKED-REFUSED}" \
	-c "if {[catch {flash erase_address 0x90030000 0x10000}]} {echo UNLOCKED-FAILED}" \
	-c "flash protect 1 3 3 on" \
	-c "if {[catch {flash erase_address 0x90030000 0x10000}]} {echo RELOCKED-REFUSED}" \
	-c "flash info 1" -c shutdown || fail "openocd failed"
log=$SCRATCH/ocd.log
grep -q 'spi: 15 -> 64' "$log" || fail "SR3 did not take WPS=1"
grep -q LOCKED-REFUSED "$log" || fail "erase of a locked block not refused"
grep -q 'erase refused: 1 protected sector(s) in 2..2' "$log" || fail "message names no sector"
grep -q 'WPS=1, individual block locks' "$log" || fail "message names no WPS"
grep -q UNLOCKED-FAILED "$log" && fail "erase of the unlocked block failed"
grep -q RELOCKED-REFUSED "$log" || fail "erase after locking again not refused"
grep -q 'die 0: .*protection: WPS=1' "$log" || fail "flash info does not show WPS=1"
vb_stats_sync
erases=$(vb_stats qspi_block_erases_64k)
vb_stop
[ "$erases" = 1 ] || fail "expected exactly 1 64 KiB erase, stats say $erases"
qbin_cmp 0x20000 "$SCRATCH/s.bin" || fail "locked block changed"
qbin_is_ff 0x30000 0x1000 || fail "unlocked block not erased"
echo "ours: WPS block locks read, cleared and set per block; locked erase refused"
pass
