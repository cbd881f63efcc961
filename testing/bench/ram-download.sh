#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# RAM download throughput, ours against Debian's stock openocd, with 0%, 1%
# and 10% of AP transactions answered WAIT (bursts of 1; RAM_CASES="rate:burst
# ..." picks others, RAM_TOOLS the tools).  Time is the board's modeled time
# (stats.json virtual_ns delta around load_image, via SIGUSR1); wall time is
# for information only.  The board gets $VB_EXTRA_ARGS (say --probe-class ob).
# Not a pass/fail test.
# BENCH_PROBE picks the probe (testing/bench/probes.py): jlink (default, the
# virtual J-Link), stlink-dapdirect and stlink-hla (vstlink-server, the
# probe's firmware retries WAITs itself), cmsisdap and cmsisdap-hs (the HID
# backend; its firmware retries WAITs itself).  Every probe is asked for
# 4000 kHz.  floor_s: the probe's link floor for the image (probes.py),
# x_floor = model_s / floor_s.
# VB_OPENOCD: our openocd (default build/bin/openocd).
# Usage: testing/bench/ram-download.sh [KiB]
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
cd "$TOP" || exit 1
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stlink.sh
. testing/tests/lib/cmsisdap.sh
KIB=${1:-256}
PROBE=${BENCH_PROBE:-jlink}
FLOOR_NS=$(python3 testing/bench/probes.py floor-ns "$PROBE" $((KIB * 1024)) 4000) || exit 1
scratch
head -c $((KIB * 1024)) /dev/urandom > "$SCRATCH/img.bin"
NOSRV=(-c "gdb_port disabled" -c "tcl_port disabled" -c "telnet_port disabled")
PROBE_ENV=(LD_LIBRARY_PATH="$VJLINK_DIR")
TARGET_ARGS=(-f target/stm32h7x.cfg -c "adapter speed 4000")

# probe_args: PROBE_ARGS for the board just started (starts vstlink-server
# for an ST-Link).
probe_args() {
	case $PROBE in
	jlink) PROBE_ARGS=(-f interface/jlink.cfg -c "transport select swd") ;;
	stlink-dapdirect)
		st_start
		PROBE_ARGS=(-f interface/stlink-dap.cfg -c "st-link backend tcp $ST_PORT") ;;
	stlink-hla)
		st_start
		PROBE_ARGS=(-f interface/stlink.cfg -c "hla_stlink_backend tcp $ST_PORT") ;;
	cmsisdap | cmsisdap-hs)
		PROBE_ENV=(LD_LIBRARY_PATH="$VCMSISDAP_DIR" VCMSISDAP_CLASS=fs)
		[ "$PROBE" = cmsisdap ] || PROBE_ENV[1]=VCMSISDAP_CLASS=hs
		PROBE_ARGS=("${CD_ARGS[@]}" -c "transport select swd") ;;
	esac
	PROBE_ARGS+=("${TARGET_ARGS[@]}")
}

# wait_go PID: wait (at most 120 s) until openocd reaches the first hold
# point, i.e. writes go1; fail at once if openocd PID ends before that (say,
# stock failing to connect): nobody would ever write the FIFO.
wait_go() {
	timeout 120 cat "$SCRATCH/go1" >/dev/null &
	local cat_pid=$!
	while kill -0 "$cat_pid" 2>/dev/null; do
		if ! kill -0 "$1" 2>/dev/null; then
			kill "$cat_pid" 2>/dev/null
			break
		fi
		sleep 0.05
	done
	wait "$cat_pid"
}

