# SPDX-License-Identifier: GPL-2.0-or-later
# The committed w25q_*.inc blobs are what their sources build to (make check
# of contrib/loaders/flash/stmqspi_w25q rebuilds them into a temporary folder
# and compares), and each is position independent (linked at 0 and 0x1000,
# same bytes) with no data sections (linker script asserts).
. testing/tests/lib/common.sh
command -v arm-none-eabi-gcc >/dev/null || skip "SKIP no arm-none-eabi-gcc"
make -s -C contrib/loaders/flash/stmqspi_w25q check || fail "committed .inc files are stale"
pass
