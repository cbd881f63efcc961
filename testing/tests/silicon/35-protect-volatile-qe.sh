# flash protect writes the chip's non-volatile status registers (06h + 01h
# / 31h), but 05h/35h read the values in effect, which firmware may have
# changed with volatile writes (50h).  A W25Q01JV-IM (QE=0 from the factory)
# whose firmware set QE=1 in the volatile SR2 only, to run quad reads
# without making it permanent: a protection range that needs CMP=1 (all of
# the chip but its top 64 KiB) must not store that QE=1 through the SR2
# write.  The stored QE of such a part cannot be read without a reset, so
# the driver must refuse, changing nothing; a range that keeps CMP (SR1
# alone) still works and leaves the stored SR2 alone.
# Oracle: the chip's stored registers, read after a software reset (66h,
# 99h: the volatile copies are loaded from the non-volatile ones), and
# qspi.bin (the chip model's registers are not in files).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/stmqspi.sh
scratch
log=$SCRATCH/ocd.log
head -c 4096 /dev/urandom > "$SCRATCH/s.bin"
VB_STATE=$SCRATCH/state
mkdir -p "$VB_STATE"
qbin_seed "$VB_STATE/qspi.bin" 0:"$SCRATCH/s.bin"

# Firmware's volatile QE=1: 50h, then 31h 02h, straight after each other
# (the chip takes a volatile write only right after 50h: no debugger command
# in between), through QUADSPI indirect writes; then the mapping again.
cat > "$SCRATCH/vqe.tcl" <<'TCL'
proc qspi_idle {} {
	for {set i 0} {$i < 1000} {incr i} {
		if {!([mrw 0x52005008] & 0x20)} { return }
	}
	error "QUADSPI stays busy"
}
proc volatile_qe {} {
	mmw 0x52005000 0x00000002 0		;# CR: ABORT
	qspi_idle
	mww 0x52005014 0x00000150		;# CCR: 50h, instruction only, indirect write
	qspi_idle
	mww 0x52005010 0			;# DLR: one byte
	mww 0x52005014 0x01000131		;# CCR: 31h, one data byte on one line
	mwb 0x52005020 0x02			;# DR: QE=1, starts the command
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
# stored SR1 and SR2 after a software reset, as "SR1 SR2" in hex
stored() {
	sed -n 's/^spi: \(05\|35\) -> \(..\)$/\2/p' "$log" | tail -2 | tr '\n' ' '
}
RESET_READ=(-c soft_reset -c "stmqspi cmd 1 1 0x05" -c "stmqspi cmd 1 1 0x35")

vb_start --flash-image "$FIRMWARE/idle.bin" --chip w25q01jv-im
# firmware's volatile QE=1 (50h, then 31h 02h), then the protection change
ours_qspi -f "$SCRATCH/vqe.tcl" -c "flash probe 1" -c volatile_qe -c "stmqspi cmd 1 1 0x35" \
	-c "if {[catch {flash protect 1 0 2046 on}]} {echo PROTECT-REFUSED}" \
	"${RESET_READ[@]}" -c shutdown || fail "openocd failed (CMP range)"
grep -q '^spi: 35 -> 02$' "$log" || fail "the volatile QE=1 was not set (test setup)"
read -r sr1 sr2 <<< "$(stored)"
echo "after flash protect of a CMP=1 range: stored SR1 0x$sr1 SR2 0x$sr2"
[ $((0x$sr2 & 0x02)) = 0 ] || fail "the volatile QE=1 is now stored (SR2 0x$sr2)"
[ "$sr1 $sr2" = "00 00" ] || fail "stored registers changed: SR1 0x$sr1 SR2 0x$sr2"
grep -q PROTECT-REFUSED "$log" || fail "flash protect of a CMP=1 range did not fail"
grep -q 'cannot be told from a volatile one' "$log" || fail "the refusal does not say why"

# SR1 alone: bottom 128 KiB (TB=1, BP=0010), volatile QE=1 again
ours_qspi -f "$SCRATCH/vqe.tcl" -c "flash probe 1" -c volatile_qe \
	-c "flash protect 1 0 1 on" "${RESET_READ[@]}" -c "flash probe 1" \
	-c "flash protect 1 0 1 off" -c shutdown || fail "openocd failed (SR1 range)"
vb_stop
read -r sr1 sr2 <<< "$(stored)"
echo "after flash protect of the bottom 128 KiB: stored SR1 0x$sr1 SR2 0x$sr2"
[ "$sr1 $sr2" = "48 00" ] || fail "expected stored SR1 0x48 (TB, BP=0010), SR2 0x00"
qbin_cmp 0 "$SCRATCH/s.bin" || fail "qspi.bin changed"
echo "flash protect stores no volatile QE: refused when SR2 must be written, SR1 alone kept working"
pass
