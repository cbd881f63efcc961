# A VisualGDB project that declares its QSPI flash through a FLASH plugin,
# with the seed's exact line (flash bank qspi plugin 0x90000000 0 0 0 0
# W25Q01JV_QSPI.elf: size 0, target by number), replayed as VisualGDB runs
# it through the virtual J-Link with our W25Q01JV plugin
# (testing/firmware/plugin_w25q.c) in that file.  Stock 0.12.0 stops at that
# line ("flash driver 'plugin' not found"); ours must load the firmware:
# sections in both internal flash banks, at the start of the QSPI flash and
# across the 64 MiB die boundary.  Oracles: flash.bin and qspi.bin against
# the ELF's sections, and the AXI SRAM the plugin ran in, filled with
# random bytes before, reads back unchanged.
# VG_VBOARD_ARGS: extra vboard options (31-plugin-ap-wait.sh).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
. testing/tests/lib/visualgdb.sh
vg_prologue
vg_plugin
# an STM32H753 project: both internal flash banks
PRELUDE=(-f interface/jlink.cfg -c "transport select swd" -c "set DUAL_BANK 1" -f target/stm32h7x.cfg)

VB_STATE=$SCRATCH/state
# old bytes at the start of the QSPI flash: load must erase there
board_seed_qspi
# shellcheck disable=SC2086
vb_start --flash-image "$FIRMWARE/idle.bin" ${VG_VBOARD_ARGS:-}

# stock: the line is the first error
ocd_stock -c "bindto 127.0.0.1" -c "gdb_port disabled" -c "tcl_port disabled" \
	-c "telnet_port disabled" "${PRELUDE[@]}" -c "$VG_PLUGIN_LINE" -c init -c "reset init" \
	-c "echo $VG_READY" && fail "stock openocd accepted the plugin bank"
grep -m1 '^Error:' "$SCRATCH/ocd.log" | grep -q "flash driver 'plugin' not found" ||
	fail "stock: the first Error: line is not the missing plugin driver"

# ours: VisualGDB's session; the RAM the plugin uses holds random bytes
head -c 65536 /dev/urandom >"$SCRATCH/ram.bin"
vg_openocd "${PRELUDE[@]}" -c "$VG_PLUGIN_LINE"
vg_gdb "restore $SCRATCH/ram.bin binary 0x24000000" "mon report_flash_progress on" load \
	"dump binary memory $SCRATCH/ram_after.bin 0x24000000 0x24010000" \
	"mon flash info qspi" compare-sections
cat "$SCRATCH/ocd.log"
vb_stop
if [ -n "${VG_VBOARD_ARGS:-}" ]; then
	waits=$(vb_stats swd_wait_acks)
	echo "AP WAITs answered: $waits"
	[ "${waits:-0}" -gt 0 ] || fail "no AP WAIT was injected"
fi

grep -q '^Start address 0x0800' "$SCRATCH/gdb.log" || fail "load did not finish"
vg_check_images || fail "the image files differ from the ELF's sections"
cmp "$SCRATCH/ram.bin" "$SCRATCH/ram_after.bin" ||
	fail "the AXI SRAM the plugin ran in was not restored"
grep -q '^flash_bank_summary:0x90000000|0x8000000|qspi$' "$SCRATCH/gdb.log" ||
	fail "flash_bank_summary of the plugin bank: not 128 MiB at 0x90000000 (size 0 from Probe)"
grep -Eq '^Info : flash_erase_progress:0x9[0-9a-f]+\|0x9[0-9a-f]+\|qspi$' "$SCRATCH/ocd.log" ||
	fail "no erase progress of the plugin bank"
grep -Eq '^Info : flash_write_progress_async:0x[0-9a-f]+\|0x[0-9a-f]+$' "$SCRATCH/ocd.log" ||
	fail "no async write progress (the plugin's FIFO)"
grep -q 'FLASH plugin .*W25Q01JV_QSPI.elf.*write block 256 bytes, asynchronous writes' \
	"$SCRATCH/gdb.log" || fail "flash info of the plugin bank"
vg_progress_ok die || fail "progress lines"
# the plugin leaves the QSPI memory-mapped: gdb's qCRC of the sections;
# the one across the dies is read in pieces, each with its own read command
for s in $VG_SECTIONS; do
	grep -q "^Section $s, range .*: matched\.\$" "$SCRATCH/gdb.log" || fail "compare-sections: $s"
done
pass
