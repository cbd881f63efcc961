# A chip in deep power-down (B9h, as firmware may leave it to save power)
# ignores everything but ABh.  Our recovery sends ABh first (and waits
# tRES1), so the next operation, and a fresh probe, find the chip.
# 1. B9h (raw), then read_bank and verify_bank of seeded bytes.
# 2. B9h (raw) at the end of one session; a new session probes, reads and
#    writes.
# 3. A board whose chip starts in deep power-down: probe and read.
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
		-c shutdown || fail "openocd failed (chip starting in deep power-down)"
	vb_stop
	cmp -s "$SCRATCH/r.bin" "$SCRATCH/s.bin" || fail "read wrong, chip started in power-down"
	echo "chip started in deep power-down: probe and read right"
fi
pass
