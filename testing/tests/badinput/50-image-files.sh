# Image files that are cut short, empty or not files at all are refused
# before the first erase, naming the file, with a non-zero exit and the
# board unchanged.  Before: an ELF cut inside a segment was programmed with
# zeros and host heap bytes after "Programming Finished" (the loader ignored
# short reads); an empty file or a directory failed with no reason.  The
# text formats (Intel HEX, S-record) cut mid-line or before their end
# record are refused too.  Stock programs the cut ELF (logged).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
. testing/tests/lib/badinput.sh
scratch
ELF=$FIRMWARE/demo_app.elf
[ -f "$ELF" ] || fail "no $ELF: run make"
# Cut inside the big QSPI segment (file offset 0x7000 + 0x61a81 bytes).
head -c $((0x30000)) "$ELF" >"$SCRATCH/cut.elf"
# Cut inside internal bank 2's segment (file offset 0x2000 + 0x4e20 bytes).
head -c $((0x4000)) "$ELF" >"$SCRATCH/cut-bank2.elf"
# Cut inside the program headers.
head -c 100 "$ELF" >"$SCRATCH/cut-headers.elf"
objcopy -O ihex "$ELF" "$SCRATCH/app.hex"
objcopy -O srec "$ELF" "$SCRATCH/app.srec"
hexlen=$(stat -c %s "$SCRATCH/app.hex")
head -c $((hexlen / 2)) "$SCRATCH/app.hex" >"$SCRATCH/cut.hex"
head -n -1 "$SCRATCH/app.hex" >"$SCRATCH/noend.hex"
srclen=$(stat -c %s "$SCRATCH/app.srec")
head -c $((srclen / 2)) "$SCRATCH/app.srec" >"$SCRATCH/cut.srec"
head -n -1 "$SCRATCH/app.srec" >"$SCRATCH/noend.srec"
: >"$SCRATCH/empty.bin"
printf 'abc' >"$SCRATCH/three.bin"
mkdir "$SCRATCH/adir"

VB_STATE=$SCRATCH/state
board_seed_qspi
vb_start
bi_snapshot
BOARD=("${BI_NOSERVERS[@]}" -f board/stm32h753.cfg)
bi_refused "ELF cut inside a segment" \
	"ELF file truncated: segment 2 \(0x61a81 bytes for address 0x90000000\).*0x30000 bytes" \
	"${BOARD[@]}" -c "program $SCRATCH/cut.elf verify reset exit"
grep -q 'Programming Failed: .*cut.elf' "$SCRATCH/ocd.log" || fail "cut ELF: file not named"
bi_unchanged "ELF cut inside a segment"
bi_refused "ELF cut inside bank 2's segment" "ELF file truncated: segment 1" \
	"${BOARD[@]}" -c "program $SCRATCH/cut-bank2.elf exit"
bi_unchanged "ELF cut inside bank 2's segment"
bi_refused "ELF cut inside its headers" "segment headers|ELF" \
	"${BOARD[@]}" -c "program $SCRATCH/cut-headers.elf exit"
bi_unchanged "ELF cut inside its headers"
for f in cut.hex noend.hex; do
	bi_refused "Intel HEX $f" "IHEX|Programming Failed: .*$f" "${BOARD[@]}" -c "program $SCRATCH/$f exit"
	bi_unchanged "Intel HEX $f"
done
for f in cut.srec noend.srec; do
	bi_refused "S-record $f" "S19|Programming Failed: .*$f" "${BOARD[@]}" -c "program $SCRATCH/$f exit"
	bi_unchanged "S-record $f"
done
bi_refused "empty file" "empty.bin: 0 bytes, too short" \
	"${BOARD[@]}" -c "program $SCRATCH/empty.bin 0x90000000 exit"
bi_refused "empty file as bin" "image .*empty.bin is empty" \
	"${BOARD[@]}" -c init -c "reset init" -c "flash write_image erase $SCRATCH/empty.bin 0x90000000 bin" \
	-c shutdown
bi_refused "3-byte file" "three.bin: 3 bytes, too short" \
	"${BOARD[@]}" -c "program $SCRATCH/three.bin 0x90000000 exit"
bi_refused "directory" "adir: it is a directory" \
	"${BOARD[@]}" -c "program $SCRATCH/adir 0x90000000 exit"
bi_unchanged "empty file, 3-byte file, directory"
vb_stop
# The whole file still programs (the text formats carry the same bytes).
VB_STATE=$SCRATCH/fresh
vb_start
ocd_ours "${BOARD[@]}" -c "program $SCRATCH/app.hex verify exit" || fail "app.hex refused"
vb_stop
board_check_demo_images || fail "app.hex: images differ"

VB_STATE=$SCRATCH/stock
vb_start
bi_stock "ELF cut inside bank 2's segment" "${BI_NOSERVERS[@]}" "${H7_ARGS[@]}" \
	-c "program $SCRATCH/cut-bank2.elf exit"
python3 - "$VB_STATE/flash.bin" "$SCRATCH/cut-bank2.elf" <<'PY'
import sys
flash = open(sys.argv[1], "rb").read()
elf = open(sys.argv[2], "rb").read()
got = flash[0x100000:0x100000 + 0x4e20]
cut = 0x4000 - 0x2000
print("stock: bank 2 holds the file's %d bytes, then %d bytes the file does not have (%s)"
      % (cut, 0x4e20 - cut, "zeros" if got[cut:] == bytes(0x4e20 - cut) else "other bytes"))
PY
vb_stop
pass