# Hold openocd between the phases with a FIFO so stats can be taken.
run_one() {
	local who=$1 rate=$2 burst=$3 bin sc=() tag=$1-$2-$3
	VB_STATE=$SCRATCH/state-$tag
	vb_start --flash-image "$FIRMWARE/idle.bin" --ap-wait-rate "$rate" \
		--ap-wait-burst "$burst" --seed 7
	probe_args
	if [ "$who" = ours ]; then bin=$OPENOCD; else bin=$STOCK_OPENOCD; sc=(-s "$STOCK_SCRIPTS"); fi
	mkfifo "$SCRATCH/go1" "$SCRATCH/go2"
	env "${PROBE_ENV[@]}" timeout 600 "$bin" "${sc[@]}" "${PROBE_ARGS[@]}" "${NOSRV[@]}" \
		-c init -c "reset halt" \
		-c "exec sh -c {echo > $SCRATCH/go1; cat $SCRATCH/go2 >/dev/null}" \
		-c "if {[catch {load_image $SCRATCH/img.bin 0x24000000 bin}]} {echo DOWNLOAD-FAILED}" \
		-c "exec sh -c {echo > $SCRATCH/go1; cat $SCRATCH/go2 >/dev/null}" \
		-c shutdown >"$SCRATCH/ocd-$tag.log" 2>&1 &
	local pid=$!
	if ! wait_go "$pid"; then
		# openocd ended before the download (e.g. stock failed to connect)
		kill $pid 2>/dev/null
		wait $pid
		rm -f "$SCRATCH/go1" "$SCRATCH/go2"
		st_stop
		vb_stop
		printf '%-6s %5.0f%% %5s %8s %8s %10s %10s %8s %7s %8s  %s\n' "$who" \
			"$(echo "$rate * 100" | bc)" "$burst" - - - - - - - "FAILED before the download"
		return
	fi
	vb_stats_sync
	local k b=() e=() t0 t1
	for k in virtual_ns ap_injected_waits swd_wait_acks probe_round_trips; do
		b+=("$(vb_stats $k)")
	done
	t0=$(date +%s.%N)
	echo > "$SCRATCH/go2"
	timeout 600 cat "$SCRATCH/go1" >/dev/null
	t1=$(date +%s.%N)
	vb_stats_sync
	for k in virtual_ns ap_injected_waits swd_wait_acks probe_round_trips; do
		e+=("$(vb_stats $k)")
	done
	echo > "$SCRATCH/go2"
	wait $pid
	rm -f "$SCRATCH/go1" "$SCRATCH/go2"
	st_stop
	vb_stop
	local res=ok
	grep -q DOWNLOAD-FAILED "$SCRATCH/ocd-$tag.log" && res=FAILED
	awk -v who="$who" -v rate="$rate" -v burst="$burst" -v dv=$((e[0] - b[0])) -v kib="$KIB" \
		-v w=$((e[1] - b[1])) -v acks=$((e[2] - b[2])) -v rt=$((e[3] - b[3])) \
		-v wall="$(echo "$t1 - $t0" | bc)" -v res=$res -v floor="$FLOOR_NS" 'BEGIN {
		s = dv / 1e9;
		f = floor / 1e9;
		printf "%-6s %5.0f%% %5d %8d %8d %10.3f %10s %8.3f %7s %8.2f  %s\n", who, rate * 100,
			burst, acks, rt, s, res == "ok" ? sprintf("%.1f", kib / s) : "-", f,
			res == "ok" ? sprintf("%.2f", s / f) : "-", wall, res }'
}

echo "RAM download of $KIB KiB to 0x24000000 through $PROBE, 4000 kHz asked;" \
	"floor $(echo "$FLOOR_NS / 1000000000" | bc -l | xargs printf '%.3f') s (probes.py)"
printf '%-6s %6s %5s %8s %8s %10s %10s %8s %7s %8s  %s\n' tool WAITs burst wait_ack rtrips \
	model_s KiB/s floor_s x_floor wall_s result
for c in ${RAM_CASES:-0:1 0.01:1 0.1:1}; do
	IFS=: read -r rate burst <<<"$c"
	for who in ${RAM_TOOLS:-stock ours}; do
		run_one "$who" "$rate" "$burst"
	done
done
