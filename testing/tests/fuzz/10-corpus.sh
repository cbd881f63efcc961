# The libFuzzer harnesses (testing/fuzz/) with ASan and UBSan: every input of
# their corpus once (the regressions found so far among them: a garbage SFDP
# density that made sfdp.c shift by 2^31), then a fixed number of fuzzing runs
# from a fixed seed, so the result does not depend on the machine's speed.
. testing/tests/lib/common.sh
scratch
command -v clang >/dev/null || fail "clang is missing (scripts/deps.sh installs it)"
make -s -C testing/fuzz BUILD="$BUILD" >"$SCRATCH/build.log" 2>&1 ||
	{ cat "$SCRATCH/build.log"; fail "building the fuzzers"; }
# NAME:RUNS (the SFDP harness formats every debug message: slower per run)
for fr in fuzz_sfdp:3000 fuzz_image:3000 fuzz_w25q_protect:20000; do
	f=${fr%%:*}
	runs=${fr#*:}
	mkdir -p "$SCRATCH/$f"
	(cd "$SCRATCH" && ASAN_OPTIONS=detect_leaks=0 "$BUILD/fuzz/$f" -runs=0 "$TOP/testing/fuzz/corpus/$f") \
		>"$SCRATCH/$f-corpus.log" 2>&1 ||
		{ tail -30 "$SCRATCH/$f-corpus.log"; fail "$f: a corpus input fails"; }
	(cd "$SCRATCH" && ASAN_OPTIONS=detect_leaks=0 "$BUILD/fuzz/$f" -seed=1 -runs="$runs" "$SCRATCH/$f" \
		"$TOP/testing/fuzz/corpus/$f") >"$SCRATCH/$f-fuzz.log" 2>&1 ||
		{ tail -30 "$SCRATCH/$f-fuzz.log"; fail "$f: fuzzing found a failure (input in the log)"; }
	grep -q "Done $runs runs" "$SCRATCH/$f-fuzz.log" || fail "$f: did not complete its runs"
	echo "$f: corpus and $runs runs clean"
done
pass
