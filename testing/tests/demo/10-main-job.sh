# SPDX-License-Identifier: GPL-2.0-or-later
# The README's main job (make demo): testing/demo.sh programs demo_app.elf with
# the board file and must end with DEMO OK and a summary whose regions match
# the objcopy images.  Independently of the script, the board's image files it
# leaves in build/demo/state must hold those images (cmp), and the checker the
# script relies on must reject a qspi.bin with one byte changed.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
scratch
out=$(timeout 90 testing/demo.sh 2>&1)
rc=$?
echo "$out"
[ $rc = 0 ] || fail "the main job exited $rc"
[ "$(echo "$out" | tail -1)" = "DEMO OK" ] || fail "the main job did not end with DEMO OK"
echo "$out" | grep -q '^== firmware booted: marker 0xde300a99' || fail "no boot check"
echo "$out" | grep -q 'checked in flash.bin and qspi.bin: OK' || fail "no image check line"

b1=$(stat -c %s "$FIRMWARE/demo_app_bank1.bin")
b2=$(stat -c %s "$FIRMWARE/demo_app_bank2.bin")
qs=$(stat -c %s "$FIRMWARE/demo_app_qspi.bin")
# region "name 0xLOW-0xHIGH BYTES bytes": range and count against the images
region() {
	local line lo hi n
	line=$(echo "$out" | grep -E "^   $1 +0x")
	[ -n "$line" ] || fail "no summary line for $1"
	read -r lo hi n < <(echo "$line" |
		sed -E 's/.*(0x[0-9a-f]+)-(0x[0-9a-f]+) +([0-9]+) bytes.*/\1 \2 \3/')
	[ $((lo)) = $(($2)) ] || fail "$1 starts at $lo, expected $2"
	[ $((hi)) = $(($3)) ] || fail "$1 ends at $hi, expected $3"
	[ -z "$4" ] || [ "$n" = "$4" ] || fail "$1: $n bytes, expected $4"
	region_bytes=$n
}
region "internal bank 1" 0x08000000 $((0x08000000 + b1 - 1)) "$b1"
region "internal bank 2" 0x08100000 $((0x08100000 + b2 - 1)) "$b2"
region "QSPI W25Q01JV" 0x90000000 $((0x90000000 + qs - 1)) ""
nq=$region_bytes
[ "$nq" -gt 0 ] && [ "$nq" -le "$qs" ] || fail "QSPI byte count $nq out of 1..$qs"
total=$((b1 + b2 + nq))
echo "$out" | grep -qE "^   total +$total bytes$" || fail "total is not $total bytes"
num='[0-9]+\.[0-9]+'
modeled="^== modeled time \(board clock, virtual_ns [0-9]+ -> [0-9]+\): $num s, $num KiB/s$"
echo "$out" | grep -qE "$modeled" ||
	fail "no modeled time line"
echo "$out" | grep -qE "^== wall time: openocd $num s \($num KiB/s\), whole demo $num s$" ||
	fail "no wall time line"

# Independent oracle: the state the demo left, against the objcopy images.
st=$BUILD/demo/state
cmp -s -n "$b1" "$st/flash.bin" "$FIRMWARE/demo_app_bank1.bin" || fail "flash.bin: bank 1 differs"
cmp -s -n "$b2" -i 0x100000:0 "$st/flash.bin" "$FIRMWARE/demo_app_bank2.bin" ||
	fail "flash.bin: bank 2 differs"
cmp -s -n "$qs" "$st/qspi.bin" "$FIRMWARE/demo_app_qspi.bin" || fail "qspi.bin differs"

# The checker must notice a single changed byte.
VB_STATE=$SCRATCH/state
mkdir -p "$VB_STATE"
cp "$st/flash.bin" "$VB_STATE/flash.bin"
head -c $((qs + 0x10000)) "$st/qspi.bin" >"$VB_STATE/qspi.bin"
board_check_demo_images >/dev/null || fail "the checker rejects the good copy"
python3 - "$VB_STATE/qspi.bin" $((qs / 2)) <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(int(sys.argv[2]))
    b = f.read(1)[0]
    f.seek(int(sys.argv[2]))
    f.write(bytes([b ^ 0x01]))
PY
msg=$(board_check_demo_images 2>&1) && fail "the checker accepted a changed qspi.bin"
echo "$msg" | grep -q "^QSPI (demo_app_qspi.bin) differs" || fail "unclear mismatch message: $msg"
pass
