# SPDX-License-Identifier: GPL-2.0-or-later
# make bench cannot rot: the flash workloads (testing/bench/flash.py) at
# BENCH_SCALE=64 (64 KiB QSPI images across the die boundary, 32 KiB internal),
# our openocd only.  Every workload row W1..W6b must be in the table with
# numeric columns and result "ok"; the table's verdicts are checked against the
# bench board's image files here, independently of the harness.

. testing/tests/lib/common.sh
scratch
out=$SCRATCH/bench.txt
BENCH_DIR=$SCRATCH/bench BENCH_SCALE=64 BENCH_TOOLS=ours BENCH_CMD_TIMEOUT=60 \
	timeout 120 python3 testing/bench/flash.py >"$out" 2>&1
rc=$?
cat "$out"
[ $rc = 0 ] || fail "flash.py exited $rc"
num='[0-9]+\.[0-9]+'
# wl, description, tool, model_s, floor_s, x_floor, wall_s, swd_trans, rtrips, /stock, result
row_re="^(W[0-9a-z]+) +.{18} ours +($num) +($num) +($num|-) +($num) +([0-9]+) +([0-9]+)"
row_re+=" +(-|$num) +(.*)$"
for wl in W1 W2 W3 W4 W5 W6a W6b; do
	line=$(grep -E "^$wl " "$out" | grep ' ours ')
	[ -n "$line" ] || fail "$wl: no row"
	[[ $line =~ $row_re ]] || fail "$wl: malformed row: $line"
	res=${BASH_REMATCH[9]}
	[ "${BASH_REMATCH[6]}" -gt 0 ] || fail "$wl: no SWD transactions counted"
	[ "${BASH_REMATCH[7]}" -gt 0 ] || fail "$wl: no probe round trips counted"
	[ "$res" = ok ] || fail "$wl: $res"
done
grep -q '^targets (ours' "$out" || fail "no targets section"

# Independent oracle: the bench board's image files against the images.
st=$SCRATCH/bench/state-ours
img=$SCRATCH/bench
cmp -s -n 32768 "$st/flash.bin" "$img/int.bin" || fail "flash.bin does not hold int.bin"
size=$(stat -c %s "$img/qspi-b4.bin")
off=$((0x4000000 - size / 2))
python3 - "$st/qspi.bin" "$img/qspi-b4.bin" "$off" <<'PY' || fail "qspi.bin does not hold the W4 image"
import sys
want = open(sys.argv[2], "rb").read()
with open(sys.argv[1], "rb") as q:
    q.seek(int(sys.argv[3]))
    sys.exit(0 if q.read(len(want)) == want else 1)
PY
pass
