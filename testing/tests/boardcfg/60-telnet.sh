# Telnet workflow 1, through the real telnet client on a free port on
# 127.0.0.1 (OpenOCD started with the board file as a server): flash banks,
# probe, info, stmqspi cmd, erase_sector, erase_address (die 1), write_bank
# across the die boundary at 0x04000000, read_bank, verify_bank (match, and
# "differ" for a file with one byte changed), protect on/off with a refused
# and then an accepted erase.  Oracle: qspi.bin against bytes this test
# generated (seeded random sectors, written files).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/boardcfg.sh
. testing/tests/lib/telnet.sh
scratch
VB_STATE=$SCRATCH/state
# sector 0, sectors 3..5 (64 KiB each), and 128 KiB at 0x05000000 in die 1
tn_seed_qspi 0x0:0x10000 0x30000:0x30000 0x05000000:0x20000
head -c 65536 /dev/urandom >"$SCRATCH/w.bin"
cp "$SCRATCH/w.bin" "$SCRATCH/w1.bin"
printf '\x5a' | dd of="$SCRATCH/w1.bin" bs=1 seek=40000 conv=notrunc status=none
cmp -s "$SCRATCH/w.bin" "$SCRATCH/w1.bin" && fail "w1.bin: the changed byte is the same"
vb_start --flash-image "$FIRMWARE/idle.bin"
tn_server -f board/stm32h753.cfg

tn "reset init" "flash banks"
[ "$(grep -c '^#[0-9] : ' "$(tn_out 2)")" = 3 ] || fail "flash banks: not 3 banks"
tn_has 2 '^#0 : stm32h753\.bank1\.cpu0 \(stm32h7x\) at 0x08000000' || fail "flash banks: bank 0"
tn_has 2 '^#1 : stm32h753\.bank2\.cpu0 \(stm32h7x\) at 0x08100000' || fail "flash banks: bank 1"
tn_has 2 '^#2 : stm32h753\.qspi \(stmqspi\) at 0x90000000' || fail "flash banks: bank 2"

tn "flash probe 2" "flash info 2" "stmqspi cmd 2 3 0x9f"
tn_has 3 "'W25Q01JV-IQ/IN' id = 0xef4021, 131072 KiB, 2 die\(s\)" || fail "flash probe 2"
tn_has 3 "flash 'stmqspi' found at 0x90000000" || fail "flash probe 2: not found"
tn_has 4 "^#2 : stmqspi at 0x90000000, size 0x08000000" || fail "flash info 2: size"
tn_has 4 "'W25Q01JV-IQ/IN', device id = 0xef4021" || fail "flash info 2: part"
tn_has 4 "2 die\(s\) of 65536 KiB" || fail "flash info 2: dies"
tn_has 4 '#  0 \.\. #2047: 0x00000000 \.\. 0x07ffffff, 2048 x \(0x10000 64kB\) not protected$' ||
	fail "flash info 2: not 2048 sectors"
tn_has 5 '9f -> ef 40 21$' || fail "stmqspi cmd 2 3 0x9f: not ef 40 21"

# erase_sector 3..4: 0x30000..0x4ffff erased, sector 5 and sector 0 kept
tn "flash erase_sector 2 3 4"
tn_has $TN_LAST 'erased sectors 3 through 4 on flash bank 2' || fail "erase_sector: no report"
tn_qspi_ff 0x30000 0x20000 || fail "erase_sector 2 3 4: qspi.bin not erased there"
dd if="$SCRATCH/seed-0x30000.bin" of="$SCRATCH/s5.bin" bs=64k skip=2 status=none
tn_qspi_is "$SCRATCH/s5.bin" 0x50000 || fail "erase_sector 2 3 4 changed sector 5"
tn_qspi_is "$SCRATCH/seed-0x0.bin" 0 || fail "erase_sector 2 3 4 changed sector 0"

# erase_address in die 1: the first 64 KiB go, the next 64 KiB stay
tn "flash erase_address 0x95000000 0x10000"
tn_has $TN_LAST 'erased address 0x95000000 \(length 65536\)' || fail "erase_address: no report"
tn_qspi_ff 0x05000000 0x10000 || fail "erase_address: die 1 block not erased"
dd if="$SCRATCH/seed-0x05000000.bin" of="$SCRATCH/d1.bin" bs=64k skip=1 status=none
tn_qspi_is "$SCRATCH/d1.bin" 0x05010000 || fail "erase_address: next block changed"

# write_bank across 0x04000000 (32 KiB in each die), read back, verify
tn "flash write_bank 2 $SCRATCH/w.bin 0x03ff8000" \
	"flash read_bank 2 $SCRATCH/r.bin 0x03ff8000 0x10000" \
	"flash verify_bank 2 $SCRATCH/w.bin 0x03ff8000" \
	"flash verify_bank 2 $SCRATCH/w1.bin 0x03ff8000"
n=$((TN_LAST - 3))
tn_has $n 'wrote 65536 bytes from file .* to flash bank 2 at offset 0x03ff8000' ||
	fail "write_bank: no report"
tn_qspi_is "$SCRATCH/w.bin" 0x03ff8000 || fail "write_bank: qspi.bin lacks w.bin"
cmp "$SCRATCH/r.bin" "$SCRATCH/w.bin" || fail "read_bank: file differs from w.bin"
tn_has $((n + 2)) '^contents match' || fail "verify_bank: no match reported"
tn_has $((n + 3)) '^contents differ' || fail "verify_bank: changed byte not found"
tn_has $((n + 3)) 'address 0x04001c40\. Was 0x.. instead of 0x5a' ||
	fail "verify_bank: the changed byte (0x03ff8000 + 0x9c40) not named"

# protect sector 0: its erase is refused, naming it, qspi.bin unchanged
tn "flash protect 2 0 0 on" "flash erase_sector 2 0 0"
tn_has $TN_LAST 'protected sector.* 0\.\.0' || fail "erase of a protected sector: no clear message"
tn_has $TN_LAST 'erased sectors' && fail "erase of a protected sector reported done"
tn_qspi_is "$SCRATCH/seed-0x0.bin" 0 || fail "protected sector 0 changed"
tn "flash info 2"
tn_has $TN_LAST '#  0: 0x00000000 \(0x10000 64kB\) protected' ||
	fail "flash info: sector 0 not protected"
tn "flash protect 2 0 0 off" "flash erase_sector 2 0 0"
tn_has $TN_LAST 'erased sectors 0 through 0 on flash bank 2' || fail "erase after protect off"
tn_qspi_ff 0 0x10000 || fail "sector 0 not erased after protect off"
tn_stop
vb_stop
tn_qspi_is "$SCRATCH/w.bin" 0x03ff8000 || fail "qspi.bin lost w.bin at the end"
pass
