# The virtual J-Link exports every symbol of Debian's libjaylink 0.3.1, so any
# OpenOCD linked against it (ours, Debian's) resolves against ours instead.
. testing/tests/lib/common.sh
[ -f "$BUILD/lib/vjlink/libjaylink.so.0" ] || fail "no virtual J-Link library: run make"
bash testing/vjlink/check-symbols.sh "$BUILD/lib/vjlink/libjaylink.so.0" || fail "symbol check failed"
for bin in "$OPENOCD" "$BUILD/stock/usr/bin/openocd"; do
	LD_LIBRARY_PATH=$BUILD/lib/vjlink ldd "$bin" | grep -q "libjaylink.so.0 => $BUILD/lib/vjlink/" ||
		fail "$bin does not pick up the virtual J-Link through LD_LIBRARY_PATH"
done
pass
