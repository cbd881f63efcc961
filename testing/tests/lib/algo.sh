# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers of the algorithm tests (sourced after common.sh; brings vboard.sh
# and stmqspi.sh).
#
#   algo_prologue               scratch folder, algo_bins
#   algo_bins                   the .inc files as $SCRATCH/<name>.bin
#   algo_ocd ARGS...            our openocd, QSPI up (qspi-init.tcl), reset
#                               halt, algo.tcl loaded, then ARGS
#   algo_erase_list MS ADDR CCR...  one run of w25q_erase.inc (standard
#                               parameters) over the list of ADDR CCR entries,
#                               wait_halt bounded by MS (0: algo.tcl's default)
#   algo_result N               "r0 r1 r2 pc" of the Nth ALGO line (1-based)
#   algo_expect N R0 R1 R2 WHAT the Nth run returned exactly R0 R1 R2 and
#                               stopped at the entry's BKPT
#   crc32_msb FILE [OFF LEN]    CRC-32 as OpenOCD's image_calculate_checksum
#
# QUADSPI CCR values (RM0433 bit layout: INSTRUCTION 7:0, IMODE 9:8,
# ADMODE 11:10, ADSIZE 13:12, ABMODE 15:14, ABSIZE 17:16, DCYC 22:18,
# DMODE 25:24, FMODE 27:26; modes 1 = one line, 3 = four lines):
CCR_RDSR=0x05000105	# 05h, 1-0-1, FMODE 01 (indirect read)
CCR_DIE_SEL=0x010001C2	# C2h, 1-0-1, FMODE 00 (indirect write), 1 data byte
CCR_WREN=0x00000106	# 06h, 1-0-0
CCR_WRDI=0x00000104	# 04h, 1-0-0 (a WREN that clears WEL: the WEL error path)
CCR_WRSR=0x01000101	# 01h, 1-0-1, indirect write
CCR_PROGRAM=0x01003512	# 12h, 1-1-1, 32-bit address, indirect write
CCR_READ=0x05003513	# 13h, 1-1-1, 32-bit address, indirect read
CCR_READ_QUAD=0x0720356C	# 6Ch, 1-1-4, 32-bit address, 8 dummy cycles
CCR_SE4K=0x00003521	# 21h, 1-1-0, 32-bit address
CCR_BE64K=0x000035DC	# DCh, 1-1-0, 32-bit address
CCR_CE=0x000001C7	# C7h, 1-0-0 (starts on the CCR write)
CCR_NOP_ADDR=0x00003500	# 00h with an address: a command the chip ignores
CCR_NOP_DATA=0x01003500	# the same with a write data phase (in place of CCR_PROGRAM)
# Status reads per wait (the loader's POLL_LIMIT).  One 05h read takes about
# 1.4 us here, so 10000000 reads last some 14 s: more than any wait but a chip
# erase at the slowest (64 KiB block erase 2.24 s at its maximum).  With
# 1000000 (1.4 s) a block erase drawn near its maximum runs the loader out of
# reads, as it would on silicon (the board moves the loop's counter with the
# time it skips).
POLL=10000000
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
F_READ_SPLIT=1
F_SKIP_FF=2
F_NEED_BUSY=4
ALGO_DIR=contrib/loaders/flash/stmqspi_w25q

algo_prologue() {
	scratch
	algo_bins
}

algo_bins() {
	local n
	for n in erase program read crc32 sector_scan; do
		python3 - "$ALGO_DIR/w25q_$n.inc" "$SCRATCH/$n.bin" <<'PY' || fail "w25q_$n.inc"
import re, sys
text = re.sub(r"/\*.*?\*/", "", open(sys.argv[1]).read(), flags=re.S)
data = bytes(int(x, 16) for x in re.findall(r"0x([0-9a-fA-F]{2})", text))
assert data, "empty blob"
open(sys.argv[2], "wb").write(data)
PY
	done
}

# The parameter block with the CCRs above: algo_std_params [FLAGS [SIZE [READ_CCR [WREN]]]]
algo_std_params() {
	echo "algo_params 2 $POLL $CCR_RDSR $CCR_DIE_SEL ${4:-$CCR_WREN} $CCR_PROGRAM" \
		"${3:-$CCR_READ} 0 ${1:-0} ${2:-0}"
}

algo_ocd() {
	ocd_ours "${H7_ARGS[@]}" "${QSPI_NOSERVERS[@]}" -f testing/tests/qspi/qspi-init.tcl \
		-f testing/tests/algo/algo.tcl -c init -c "reset halt" -c vb_qspi_init "$@"
}

algo_erase_list() {
	local ms=$1 wait=""
	shift
	[ "$ms" = 0 ] || wait=" $ms"
	algo_ocd -c "$(algo_std_params 0)" \
		-c "write_memory \$ALGO_LIST 32 {$*}" \
		-c "algo_run $SCRATCH/erase.bin 0 $(($# / 2)) \$ALGO_LIST 0$wait" \
		-c shutdown || fail "openocd failed"
}

algo_result() {
	local h='\(0x[0-9a-f]*\)'
	sed -n "s/^ALGO r0=$h r1=$h r2=$h pc=$h\$/\\1 \\2 \\3 \\4/p" "$SCRATCH/ocd.log" |
		sed -n "${1}p"
}

# The entry stub's BKPT is at offset 10 of every blob.
algo_expect() {
	local got want
	got=$(algo_result "$1")
	[ -n "$got" ] || fail "$5: run $1 did not report (no ALGO line)"
	want=$(printf '0x%08x 0x%08x 0x%08x 0x%08x' "$2" "$3" "$4" $((0x24000000 + 10)))
	[ "$got" = "$want" ] || fail "$5: got r0 r1 r2 pc = $got, want $want"
	echo "ok: $5 ($got)"
}

crc32_msb() {
	python3 - "$@" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
if len(sys.argv) > 2:
    off, n = int(sys.argv[2], 0), int(sys.argv[3], 0)
    with open(sys.argv[1], "rb") as f:
        f.seek(off)
        data = f.read(n)
crc = 0xFFFFFFFF
for b in data:
    crc ^= b << 24
    for _ in range(8):
        crc = (crc << 1) ^ (0x04C11DB7 if crc & 0x80000000 else 0)
        crc &= 0xFFFFFFFF
print("0x%08x" % crc)
PY
}
