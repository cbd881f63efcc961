# Stock 0.12.0 stmqspi, write_bank of 8 KiB (32 pages) into die 1 of an
# erased chip: stock reports success, most pages are never programmed.  The
# same write into die 0 programs every page.
#
# Why: the stock write loader (stmqspi_write.S) polls 05h before each page
# and 05h answers for the active die only (w25q01jv.md 4, fact 3): die 0,
# idle.  So it starts the next page while die 1 is still programming the last
# one (tPP 704 us; the loader turns a page around in far less).  With the
# model's default busy_if_any_die_busy (w25q01jv.md 4, "Concurrency"), the
# busy chip ignores that 06h and that 12h (two qspi_ignored_commands per lost
# page).  The loader's WEL check passes anyway: the check reads die 0, whose
# WEL is still 1 from the first 06h (a program clears the WEL of the die
# that executes it).  The loader only waits for the controller (TCF), never
# for the chip, so nothing reports the loss; verify_bank does notice.
# Observed: pages 0, 10, 20, 30 programmed, 28 of 32 lost.  Oracle: qspi.bin
# and stats.json.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 8192 /dev/urandom > "$SCRATCH/d.bin"
VB_STATE=$SCRATCH/state
vb_start --flash-image "$FIRMWARE/idle.bin"
stock_qspi -c "flash probe 1" -c "flash write_bank 1 $SCRATCH/d.bin 0x20000" \
	-c "flash write_bank 1 $SCRATCH/d.bin 0x4020000" \
	-c "if {[catch {flash verify_bank 1 $SCRATCH/d.bin 0x4020000}]} {echo VERIFY-FAILED}" \
	-c shutdown || fail "openocd failed"
[ "$(grep -c 'wrote 8192 bytes from file' "$SCRATCH/ocd.log")" = 2 ] ||
	fail "stock did not report both writes as done"
grep -q VERIFY-FAILED "$SCRATCH/ocd.log" || fail "stock verify_bank did not notice"
vb_stats_sync
programs=$(vb_stats qspi_page_programs)
ignored=$(vb_stats qspi_ignored_commands)
vb_stop
map0=$(qbin_page_map 0x20000 "$SCRATCH/d.bin")
map1=$(qbin_page_map 0x4020000 "$SCRATCH/d.bin")
echo "die 0: $map0"
echo "die 1: $map1"
echo "page programs $programs, ignored commands $ignored"
[ "$map0" = "$(printf 'o%.0s' $(seq 32))" ] || fail "die 0 write lost pages"
lost=$(tr -cd x <<< "$map1" | wc -c)
[ "$lost" -ge 1 ] || fail "die 1 write lost no pages (stock got die 1 right?)"
[ "${map1:0:1}" = o ] || fail "die 1: first page should land (chip idle then)"
[ "$programs" = $((64 - lost)) ] ||
	fail "page programs $programs, expected $((64 - lost)): lost pages must be ignored, not mis-addressed"
[ "$ignored" -ge $((2 * lost)) ] || fail "expected 06h + 12h ignored per lost page"
echo "stock: die 1 write reported done, $lost of 32 pages lost"
pass
