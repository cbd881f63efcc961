# The fault campaign's quick subset (testing/campaign/README.md): a few fixed
# seeds covering a power loss mid-write, a USB error, a QUADSPI bus stall, a
# QUADSPI clock above the chip's limits and AP WAIT storms.  Each case runs
# the faulted command, then the same command on a board without the fault;
# the oracle is the board's image files against the bytes the case generated.
# No case may end in silent corruption, a hang, a crash, an error without an
# "Error:" line, or an image the clean rerun does not restore.
. testing/tests/lib/common.sh
scratch
# Seeds (campaign.py --list): 1 qspi_write + power loss, 4 qspi_write + WAITs,
# 6 protect + USB error, 10 program_elf + bus stall, 22 qspi_write + overclock.
# the openocd under test (VB_OPENOCD: another build) and its scripts
OPENOCD=$OPENOCD python3 testing/campaign/campaign.py --replay 1 --replay 4 --replay 6 --replay 10 \
	--replay 22 --out "$SCRATCH/out" || {
	cat "$SCRATCH/out/summary.txt" 2>/dev/null
	fail "campaign cases failed (replay: testing/campaign/campaign.py --replay SEED --keep)"
}
grep -q '^total ' "$SCRATCH/out/summary.txt" || fail "no summary"
[ "$(wc -l < "$SCRATCH/out/results.jsonl")" = 5 ] || fail "not every case ran"
pass
