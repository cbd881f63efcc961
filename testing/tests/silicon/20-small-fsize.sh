# Firmware left QUADSPI with a small FSIZE (8 MiB) and CSHT 0.  An indirect
# command to an address beyond FSIZE is not sent (TEF), so a driver that
# keeps the firmware's DCR cannot reach die 1.  Ours widens FSIZE and sets
# CSHT 7 for its own commands, checks TEF after each, and puts the DCR back.
#
# 1. write_bank + read_bank + verify_bank of 64 KiB at 64.5 MiB (die 1).
# 2. WPS=1 set in both dies (06h + 11h): every block powers up
#    locked, so a write into die 1 must be refused as protected before
#    anything is sent; the block-lock reads (3Dh) of die 1 must not come
#    back as junk.
# Oracle: qspi.bin (data landed; locked block untouched), the QUADSPI DCR
# read back after each session.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
head -c 65536 /dev/urandom > "$SCRATCH/d.bin"
VB_STATE=$SCRATCH/state
vb_start --flash-image "$FIRMWARE/idle.bin"
SMALL=(-c "mww 0x52005004 0x00160000")
ours_qspi "${SMALL[@]}" -c "flash probe 1" \
	-c "flash write_bank 1 $SCRATCH/d.bin 0x4080000" \
	-c "flash read_bank 1 $SCRATCH/r.bin 0x4080000 0x10000" \
	-c "if {[catch {flash verify_bank 1 $SCRATCH/d.bin 0x4080000}]} {echo VERIFY-FAILED}" \
	-c "echo DCR=[format %08x [lindex [read_memory 0x52005004 32 1] 0]]" \
	-c shutdown || fail "openocd failed (write into die 1 with FSIZE 22)"
log=$SCRATCH/ocd.log
grep -q VERIFY-FAILED "$log" && fail "verify_bank failed"
grep -q 'DCR=00160000' "$log" || fail "DCR not restored to the firmware's 0x00160000"
cmp -s "$SCRATCH/r.bin" "$SCRATCH/d.bin" || fail "read_bank differs from the data"
qbin_cmp 0x4080000 "$SCRATCH/d.bin" || fail "qspi.bin: data not written into die 1"
echo "FSIZE 22: 64 KiB written, read and verified in die 1; DCR put back"

ours_qspi "${SMALL[@]}" -c "flash probe 1" \
	-c "stmqspi cmd 1 0 0x06" -c "stmqspi cmd 1 0 0x11 0x64" \
	-c "stmqspi cmd 1 0 0xc2 1" -c "stmqspi cmd 1 1 0x15" -c "stmqspi cmd 1 0 0xc2 0" \
	-c "if {[catch {flash write_bank 1 $SCRATCH/d.bin 0x4090000}]} {echo WRITE-REFUSED}" \
	-c "echo DCR=[format %08x [lindex [read_memory 0x52005004 32 1] 0]]" \
	-c shutdown || fail "openocd failed (WPS=1 session)"
grep -q 'spi: 15 -> 64' "$log" || fail "die 1 did not take WPS=1 (SR3)"
grep -q WRITE-REFUSED "$log" || fail "write into a locked block of die 1 not refused"
grep -q 'protected sector' "$log" || fail "the refusal does not name protected sectors"
grep -q 'DCR=00160000' "$log" || fail "DCR not restored after the WPS session"
vb_stop
qbin_is_ff 0x4090000 0x10000 || fail "qspi.bin: the locked block changed"
echo "FSIZE 22, WPS=1: die-1 block locks read right, write refused, nothing sent"
pass
