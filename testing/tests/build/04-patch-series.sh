# Patches apply in order; a patch that does not apply stops the build naming
# it; overlay files may not replace upstream files; git tracks no upstream file.
. testing/tests/lib/common.sh
scratch
# A copy of the repository's inputs with one bad patch added.
mkdir -p "$SCRATCH/repo"
cp -a "$TOP/scripts" "$TOP/patches" "$TOP/VERSION" "$SCRATCH/repo/"
for d in src tcl contrib doc; do [ -d "$TOP/$d" ] && cp -a "$TOP/$d" "$SCRATCH/repo/"; done
cp -a "$BUILD/upstream" "$SCRATCH/b-upstream"
mkdir -p "$SCRATCH/b" && mv "$SCRATCH/b-upstream" "$SCRATCH/b/upstream"
cat > "$SCRATCH/repo/patches/9999-bogus.patch" <<'P'
--- a/src/openocd.c
+++ b/src/openocd.c
@@ -1,3 +1,3 @@
-this line is not in openocd.c
+nor is this one
 at all
P
out=$("$SCRATCH/repo/scripts/prepare-tree.sh" "$SCRATCH/repo" "$SCRATCH/b" 2>&1) &&
	fail "bogus patch applied"
echo "$out" | tail -3
echo "$out" | grep -q '9999-bogus.patch' || fail "error does not name the patch"
rm "$SCRATCH/repo/patches/9999-bogus.patch"
# Overlay shadowing an upstream file.
mkdir -p "$SCRATCH/repo/src"
echo x > "$SCRATCH/repo/src/openocd.c"
out=$("$SCRATCH/repo/scripts/prepare-tree.sh" "$SCRATCH/repo" "$SCRATCH/b" 2>&1) &&
	fail "overlay file replacing upstream src/openocd.c accepted"
echo "$out" | grep -q 'src/openocd.c' || fail "error does not name the overlay file"
rm "$SCRATCH/repo/src/openocd.c"
"$SCRATCH/repo/scripts/prepare-tree.sh" "$SCRATCH/repo" "$SCRATCH/b" >/dev/null 2>&1 ||
	fail "clean series does not apply"
grep -q FORK_STR "$SCRATCH/b/openocd-src/src/openocd.c" || fail "patch 0001 not applied"
# No upstream file is tracked: nothing in git matches a pristine path.
if [ -d "$TOP/.git" ]; then
	n=0
	while read -r f; do
		[ -e "$BUILD/upstream/openocd-0.12.0/$f" ] && { echo "tracked upstream file: $f"; n=$((n + 1)); }
	done < <(git -C "$TOP" ls-files)
	[ "$n" = 0 ] || fail "$n upstream files tracked in git"
fi
pass
