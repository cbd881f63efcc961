# Fast programming keeps correctness first (flash write_image erase, which
# program and gdb load use), QSPI bank, 256 KiB image A across 0x04000000:
#  1. A into blank flash: nothing erased, every page written.
#  2. A again: every sector unchanged, nothing erased or written.
#  3. A with one byte changed: exactly the 4 KiB holding it erased (21h, as
#     that costs less than the 64 KiB sector's DCh) and rewritten.
#  4. A sector left half-written (as a power loss leaves it: its first pages
#     programmed, the rest erased) is detected; its blank half is
#     programmed, nothing erased.
#  5. 1000 bytes into the middle of a sector holding other data: the
#     sector's other bytes keep their contents (one 21h, 16 pages).
# Oracle: qspi.bin against bytes generated here, stats.json counters.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
python3 - "$SCRATCH" <<'PY'
import random, sys
d = sys.argv[1]
r = random.Random(8)
a = bytearray(r.getrandbits(8) for _ in range(256 * 1024))
open(d + "/a.bin", "wb").write(a)
b = bytearray(a)
b[0x28123] ^= 0x5a                     # in the sector at 0x04000000 + 0x8000
open(d + "/b.bin", "wb").write(b)
half = bytearray(a)
half[0x10000 + 0x8000:0x20000] = b"\xff" * 0x8000  # sector 0x03FF0000: half
open(d + "/half.bin", "wb").write(half)
open(d + "/p.bin", "wb").write(bytes(r.getrandbits(8) for _ in range(0x10000)))
open(d + "/small.bin", "wb").write(bytes(r.getrandbits(8) for _ in range(1000)))
PY
base=0x3fe0000
img() { echo "flash write_image erase $SCRATCH/$1 $(printf 0x%x $((0x90000000 + $2))) bin"; }
VB_STATE=$SCRATCH/state
vb_start --flash-image "$FIRMWARE/idle.bin"

qspi_step "1 A into blank" "0 0 1024" -c "$(img a.bin $base)"
qbin_cmp $base "$SCRATCH/a.bin" || fail "1: qspi.bin is not A"
qspi_step "2 A again" "0 0 0" -c "$(img a.bin $base)"
grep -q '4 sector(s) unchanged, 0 to erase, 0 to write' "$SCRATCH/ocd.log" || fail "2: not all skipped"
qspi_step "3 one byte changed" "1 0 16" -c "$(img b.bin $base)"
qbin_cmp $base "$SCRATCH/b.bin" || fail "3: qspi.bin is not A with the changed byte"
# 4: make the board hold the half-written sector, then write A over it
vb_stop
python3 - "$VB_STATE/qspi.bin" "$SCRATCH/half.bin" $base <<'PY'
import sys
q = open(sys.argv[1], "r+b")
q.seek(int(sys.argv[3], 0))
q.write(open(sys.argv[2], "rb").read())
PY
vb_start --flash-image "$FIRMWARE/idle.bin"
qspi_step "4 half-written sector" "0 0 128" -c "$(img a.bin $base)"
qbin_cmp $base "$SCRATCH/a.bin" || fail "4: qspi.bin is not A"
# 5: a sector full of p.bin, then 1000 bytes into its middle
qspi_step "5a fill a sector" "0 0 256" -c "$(img p.bin 0x100000)"
qspi_step "5b 1000 bytes inside" "1 0 16" -c "$(img small.bin 0x108000)"
vb_stop
python3 - "$VB_STATE/qspi.bin" "$SCRATCH/p.bin" "$SCRATCH/small.bin" <<'PY' || fail "5: untouched bytes of the sector changed"
import sys
q = open(sys.argv[1], "rb")
q.seek(0x100000)
got = q.read(0x10000)
want = bytearray(open(sys.argv[2], "rb").read())
want[0x8000:0x8000 + 1000] = open(sys.argv[3], "rb").read()
sys.exit(0 if got == want else 1)
PY
echo "changed sectors rewritten, unchanged skipped, partial sectors kept"
pass
