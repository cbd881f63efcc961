# SPDX-License-Identifier: GPL-2.0-or-later
# The campaign's real-time cases (a die stuck busy) run the board at x
# CAMPAIGN_RT_SPEED and OpenOCD's clock as fast.  When the host cannot
# emulate the core that fast (a loader reading and checksumming the QSPI
# flash), OpenOCD's clock runs ahead of the board's and its timeouts fire
# early: the verdict is then the host's speed, not the product's.  The board
# must say how far it fell behind (stats.json rt_lag_max_ns) and the
# campaign must refuse to judge such a run (class BOARD, campaign.py
# rt_lag_verdict).  Here at x1000 the core's loader cannot keep up on any
# host, so the board must report a lag beyond the campaign's limit.
# Oracle: stats.json of the board; the campaign's verdict on that figure.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
RT_SPEED=1000
. testing/tests/lib/realtime.sh
scratch
rt_state
rt_start --flash-image "$FIRMWARE/idle.bin"
# the driver's loaders over 2 MiB of the QSPI flash (the run ends, or times out)
head -c $((2 << 20)) /dev/zero | tr '\0' '\377' >"$SCRATCH/ff.bin"
rt_qspi ours 300 -c "catch {flash verify_bank 1 $SCRATCH/ff.bin 0}" \
	-c "catch {flash read_bank 1 $SCRATCH/r.bin 0 0x200000}" -c shutdown >/dev/null
vb_stop
lag=$(vb_stats rt_lag_max_ns)
[ -n "$lag" ] || fail "stats.json has no rt_lag_max_ns"
echo "board at x$RT_SPEED: at most ${lag} ns of modeled time behind OpenOCD's clock"
python3 - "$lag" <<'PY' || fail "the campaign judges a run the board could not keep up with"
import sys
sys.path.insert(0, "testing/campaign")
import campaign
lag_ms = int(sys.argv[1]) / 1e6
assert lag_ms > campaign.RT_LAG_MAX_MS, "lag %.1f ms: x1000 should not be sustainable" % lag_ms
why = campaign.rt_lag_verdict("error", lag_ms)
print("campaign: " + why)
assert why, "a lagged error run was judged"
assert campaign.rt_lag_verdict("ok", lag_ms) == "", "a lagged success must still count"
assert campaign.rt_lag_verdict("error", 0.0) == "", "a board that kept up must be judged"
PY
pass
