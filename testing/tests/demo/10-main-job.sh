# The README's main job (make demo) runs and checks itself against the
# board's image files.
. testing/tests/lib/common.sh
out=$(testing/demo.sh 2>&1) || { echo "$out"; fail "the main job failed"; }
echo "$out"
echo "$out" | grep -q "checked against the board's image files: .*: OK" || fail "main job did not verify"
pass
