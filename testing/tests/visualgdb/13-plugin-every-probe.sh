# A VisualGDB project with its FLASH plugin line (30-plugin-line.sh) through
# every probe the virtual board offers, ours only (stock has no plugin
# driver): VisualGDB's command line with the probe's interface lines,
# target/stm32h7x.cfg and "flash bank qspi plugin 0x90000000 0 0 0 0
# W25Q01JV_QSPI.elf", then its gdb script: load, the stack check,
# compare-sections, the section across the die boundary included.
# Oracles: flash.bin and qspi.bin against the ELF's sections, the stack word.
# VG_PROBES narrows the probes.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
. testing/tests/lib/visualgdb.sh
vg_prologue
vg_plugin

for probe in ${VG_PROBES:-$PROBES}; do
	echo "== $probe"
	case $probe in
	stlink-dap) transport=dapdirect_swd ;;
	stlink-hla) transport=hla_swd ;;
	*) transport=swd ;;
	esac
	VB_STATE=$SCRATCH/state-$probe
	board_seed_qspi
	probe_use "$probe" ours --flash-image "$FIRMWARE/idle.bin"
	vg_openocd "${PROBE_IF[@]}" -c "transport select $transport" -c "set DUAL_BANK 1" \
		-f target/stm32h7x.cfg -c "$VG_PLUGIN_LINE"
	vg_gdb load "${VG_STACK_CHECK[@]}" compare-sections >/dev/null
	probe_stop
	probe_seen || fail "$probe: the log does not show the virtual $probe"
	vg_session_ok "$probe"
	echo "$probe: plugin bank: ready line, load, stack check, compare-sections, images OK"
done
pass
