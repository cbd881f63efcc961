# The release names no directory of the machine that built it: no file in the
# zip (exe, DLLs, scripts, manual) contains the build directory or the
# checkout's path, so the same sources give the same zip in any clone.  A
# library configured with its install prefix inside the build directory
# writes that path into itself (jimtcl's library path went into
# openocd.exe that way).  Oracle: the zip's bytes.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/windows.sh
scratch
[ -f "$WIN_ZIP" ] || skip "no $WIN_ZIP: run make windows (make check-windows builds it)"
mkdir -p "$SCRATCH/zip"
unzip -q "$WIN_ZIP" -d "$SCRATCH/zip" || fail "cannot unzip $WIN_ZIP"
bad=$(cd "$SCRATCH/zip" && grep -rlaF -e "$BUILD" -e "$TOP" . || true)
[ -z "$bad" ] || fail "files naming $BUILD or $TOP: $(echo $bad)"
pass
