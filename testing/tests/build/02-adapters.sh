# The J-Link, ST-Link and CMSIS-DAP drivers (and CMSIS-DAP v2 bulk) are built.
. testing/tests/lib/common.sh
out=$("$OPENOCD" -c "adapter list" -c shutdown 2>&1)
echo "$out"
for a in jlink st-link cmsis-dap hla ftdi xds110 kitprog; do
	echo "$out" | grep -Eq "^[0-9]+: $a\$" || fail "adapter $a missing from 'adapter list'"
done
# CMSIS-DAP over USB bulk (v2) and HID (v1) are both compiled in.
grep -q '^#define BUILD_CMSIS_DAP_USB 1' "$BUILD/openocd-build/config.h" ||
	fail "CMSIS-DAP v2 (USB bulk) backend not built"
grep -q '^#define BUILD_CMSIS_DAP_HID 1' "$BUILD/openocd-build/config.h" ||
	fail "CMSIS-DAP v1 (HID) backend not built"
# Linked against Debian's libjaylink and libjim, not bundled copies.
ldd "$OPENOCD" | grep -Eq 'libjaylink.so.0 => /(usr/)?lib/' || fail "not linked to Debian's libjaylink"
ldd "$OPENOCD" | grep -q 'libjim' || fail "not linked to Debian's libjim"
# Scripts are found without -s.
"$OPENOCD" -f interface/jlink.cfg -f target/stm32h7x.cfg -c shutdown >/dev/null 2>&1 ||
	fail "interface/target scripts not found without -s"
pass
