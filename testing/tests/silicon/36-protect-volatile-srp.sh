# flash protect writes SR1 (06h + 01h), which stores all of SR1: besides
# the BP/TB bits it sets, SRP.  05h reads the SRP in effect, which firmware
# may have set with a volatile write (50h, 01h) to guard the status
# registers with /WP until the next power-up only.  A protection change must
# not make that SRP=1 permanent: the stored SRP cannot be read without a
# reset, so the driver refuses, changing nothing.  With SRP=0 the same
# change works and stores SRP=0.
# Oracle: the chip's stored SR1, read after a software reset (66h, 99h: the
# volatile copies are loaded from the non-volatile ones), and qspi.bin.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
log=$SCRATCH/ocd.log
head -c 4096 /dev/urandom > "$SCRATCH/s.bin"
VB_STATE=$SCRATCH/state
mkdir -p "$VB_STATE"
qbin_seed "$VB_STATE/qspi.bin" 0:"$SCRATCH/s.bin"

# Firmware's volatile SRP=1: 50h, then 01h 80h straight after it (the chip
# takes a volatile write only right after 50h), through QUADSPI indirect
# writes; then the mapping again.
cat > "$SCRATCH/vsrp.tcl" <<'TCL'
proc qspi_idle {} {
	for {set i 0} {$i < 1000} {incr i} {
		if {!([mrw 0x52005008] & 0x20)} { return }
	}
	error "QUADSPI stays busy"
}
proc volatile_srp {} {
	mmw 0x52005000 0x00000002 0		;# CR: ABORT
	qspi_idle
	mww 0x52005014 0x00000150		;# CCR: 50h, instruction only, indirect write
	qspi_idle
	mww 0x52005010 0			;# DLR: one byte
	mww 0x52005014 0x01000101		;# CCR: 01h, one data byte on one line
	mwb 0x52005020 0x80			;# DR: SRP=1, starts the command
	qspi_idle
	vb_qspi_init
}
# software reset: 66h, then 99h straight after it (volatile copies <- stored)
proc soft_reset {} {
	mmw 0x52005000 0x00000002 0		;# CR: ABORT
	qspi_idle
	mww 0x52005014 0x00000166		;# CCR: 66h, instruction only
	qspi_idle
	mww 0x52005014 0x00000199		;# CCR: 99h
	qspi_idle
	sleep 1					;# tRST 30 us
	vb_qspi_init
}
TCL
# stored SR1 after a software reset, in hex
stored() {
	sed -n 's/^spi: 05 -> \(..\)$/\1/p' "$log" | tail -1
}
RESET_READ=(-c soft_reset -c "stmqspi cmd 1 1 0x05")

vb_start --flash-image "$FIRMWARE/idle.bin"
ours_qspi -f "$SCRATCH/vsrp.tcl" -c "flash probe 1" -c volatile_srp -c "stmqspi cmd 1 1 0x05" \
	-c "flash probe 1" \
	-c "if {[catch {flash protect 1 0 1 on}]} {echo PROTECT-REFUSED}" \
	"${RESET_READ[@]}" -c shutdown || fail "openocd failed (volatile SRP)"
grep -q '^spi: 05 -> 80$' "$log" || fail "the volatile SRP=1 was not set (test setup)"
sr1=$(stored)
echo "after flash protect with a volatile SRP=1: stored SR1 0x$sr1"
[ -n "$sr1" ] || fail "no stored SR1 read"
[ $((0x$sr1 & 0x80)) = 0 ] || fail "the volatile SRP=1 is now stored (SR1 0x$sr1)"
[ "$sr1" = 00 ] || fail "stored SR1 changed: 0x$sr1"
grep -q PROTECT-REFUSED "$log" || fail "flash protect with SRP=1 in effect did not fail"
grep -q 'stored SRP' "$log" || fail "the refusal does not say why"

# SRP=0: bottom 128 KiB (TB=1, BP=0010) is stored, SRP stays 0
ours_qspi -c "flash probe 1" -c "flash protect 1 0 1 on" -f "$SCRATCH/vsrp.tcl" \
	"${RESET_READ[@]}" -c "flash probe 1" -c "flash protect 1 0 1 off" -c shutdown ||
	fail "openocd failed (SRP=0)"
sr1=$(stored)
vb_stop
echo "after flash protect of the bottom 128 KiB: stored SR1 0x$sr1"
[ "$sr1" = 48 ] || fail "expected stored SR1 0x48 (TB, BP=0010, SRP=0)"
qbin_cmp 0 "$SCRATCH/s.bin" || fail "qspi.bin changed"
echo "flash protect stores no volatile SRP=1: refused, and SRP=0 kept working"
pass
