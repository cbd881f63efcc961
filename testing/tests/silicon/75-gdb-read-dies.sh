# gdb memory reads ('m' packets: x, dump memory) and OpenOCD's dump_image
# over the W25Q01JV's 64 MiB die boundary (0x94000000) must return what the
# chip holds.  Through the memory-mapped window a read that crosses it, or
# that the QUADSPI prefetch continues across it, wraps inside die 0 (the
# board's default, w25q01jv.md 4); a bank whose driver says its mapped view
# is not reliable is read through the driver (split at the die boundary).
# Oracle: qspi.bin seeded with random bytes around the boundary.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
command -v gdb-multiarch >/dev/null || skip "no gdb-multiarch"
head -c 8192 /dev/urandom > "$SCRATCH/d.bin"
VB_STATE=$SCRATCH/state
mkdir -p "$VB_STATE"
qbin_seed "$VB_STATE/qspi.bin" 0x3fff000:"$SCRATCH/d.bin"
vb_start
# words of d.bin at OFF as gdb prints them (x/4wx, target little-endian)
words() {
	od -An -v -tx4 -j "$1" -N 16 "$SCRATCH/d.bin" | sed 's/ \+/ 0x/g; s/^ //'
}
LD_LIBRARY_PATH=$VJLINK_DIR timeout 300 gdb-multiarch -nx -batch -ex "set pagination off" \
	-ex "target extended-remote | $OPENOCD \
-f board/stm32h753.cfg -c 'gdb_port pipe' -c 'tcl_port disabled' -c 'telnet_port disabled' -c 'log_output $SCRATCH/ocd.log'" \
	-ex "monitor reset init" \
	-ex "x/4wx 0x93fffff8" \
	-ex "x/4wx 0x93ffffe0" -ex "x/4wx 0x93fffff0" -ex "x/4wx 0x94000000" \
	-ex "dump binary memory $SCRATCH/gdb.bin 0x93fff000 0x94001000" \
	-ex "monitor dump_image $SCRATCH/img.bin 0x93fff000 0x2000" \
	>"$SCRATCH/gdb.log" 2>&1
cat "$SCRATCH/gdb.log"
for a in 0x93fffff8 0x93ffffe0 0x93fffff0 0x94000000; do
	want="$a: $(words $((a - 0x93fff000)))"
	got=$(grep "^$a:" "$SCRATCH/gdb.log" | head -1 | tr -s ' \t' ' ' | sed 's/ $//')
	[ "$got" = "$want" ] || fail "x/4wx $a read '$got', the chip holds '$want'"
done
[ -f "$SCRATCH/gdb.bin" ] || fail "gdb dump memory wrote nothing"
cmp "$SCRATCH/gdb.bin" "$SCRATCH/d.bin" || fail "gdb dump memory across 0x94000000 differs from qspi.bin"
[ -f "$SCRATCH/img.bin" ] || fail "dump_image wrote nothing"
cmp "$SCRATCH/img.bin" "$SCRATCH/d.bin" || fail "dump_image across 0x94000000 differs from qspi.bin"
vb_stop
qbin_cmp 0x3fff000 "$SCRATCH/d.bin" || fail "qspi.bin changed"
echo "gdb x / dump memory and dump_image read the chip's bytes across 0x04000000"
pass
