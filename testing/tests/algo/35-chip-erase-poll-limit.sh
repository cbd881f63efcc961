# SPDX-License-Identifier: GPL-2.0-or-later
# A loader that gives up on its own poll limit during a chip erase, as it
# would on silicon: w25q_erase.inc with one C7h entry and POLL_LIMIT
# 10000000 status reads per die.  One read (05h, 1-0-1) takes about 1.4 us
# here, so the limit is reached after some 14 s, long before the chip
# erase ends (192 s typical, 2688 s maximum).  The core's poll loop is
# fast-forwarded while the host only polls its halt state (joint
# fast-forward, testing/README.md); the loop's counter must move with the
# skipped time, or the loader would see the erase end instead of its limit.
# Oracles: the loader's result (r0 = 1, timeout), the modeled time (less
# than the typical chip erase) and the board's joint_skips counter.
. testing/tests/lib/common.sh
. testing/tests/lib/algo.sh
algo_prologue
vb_start --flash-image "$FIRMWARE/idle.bin" --flash-timing max
POLL=10000000
algo_erase_list 2700000 0x04000000 $CCR_CE
# r0 = W25Q_ERR_TIMEOUT, r1 = the entry's offset, r2 = 0 entries done
algo_expect 1 1 $((0x04000000)) 0 "poll limit reached during the chip erase"
vb_stats_sync
ns=$(vb_stats virtual_ns)
echo "modeled time $ns ns, joint skips $(vb_stats joint_skips)"
[ "$ns" -lt 192000000000 ] || fail "modeled time $ns ns: the loader waited past its poll limit"
[ "$ns" -ge 5000000000 ] || fail "modeled time $ns ns: the poll limit ran out too early"
[ "$(vb_stats joint_skips)" -gt 0 ] || fail "no joint fast-forward: the core's loop was run in full"
vb_stop
pass
