# Our stmqspi mass_erase waits for both dies, with the default 200 us die
# skew and with 50 ms, and 8 KiB written right after it into each die all
# land.  Stock polls die 0 only (40-mass-erase-skew) and then loses die-1
# pages or fails the write.
#
# The last page of each die is programmed first (one page per die: the
# first page of a write lands even with the loader that polls die 0 only,
# see 20-write-die1), so the erase has something to erase in both dies.
# Why it works: after C7h ours polls C2h i + 05h for every die until idle
# (w25q01jv.md 4.4), so "completed" means both dies are done; die 1 then
# reads idle at once.  Oracle: qspi.bin and stats.json (one chip erase).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 256 /dev/urandom > "$SCRATCH/p.bin"
head -c 8192 /dev/urandom > "$SCRATCH/d.bin"
for skew in 200 50000; do
	VB_STATE=$SCRATCH/state-$skew
	vb_start --flash-image "$FIRMWARE/idle.bin" --die-skew-us $skew --die-last 1
	ours_qspi -c "flash probe 1" \
		-c "flash write_bank 1 $SCRATCH/p.bin 0x3ffff00" \
		-c "flash write_bank 1 $SCRATCH/p.bin 0x7ffff00" -c shutdown ||
		fail "$skew: openocd (programming) failed"
	vb_stats_sync
	qbin_cmp 0x3ffff00 "$SCRATCH/p.bin" || fail "$skew: die 0 last page not programmed"
	qbin_cmp 0x7ffff00 "$SCRATCH/p.bin" || fail "$skew: die 1 last page not programmed"
	ours_qspi -c "flash probe 1" -c "stmqspi mass_erase 1" \
		-c "stmqspi cmd 1 0 0xc2 1" -c "stmqspi cmd 1 1 0x05" -c "stmqspi cmd 1 0 0xc2 0" \
		-c "flash write_bank 1 $SCRATCH/d.bin 0x4000000" \
		-c "flash write_bank 1 $SCRATCH/d.bin 0x0" \
		-c shutdown || fail "$skew: openocd (mass erase) failed"
	grep -q 'stmqspi mass erase completed' "$SCRATCH/ocd.log" ||
		fail "$skew: mass erase not reported completed"
	grep -q 'spi: 05 -> 00' "$SCRATCH/ocd.log" || fail "$skew: die 1 busy after mass erase"
	vb_stats_sync
	[ "$(vb_stats qspi_chip_erases)" = 1 ] || fail "$skew: no chip erase in stats"
	vb_stop
	qbin_is_ff 0x3ffff00 0x100 || fail "$skew: die 0 last page not erased"
	qbin_is_ff 0x7ffff00 0x100 || fail "$skew: die 1 last page not erased"
	qbin_cmp 0x4000000 "$SCRATCH/d.bin" || fail "$skew: die 1 write after mass erase lost data"
	qbin_cmp 0 "$SCRATCH/d.bin" || fail "$skew: die 0 write after mass erase lost data"
	echo "skew $skew us: both dies erased, die 1 idle when mass_erase returned, both writes landed"
done
pass
