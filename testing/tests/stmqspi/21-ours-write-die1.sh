# Our stmqspi, write_bank of 8 KiB (32 pages) into die 1 of an erased chip,
# then into die 0: every page lands and verify_bank agrees.  Stock loses 28
# of 32 die-1 pages (20-write-die1).
#
# Why it works: the program algorithm (contrib/loaders/flash/stmqspi_w25q)
# checks WEL on the die that holds the page (C2h, 05h) and, after each
# page, polls every die until idle before the next 06h (w25q01jv.md 4).
# Oracle: qspi.bin, and stats.json (64 page programs, no command ignored
# by a busy chip).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 8192 /dev/urandom > "$SCRATCH/d.bin"
VB_STATE=$SCRATCH/state
vb_start --flash-image "$FIRMWARE/idle.bin"
ours_qspi -c "flash probe 1" -c "flash write_bank 1 $SCRATCH/d.bin 0x4020000" \
	-c "flash write_bank 1 $SCRATCH/d.bin 0x20000" \
	-c "if {[catch {flash verify_bank 1 $SCRATCH/d.bin 0x4020000}]} {echo VERIFY-FAILED}" \
	-c shutdown || fail "openocd failed"
grep -q VERIFY-FAILED "$SCRATCH/ocd.log" && fail "verify_bank failed"
vb_stats_sync
programs=$(vb_stats qspi_page_programs)
ignored=$(vb_stats qspi_ignored_commands)
vb_stop
map0=$(qbin_page_map 0x20000 "$SCRATCH/d.bin")
map1=$(qbin_page_map 0x4020000 "$SCRATCH/d.bin")
echo "die 0: $map0"
echo "die 1: $map1"
all=$(printf 'o%.0s' $(seq 32))
[ "$map1" = "$all" ] || fail "die 1 write lost pages"
[ "$map0" = "$all" ] || fail "die 0 write lost pages"
[ "$programs" = 64 ] || fail "page programs $programs, expected 64"
# one: a command of the probe's recovery that means nothing to a chip in SPI
# mode (the 4-line ABh; the 4-line 9Fh is sent only when the 1-line 9Fh got
# no answer; doc/design/stmqspi-w25q01jv.md 2.4d); nothing else
[ "$ignored" = 1 ] || fail "$ignored commands ignored, expected only the probe's one"
echo "ours: 32 of 32 pages in die 1 and in die 0"
pass
