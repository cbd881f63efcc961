# SPDX-License-Identifier: GPL-2.0-or-later
# The per-probe rows of make bench cannot rot: testing/bench/probe-rows.py at
# BENCH_PROBE_SCALE=64 (64 KiB QSPI images across the die boundary, 32 KiB
# internal, 16 KiB RAM), our openocd only, through the ST-Link in dapdirect
# mode and the CMSIS-DAP v2 high-speed class.  Every row (W1, W3, W6a, RAM)
# must be there with its figures, "ours ok", a floor that is the probe's own
# (probes.py, recomputed here for RAM) and no faster than the model allows
# (ours / floor >= 1: a floor above a measured time is a wrong floor).  The
# images are checked against the bench boards' files here, independently.

. testing/tests/lib/common.sh
scratch
out=$SCRATCH/rows.txt
PROBES="stlink-dapdirect cmsisdap-hs"
BENCH_DIR=$SCRATCH/bench BENCH_PROBE_SCALE=64 BENCH_PROBE_RAM_KIB=16 BENCH_TOOLS=ours \
	BENCH_PROBES=$PROBES BENCH_CMD_TIMEOUT=120 timeout 900 python3 testing/bench/probe-rows.py \
	>"$out" 2>&1
rc=$?
cat "$out"
[ $rc = 0 ] || fail "probe-rows.py exited $rc"
num='[0-9]+\.[0-9]+'
# probe, load, ours_s, stock_s (-), floor_s, ours/f, stock/f (-), [target,] result
row_re="^([a-z-]+) +(W1|W3|W6a|RAM) +($num) +- +($num) +($num) +- +(PASS|MISS)? *(.*)$"
for p in $PROBES; do
	for wl in W1 W3 W6a RAM; do
		line=$(grep -E "^$p +$wl " "$out" | tail -1)
		[ -n "$line" ] || fail "$p $wl: no row"
		[[ $line =~ $row_re ]] || fail "$p $wl: malformed row: $line"
		[[ ${BASH_REMATCH[7]} == "ours ok;"* ]] || fail "$p $wl: ${BASH_REMATCH[7]}"
		awk -v x="${BASH_REMATCH[5]}" 'BEGIN { exit !(x >= 1.0) }' ||
			fail "$p $wl: ours at ${BASH_REMATCH[5]} x its floor: the floor is wrong"
		if [ "$wl" = RAM ]; then
			want=$(python3 testing/bench/probes.py floor-ns "$p" 16384 4000)
			want=$(awk -v n="$want" 'BEGIN { printf "%.3f", n / 1e9 }')
			[ "${BASH_REMATCH[4]}" = "$want" ] ||
				fail "$p RAM: floor ${BASH_REMATCH[4]} s, the probe's model gives $want s"
		fi
	done
	# Independent oracle: the bench board's image files against the images.
	st=$SCRATCH/bench/probes/$p/state-ours
	img=$SCRATCH/bench/probes
	cmp -s -n 32768 "$st/flash.bin" "$img/int.bin" || fail "$p: flash.bin does not hold int.bin"
	size=$(stat -c %s "$img/qspi-b.bin")
	python3 - "$st/qspi.bin" "$img/qspi-b.bin" $((0x4000000 - size / 2)) <<'PY' ||
import sys
want = open(sys.argv[2], "rb").read()
with open(sys.argv[1], "rb") as q:
    q.seek(int(sys.argv[3]))
    sys.exit(0 if q.read(len(want)) == want else 1)
PY
		fail "$p: qspi.bin does not hold the W3 image"
done
# The two probes' floors differ: each row has its own.
a=$(grep -E "^stlink-dapdirect +RAM " "$out" | tail -1 | awk '{print $5}')
b=$(grep -E "^cmsisdap-hs +RAM " "$out" | tail -1 | awk '{print $5}')
[ "$a" != "$b" ] || fail "both probes have the floor $a s"
pass
