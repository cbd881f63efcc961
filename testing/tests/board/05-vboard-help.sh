# vboard --help documents every option it accepts, and bad options fail
# with a message instead of starting a board.
. testing/tests/lib/common.sh
help=$("$BUILD/bin/vboard" --help) || fail "--help failed"
for o in $(grep -o '{ "[a-z-]*"' testing/vboard/main.c | cut -d'"' -f2); do
	echo "$help" | grep -q -- "--$o" || fail "--$o is not documented in --help"
done
"$BUILD/bin/vboard" --state /tmp/x --ap-wait-rate 2 2>/dev/null && fail "--ap-wait-rate 2 accepted"
"$BUILD/bin/vboard" --state /tmp/x --chip bogus 2>&1 | grep -q 'unknown part' || fail "bad --chip not reported"
"$BUILD/bin/vboard" --state /tmp/x --probe-class bogus 2>&1 | grep -q "unknown class" ||
	fail "bad --probe-class not reported"
"$BUILD/bin/vboard" 2>&1 | grep -q 'state DIR is required' || fail "missing --state not reported"
pass
