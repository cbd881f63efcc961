# Stock 0.12.0 stmqspi on a chip left by firmware in 4-byte mode, continuous
# read (XIP) and QPI, with QUADSPI put back to a 1-line 13h
# memory-mapped CCR first (as a board script would; 50-firmware-ccr shows
# the firmware's own quad CCR defeats stock before the chip state matters).
# The script also lowers SCLK to 48 MHz (PRESCALER 3): the firmware runs
# QUADSPI at 96 MHz, above the 50 MHz that Read Data 13h allows (fR), where
# the chip returns wrong bits and verify fails (harsh/10-stock-overclocked-read).
# Each case: probe, read_bank of a seeded page, write_bank 512 B + verify.
#
# - qspi_4byte (ADS=1): works.  Stock takes 13h/12h/DCh from the 4BAIT
#   (sfdp.c) with a 32-bit address (ADSIZE of the CCR); these take 32-bit
#   addresses in either mode (w25q01jv.md 6).
# - qspi_xip (0-4-4 continuous read, M=A0h): works, by luck (inferred from
#   the model's rules in chips/README.md, not traced).  The chip takes
#   stock's first command (05h on IO0) as the start of an address; the M
#   byte then comes from undriven lines (FFh, not Axh), which ends
#   continuous mode (w25q01jv.md 2.1); that status read returns garbage, and
#   the next poll is a real 05h.
# - qspi_qpi: fails.  A QPI chip takes opcodes on 4 lines; stock's 1-line
#   05h is two nibbles of nonsense to it, the chip stays silent, the lines
#   float high, BUSY reads 1: "Error: timeout".  Stock never sends FFh or
#   66h/99h.  With the lines pulled down (--float-level 0) BUSY reads 0 and
#   the ID 000000: the probe "succeeds" with "No id from flash1", a bank of
#   size 0, and every read and write is refused as out of range; silicon
#   with pulled-down lines would do the same.  The test checks the shape
#   for the level the board runs with.
# - mid chip erase (firmware qspi_chiperase): not here, in
#   realtime/50-stock-probe-mid-chip-erase.  Stock's probe polls 05h in
#   wait_till_ready for SPI_PROBE_TIMEOUT, 100 ms of wall time; the erase
#   lasts 192 s or more, so on silicon the probe times out.  Under the
#   busy-poll fast-forward the outcome depends on the host instead: the
#   erase ends within stock's few polls in modeled time, but the poll during
#   which a die completes costs the board up to a second of host time
#   (erasing 64 MiB of qspi.bin), and stock gives up when a poll that still
#   reads BUSY (the other die, or the skip's landing just before the end)
#   returns after its 100 ms.  Which poll that is follows from the drawn
#   erase time, die skew and die last, so it changed with the seed and the
#   skew range.  Real time with stock under libfaketime checks the
#   silicon outcome, "Error: timeout", every time.
# Oracle: qspi.bin and the seeded page.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
float=$(vb_float_level)
echo "undriven lines read: $float"
head -c 256 /dev/urandom > "$SCRATCH/s.bin"
head -c 512 /dev/urandom > "$SCRATCH/w.bin"
qbin_seed "$SCRATCH/seed.bin" 0:"$SCRATCH/s.bin"
for v in qspi_4byte qspi_xip qspi_qpi; do
	qspi_boot $v "$SCRATCH/seed.bin"
	rm -f "$SCRATCH/r.bin"
	stock_attach -c "mdw 0x2001ff0c" -c "mmw 0x52005000 2 0" -c "mmw 0x52005000 0x03000000 0xFC000000" \
		-c "mww 0x52005014 0x0D003513" \
		-c "if {[catch {flash probe 1}]} {echo PROBE-FAILED}" \
		-c "if {[catch {flash read_bank 1 $SCRATCH/r.bin 0 0x100}]} {echo READ-FAILED}" \
		-c "if {[catch {flash write_bank 1 $SCRATCH/w.bin 0x10000}]} {echo WRITE-FAILED}" \
		-c "if {[catch {flash verify_bank 1 $SCRATCH/w.bin 0x10000}]} {echo VERIFY-FAILED}" \
		-c shutdown || fail "$v: openocd failed"
	log=$SCRATCH/ocd.log
	grep -q '^0x2001ff0c: 0000d0de' "$log" || fail "$v: firmware not done when attached"
	vb_stop
	case $v in
	qspi_qpi)
		if [ "$float" = 0 ]; then
			grep -q 'No id from flash1' "$log" || fail "$v: expected no ID (lines pulled down)"
			grep -q 'out of range of the flash bank' "$log" || fail "$v: expected a bank of size 0"
		else
			grep -q 'PROBE-FAILED' "$log" || fail "$v: stock probe did not fail"
			grep -q 'Error: timeout' "$log" || fail "$v: expected the status-poll timeout"
		fi
		grep -q 'READ-FAILED' "$log" || fail "$v: bank should be unusable"
		qbin_is_ff 0x10000 0x200 || fail "$v: something was written"
		;;
	*)
		grep -q "flash1 'sfdp', device id = 0x2140ef" "$log" ||
			grep -q "flash1 'sfdp' id = 0x2140ef" "$log" || fail "$v: not identified"
		grep -Eq '(PROBE|READ|WRITE|VERIFY)-FAILED' "$log" && fail "$v: a step failed"
		qbin_cmp 0x10000 "$SCRATCH/w.bin" || fail "$v: qspi.bin lacks the written data"
		cmp -s "$SCRATCH/r.bin" "$SCRATCH/s.bin" || fail "$v: read_bank wrong"
		;;
	esac
	echo "$v: recorded"
done
echo "stock (1-line CCR): 4-byte, XIP fine; QPI unusable"
pass
