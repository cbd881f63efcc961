# SPDX-License-Identifier: GPL-2.0-or-later
# w25q_erase.inc with one C7h entry (no address phase: the CCR write starts
# it): the chip erases both dies, die 1 finishing die_skew later, and the
# algorithm returns only when every die is idle.  The erase takes from 192 s
# (typical) to 2688 s (maximum, --flash-timing max) of modeled time and die
# 1 is made 5 s late (--die-skew-us): the core polls 05h on each die, die 1
# first.  The joint host-and-core fast-forward (testing/README.md) keeps the
# wall time short under every timing profile.
# Oracles: qspi.bin (seeded in both dies, all 0xFF after), the chip-erase
# counter, and the modeled time (at least 197 s: die 1 was waited for).
. testing/tests/lib/common.sh
. testing/tests/lib/algo.sh
algo_prologue
head -c 4096 /dev/urandom > "$SCRATCH/s.bin"
VB_STATE=$SCRATCH/state
mkdir -p "$VB_STATE"
qbin_seed "$VB_STATE/qspi.bin" 0:"$SCRATCH/s.bin" 0x3FFF000:"$SCRATCH/s.bin" \
	0x4000000:"$SCRATCH/s.bin" 0x7FFF000:"$SCRATCH/s.bin"
vb_start --flash-image "$FIRMWARE/idle.bin" --die-skew-us 5000000 --die-last 1
POLL=0xFFFFFFFF	# bounded by the test's wait_halt instead
# wait_halt bound: tCE max 2688 s plus the 5 s skew, as silicon would need
algo_erase_list 2700000 0x04000000 $CCR_CE
algo_expect 1 0 $((0x04000000)) 1 "chip erase entry"
vb_stats_sync
[ "$(vb_stats qspi_chip_erases)" = 1 ] || fail "chip erases: $(vb_stats qspi_chip_erases)"
ns=$(vb_stats virtual_ns)
[ "$ns" -ge 197000000000 ] || fail "modeled time $ns ns: returned before die 1 finished"
echo "modeled time $ns ns"
vb_stop
for off in 0 0x3FFF000 0x4000000 0x7FFF000; do
	qbin_is_ff $off 4096 || fail "qspi.bin at $off not erased"
done
pass
