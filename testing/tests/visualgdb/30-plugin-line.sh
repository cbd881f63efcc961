# A VisualGDB project that still declares its QSPI flash through a FLASH
# plugin: this fork has no 'plugin' driver, so OpenOCD must stop before the
# ready line with a first Error: line that names the cause (what VisualGDB
# shows), as the user guide says, and exit non-zero.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/visualgdb.sh
scratch
vb_start
(cd "$VG_SCRIPTS" && LD_LIBRARY_PATH=$VJLINK_DIR exec timeout 300 "$OPENOCD" \
	-c "bindto 127.0.0.1" -c "tcl_port disabled" -c "gdb_port disabled" \
	-c "telnet_port disabled" -f board/stm32h753.cfg \
	-c "flash bank qspi plugin 0x90000000 0 0 0 0 W25Q01JV_QSPI.elf" \
	-c init -c "reset init" -c "echo $VG_READY") >"$SCRATCH/ocd.log" 2>&1
rc=$?
cat "$SCRATCH/ocd.log"
vb_stop
[ $rc != 0 ] || fail "openocd exited 0 with a plugin bank"
grep -q "^$VG_READY\$" "$SCRATCH/ocd.log" && fail "the ready line came although the bank failed"
first=$(grep -m1 '^Error:' "$SCRATCH/ocd.log")
case $first in
*"flash driver 'plugin' not found"*) ;;
*) fail "first Error: line does not name the plugin driver: $first" ;;
esac
pass
