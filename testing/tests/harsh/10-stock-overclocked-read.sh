# Debian's stock openocd reads the W25Q01JV memory-mapped with Read Data 13h
# (specified to fR = 50 MHz on the JV family) after the board runs from PLL1
# (QUADSPI kernel clock 200 MHz).  At PRESCALER 1 (SCLK 100 MHz) the chip
# drives its data too late and the bytes come back with wrong bits, which
# nothing on the bus reports; at PRESCALER 3 (50 MHz) the same read is right.
# The board's default is that 50 MHz limit of 03h/13h.  With --no-clock-limits (experiments only) 100 MHz reads
# right, so the wrong bytes come from the clock limit.
# Oracles: qspi.bin (seeded by the test) and qspi_overclocked_reads.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 4096 /dev/urandom > "$SCRATCH/s.bin"
ocd_read() {
	stock_qspi -f testing/tests/harsh/harsh.tcl -c vb_pll200 \
		-c "vb_qspi_prescaler $1" \
		-c "dump_image $SCRATCH/r$1.bin 0x90010000 4096" -c shutdown ||
		fail "stock openocd failed at PRESCALER $1"
}
overclocked() { vb_stats_sync; vb_stats qspi_overclocked_reads; }

qspi_board idle 0x10000:"$SCRATCH/s.bin"
ocd_read 1
n1=$(overclocked)
ocd_read 3
n3=$(overclocked)
vb_stop
qbin_cmp 0x10000 "$SCRATCH/s.bin" || fail "qspi.bin does not hold the seeded bytes"
cmp -s "$SCRATCH/s.bin" "$SCRATCH/r1.bin" && fail "13h at 100 MHz read the right bytes"
bad=$(cmp -l "$SCRATCH/s.bin" "$SCRATCH/r1.bin" | wc -l)
echo "13h at 100 MHz: $bad of 4096 bytes wrong, qspi_overclocked_reads $n1"
[ "$bad" -gt 2048 ] || fail "only $bad bytes wrong at 100 MHz"
[ "$n1" -ge 1 ] || fail "qspi_overclocked_reads did not rise ($n1)"
cmp "$SCRATCH/s.bin" "$SCRATCH/r3.bin" || fail "13h at 50 MHz read wrong bytes"
[ "$n3" = "$n1" ] || fail "50 MHz reads counted as over-clocked ($n1 -> $n3)"

VB_EXTRA_ARGS="${VB_EXTRA_ARGS:-} --no-clock-limits" qspi_board idle 0x10000:"$SCRATCH/s.bin"
ocd_read 1
[ "$(overclocked)" = 0 ] || fail "--no-clock-limits still counts over-clocked reads"
cmp "$SCRATCH/s.bin" "$SCRATCH/r1.bin" || fail "--no-clock-limits: 100 MHz read wrong bytes"
pass
