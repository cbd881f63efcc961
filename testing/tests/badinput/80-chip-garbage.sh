# SPDX-License-Identifier: GPL-2.0-or-later
# Bad answers from the chip: a JEDEC ID of all 00h or all FFh from a chip
# that otherwise answers (vboard --chip-jedec), lines that float low with no
# chip (--chip none --float-level 0), and an unknown ID whose SFDP is garbage
# (--chip-sfdp-garbage).  Each time a write is asked for: OpenOCD must end by
# itself (bounded), exit non-zero with an error naming what it read, and
# nothing may be written: no program or erase reaches the chip (stats.json)
# and qspi.bin and flash.bin are unchanged.  (Stock prints IDs byte-reversed:
# 123456 shows as 0x563412.)  A status that never settles: realtime/10.
# Oracle: OpenOCD's messages and exit status, stats.json, the image files.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
. testing/tests/lib/badinput.sh
scratch
"$VBOARD" --help 2>&1 | grep -q -- '--chip-sfdp-garbage' || skip "vboard has no --chip-jedec/--chip-sfdp-garbage"
head -c 4096 /dev/urandom > "$SCRATCH/s.bin"
head -c 8192 /dev/urandom > "$SCRATCH/w.bin"

# garbage NAME PATTERN VBOARD-OPTIONS...
garbage() {
	local name=$1 pattern=$2
	shift 2
	VB_STATE=$SCRATCH/$name
	mkdir -p "$VB_STATE"
	qbin_seed "$VB_STATE/qspi.bin" 0x10000:"$SCRATCH/s.bin"
	vb_start --flash-image "$FIRMWARE/idle.bin" "$@"
	bi_snapshot
	bi_refused "$name: write" "$pattern" "${H7_ARGS[@]}" "${BI_NOSERVERS[@]}" \
		-f testing/tests/qspi/qspi-init.tcl -c "$QSPI_BANK" -c init -c "reset halt" \
		-c vb_qspi_init -c "flash write_bank 1 $SCRATCH/w.bin 0x10000" -c shutdown
	vb_stats_sync
	local n
	n=$(($(vb_stats qspi_page_programs) + $(vb_stats qspi_sector_erases_4k) +
		$(vb_stats qspi_block_erases_32k) + $(vb_stats qspi_block_erases_64k) +
		$(vb_stats qspi_chip_erases)))
	vb_stop
	[ "$n" = 0 ] || fail "$name: $n program/erase command(s) reached the chip"
	bi_unchanged "$name"
	echo "$name: refused, nothing written"
}

garbage id-000000 'JEDEC ID command \(read 0x000000\)' --chip-jedec 000000
garbage id-ffffff 'JEDEC ID command \(read 0xffffff\)' --chip-jedec ffffff
garbage float-low 'JEDEC ID command \(read 0x000000\)' --chip none --float-level 0
garbage sfdp-garbage 'unknown flash1 device id = 0x563412 and no usable SFDP' --chip-jedec 123456 --chip-sfdp-garbage
pass
