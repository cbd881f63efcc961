# Our stmqspi attaching (halt, no reset) to firmware that left the chip in
# 4-byte mode, in continuous read (XIP), in QPI, or in the middle of a chip
# erase, each with its memory-mapped quad CCR still set: probe, read, write
# and verify work, and the firmware's CCR is back afterwards.  Stock needs
# the CCR reset to 1-line by hand (51-chip-states) and never recovers QPI.
#
# Why it works (doc/design/stmqspi-w25q01jv.md 2.4): one 1-4-4 read with
# mode bits 00h ends continuous read; a 4-line 9Fh finds QPI, then 05h on
# 4 lines until idle and FFh; a busy chip is waited for on every die; array
# commands use 4-byte opcodes, right in either address mode.
# Oracle: qspi.bin, the bytes generated here, QUADSPI_CCR before and after.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 256 /dev/urandom > "$SCRATCH/s.bin"
head -c 2048 /dev/urandom > "$SCRATCH/w.bin"
head -c 256 /dev/zero | tr '\0' '\377' > "$SCRATCH/ff.bin"
qbin_seed "$SCRATCH/seed.bin" 0:"$SCRATCH/s.bin"
for v in qspi_4byte qspi_xip qspi_qpi qspi_chiperase; do
	qspi_boot $v "$SCRATCH/seed.bin"
	rm -f "$SCRATCH/r.bin"
	ours_attach -c "mdw 0x2001ff0c" \
		-c "echo CCR-BEFORE=[format %08x [read_memory 0x52005014 32 1]]" \
		-c "if {[catch {flash probe 1}]} {echo PROBE-FAILED}" \
		-c "if {[catch {flash read_bank 1 $SCRATCH/r.bin 0 0x100}]} {echo READ-FAILED}" \
		-c "if {[catch {flash write_bank 1 $SCRATCH/w.bin 0x4010000}]} {echo WRITE-FAILED}" \
		-c "if {[catch {flash verify_bank 1 $SCRATCH/w.bin 0x4010000}]} {echo VERIFY-FAILED}" \
		-c "echo CCR-AFTER=[format %08x [read_memory 0x52005014 32 1]]" \
		-c shutdown || fail "$v: openocd failed"
	log=$SCRATCH/ocd.log
	grep -q '^0x2001ff0c: 0000d0de' "$log" || fail "$v: firmware not done when attached"
	grep -q "flash1 'W25Q01JV-IQ/IN' id = 0xef4021" "$log" || fail "$v: not identified"
	grep -Eq '(PROBE|READ|WRITE|VERIFY)-FAILED' "$log" && fail "$v: a step failed"
	before=$(sed -n 's/^CCR-BEFORE=//p' "$log")
	after=$(sed -n 's/^CCR-AFTER=//p' "$log")
	[ -n "$before" ] && [ "$before" = "$after" ] || fail "$v: CCR not restored: $before -> $after"
	vb_stats_sync
	erases=$(vb_stats qspi_chip_erases)
	vb_stop
	qbin_cmp 0x4010000 "$SCRATCH/w.bin" || fail "$v: qspi.bin lacks the written data"
	want=$SCRATCH/s.bin
	if [ $v = qspi_chiperase ]; then
		want=$SCRATCH/ff.bin
		[ "$erases" = 1 ] || fail "$v: chip erase not in stats"
		grep -q 'found: busy (waited)' "$log" || fail "$v: probe did not say it waited"
	fi
	[ $v = qspi_qpi ] && { grep -q 'QPI mode (left)' "$log" || fail "$v: QPI not reported"; }
	cmp -s "$SCRATCH/r.bin" "$want" || fail "$v: read_bank wrong"
	echo "$v: ours probes, reads, writes and verifies (CCR $before kept)"
done
pass
