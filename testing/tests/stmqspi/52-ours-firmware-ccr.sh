# Our stmqspi attaching (halt, no reset) to the qspi_mm firmware, which left
# QUADSPI memory-mapped with a 1-4-4 ECh read: probe identifies the part,
# flash info shows it, a sector erase works, and the firmware's CCR is back
# afterwards (the mapped window still reads).  Stock fails (50-firmware-ccr).
#
# Why it works: ours sends 9Fh, 05h, 06h, C2h, erase on one line with CCRs it
# builds itself (w25q01jv.md 2.1), never from the memory-mapped CCR; that CCR
# is only restored when it switches back to memory-mapped mode.
# Oracle: QUADSPI_CCR before and after, the mapped word, qspi.bin.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
printf '\x78\x56\x34\x12' > "$SCRATCH/w.bin"
head -c 4096 /dev/urandom > "$SCRATCH/s.bin"
qspi_board qspi_mm 0:"$SCRATCH/w.bin" 0x4000000:"$SCRATCH/s.bin"
ours_attach -c "mdw 0x2001ff0c" -c "echo CCR-BEFORE=[format %08x [read_memory 0x52005014 32 1]]" \
	-c "if {[catch {flash probe 1}]} {echo PROBE-FAILED}" -c "flash info 1" \
	-c "if {![catch {flash erase_address 0x94000000 0x10000}]} {echo ERASE-OK}" \
	-c "echo CCR-AFTER=[format %08x [read_memory 0x52005014 32 1]]" \
	-c "mdw 0x90000000" -c shutdown || fail "openocd failed"
log=$SCRATCH/ocd.log
grep -q '^0x2001ff0c: 0000d0de' "$log" || fail "firmware not done when attached"
grep -q PROBE-FAILED "$log" && fail "probe failed"
grep -q 'Error: timeout' "$log" && fail "status poll timed out"
grep -q "W25Q01JV-IQ/IN" "$log" || fail "flash info does not show the part"
grep -q 'qspi.*size 0x8000000\|0x08000000' "$log" || fail "flash info: bank size not 128 MiB"
grep -q ERASE-OK "$log" || fail "erase in die 1 failed"
before=$(sed -n 's/^CCR-BEFORE=//p' "$log")
after=$(sed -n 's/^CCR-AFTER=//p' "$log")
[ -n "$before" ] && [ "$before" = "$after" ] || fail "CCR not restored: $before -> $after"
grep -q '^0x90000000: 12345678' "$log" || fail "memory-mapped read wrong after probe"
vb_stop
qbin_is_ff 0x4000000 0x10000 || fail "die 1 block not erased in qspi.bin"
echo "ours: probe and erase behind the firmware's 1-4-4 CCR ($before restored)"
pass
