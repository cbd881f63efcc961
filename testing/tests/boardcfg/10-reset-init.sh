# board/stm32h753.cfg with no interface given: the J-Link default (here the
# virtual one) is used.  reset init raises the clocks, routes the QSPI pins
# and leaves the W25Q01JV memory-mapped with the 4-byte quad read: the words
# at 0x90000000 and the chip's last bytes (0x97ffffc0, which the FSIZE one
# size up keeps clear of the last-bytes erratum) equal bytes seeded into the
# board's qspi.bin; the registers read back as the board file documents.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
scratch
VB_STATE=$SCRATCH/state
board_seed_qspi
vb_start
ocd_ours "${BOARD_NOSERVERS[@]}" -f board/stm32h753.cfg -c "$BOARD_REPORT_PROC" \
	-c init -c "reset init" -c "flash banks" -c "echo ADAPTER=[adapter name]" \
	-c "board_report CR 0x52005000" -c "board_report DCR 0x52005004" \
	-c "board_report CCR 0x52005014" -c "board_report ABR 0x5200501c" \
	-c "board_report RCC_CFGR 0x58024410" -c "board_report RCC_CR 0x58024400" \
	-c "board_report PLL1DIVR 0x58024430" -c "board_report D1CFGR 0x58024418" \
	-c "board_report FLASH_ACR 0x52002000" -c "board_report AHB3ENR 0x580244d4" \
	-c "dump_image $SCRATCH/head.bin 0x90000000 8192" \
	-c "dump_image $SCRATCH/tail.bin 0x97ffffc0 64" \
	-c shutdown || fail "openocd failed"

grep -q 'no adapter selected, using interface/jlink.cfg' "$SCRATCH/ocd.log" ||
	fail "no message about the J-Link default"
grep -q '^ADAPTER=jlink$' "$SCRATCH/ocd.log" || fail "adapter is not jlink"
[ "$(grep -c '^#[0-9] : ' "$SCRATCH/ocd.log")" = 3 ] || fail "flash banks does not list 3 banks"
grep -q '^#0 : stm32h753.bank1.cpu0 (stm32h7x) at 0x08000000' "$SCRATCH/ocd.log" || fail "bank 1"
grep -q '^#1 : stm32h753.bank2.cpu0 (stm32h7x) at 0x08100000' "$SCRATCH/ocd.log" || fail "bank 2"
grep -q '^#2 : stm32h753.qspi (stmqspi) at 0x90000000' "$SCRATCH/ocd.log" || fail "qspi bank"

cmp "$SCRATCH/head.bin" "$SCRATCH/seed_head.bin" ||
	fail "memory-mapped 0x90000000.. differs from qspi.bin"
cmp "$SCRATCH/tail.bin" "$SCRATCH/seed_tail.bin" ||
	fail "memory-mapped last 64 bytes of the chip differ from qspi.bin"

check() {
	local got
	got=$(board_value "$1")
	[ "$((0x$got & $2))" = "$(($3))" ] || fail "$1 = 0x$got, want $3 under mask $2"
	echo "ok: $1 = 0x$got"
}
check CR 0xffffffff 0x01000011		# PRESCALER 1, SSHIFT, EN
check DCR 0xffffffff 0x001b0500		# FSIZE 27 (256 MiB window), CSHT 5
check CCR 0xffffffff 0x0f10fdec		# memory-mapped ECh 1-4-4, 32-bit, M byte, 4 dummy
check ABR 0xffffffff 0			# M = 00h: no continuous read
check RCC_CFGR 0x3f 0x1b		# SW = SWS = PLL1
check RCC_CR 0x03000000 0x03000000	# PLL1ON, PLL1RDY
check PLL1DIVR 0xffffffff 0x01030231	# N 50, P 2, Q 4, R 2
check D1CFGR 0xfff 0x048		# D1CPRE /1, HPRE /2, D1PPRE /2
check FLASH_ACR 0x3f 0x22		# 2 wait states, WRHIGHFREQ 2
check AHB3ENR 0x4000 0x4000		# QSPIEN
vb_stop
pass
