# A chip whose die select (C2h) has no effect: 05h always answers for die 0,
# so polling "every die" polls die 0 twice and die 1's program and erase
# times are never waited for.  Probe's self-test must find it; erase, write
# and mass erase must be refused with a clear message before anything is
# sent; reads still work.  With a working die select the same session
# writes, and mass erase leaves both dies blank.
# Oracle: qspi.bin (unchanged when refused; blank after mass erase), the
# chip's erase and program counters.
# Needs the board's --die-select-broken option (skipped without it).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
"$VBOARD" --help 2>&1 | grep -q -- '--die-select-broken' || skip "vboard has no --die-select-broken"
head -c 8192 /dev/urandom > "$SCRATCH/s.bin"
head -c 4096 /dev/urandom > "$SCRATCH/w.bin"

qspi_board idle 0x3fff000:"$SCRATCH/s.bin"
vb_stop
vb_start --flash-image "$FIRMWARE/idle.bin" --die-select-broken
ours_qspi -c "flash probe 1" \
	-c "flash read_bank 1 $SCRATCH/r.bin 0x3fff000 0x2000" \
	-c "if {[catch {flash write_bank 1 $SCRATCH/w.bin 0x4010000}]} {echo WRITE-REFUSED}" \
	-c "if {[catch {flash erase_sector 1 1024 1024}]} {echo ERASE-REFUSED}" \
	-c "if {[catch {stmqspi mass_erase 1}]} {echo MASS-REFUSED}" \
	-c shutdown || fail "openocd failed (broken die select)"
log=$SCRATCH/ocd.log
grep -q 'die select (C2h) has no effect' "$log" || fail "probe did not find the broken die select"
for w in WRITE ERASE MASS; do
	grep -q "$w-REFUSED" "$log" || fail "$w not refused"
done
cmp -s "$SCRATCH/r.bin" "$SCRATCH/s.bin" || fail "read_bank wrong with a broken die select"
vb_stats_sync
[ "$(vb_stats qspi_page_programs)" = 0 ] || fail "pages programmed although refused"
[ "$(vb_stats qspi_chip_erases)" = 0 ] || fail "chip erase sent although refused"
[ "$(vb_stats qspi_block_erases_64k)" = 0 ] || fail "block erase sent although refused"
vb_stop
qbin_cmp 0x3fff000 "$SCRATCH/s.bin" || fail "qspi.bin changed although refused"
echo "broken die select: found at probe; write, erase, mass erase refused; reads right"

vb_start --flash-image "$FIRMWARE/idle.bin"
ours_qspi -c "flash probe 1" -c "stmqspi mass_erase 1" -c shutdown ||
	fail "openocd failed (mass erase)"
grep -q 'die select (C2h) has no effect' "$log" && fail "working die select reported broken"
grep -q 'stmqspi mass erase completed' "$log" || fail "mass erase not completed"
vb_stop
qbin_is_ff 0x3fff000 0x2000 || fail "mass erase left data across the die boundary"
echo "working die select: mass erase leaves both dies blank"
pass
