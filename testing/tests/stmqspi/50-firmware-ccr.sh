# Stock 0.12.0 stmqspi attaching (halt, no reset) to a board whose firmware
# left QUADSPI memory-mapped with a quad read: probe fails for every variant
# (qspi_mm, qspi_4byte, qspi_xip, qspi_qpi, qspi_chiperase), whatever state
# the chip is in.
#
# Why: stock builds every command's CCR from the memory-mapped CCR it finds
# (stm32h753.md 5.5): IMODE, ADMODE/ADSIZE and DMODE come from saved_ccr.
# The firmware's CCRs (0x0F10FDEC ECh 1-4-4, 0x0F10FDEB, 0x1F10FDEC,
# 0x0F00EFEB 4-4-4) have DMODE = 4 lines, so 05h goes out with a 4-line data
# phase.  In SPI mode the chip answers 05h on IO1 only; the controller
# samples IO0-IO3 per nibble, and IO0/IO2/IO3 are undriven (read 1, the
# model's float_level), so bit 0 (BUSY) reads 1 in every status byte:
# read_flash_id's wait_till_ready times out ("Error: timeout") and the bank
# stays unprobed.  qspi_qpi differs: its CCR is 4-4-4 and the chip is in QPI,
# so 05h and 9Fh work (EF4021, not in stock's table), but SFDP (5Ah) is not
# a QPI command (w25q01jv.md 2.1/7.3; the chip stays silent): "no SDFP found",
# "Unknown flash1 device id", size 0.  The memory-mapped window
# still reads, because the firmware's read CCR is right for the chip.
# That is with undriven lines pulled up (the board's default).  Pulled down
# (--float-level 0) BUSY reads 0, so stock goes on at once and reads the ID
# from the nibbles: the chip drives IO1 only, so each nibble holds one bit of
# it (EF4021 reads 0x222022, "Unknown flash1 device id") or, from a chip
# that stays silent, none ("No id from flash1"); the bank gets size 0 and is
# unusable all the same.  Silicon with pulled-down lines would fail so.
# The test checks the shape for the level the board runs with.
# Oracle: the seeded word at 0x90000000.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
float=$(vb_float_level)
echo "undriven lines read: $float"
printf '\x78\x56\x34\x12' > "$SCRATCH/w.bin"
qbin_seed "$SCRATCH/seed.bin" 0:"$SCRATCH/w.bin"
for v in qspi_mm qspi_4byte qspi_xip qspi_qpi qspi_chiperase; do
	qspi_boot $v "$SCRATCH/seed.bin"
	stock_attach -c "mdw 0x2001ff0c" -c "mdw 0x90000000" \
		-c "if {[catch {flash probe 1}]} {echo PROBE-FAILED}" \
		-c "if {[catch {flash read_bank 1 $SCRATCH/r.bin 0 4}]} {echo READ-FAILED}" \
		-c shutdown || fail "$v: openocd failed"
	log=$SCRATCH/ocd.log
	grep -q '^0x2001ff0c: 0000d0de' "$log" || fail "$v: firmware not done when attached"
	case $v in
	qspi_chiperase) ;;	# erasing: the array reads busy, not data
	*) grep -q '^0x90000000: 12345678' "$log" || fail "$v: memory-mapped read wrong" ;;
	esac
	case $v in
	qspi_qpi)
		grep -q 'Unknown flash1 device id = 0x2140ef' "$log" ||
			fail "$v: expected ID read but no SFDP"
		;;
	*)
		if [ "$float" = 0 ]; then
			grep -Eq 'Unknown flash1 device id|No id from flash1' "$log" ||
				fail "$v: expected a misread or missing ID (lines pulled down)"
		else
			grep -q 'PROBE-FAILED' "$log" || fail "$v: stock probe did not fail"
			grep -q 'Error: timeout' "$log" || fail "$v: expected the status-poll timeout"
		fi
		;;
	esac
	grep -q "flash1 'sfdp'" "$log" && fail "$v: stock identified the chip"
	grep -q 'READ-FAILED' "$log" || fail "$v: bank should be unusable"
	vb_stop
done
echo "stock: no firmware-left quad CCR gives a usable bank"
pass
