# With a script that brings QSPI up, Debian's stock openocd probes the
# W25Q01JV through SFDP as 128 MiB (ours from its table of the part), and
# flash erase_address / write_bank / verify_bank / read_bank round-trip
# through the stock stmqspi algorithms.
# Oracles: the bytes the test generated, and the board's qspi.bin.
# Die 0 only: die 1 is where stock stmqspi meets the stacked-die problem
# (status reads show the active die only), recorded by the stmqspi tests.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
scratch
head -c 131072 /dev/urandom > "$SCRATCH/d0.bin"
head -c 65536 /dev/urandom > "$SCRATCH/d1.bin"
for who in stock ours; do
	VB_STATE=$SCRATCH/state-$who
	vb_start --flash-image "$FIRMWARE/idle.bin"
	ocd_which $who "${H7_ARGS[@]}" -f testing/tests/qspi/qspi-init.tcl \
		-c "flash bank qspi stmqspi 0x90000000 0 0 0 stm32h7x.cpu0 0x52005000" \
		-c init -c "reset halt" -c vb_qspi_init -c "flash probe 1" -c "flash info 1" \
		-c "flash erase_address 0x90100000 0x20000" \
		-c "flash write_bank 1 $SCRATCH/d0.bin 0x100000" \
		-c "flash verify_bank 1 $SCRATCH/d0.bin 0x100000" \
		-c "flash read_bank 1 $SCRATCH/r0.bin 0x100000 0x20000" \
		-c "flash erase_address 0x93ff0000 0x10000" \
		-c "flash write_bank 1 $SCRATCH/d1.bin 0x3ff0000" \
		-c "flash read_bank 1 $SCRATCH/r1.bin 0x3ff0000 0x10000" \
		-c shutdown || fail "$who: openocd failed"
	log=$SCRATCH/ocd.log
	# ours knows the part from its built-in table (doc/design/stmqspi-w25q01jv.md 2.1)
	if [ $who = ours ]; then
		grep -q "flash1 'W25Q01JV-IQ/IN', device id = 0xef4021, flash size = 131072 KiB" \
			"$log" || fail "ours: not identified as W25Q01JV-IQ/IN, 128 MiB"
	else
		grep -q "flash1 'sfdp', device id = 0x2140ef, flash size = 131072Ki B" "$log" ||
			fail "stock: not identified as 'sfdp', a 128 MiB EF4021"
	fi
	grep -q 'contents match' "$log" || fail "$who: verify_bank did not match"
	cmp "$SCRATCH/d0.bin" "$SCRATCH/r0.bin" || fail "$who: read_bank (die 0) differs"
	cmp "$SCRATCH/d1.bin" "$SCRATCH/r1.bin" || fail "$who: read_bank (top of die 0) differs"
	vb_stats_sync
	[ "$(vb_stats qspi_block_erases_64k)" = 3 ] || fail "$who: expected 3 64 KiB erases, stats say $(vb_stats qspi_block_erases_64k)"
	[ "$(vb_stats qspi_page_programs)" = 768 ] || fail "$who: expected 768 page programs, stats say $(vb_stats qspi_page_programs)"
	vb_stop
	python3 - "$VB_STATE/qspi.bin" "$SCRATCH/d0.bin" "$SCRATCH/d1.bin" <<'PY' || fail "$who: qspi.bin differs"
import sys
q = open(sys.argv[1], "rb")
d0 = open(sys.argv[2], "rb").read()
d1 = open(sys.argv[3], "rb").read()
q.seek(0, 2)
assert q.tell() == 128 * 1024 * 1024, "qspi.bin size %d" % q.tell()
def at(off, n):
    q.seek(off)
    return q.read(n)
assert at(0x100000, len(d0)) == d0, "die 0 data"
assert at(0x3ff0000, len(d1)) == d1, "top of die 0 data"
assert at(0xF0000, 0x10000) == b"\xff" * 0x10000, "die 0 below the image touched"
assert at(0x4000000, 0x10000) == b"\xff" * 0x10000, "die 1 touched"
print("qspi.bin matches")
PY
done
pass
