# --flash-timing: one 64 KiB block erase (stock openocd, die 0; stock erases
# in 64 KiB sectors) keeps the W25Q busy for the SFDP typical time (160 ms),
# the SFDP maximum (typ x 14 = 2.24 s), or with jitter for a seeded draw in
# between: the same seed gives the same time, another seed another time.
# Oracle: qspi_busy_ns in stats.json (the chip's nominal busy time per
# operation) and qspi.bin (the sector erased).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 4096 /dev/urandom > "$SCRATCH/s.bin"
# busy OPTIONS...: sets NS to the chip's busy time for the erase
busy() {
	rm -rf "$SCRATCH/state"
	VB_EXTRA_ARGS="${VB_EXTRA_ARGS:-} $*" qspi_board idle 0x30000:"$SCRATCH/s.bin"
	stock_qspi -c "flash probe 1" -c "flash erase_address 0x90030000 0x10000" -c shutdown \
		>/dev/null || fail "$*: openocd failed"
	vb_stats_sync
	[ "$(vb_stats qspi_block_erases_64k)" = 1 ] || fail "$*: not one 64 KiB erase"
	NS=$(vb_stats qspi_busy_ns)
	vb_stop
	qbin_is_ff 0x30000 0x10000 || fail "$*: block not erased"
}
busy --flash-timing typ
typ=$NS
busy --flash-timing max
max=$NS
busy --flash-timing jitter --seed 3
j1=$NS
busy --flash-timing jitter --seed 3
j1b=$NS
busy --flash-timing jitter --seed 4
j2=$NS
echo "64 KiB erase busy ns: typ $typ, max $max, jitter seed 3: $j1 $j1b, seed 4: $j2"
[ "$typ" = 160000000 ] || fail "typ: $typ"
[ "$max" = 2240000000 ] || fail "max: $max"
for j in "$j1" "$j2"; do
	[ "$j" -ge 160000000 ] && [ "$j" -le 2240000000 ] || fail "jitter $j outside [typ, max]"
done
[ "$j1" = "$j1b" ] || fail "same seed, different times ($j1, $j1b)"
[ "$j1" != "$j2" ] || fail "seeds 3 and 4 gave the same time"
pass
