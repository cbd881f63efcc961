# A chip in deep power-down (B9h, as firmware may leave it to save power)
# ignores everything but ABh.  Our recovery sends ABh first (and waits
# tRES1), so the next operation, and a fresh probe, find the chip.
# 1. B9h (raw), then read_bank and verify_bank of seeded bytes.
# 2. B9h (raw) at the end of one session; a new session probes, reads and
#    writes.
# 3. A board whose chip starts in deep power-down: probe and read; the chip
#    is left awake with a message (once), flash info shows it, and the
#    memory-mapped window reads the flash afterwards.
# Oracle: seeded bytes, qspi.bin.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 8192 /dev/urandom > "$SCRATCH/s.bin"
head -c 4096 /dev/urandom > "$SCRATCH/w.bin"
qspi_board idle 0x3fff000:"$SCRATCH/s.bin"
ours_qspi -c "flash probe 1" -c "stmqspi cmd 1 0 0xb9" \
	-c "if {[catch {flash read_bank 1 $SCRATCH/r.bin 0x3fff000 0x2000}]} {echo READ-FAILED}" \
	-c "stmqspi cmd 1 0 0xb9" -c shutdown || fail "openocd failed (session 1)"
log=$SCRATCH/ocd.log
grep -q READ-FAILED "$log" && fail "read_bank after B9h failed"
cmp -s "$SCRATCH/r.bin" "$SCRATCH/s.bin" || fail "read_bank after B9h wrong"
ours_qspi -c "if {[catch {flash probe 1}]} {echo PROBE-FAILED}" \
	-c "if {[catch {flash write_bank 1 $SCRATCH/w.bin 0x4001000}]} {echo WRITE-FAILED}" \
	-c shutdown || fail "openocd failed (session 2)"
grep -q PROBE-FAILED "$log" && fail "probe of a powered-down chip failed"
grep -q WRITE-FAILED "$log" && fail "write after probe of a powered-down chip failed"
vb_stop
qbin_cmp 0x4001000 "$SCRATCH/w.bin" || fail "qspi.bin lacks the data written"
echo "deep power-down: ABh first; read after B9h, probe and write in a new session right"
# 3. A board whose chip starts in deep power-down (when the board has it).
if "$VBOARD" --help 2>&1 | grep -q -- '--chip-start'; then
	VB_STATE=$SCRATCH/state-dpd
	mkdir -p "$VB_STATE"
	qbin_seed "$VB_STATE/qspi.bin" 0x3fff000:"$SCRATCH/s.bin"
	vb_start --flash-image "$FIRMWARE/idle.bin" --chip-start dpd
	rm -f "$SCRATCH/r.bin"
	ours_qspi -c "flash probe 1" -c "flash read_bank 1 $SCRATCH/r.bin 0x3fff000 0x2000" \
		-c "flash info 1" -c "$MM_DUMP" -c "mm_dump $SCRATCH/m.bin 0x93fff000 0x1000" \
		-c shutdown || fail "openocd failed (chip starting in deep power-down)"
	vb_stop
	cmp -s "$SCRATCH/r.bin" "$SCRATCH/s.bin" || fail "read wrong, chip started in power-down"
	# left awake, and said so: the memory-mapped window reads the flash
	mm_unhex "$SCRATCH/m.bin"
	head -c 4096 "$SCRATCH/s.bin" | cmp -s - "$SCRATCH/m.bin" ||
		fail "memory-mapped read after the probe wrong: chip not left awake"
	grep -q 'flash was in deep power-down.*left awake' "$log" ||
		fail "no message that the chip was found in deep power-down and left awake"
	grep -q 'state found at probe:.*deep power-down' "$log" ||
		fail "flash info does not show the deep power-down found at probe"
	n=$(grep -c 'flash was in deep power-down' "$log")
	[ "$n" = 1 ] || fail "the deep power-down message came $n times, not once"
	echo "chip started in deep power-down: probe and read right, left awake with a message"
fi
pass
