# The board file parses with interface/stlink-dap.cfg, interface/cmsis-dap.cfg,
# interface/stlink.cfg (hla) and interface/jlink.cfg
# and picks each adapter's SWD transport.  Parse only: "-c shutdown" as the
# last command ends OpenOCD after the configuration stage, before "init", so
# no probe is needed (exit status 0 when the configuration is good).
. testing/tests/lib/common.sh
scratch
parse() {
	timeout 60 "$OPENOCD" "$@" -f board/stm32h753.cfg \
		-c "echo RESULT=[adapter name],[transport select],[llength [flash list]]" \
		-c shutdown >"$SCRATCH/ocd.log" 2>&1
	local rc=$?
	cat "$SCRATCH/ocd.log"
	return $rc
}
parse -f interface/stlink-dap.cfg || fail "stlink-dap: configuration failed"
grep -q '^RESULT=st-link,dapdirect_swd,3$' "$SCRATCH/ocd.log" || fail "stlink-dap: wrong result"
parse -f interface/cmsis-dap.cfg || fail "cmsis-dap: configuration failed"
grep -q '^RESULT=cmsis-dap,swd,3$' "$SCRATCH/ocd.log" || fail "cmsis-dap: wrong result"
parse -f interface/stlink.cfg || fail "stlink (hla): configuration failed"
grep -q '^RESULT=hla,hla_swd,3$' "$SCRATCH/ocd.log" || fail "stlink (hla): wrong result"
parse -f interface/jlink.cfg || fail "jlink: configuration failed"
grep -q '^RESULT=jlink,swd,3$' "$SCRATCH/ocd.log" || fail "jlink: wrong result"
grep -q 'no adapter selected' "$SCRATCH/ocd.log" && fail "jlink given, default announced"
parse || fail "default: configuration failed"
grep -q '^RESULT=jlink,swd,3$' "$SCRATCH/ocd.log" || fail "default: wrong result"
grep -q 'no adapter selected, using interface/jlink.cfg' "$SCRATCH/ocd.log" ||
	fail "default: not announced"
# A transport chosen before the board file is kept.
parse -f interface/cmsis-dap.cfg -c "transport select swd" || fail "preselected swd failed"
# The test itself can fail: a bad configuration exits non-zero.
parse -c "set QSPI_READ fast" && fail "bad QSPI_READ accepted"
pass
