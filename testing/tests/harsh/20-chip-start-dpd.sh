# A board whose chip starts in deep power-down (--chip-start dpd: firmware sent
# B9h before the debugger came).  The chip ignores everything but ABh: stock
# openocd's probe reads the JEDEC ID as FFFFFF (floating lines) and a
# memory-mapped read returns FFh, as if the flash were erased.  After ABh
# (release from power-down, then tRES1) the probe finds the W25Q01JV and the
# same read returns the seeded bytes.
# Oracles: qspi.bin (seeded by the test) and the JEDEC ID of the part.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 4096 /dev/urandom > "$SCRATCH/s.bin"
VB_EXTRA_ARGS="${VB_EXTRA_ARGS:-} --chip-start dpd" qspi_board idle 0x20000:"$SCRATCH/s.bin"
stock_qspi -c "dump_image $SCRATCH/before.bin 0x90020000 4096" \
	-c "if {[catch {flash probe 1} e]} {echo PROBE-FAILED}" \
	-c "stmqspi cmd 1 0 0xab" -c "flash probe 1" \
	-c "dump_image $SCRATCH/after.bin 0x90020000 4096" -c shutdown ||
	fail "stock openocd failed"
log=$SCRATCH/ocd.log
grep -q PROBE-FAILED "$log" || fail "probe of a powered-down chip succeeded"
grep -q "'sfdp' id = 0x2140ef" "$log" || fail "no JEDEC ID EF4021 after ABh"
python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); sys.exit(d != b"\xff" * 4096)' \
	"$SCRATCH/before.bin" || fail "powered-down chip did not read as FFh"
cmp "$SCRATCH/s.bin" "$SCRATCH/after.bin" || fail "read after ABh differs from qspi.bin"
vb_stop
qbin_cmp 0x20000 "$SCRATCH/s.bin" || fail "qspi.bin changed"
pass
