# The upstream fetch refuses a corrupted tarball (cache) with a clear message,
# and accepts the genuine one.
. testing/tests/lib/common.sh
scratch
cache=${OPENOCD_TARBALL_CACHE:-${HOME:-/root}/.cache/openocd-qspi-h7}
good=$cache/openocd_0.12.0.orig.tar.bz2
[ -f "$good" ] || fail "no cached tarball at $good (make fetches it)"
mkdir -p "$SCRATCH/cache"
cp "$good" "$SCRATCH/cache/"
OPENOCD_TARBALL_CACHE=$SCRATCH/cache "$TOP/scripts/fetch-upstream.sh" >/dev/null 2>&1 ||
	fail "genuine tarball rejected"
# Flip one byte in the middle.
printf '\x00' | dd of="$SCRATCH/cache/openocd_0.12.0.orig.tar.bz2" bs=1 seek=3000000 \
	conv=notrunc 2>/dev/null
out=$(OPENOCD_TARBALL_CACHE=$SCRATCH/cache "$TOP/scripts/fetch-upstream.sh" 2>&1) &&
	fail "corrupted tarball accepted"
echo "$out"
echo "$out" | grep -q 'sha256' || fail "error does not mention the checksum"
echo "$out" | grep -q 'corrupt' || fail "error does not say the tarball is corrupt"
# And prepare-tree stops on it too.
out=$(OPENOCD_TARBALL_CACHE=$SCRATCH/cache "$TOP/scripts/prepare-tree.sh" "$TOP" "$SCRATCH/b" 2>&1) &&
	fail "prepare-tree went on with a corrupted tarball"
pass
