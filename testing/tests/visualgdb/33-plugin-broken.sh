# Broken FLASH plugins give an error that names the cause, a non-zero exit,
# and leave the flash and the RAM as they were: a plugin without
# FLASHPlugin_Unload and a file that is no ARM ELF are refused at the
# "flash bank" line, before the target is touched; a plugin whose
# FLASHPlugin_EraseSectors returns -7 stops write_image with an error that
# names that function, its value and the bank, and the AXI SRAM it ran in
# holds what it held before.  Oracle: qspi.bin keeps its old bytes, the RAM
# read back.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
[ -f "$FIRMWARE/plugin_w25q_nounload.elf" ] || fail "no plugin_w25q_nounload.elf: run make"

bank() { echo "flash bank qspi plugin 0x90000000 0 0 0 stm32h7x.cpu0 $1"; }
first_error() { grep -m1 '^Error:' "$SCRATCH/ocd.log"; }

# old bytes where the broken plugin must erase
head -c 8192 /dev/urandom >"$SCRATCH/old.bin"
qspi_board idle "0x10000:$SCRATCH/old.bin"

qspi_ocd ours -c "$(bank "$FIRMWARE/plugin_w25q_nounload.elf")" -c init -c shutdown &&
	fail "a plugin without FLASHPlugin_Unload was accepted"
first_error | grep -q "no 'FLASHPlugin_Unload' symbol" ||
	fail "missing symbol: first error does not name it: $(first_error)"

qspi_ocd ours -c "$(bank "$VBOARD")" -c init -c shutdown && fail "a host ELF was accepted as plugin"
first_error | grep -q "not a 32-bit little-endian ELF file" ||
	fail "host ELF: first error does not say why: $(first_error)"

head -c 8192 /dev/urandom >"$SCRATCH/d.bin"
head -c 4096 /dev/urandom >"$SCRATCH/ram.bin"
qspi_ocd ours -c "$(bank "$FIRMWARE/plugin_w25q_erasefail.elf")" -c init -c "reset halt" \
	-c "load_image $SCRATCH/ram.bin 0x24000000 bin" \
	-c "catch {flash write_image erase $SCRATCH/d.bin 0x90010000 bin} err" \
	-c "dump_image $SCRATCH/ram_after.bin 0x24000000 4096" -c "error \$err" &&
	fail "write_image with a failing erase succeeded"
first_error | grep -q 'flash bank qspi: plugin function FLASHPlugin_EraseSectors returned -7' ||
	fail "the first error does not name the function, its value and the bank: $(first_error)"
cmp "$SCRATCH/ram.bin" "$SCRATCH/ram_after.bin" || fail "the plugin's RAM was not restored"
vb_stop
qbin_cmp 0x10000 "$SCRATCH/old.bin" || fail "qspi.bin changed although the erase failed"
pass
