# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for the board-file tests (sourced after common.sh and vboard.sh).
#
#   BOARD_NOSERVERS                 -c options: no gdb/tcl/telnet servers
#   board_seed_qspi                 write $VB_STATE/qspi.bin before vb_start: a
#                                   sparse 128 MiB image with random bytes in
#                                   $SCRATCH/seed_head.bin at 0 and
#                                   $SCRATCH/seed_tail.bin in the last 64 bytes
#   board_report NAME VALUE         (Tcl, via -c) print "REPORT NAME=hex"
#   board_value NAME                that value from $SCRATCH/ocd.log
BOARD_NOSERVERS=(-c "gdb_port disabled" -c "tcl_port disabled" -c "telnet_port disabled")
BOARD_REPORT_PROC='proc board_report {name addr} {
	echo [format "REPORT %s=%08x" $name [mrw $addr]]
}'

board_seed_qspi() {
	mkdir -p "$VB_STATE"
	head -c 8192 /dev/urandom >"$SCRATCH/seed_head.bin"
	head -c 64 /dev/urandom >"$SCRATCH/seed_tail.bin"
	python3 - "$VB_STATE/qspi.bin" "$SCRATCH/seed_head.bin" "$SCRATCH/seed_tail.bin" <<'PY'
import sys
size = 128 * 1024 * 1024
head = open(sys.argv[2], "rb").read()
tail = open(sys.argv[3], "rb").read()
with open(sys.argv[1], "wb") as f:
    f.write(head)
    f.seek(size - len(tail))
    f.write(tail)
PY
}

board_value() {
	sed -n "s/^REPORT $1=\([0-9a-f]*\)\$/\1/p" "$SCRATCH/ocd.log" | tail -1
}

# file_cmp FILE OFF EXPECTED: FILE holds EXPECTED's bytes at offset OFF
file_cmp() {
	python3 - "$1" "$2" "$3" <<'PY'
import sys
off = int(sys.argv[2], 0)
want = open(sys.argv[3], "rb").read()
with open(sys.argv[1], "rb") as f:
    f.seek(off)
    sys.exit(0 if f.read(len(want)) == want else 1)
PY
}

# board_check_demo_images: flash.bin and qspi.bin hold demo_app.elf's sections
# (the objcopy images), erased bytes around them up to the touched sectors.
# On a mismatch it names the region and the first differing address, exit 1.
# Also used by testing/demo.sh.
board_check_demo_images() {
	python3 - "$VB_STATE/flash.bin" "$VB_STATE/qspi.bin" "$FIRMWARE" <<'PY'
import sys
flash = open(sys.argv[1], "rb").read()
fw = sys.argv[3]
b1 = open(fw + "/demo_app_bank1.bin", "rb").read()
b2 = open(fw + "/demo_app_bank2.bin", "rb").read()
qs = open(fw + "/demo_app_qspi.bin", "rb").read()
with open(sys.argv[2], "rb") as q:
    qspi = q.read(len(qs) + 0x10000)
FF = 0xFF


def check(what, got, want, base, fname):
    if got == want:
        return
    if len(got) < len(want):
        sys.exit("%s: %s is short: %d of %d bytes" % (what, fname, len(got), len(want)))
    i = next(i for i in range(len(want)) if got[i] != want[i])
    n = sum(1 for a, b in zip(got, want) if a != b)
    sys.exit("%s differs: %d bytes, first at 0x%08x (%s has %02x, expected %02x)"
             % (what, n, base + i, fname, got[i], want[i]))


check("internal bank 1 (demo_app_bank1.bin)", flash[0:len(b1)], b1, 0x08000000, "flash.bin")
check("internal bank 1 sector 0 after the image (erased)", flash[len(b1):0x20000],
      bytes([FF]) * (0x20000 - len(b1)), 0x08000000 + len(b1), "flash.bin")
check("internal bank 2 (demo_app_bank2.bin)", flash[0x100000:0x100000 + len(b2)], b2,
      0x08100000, "flash.bin")
check("QSPI (demo_app_qspi.bin)", qspi[:len(qs)], qs, 0x90000000, "qspi.bin")
check("QSPI 64 KiB after the image (erased)", qspi[len(qs):], bytes([FF]) * 0x10000,
      0x90000000 + len(qs), "qspi.bin")
print("flash.bin and qspi.bin hold demo_app.elf (%d + %d + %d bytes)" % (len(b1), len(b2), len(qs)))
PY
}
