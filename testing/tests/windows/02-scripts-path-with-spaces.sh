# The unzipped release in a folder whose path has spaces finds its own
# scripts with no -s, from a working directory outside it: [find] resolves
# the board file inside the copy, and the board file parses up to the
# adapter (there is no probe here, so init is not run).
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/windows.sh
scratch
win_setup
# cwd outside the copy: nothing relative to it can help
WIN_SCRIPTS=$SCRATCH
win_ocd -c "echo FOUND=[find board/stm32h753.cfg]" -c "echo QSPI=[find target/stm32h7x.cfg]" \
	-c shutdown || fail "openocd.exe exited $?"
found=$(sed -n 's/^FOUND=//p' "$SCRATCH/ocd.log")
[ -n "$found" ] || fail "find board/stm32h753.cfg printed nothing"
# Wine maps the Unix root to drive Z:
case $found in
*"Program Files/openocd qspi h7/"*"/share/openocd/scripts/board/stm32h753.cfg") ;;
*"Program Files\\openocd qspi h7\\"*) ;;
*) fail "board file found at '$found', not inside the unzipped copy" ;;
esac
unix=$(printf '%s' "$found" | sed 's|^[Zz]:||; s|\\|/|g')
cmp -s "$unix" "$TOP/tcl/board/stm32h753.cfg" || fail "'$found' is not our board file"
grep -q '^QSPI=.*scripts/target/stm32h7x.cfg$' "$SCRATCH/ocd.log" || fail "target/stm32h7x.cfg not found"
# the board file itself loads: everything up to the missing probe
WIN_SCRIPTS=$SCRATCH
win_ocd -f board/stm32h753.cfg -c shutdown
grep -q "can't find\|couldn't open" "$SCRATCH/ocd.log" && fail "a script was not found"
pass
