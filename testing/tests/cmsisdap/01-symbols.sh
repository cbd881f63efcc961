# The virtual CMSIS-DAP library exports every symbol of Debian's
# libhidapi-hidraw.so.0 (hidapi 0.13.1) under its soname, both OpenOCDs'
# hid_* imports among them, and both pick it up through LD_LIBRARY_PATH.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/cmsisdap.sh
lib=$VCMSISDAP_DIR/libhidapi-hidraw.so.0
[ -f "$lib" ] || fail "no virtual CMSIS-DAP library: run make"
bash testing/vcmsisdap/check-symbols.sh "$lib" /usr/lib/x86_64-linux-gnu/libhidapi-hidraw.so.0 \
	"$OPENOCD" "$STOCK_OPENOCD" || fail "symbol check failed"
for bin in "$OPENOCD" "$STOCK_OPENOCD"; do
	LD_LIBRARY_PATH=$VCMSISDAP_DIR ldd "$bin" | grep -q "libhidapi-hidraw.so.0 => $VCMSISDAP_DIR/" ||
		fail "$bin does not pick up the virtual CMSIS-DAP through LD_LIBRARY_PATH"
done
pass
