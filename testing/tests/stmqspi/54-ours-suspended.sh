# Our stmqspi finding an erase that firmware suspended (75h): probe resumes
# it (7Ah), waits until every die is idle and says so; the block ends up
# erased, and the bank then works.  The suspended erase is set up here with
# raw QUADSPI register writes (06h, DCh 0x00010000, 75h), as firmware would.
# Why: a suspended die answers 05h with BUSY=0 but SR2.SUS=1 (w25q01jv.md
# 3.1); leaving it suspended would block programs in the block and keep the
# erase half done.  Oracle: qspi.bin (seeded block), stats.json.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 4096 /dev/urandom > "$SCRATCH/s.bin"
head -c 512 /dev/urandom > "$SCRATCH/w.bin"
qspi_board idle 0x10000:"$SCRATCH/s.bin"
q=0x52005000
ours_qspi -c "mmw $q 2 0" -c "mww [expr {$q + 0x14}] 0x00000106" \
	-c "mww [expr {$q + 0x14}] 0x000035DC" -c "mww [expr {$q + 0x18}] 0x00010000" \
	-c "mww [expr {$q + 0x14}] 0x00000175" -c "sleep 1" \
	-c "mww [expr {$q + 0x10}] 0" -c "mww [expr {$q + 0x14}] 0x05000135" \
	-c "echo SR2=[format %02x [read_memory [expr {$q + 0x20}] 8 1]]" \
	-c "flash probe 1" -c "flash write_bank 1 $SCRATCH/w.bin 0x10000" \
	-c shutdown || fail "openocd failed"
log=$SCRATCH/ocd.log
grep -q '^SR2=82' "$log" || fail "set-up: the erase was not suspended (SR2 $(sed -n 's/^SR2=//p' "$log"))"
grep -q 'has a suspended program/erase: resuming it' "$log" || fail "probe did not resume"
grep -q 'found: suspended (resumed), busy (waited)' "$log" || fail "probe did not report it"
vb_stats_sync
erases=$(vb_stats qspi_block_erases_64k)
vb_stop
[ "$erases" = 1 ] || fail "expected 1 64 KiB erase, stats say $erases"
qbin_cmp 0x10000 "$SCRATCH/w.bin" || fail "write after the resumed erase missing"
qbin_is_ff 0x10200 0xe00 || fail "rest of the block not erased"
echo "ours: suspended erase resumed and finished at probe, bank usable"
pass
