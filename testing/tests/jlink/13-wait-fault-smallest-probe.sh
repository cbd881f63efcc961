# The WAIT/FAULT tests (10, 11, 12) again on the probe class with the least
# free memory (ob: 11288 bytes, full-speed USB); 10-12 themselves run on the
# default class (base, the largest: 32768 bytes).  Our driver must size its
# SWD batches to what this probe holds and still recover from every WAIT,
# FAULT, stall and USB error.
. testing/tests/lib/common.sh
for t in 10-wait-matrix-ram 11-wait-matrix-flash 12-stall-fault-usb; do
	echo "== $t with --probe-class ob"
	JL_PROBE_CLASS=ob bash "testing/tests/jlink/$t.sh" || fail "$t failed with --probe-class ob"
done
pass
