# Every operation leaves the chip as it found it.
# 1. Write enable: WEL set on both dies (06h) before a read_bank is dropped
#    (04h on every die) when the operation ends, so a stray program or erase
#    from firmware cannot start.  Read back with raw 05h per die (raw
#    stmqspi cmd commands themselves change nothing).
# 2. QPI: firmware (qspi_qpi) left the chip in QPI with a 4-4-4 memory-mapped
#    read.  Our probe, read, write and verify take it out of QPI; afterwards
#    it must be back in QPI, so the firmware's memory-mapped read through
#    0x90000000 still returns the flash's bytes.
# Oracle: the chip's status registers, qspi.bin, the seeded bytes read
# through the firmware's own memory-mapped CCR.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 4096 /dev/urandom > "$SCRATCH/s.bin"
head -c 2048 /dev/urandom > "$SCRATCH/w.bin"

VB_STATE=$SCRATCH/state
vb_start --flash-image "$FIRMWARE/idle.bin"
ours_qspi -c "flash probe 1" -c "stmqspi cmd 1 0 0x06" \
	-c "stmqspi cmd 1 0 0xc2 1" -c "echo WEL-SET; stmqspi cmd 1 1 0x05" -c "stmqspi cmd 1 0 0xc2 0" \
	-c "flash read_bank 1 $SCRATCH/r.bin 0 0x100" \
	-c "echo DIE0; stmqspi cmd 1 1 0x05" \
	-c "stmqspi cmd 1 0 0xc2 1" -c "echo DIE1; stmqspi cmd 1 1 0x05" -c "stmqspi cmd 1 0 0xc2 0" \
	-c shutdown || fail "openocd failed (WEL)"
log=$SCRATCH/ocd.log
grep -A1 WEL-SET "$log" | grep -q 'spi: 05 -> 02' || fail "06h did not set WEL on die 1"
for d in 0 1; do
	grep -A1 "DIE$d" "$log" | grep -q 'spi: 05 -> 00' ||
		fail "die $d: WEL still set after the operation ended"
done
vb_stop
echo "WEL set before a read_bank is cleared on both dies afterwards"

qbin_seed "$SCRATCH/seed.bin" 0:"$SCRATCH/s.bin"
qspi_boot qspi_qpi "$SCRATCH/seed.bin"
ours_attach -c "mdw 0x2001ff0c" -c "flash probe 1" \
	-c "flash read_bank 1 $SCRATCH/r.bin 0 0x1000" \
	-c "flash write_bank 1 $SCRATCH/w.bin 0x4010000" \
	-c "if {[catch {flash verify_bank 1 $SCRATCH/w.bin 0x4010000}]} {echo VERIFY-FAILED}" \
	-c "$MM_DUMP" -c "mm_dump $SCRATCH/mm.bin 0x90000000 0x1000" \
	-c shutdown || fail "openocd failed (QPI)"
grep -q '^0x2001ff0c: 0000d0de' "$log" || fail "QPI firmware not done when attached"
grep -q 'QPI mode (left)' "$log" || grep -q 'was in QPI mode' "$log" || fail "QPI not found"
grep -q VERIFY-FAILED "$log" && fail "verify_bank failed"
vb_stop
cmp -s "$SCRATCH/r.bin" "$SCRATCH/s.bin" || fail "read_bank wrong"
qbin_cmp 0x4010000 "$SCRATCH/w.bin" || fail "qspi.bin lacks the written data"
mm_unhex "$SCRATCH/mm.bin"
cmp -s "$SCRATCH/mm.bin" "$SCRATCH/s.bin" ||
	fail "firmware's QPI memory-mapped read wrong afterwards: chip not back in QPI"
echo "QPI found: read, write, verify, then the firmware's 4-4-4 mapping reads right"
pass
