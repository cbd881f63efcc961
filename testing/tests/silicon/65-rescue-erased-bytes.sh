# An erase-and-write that stops after a 64 KiB erase and before the pages of
# that sector are programmed: the die hangs BUSY on the first page program
# (--chip-stuck-busy 2: the DCh is the chip's first program/erase since
# power-up, the page program after it the second).  The image B covers the
# sector but for its first and last 4 KiB, whose old bytes (A) the flash core
# read to keep before the erase.  They are gone from the chip, and writing
# the image again would restore only B: the error must name the range left
# erased, save the data meant for it (B and the kept bytes of A) to a file,
# and give the one command that restores it.
# Oracle: qspi.bin and the bytes generated here.  After the failed run the
# named range reads erased and holds every page that lost its data; the
# rescue file is exactly A with B in place over that range; after a power
# cycle (a board without the fault) the command from the log leaves the
# whole sector as a successful write would have: A with B in place.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 131072 /dev/urandom > "$SCRATCH/a.bin"
head -c 57344 /dev/urandom > "$SCRATCH/b.bin"
python3 - "$SCRATCH" <<'PY'
import sys
d = sys.argv[1]
a = bytearray(open(d + "/a.bin", "rb").read())
b = open(d + "/b.bin", "rb").read()
a[0x1000:0x1000 + len(b)] = b
open(d + "/want.bin", "wb").write(a)
PY
log=$SCRATCH/ocd.log
rescue=$SCRATCH/rescue
mkdir -p "$rescue"

VB_STATE=$SCRATCH/state
mkdir -p "$VB_STATE"
qbin_seed "$VB_STATE/qspi.bin" 0x100000:"$SCRATCH/a.bin"
vb_start --flash-image "$FIRMWARE/idle.bin" --chip-stuck-busy 2
ours_qspi -c "catch {stmqspi w25q 1 rescue_dir {$rescue}}" -c "flash probe 1" \
	-c "if {[catch {flash write_image erase $SCRATCH/b.bin 0x90101000 bin}]} {echo WRITE-FAILED}" \
	-c shutdown || fail "openocd failed"
vb_stats_sync
erases=$(vb_stats qspi_block_erases_64k)
vb_stop
grep -q WRITE-FAILED "$log" || fail "the write on a die stuck busy succeeded"
[ "$erases" = 1 ] || fail "expected one 64 KiB erase before the hang, the chip counted $erases"
grep 'is now erased but not programmed' "$log" ||
	fail "the failed erase-and-write does not name the range left erased"
range=$(sed -n 's/.*\(0x[0-9a-f]*\)\.\.\(0x[0-9a-f]*\) is now erased but not programmed.*/\1 \2/p' "$log")
file=$(sed -n 's/.* is saved in \(.*\) ([0-9]* bytes).*/\1/p' "$log")
cmd=$(sed -n 's/.*restore it with "\(flash write_image erase [^"]*\)".*/\1/p' "$log")
[ -n "$file" ] && [ -n "$cmd" ] ||
	fail "the error names no file holding the lost bytes and no command to restore them"
[ -f "$file" ] || fail "the rescue file $file does not exist"
case $file in "$rescue"/*) ;; *) fail "the rescue file is not in rescue_dir: $file" ;; esac
python3 - "$VB_STATE/qspi.bin" "$SCRATCH/want.bin" "$file" $range <<'PY' || fail "qspi.bin or the rescue file does not match"
import sys
with open(sys.argv[1], "rb") as f:
    f.seek(0x100000)
    img = f.read(0x20000)
want = open(sys.argv[2], "rb").read()
saved = open(sys.argv[3], "rb").read()
lo, hi = int(sys.argv[4], 16) - 0x90100000, int(sys.argv[5], 16) - 0x90100000 + 1
P = 256
assert img[lo:hi] == b"\xff" * (hi - lo), "the named range does not read erased"
lost = [i for i in range(0, len(want), P) if img[i:i + P] != want[i:i + P]]
bad = [i for i in lost if not lo <= i < hi]
assert not bad, "pages without their data outside the named range: %s" % [hex(i) for i in bad[:4]]
assert saved == want[lo:hi], "the rescue file is not the data meant for the range"
kept = [i for i in (0, 0xf000) if lo <= i < hi]
assert kept, "the named range holds none of the kept bytes"
print("named 0x%x..0x%x, %d pages lost, rescue file %d bytes" % (lo, hi, len(lost), len(saved)))
PY

# Power cycle: the same board state without the fault, then the command the
# log gives.
vb_start --flash-image "$FIRMWARE/idle.bin"
ours_qspi -c "flash probe 1" -c "$cmd" -c shutdown || fail "the restore command failed: $cmd"
vb_stop
qbin_cmp 0x100000 "$SCRATCH/want.bin" ||
	fail "after the restore command the sector is not the old bytes with the image in place"
echo "stopped erase-and-write: the lost range is named, saved and restored by one command"
pass
