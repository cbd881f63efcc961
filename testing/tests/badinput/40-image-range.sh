# Images and ranges that run past the end of the flash, or lie outside it,
# are refused before the first erase, with a non-zero exit and nothing
# changed on the board.  Before: 64 KiB at 0x97FF8000 wrote 32 KiB and
# exited 0; a raw .bin with no address (loaded at 0) wrote nothing and
# exited 0; an image running past the end of internal bank 2 wrote its first
# part and exited 0; `flash erase_address 0x97FF0000 0x20000` erased the
# last sector, then failed; `flash write_bank` of a file longer than the
# rest of the bank, or of an empty file, exited 0; verify_bank compared the
# part that fits; read_bank and fillw took sizes that wrap 32 bits; an
# image with overlapping sections wrote internal flash, then failed.  Stock's
# flash core does the same (its exit codes are logged).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
. testing/tests/lib/badinput.sh
scratch
head -c 65536 /dev/urandom >"$SCRATCH/64k.bin"
head -c 4096 /dev/urandom >"$SCRATCH/4k.bin"
: >"$SCRATCH/empty.bin"
# Intel HEX: 16 bytes for internal flash, then two QSPI records that
# overlap (0x90000000 + 16 and 0x90000008 + 16).
python3 - "$SCRATCH/overlap.hex" <<'PY'
import os, sys


def rec(addr, rtype, data):
    b = bytes([len(data), addr >> 8, addr & 0xFF, rtype]) + data
    return ":" + (b + bytes([(-sum(b)) & 0xFF])).hex().upper() + "\n"


out = rec(0, 4, b"\x08\x00") + rec(0, 0, os.urandom(16))
out += rec(0, 4, b"\x90\x00") + rec(0, 0, os.urandom(16)) + rec(8, 0, os.urandom(16))
out += ":00000001FF\n"
open(sys.argv[1], "w").write(out)
PY
VB_STATE=$SCRATCH/state
board_seed_qspi
# Something in the last internal sector and the last QSPI sector, so that
# an erase there would show in the image files.
python3 - "$VB_STATE/flash.bin" <<'PY'
import os, sys
with open(sys.argv[1], "wb") as f:
    f.write(b"\xff" * (2 * 1024 * 1024 - 4096) + os.urandom(4096))
PY
vb_start
bi_snapshot
BOARD=("${BI_NOSERVERS[@]}" -f board/stm32h753.cfg)
OUT='is not all flash: no flash bank at'

bi_refused "program 64 KiB at 0x97ff8000" "image section 0x97ff8000 .. 0x98007fff $OUT 0x98000000" \
	"${BOARD[@]}" -c "program $SCRATCH/64k.bin 0x97ff8000 exit"
bi_unchanged "program 64 KiB at 0x97ff8000"
bi_refused "program raw .bin without address" "image section 0x00000000 .. 0x0000ffff $OUT 0x00000000" \
	"${BOARD[@]}" -c "program $SCRATCH/64k.bin exit"
bi_unchanged "program raw .bin without address"
bi_refused "program past the end of bank 2" "$OUT 0x08200000" \
	"${BOARD[@]}" -c "program $SCRATCH/64k.bin 0x081f8000 exit"
bi_unchanged "program past the end of bank 2"
# Bank 1 runs into bank 2: one image across both is fine (checked below).
bi_refused "erase_address past the end of the QSPI flash" "$OUT 0x98000000" \
	"${BOARD[@]}" -c init -c "reset init" -c "flash erase_address 0x97ff0000 0x20000" -c shutdown
bi_unchanged "erase_address past the end"
bi_refused "erase_address past the end of bank 2" "$OUT 0x08200000" \
	"${BOARD[@]}" -c init -c "reset init" -c "flash erase_address 0x081e0000 0x40000" -c shutdown
bi_unchanged "erase_address past the end of bank 2"
bi_refused "write_bank past the end" "runs 61440 bytes past the end of flash bank 2" \
	"${BOARD[@]}" -c init -c "reset init" -c "flash write_bank 2 $SCRATCH/64k.bin 0x7fff000" \
	-c shutdown
bi_unchanged "write_bank past the end"
bi_refused "write_bank of an empty file" "empty.bin is empty" \
	"${BOARD[@]}" -c init -c "reset init" -c "flash write_bank 1 $SCRATCH/empty.bin 0" -c shutdown
bi_unchanged "write_bank of an empty file"
bi_refused "Intel HEX with overlapping records" \
	"image section at 0x90000008 overlaps the section ending at 0x9000000f" \
	"${BOARD[@]}" -c "program $SCRATCH/overlap.hex exit"
bi_unchanged "Intel HEX with overlapping records"
bi_refused "verify_bank past the end" "runs 61440 bytes past the end of flash bank 2" \
	"${BOARD[@]}" -c init -c "reset init" -c "flash verify_bank 2 $SCRATCH/64k.bin 0x7fff000" \
	-c shutdown
# A length or count whose byte size wraps 32 bits passed the range checks.
bi_refused "read_bank with a length wrapping 4 GiB" "out of range of the flash bank" \
	"${BOARD[@]}" -c init -c "reset init" -c "flash read_bank 0 $SCRATCH/out.bin 0x10 0xfffffff8" \
	-c shutdown
bi_refused "fillw with a count wrapping 4 GiB" "Cannot cross flash bank borders" \
	"${BOARD[@]}" -c init -c "reset init" -c "flash fillw 0x97fffff0 0 0x40000000" -c shutdown
bi_unchanged "verify_bank, read_bank, fillw"

# The good neighbours of those still work: the last 4 KiB of the QSPI flash
# and 64 KiB across the bank 1 / bank 2 boundary.
ocd_ours "${BOARD[@]}" -c "program $SCRATCH/4k.bin 0x97fff000 exit" || fail "last 4 KiB refused"
ocd_ours "${BOARD[@]}" -c "program $SCRATCH/64k.bin 0x080f8000 exit" || fail "bank 1 to 2 refused"
vb_stop
file_cmp "$VB_STATE/qspi.bin" 0x7fff000 "$SCRATCH/4k.bin" || fail "last 4 KiB not written"
file_cmp "$VB_STATE/flash.bin" 0xf8000 "$SCRATCH/64k.bin" || fail "bank 1 to 2 not written"

vb_start
STOCK=("${BI_NOSERVERS[@]}" "${H7_ARGS[@]}")
bi_stock "program raw .bin without address" "${STOCK[@]}" -c "program $SCRATCH/64k.bin exit"
bi_stock "program past the end of bank 2" "${STOCK[@]}" -c "program $SCRATCH/64k.bin 0x081f8000 exit"
bi_stock "write_bank of an empty file" "${STOCK[@]}" -c init -c "reset halt" \
	-c "flash write_bank 1 $SCRATCH/empty.bin 0" -c shutdown
vb_stop
pass
