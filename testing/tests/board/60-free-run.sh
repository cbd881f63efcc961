# With no debugger attached the board keeps running like a powered board:
# an erase the firmware started completes on its own (qspi_erasing starts a
# 160 ms 64 KiB block erase at 0x01000000 and sleeps), and time does not run
# while nothing at all is pending.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
scratch
VB_STATE=$SCRATCH/state
mkdir -p "$VB_STATE"
python3 -c "
f = open('$VB_STATE/qspi.bin', 'wb')
f.write(b'\xff' * 0x1000000 + b'\x00' * 0x10000 + b'\xff' * (128 * 1024 * 1024 - 0x1010000))"
vb_start --flash-image "$FIRMWARE/qspi_erasing.bin"
# Paced at wall speed the erase needs about 0.2 s; wait for it (bounded),
# however slowly a loaded host runs the board.
# (qspi.bin is written through as the erase completes).
erased() {
	python3 - "$VB_STATE/qspi.bin" <<'PY'
import sys
q = open(sys.argv[1], "rb")
q.seek(0x1000000)
sys.exit(q.read(0x10000) != b"\xff" * 0x10000)
PY
}
for i in $(seq 1 600); do
	erased && break
	sleep 0.1
done
vb_stop
erased || fail "the erase did not complete without a debugger (block at 0x01000000)"
[ "$(vb_stats qspi_block_erases_64k)" = 1 ] || fail "stats: $(vb_stats qspi_block_erases_64k) 64 KiB erases"
v1=$(vb_stats virtual_ns)
# Restart (power cycle) with the idle firmware: it sleeps with nothing
# pending, so the board does not age however long we wait.
vb_start --flash-image "$FIRMWARE/idle.bin" --boot-us 50000
sleep 0.5
vb_stats_sync
a=$(vb_stats virtual_ns)
sleep 0.5
vb_stats_sync
b=$(vb_stats virtual_ns)
echo "erase run ended at ${v1} ns; idle board at ${a} then ${b} ns"
[ "$a" = "$b" ] || fail "virtual time ran while nothing was pending"
pass
