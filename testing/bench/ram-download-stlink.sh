#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# RAM download throughput through the virtual ST-LINK/V3E (vstlink-server,
# firmware modelled in the board) with the board file's 4000 kHz request
# (3300 kHz on the probe), ours against Debian's stock openocd, hla and
# dapdirect, with 0% and 1% of AP transactions answered WAIT (bursts of 8,
# absorbed by the probe's own retries).  Time is the board's modeled time
# (stats.json virtual_ns delta around load_image); wall time is for
# information only.  Floor: the SWD bits alone (floor_s), the transfers the
# firmware clocks for the words (CSW/TAR once per 1 KiB, one DRW write per
# word, 46 + 2 idle cycles each) at 3.3 MHz.  Not a pass/fail test.
# Usage: testing/bench/ram-download-stlink.sh [KiB]
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
cd "$TOP" || exit 1
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
. testing/tests/lib/stlink.sh
KIB=${1:-256}
scratch
head -c $((KIB * 1024)) /dev/urandom > "$SCRATCH/img.bin"

# snap.sh N: ask the board for fresh counters (SIGUSR1), wait (bounded) for
# them, keep them as snap-N.json.  Run by openocd between the phases, while
# it sends nothing to the probe.
cat > "$SCRATCH/snap.sh" <<'EOF'
#!/bin/sh
f=$VB_STATE/stats.json
old=$(stat -c %y "$f" 2>/dev/null)
kill -USR1 "$VB_PID"
i=0
while [ "$(stat -c %y "$f" 2>/dev/null)" = "$old" ] && [ $i -lt 3000 ]; do
	sleep 0.02
	i=$((i + 1))
done
cp "$f" "$SCRATCH/snap-$1.json"
EOF
chmod +x "$SCRATCH/snap.sh"

stat_of() {
	sed -n "s/^ *\"$2\": \([0-9]*\).*/\1/p" "$1"
}

run_one() {
	local who=$1 mode=$2 rate=$3 t0 t1 res=ok
	VB_STATE=$SCRATCH/state-$who-$mode-$rate
	vb_start --flash-image "$FIRMWARE/idle.bin" --ap-wait-rate "$rate" --ap-wait-burst 8 --seed 7
	export VB_STATE VB_PID SCRATCH
	st_start
	st_args "$who" "$mode"
	rm -f "$SCRATCH"/snap-*.json
	t0=$(date +%s.%N)
	st_ocd "$who" "${BOARD_NOSERVERS[@]}" "${ST_ARGS[@]}" -c init -c "reset halt" \
		-c "exec $SCRATCH/snap.sh 0" \
		-c "if {[catch {load_image $SCRATCH/img.bin 0x24000000 bin}]} {echo DOWNLOAD-FAILED}" \
		-c "exec $SCRATCH/snap.sh 1" -c shutdown >"$SCRATCH/ocd-$who-$mode-$rate.log" 2>&1
	t1=$(date +%s.%N)
	st_stop
	vb_stop
	if [ ! -f "$SCRATCH/snap-1.json" ] || grep -q DOWNLOAD-FAILED "$SCRATCH/ocd-$who-$mode-$rate.log"; then
		res=FAILED
	fi
	local dv=0 rt=0
	if [ -f "$SCRATCH/snap-1.json" ]; then
		dv=$(($(stat_of "$SCRATCH/snap-1.json" virtual_ns) - $(stat_of "$SCRATCH/snap-0.json" virtual_ns)))
		rt=$(($(stat_of "$SCRATCH/snap-1.json" probe_round_trips) -
			$(stat_of "$SCRATCH/snap-0.json" probe_round_trips)))
	fi
	awk -v who="$who" -v mode="$mode" -v rate="$rate" -v dv="$dv" -v kib="$KIB" -v rt="$rt" \
		-v wall="$(echo "$t1 - $t0" | bc)" -v res=$res 'BEGIN {
		s = dv / 1e9;
		words = kib * 256;
		floor = (words * 48 + kib * 2 * 48) / 3.3e6;
		printf "%-6s %-9s %4.0f%% %9.3f %8.3f %7.2f %8d %8.1f %8.1f  %s\n", who, mode,
			rate * 100, s, floor, (s > 0 ? s / floor : 0), rt,
			(s > 0 ? kib / s : 0), wall, res
	}'
}

printf '%-6s %-9s %5s %9s %8s %7s %8s %8s %8s  %s\n' tool mode wait model_s floor_s x_floor \
	rtrips KiB/s wall_s result
for who in ours stock; do
	for mode in dapdirect hla; do
		for rate in 0 0.01; do
			run_one "$who" "$mode" "$rate"
		done
	done
done
