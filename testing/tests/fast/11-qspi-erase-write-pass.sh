# Erase and program in one pass (patch 0012, stmqspi_w25q_erase_write): the
# program algorithm sends each planned erase just before the first page it
# covers.  QSPI bank, 256 KiB at 0x03FE0000 (across the die boundary):
#  1. X into blank flash: nothing erased.
#  2. Y = 64 KiB of 0xFF, 128 KiB of new data, 64 KiB of 0xFF over X: all
#     four 64 KiB sectors erased (the first and last ones erase-only, before
#     and after the data), only the data's pages programmed.
#  3. 4 KiB sectors: three scattered sectors of one block changed (three
#     21h) and a whole block changed (one DCh, cheaper than sixteen 21h).
#  4. 4 KiB sectors: the last block's data becomes all 0xFF: one DCh and
#     nothing programmed.
#  5. 64 KiB sectors (the default): two scattered 4 KiB pieces of one sector
#     changed: two 21h and their 32 pages, not a DCh and 256 pages.
#  6. five pieces of that sector changed: the DCh costs less, so DCh and the
#     sector's 256 pages (typical times: 5 x 64 ms + a program run against
#     160 ms + 176 more pages).
# Oracle: qspi.bin against bytes generated here, the chip's erase and
# program counters in stats.json.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
python3 - "$SCRATCH" <<'PY'
import random, sys
d = sys.argv[1]
r = random.Random(11)
rnd = lambda n: bytearray(r.getrandbits(8) for _ in range(n))
x = rnd(0x40000)
y = b"\xff" * 0x10000 + rnd(0x20000) + b"\xff" * 0x10000
z = bytearray(y)
for s in (0x11000, 0x15000, 0x1a000):    # three 4 KiB sectors of block 0x03FF0000
	z[s + 0x123] ^= 0xa5
z[0x20000:0x30000] = rnd(0x10000)       # the whole block 0x04000000
w = bytearray(z)
w[0x20000:0x30000] = b"\xff" * 0x10000
v = bytearray(w)
for k in (1, 9):                        # pieces of block 0x03FF0000
	v[0x10000 + k * 0x1000 + 7] ^= 0x3c
u = bytearray(v)
for k in (0, 3, 6, 9, 12):
	u[0x10000 + k * 0x1000 + 99] ^= 0x81
for n, v in (("x", x), ("y", y), ("z", z), ("w", w), ("v", v), ("u", u)):
	open("%s/%s.bin" % (d, n), "wb").write(v)
PY
base=0x3fe0000
img() { echo "flash write_image erase $SCRATCH/$1 $(printf 0x%x $((0x90000000 + base))) bin"; }
VB_STATE=$SCRATCH/state
vb_start --flash-image "$FIRMWARE/idle.bin"

step() {	# step NAME "4k-erases 64k-erases programs" IMAGE [openocd commands...]
	local name=$1 want=$2 image=$3
	shift 3
	qspi_step "$name" "$want" "$@" -c "$(img "$image")"
	qbin_cmp $base "$SCRATCH/$image" || fail "$name: qspi.bin does not hold $image"
}
k4=(-c "stmqspi w25q 1 sector_size 4k" -c "flash probe 1")
step "1 X into blank" "0 0 1024" x.bin
step "2 Y over X" "0 4 512" y.bin
step "3 Z over Y, 4 KiB sectors" "3 1 304" z.bin "${k4[@]}"
step "4 W over Z, 4 KiB sectors" "0 1 0" w.bin "${k4[@]}"
step "5 V over W, two pieces changed" "2 0 32" v.bin
step "6 U over V, five pieces changed" "0 1 256" u.bin
pass
