# The chip sees the controller only through correctly routed pins with the
# QSPI clock on.  With the board wired differently from what the script sets
# up (CLK on PF10), probing finds no flash answering; wired as the script
# expects, it does.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
scratch
VB_STATE=$SCRATCH/state-wrong
vb_start --flash-image "$FIRMWARE/idle.bin" --qspi-wiring CLK=PF10:9
ocd_stock "${H7_ARGS[@]}" -f testing/tests/qspi/qspi-init.tcl \
	-c "flash bank qspi stmqspi 0x90000000 0 0 0 stm32h7x.cpu0 0x52005000" \
	-c init -c "reset halt" -c vb_qspi_init -c "flash probe 1" -c shutdown
grep -q "device id = 0x2140ef" "$SCRATCH/ocd.log" && fail "flash answered with its clock on an unrouted pin"
vb_stop
VB_STATE=$SCRATCH/state-noclock
vb_start --flash-image "$FIRMWARE/idle.bin"
# Pins right but QUADSPI clock disabled again after set-up: registers read 0.
ocd_stock "${H7_ARGS[@]}" -f testing/tests/qspi/qspi-init.tcl -c init -c "reset halt" \
	-c vb_qspi_init -c "mmw 0x580244D4 0 0x00004000" -c "mdw 0x52005000" -c shutdown
grep -q '^0x52005000: 00000000' "$SCRATCH/ocd.log" || fail "QUADSPI registers readable with QSPIEN off"
vb_stop
pass
