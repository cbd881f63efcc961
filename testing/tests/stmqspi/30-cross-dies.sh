# Stock 0.12.0 stmqspi, 8 KiB at 0x03fff000..0x04001000 (crossing from die 0
# into die 1), with the chip's read wrapping inside a die (default) and with
# --read-crosses-dies.
#
# Reads through stock's algorithms are right in both modes: the read and
# CRC loaders (stmqspi_read.S, stmqspi_crc32.S) issue one read command per
# 256-byte page, so no command crosses 0x04000000.  Memory-mapped reads do
# cross: stock leaves QUADSPI memory-mapped (set_mm_mode), and a sequential
# read of 0x93fff000.. (dump_image, gdb, mdw) is one continuous 13h read.
# With the default the chip wraps inside die 0 (w25q01jv.md 4, "Reads across
# the die boundary"), so the second 4 KiB shows die 0's first 4 KiB; with
# --read-crosses-dies it shows die 1.
#
# The write of the same range (fresh board): the die 0 half lands, the die 1
# half loses pages as in 20-write-die1 (write loader polls die 0 only), stock
# reports success and verify_bank then fails.  Oracles: qspi.bin, seeded
# bytes.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
for f in r0 r1 r2; do head -c 4096 /dev/urandom > "$SCRATCH/$f.bin"; done
cat "$SCRATCH/r1.bin" "$SCRATCH/r2.bin" > "$SCRATCH/r12.bin"
cat "$SCRATCH/r1.bin" "$SCRATCH/r0.bin" > "$SCRATCH/r10.bin"
qbin_seed "$SCRATCH/seed.bin" 0:"$SCRATCH/r0.bin" 0x3fff000:"$SCRATCH/r1.bin" \
	0x4000000:"$SCRATCH/r2.bin"
for mode in wraps crosses; do
	VB_STATE=$SCRATCH/state-$mode
	mkdir -p "$VB_STATE"
	cp "$SCRATCH/seed.bin" "$VB_STATE/qspi.bin"
	opt=--read-wraps-in-die
	[ $mode = crosses ] && opt=--read-crosses-dies
	vb_start --flash-image "$FIRMWARE/idle.bin" $opt
	stock_qspi -c "flash probe 1" \
		-c "flash read_bank 1 $SCRATCH/rb-$mode.bin 0x3fff000 0x2000" \
		-c "flash verify_bank 1 $SCRATCH/r12.bin 0x3fff000" \
		-c "dump_image $SCRATCH/mm-$mode.bin 0x93fff000 0x2000" \
		-c shutdown || fail "$mode: openocd failed"
	grep -q 'contents match' "$SCRATCH/ocd.log" || fail "$mode: verify_bank failed"
	cmp -s "$SCRATCH/rb-$mode.bin" "$SCRATCH/r12.bin" || fail "$mode: read_bank wrong"
	vb_stop
done
cmp -s "$SCRATCH/mm-wraps.bin" "$SCRATCH/r10.bin" ||
	fail "wraps: memory-mapped read across 0x04000000 did not wrap to die 0"
cmp -s "$SCRATCH/mm-crosses.bin" "$SCRATCH/r12.bin" ||
	fail "crosses: memory-mapped read across 0x04000000 wrong"

head -c 8192 /dev/urandom > "$SCRATCH/d.bin"
VB_STATE=$SCRATCH/state-write
vb_start --flash-image "$FIRMWARE/idle.bin"
stock_qspi -c "flash probe 1" -c "flash write_bank 1 $SCRATCH/d.bin 0x3fff000" \
	-c "if {[catch {flash verify_bank 1 $SCRATCH/d.bin 0x3fff000}]} {echo VERIFY-FAILED}" \
	-c shutdown || fail "write: openocd failed"
grep -q 'wrote 8192 bytes from file' "$SCRATCH/ocd.log" || fail "write: stock reported failure"
grep -q VERIFY-FAILED "$SCRATCH/ocd.log" || fail "write: verify_bank did not notice"
vb_stop
map=$(qbin_page_map 0x3fff000 "$SCRATCH/d.bin")
echo "pages: $map"
[ "${map:0:17}" = "$(printf 'o%.0s' $(seq 17))" ] ||
	fail "write: die 0 half and first die 1 page should land"
[[ ${map:17} == *x* ]] || fail "write: die 1 half lost no pages"
echo "stock: loader reads right in both modes, memory-mapped read wraps by default;"
echo "       crossing write loses die 1 pages"
pass
