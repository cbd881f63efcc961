# A W25Q01JV-IM with QE = 0 (its factory state): no quad read, so our reads,
# CRCs and blank scans take a single-line read.  Read Data 03h/13h is only
# specified up to 50 MHz and QUADSPI runs the flash at 100 MHz here
# (PRESCALER 1), so the driver must use the fast read 0Ch (8 dummy clocks).
#
# Oracle: the bytes seeded into qspi.bin (read_bank across the die boundary,
# verify_bank, and a write into a seeded sector that reads back right), the
# read opcode flash info reports, and, when the board counts them, the chip's
# reads above their instruction's clock limit (qspi_overclocked_reads = 0).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 16384 /dev/urandom > "$SCRATCH/seed.bin"
head -c 4096 /dev/urandom > "$SCRATCH/new.bin"
VB_STATE=$SCRATCH/state
mkdir -p "$VB_STATE"
qbin_seed "$VB_STATE/qspi.bin" 0x3ffe000:"$SCRATCH/seed.bin"
vb_start --flash-image "$FIRMWARE/idle.bin" --chip w25q01jv-im
ours_qspi -c "flash probe 1" -c "flash info 1" \
	-c "flash read_bank 1 $SCRATCH/r.bin 0x3ffe000 0x4000" \
	-c "if {[catch {flash verify_bank 1 $SCRATCH/seed.bin 0x3ffe000}]} {echo VERIFY-FAILED}" \
	-c "flash write_image erase $SCRATCH/new.bin 0x93fff000" \
	-c "flash read_bank 1 $SCRATCH/r2.bin 0x3ffe000 0x4000" \
	-c shutdown || fail "openocd failed"
log=$SCRATCH/ocd.log
grep -q 'QE=0' "$log" || fail "flash info shows no QE=0"
grep -q 'read 0Ch' "$log" || fail "single-line read is not the fast read 0Ch"
grep -q VERIFY-FAILED "$log" && fail "verify_bank failed"
cmp -s "$SCRATCH/r.bin" "$SCRATCH/seed.bin" || fail "read_bank differs from the seeded bytes"
vb_stats_sync
over=$(vb_stats qspi_overclocked_reads)
vb_stop
[ -z "$over" ] || [ "$over" = 0 ] || fail "$over reads ran above their instruction's clock limit"
python3 - "$SCRATCH" <<'PY' || fail "write into a seeded sector: qspi.bin or read_bank wrong"
import sys
d = sys.argv[1]
seed = open(d + "/seed.bin", "rb").read()
new = open(d + "/new.bin", "rb").read()
want = seed[:0x1000] + new + seed[0x2000:]
img = open(d + "/state/qspi.bin", "rb").read()[0x3ffe000:0x4002000]
assert img == want, "qspi.bin"
assert open(d + "/r2.bin", "rb").read() == want, "read_bank"
PY
echo "QE=0: reads with 0Ch, read, verify and rewrite across 0x04000000 right${over:+, overclocked reads $over}"
pass
