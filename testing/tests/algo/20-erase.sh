# SPDX-License-Identifier: GPL-2.0-or-later
# w25q_erase.inc run raw: a list of two entries, DCh 64 KiB at 0x04010000
# (die 1) and 21h 4 KiB at 0x00023000 (die 0), on a seeded qspi.bin.
# Oracles: qspi.bin (erased ranges 0xFF, neighbours keep the seed) and the
# erase counters.
. testing/tests/lib/common.sh
. testing/tests/lib/algo.sh
algo_prologue
head -c $((0x30000)) /dev/urandom > "$SCRATCH/s1.bin"
head -c $((0x3000)) /dev/urandom > "$SCRATCH/s0.bin"
qspi_board idle 0x22000:"$SCRATCH/s0.bin" 0x4000000:"$SCRATCH/s1.bin"
algo_erase_list 0 0x04010000 $CCR_BE64K 0x00023000 $CCR_SE4K
algo_expect 1 0 $((0x00023000)) 2 "erase list DCh die 1 + 21h die 0"
vb_stats_sync
n64=$(vb_stats qspi_block_erases_64k)
n4=$(vb_stats qspi_sector_erases_4k)
[ "$n64" = 1 ] || fail "64 KiB erases: $n64"
[ "$n4" = 1 ] || fail "4 KiB erases: $n4"
vb_stop
qbin_is_ff 0x04010000 0x10000 || fail "die 1 block 0x04010000 not erased"
qbin_is_ff 0x00023000 0x1000 || fail "die 0 sector 0x00023000 not erased"
python3 - "$VB_STATE/qspi.bin" "$SCRATCH/s0.bin" "$SCRATCH/s1.bin" <<'PY' || fail "neighbours"
import sys
q = open(sys.argv[1], "rb")
s0 = open(sys.argv[2], "rb").read()
s1 = open(sys.argv[3], "rb").read()
def at(off, n):
    q.seek(off)
    return q.read(n)
assert at(0x22000, 0x1000) == s0[:0x1000], "sector below 0x23000"
assert at(0x24000, 0x1000) == s0[0x2000:], "sector above 0x23000"
assert at(0x4000000, 0x10000) == s1[:0x10000], "block below 0x04010000"
assert at(0x4020000, 0x10000) == s1[0x20000:], "block above 0x04010000"
PY
pass
