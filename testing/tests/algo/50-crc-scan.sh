# SPDX-License-Identifier: GPL-2.0-or-later
# w25q_crc32.inc and w25q_sector_scan.inc run raw:
#  - crc32 of 64 KiB + 5 bytes from 0x03FF8003 (across the die boundary,
#    W25Q_F_READ_SPLIT) equals the CRC this test computes from qspi.bin
#    (poly 0x04C11DB7, MSB first, init ~0, no final xor: OpenOCD's
#    image_calculate_checksum; python's binascii.crc32 is the reflected one);
#  - crc32 of 0 bytes is 0xFFFFFFFF; of 1 MiB of 0xFF in die 1 likewise checked;
#  - sector_scan of 4 KiB sectors over 0x00100000 + 18 KiB + 100 bytes where
#    the first 9 KiB hold data: per sector CRC and blank flag (the last sector
#    is short), r2 = 5 sectors.
. testing/tests/lib/common.sh
. testing/tests/lib/algo.sh
algo_prologue
head -c $((0x10000)) /dev/urandom > "$SCRATCH/s.bin"
head -c $((0x2400)) /dev/urandom > "$SCRATCH/h.bin"
VB_STATE=$SCRATCH/state
mkdir -p "$VB_STATE"
qbin_seed "$VB_STATE/qspi.bin" 0x3FF8000:"$SCRATCH/s.bin" 0x100000:"$SCRATCH/h.bin"
SCAN_LEN=$((18 * 1024 + 100))
vb_start --flash-image "$FIRMWARE/idle.bin"
algo_ocd -c "$(algo_std_params $F_READ_SPLIT)" \
	-c "algo_run $SCRATCH/crc32.bin 0x03FF8003 0x10005 0 0" \
	-c "algo_run $SCRATCH/crc32.bin 0x04100000 0 0 0" \
	-c "algo_run $SCRATCH/crc32.bin 0x04100000 0x100000 0 0 60000" \
	-c "$(algo_std_params $F_READ_SPLIT 4096)" \
	-c "algo_run $SCRATCH/sector_scan.bin 0x00100000 $SCAN_LEN \$ALGO_LIST 0" \
	-c "echo \"SCAN [read_memory \$ALGO_LIST 32 10]\"" \
	-c shutdown || fail "openocd failed"
vb_stop
Q=$VB_STATE/qspi.bin
algo_expect 1 0 $((0x03FF8003 + 0x10005)) "$(crc32_msb "$Q" 0x03FF8003 0x10005)" \
	"crc32 across the die boundary"
algo_expect 2 0 $((0x04100000)) 0xFFFFFFFF "crc32 of nothing"
algo_expect 3 0 $((0x04200000)) "$(crc32_msb "$Q" 0x04100000 0x100000)" "crc32 of 1 MiB blank"
algo_expect 4 0 $((0x00100000 + SCAN_LEN)) 5 "sector_scan of 5 sectors"
scan=$(sed -n 's/^SCAN //p' "$SCRATCH/ocd.log")
python3 - "$Q" "$scan" "$SCAN_LEN" <<'PY' || fail "sector_scan results"
import sys
q = open(sys.argv[1], "rb")
words = [int(w, 0) for w in sys.argv[2].split()]
total = int(sys.argv[3])
def crc(data):
    c = 0xFFFFFFFF
    for b in data:
        c ^= b << 24
        for _ in range(8):
            c = ((c << 1) ^ 0x04C11DB7) & 0xFFFFFFFF if c & 0x80000000 else (c << 1) & 0xFFFFFFFF
    return c
flags = []
for i in range(5):
    n = min(4096, total - i * 4096)
    q.seek(0x100000 + i * 4096)
    d = q.read(n)
    want = (crc(d), 1 if d == b"\xff" * n else 0)
    got = (words[2 * i], words[2 * i + 1])
    assert got == want, "sector %d: got %s want %s" % (i, got, want)
    flags.append(got[1])
assert flags == [0, 0, 0, 1, 1], flags
print("sector_scan ok", flags)
PY
pass
