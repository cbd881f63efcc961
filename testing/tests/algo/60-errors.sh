# SPDX-License-Identifier: GPL-2.0-or-later
# Error paths of w25q_erase.inc / w25q_program.inc / w25q_read.inc, each
# returning its status and the offset it stopped at:
#  - WEL not set after the write-enable CCR (04h given as CCR_WREN):
#    W25Q_ERR_WEL (2) for erase and program; program sets rp = 0;
#  - a command the chip ignores (opcode 00h with an address) leaves WEL=1,
#    BUSY=0: W25Q_ERR_NOT_ACCEPTED (3);
#  - a protected block (SR1 BP0=1: top 64 KiB of the chip, written with
#    06h + 01h): the chip model drops the DCh/12h and clears WEL
#    (chips/README.md, protected_clears_wel).  With the contract's rule
#    (BUSY=0 and WEL=0 accepted) erase reports success (recorded here);
#    with W25Q_F_NEED_BUSY both erase and program report
#    W25Q_ERR_NOT_ACCEPTED at 0x07FF0000;
#  - host abort: wp = 0 (program) / rp = 0 (read): W25Q_ERR_ABORTED (4).
# Oracles: qspi.bin keeps the seeded block, the counters of the chip.
. testing/tests/lib/common.sh
. testing/tests/lib/algo.sh
algo_prologue
head -c $((0x10000)) /dev/urandom > "$SCRATCH/top.bin"
head -c 256 /dev/urandom > "$SCRATCH/p.bin"
qspi_board idle 0x50000:"$SCRATCH/top.bin" 0x7FF0000:"$SCRATCH/top.bin"
par_nop="algo_params 2 $POLL $CCR_RDSR $CCR_DIE_SEL $CCR_WREN $CCR_NOP_DATA $CCR_READ 0 0 0"
algo_ocd -c "$(algo_std_params 0 0 $CCR_READ $CCR_WRDI)" \
	-c "write_memory \$ALGO_LIST 32 {0x04020000 $CCR_BE64K}" \
	-c "algo_run $SCRATCH/erase.bin 0 1 \$ALGO_LIST 0" \
	-c "set end [algo_fifo_full $SCRATCH/p.bin]" \
	-c "algo_run $SCRATCH/program.bin 0x04020000 256 \$ALGO_FIFO \$end" \
	-c "echo \"RP [read_memory [expr {\$ALGO_FIFO + 4}] 32 1]\"" \
	-c "$(algo_std_params 0)" \
	-c "write_memory \$ALGO_LIST 32 {0x00050000 $CCR_NOP_ADDR}" \
	-c "algo_run $SCRATCH/erase.bin 0 1 \$ALGO_LIST 0" \
	-c "$par_nop" \
	-c "set end [algo_fifo_full $SCRATCH/p.bin]" \
	-c "algo_run $SCRATCH/program.bin 0x00050100 256 \$ALGO_FIFO \$end" \
	-c "algo_raw_cmd $CCR_WREN" -c "algo_raw_cmd $CCR_WRSR 0x04" \
	-c "$(algo_std_params 0)" \
	-c "write_memory \$ALGO_LIST 32 {0x07FF0000 $CCR_BE64K}" \
	-c "algo_run $SCRATCH/erase.bin 0 1 \$ALGO_LIST 0" \
	-c "$(algo_std_params $F_NEED_BUSY)" \
	-c "algo_run $SCRATCH/erase.bin 0 1 \$ALGO_LIST 0" \
	-c "set end [algo_fifo_full $SCRATCH/p.bin]" \
	-c "algo_run $SCRATCH/program.bin 0x07FF0000 256 \$ALGO_FIFO \$end" \
	-c "echo \"RP [read_memory [expr {\$ALGO_FIFO + 4}] 32 1]\"" \
	-c "set end [algo_fifo_full $SCRATCH/p.bin]" \
	-c "mww \$ALGO_FIFO 0" \
	-c "algo_run $SCRATCH/program.bin 0x00060000 256 \$ALGO_FIFO \$end" \
	-c "set end [algo_fifo_empty 256]" \
	-c "mww [expr {\$ALGO_FIFO + 4}] 0" \
	-c "algo_run $SCRATCH/read.bin 0x00060000 256 \$ALGO_FIFO \$end" \
	-c "echo \"WP [read_memory \$ALGO_FIFO 32 1]\"" \
	-c shutdown || fail "openocd failed"
algo_expect 1 2 $((0x04020000)) 0 "erase, WEL not set: W25Q_ERR_WEL, 0 entries done"
algo_expect 2 2 $((0x04020000)) 256 "program, WEL not set: W25Q_ERR_WEL, 256 bytes left"
algo_expect 3 3 $((0x00050000)) 0 "erase, ignored command: W25Q_ERR_NOT_ACCEPTED"
algo_expect 4 3 $((0x00050100)) 256 "program, ignored command: W25Q_ERR_NOT_ACCEPTED"
algo_expect 5 0 $((0x07FF0000)) 1 "erase of a protected block, contract rule: reported done"
algo_expect 6 3 $((0x07FF0000)) 0 "erase of a protected block, NEED_BUSY: W25Q_ERR_NOT_ACCEPTED"
algo_expect 7 3 $((0x07FF0000)) 256 "program of a protected page, NEED_BUSY: W25Q_ERR_NOT_ACCEPTED"
algo_expect 8 4 $((0x00060000)) 256 "program, host wrote wp = 0: W25Q_ERR_ABORTED"
algo_expect 9 4 $((0x00060000)) 256 "read, host wrote rp = 0: W25Q_ERR_ABORTED"
for rp in $(sed -n 's/^RP //p' "$SCRATCH/ocd.log"); do
	[ $((rp)) = 0 ] || fail "program error left rp = $rp (must be 0)"
done
[ "$(sed -n 's/^RP //p' "$SCRATCH/ocd.log" | wc -l)" = 2 ] || fail "rp not reported twice"
wp=$(sed -n 's/^WP //p' "$SCRATCH/ocd.log")
[ -n "$wp" ] && [ $((wp)) = 0 ] || fail "read error left wp = $wp (must be 0)"
vb_stats_sync
n64=$(vb_stats qspi_block_erases_64k)
[ "$n64" = 0 ] || fail "an erase ran: $n64"
[ "$(vb_stats qspi_page_programs)" = 0 ] || fail "a program ran: $(vb_stats qspi_page_programs)"
vb_stop
qbin_cmp 0x50000 "$SCRATCH/top.bin" || fail "block 0x50000 changed"
qbin_cmp 0x7FF0000 "$SCRATCH/top.bin" || fail "protected block changed"
qbin_is_ff 0x04020000 0x10000 || fail "die 1 block changed"
pass
