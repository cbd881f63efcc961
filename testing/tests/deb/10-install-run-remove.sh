# The Debian package end to end: dpkg -i the .deb (make deb), then the main
# job with the installed /usr/bin/openocd-qspi-h7 and its own scripts (no -s)
# through the virtual J-Link, then dpkg -r: every file the package installed
# is gone.  The package shares no path with Debian's openocd.  Needs root
# (CI runs as root); refuses to touch an openocd-qspi-h7 installed before.
# Oracle: the board's flash.bin and qspi.bin against demo_app.elf's sections.
. testing/tests/lib/common.sh
. testing/tests/lib/vboard.sh
. testing/tests/lib/visualgdb.sh
DEB=$BUILD/dist/openocd-qspi-h7_$(cat "$TOP/VERSION")_$(dpkg --print-architecture).deb
[ "$(id -u)" = 0 ] || skip "not root: dpkg -i needs root (run make check-deb as root)"
[ -f "$DEB" ] || skip "no $DEB: run make deb (make check-deb builds it)"
if dpkg-query -W -f='${Status}' openocd-qspi-h7 2>/dev/null | grep -q installed; then
	skip "openocd-qspi-h7 is already installed here; not touching it (dpkg -r it to run this test)"
fi
scratch

# Files in common with Debian's openocd would make the two packages clash.
dpkg-deb -c "$DEB" | awk '{print $6}' | sed 's|^\./|/|' >"$SCRATCH/files"
grep -Eq '^/usr/bin/openocd$|^/usr/share/openocd/|^/usr/share/info/openocd\.info|/man1/openocd\.1' \
	"$SCRATCH/files" && fail "the package ships a path of Debian's openocd package"
grep -q '^/lib/udev/rules.d/60-openocd-qspi-h7.rules$' "$SCRATCH/files" || fail "no udev rules"
grep -q '^/usr/share/info/openocd-qspi-h7.info.gz$' "$SCRATCH/files" || fail "no info manual"
grep -q '^/usr/share/doc/openocd-qspi-h7/copyright$' "$SCRATCH/files" || fail "no copyright file"

removed=0
deb_remove() {
	[ "$removed" = 1 ] && return 0
	dpkg -r openocd-qspi-h7 >"$SCRATCH/remove.log" 2>&1
	removed=1
}
on_exit deb_remove
dpkg -i "$DEB" >"$SCRATCH/install.log" 2>&1 || { cat "$SCRATCH/install.log"; fail "dpkg -i failed"; }
dpkg -L openocd-qspi-h7 >"$SCRATCH/installed"
bin=$(command -v openocd-qspi-h7) || fail "openocd-qspi-h7 not on PATH after dpkg -i"
[ "$bin" = /usr/bin/openocd-qspi-h7 ] || fail "openocd-qspi-h7 found at $bin"
ver=$("$bin" --version 2>&1 | head -1)
[ "$ver" = "Open On-Chip Debugger 0.12.0 [openocd-qspi-h7 $(cat "$TOP/VERSION")]" ] ||
	fail "installed binary says '$ver'"
found=$("$bin" -c "echo FOUND=[find board/stm32h753.cfg]" -c shutdown 2>&1 | sed -n 's/^FOUND=//p')
[ -n "$found" ] && [ "$(realpath "$found")" = /usr/share/openocd-qspi-h7/scripts/board/stm32h753.cfg ] ||
	fail "board file found at '$found', not in the package's scripts"
man -w openocd-qspi-h7 >/dev/null 2>&1 || [ -f /usr/share/man/man1/openocd-qspi-h7.1.gz ] ||
	fail "no man page"

# the main job with the installed binary
vb_start
ELF=$FIRMWARE/demo_app.elf
[ -f "$ELF" ] || fail "no $ELF: run make"
ocd_run "$bin" -f board/stm32h753.cfg -c "program $ELF verify reset exit" || fail "program failed"
vb_stop
VG_APP=$ELF
vg_check_images || fail "the image files do not hold demo_app.elf"

# removal leaves nothing behind
deb_remove
cat "$SCRATCH/remove.log"
dpkg-query -W -f='${Status}' openocd-qspi-h7 2>/dev/null | grep -q 'ok installed' &&
	fail "still installed after dpkg -r"
left=0
while read -r f; do
	[ -d "$f" ] && continue
	if [ -e "$f" ] || [ -L "$f" ]; then
		echo "left behind: $f"
		left=1
	fi
done <"$SCRATCH/installed"
[ "$left" = 0 ] || fail "dpkg -r left files behind"
[ -d /usr/share/openocd-qspi-h7 ] && fail "dpkg -r left /usr/share/openocd-qspi-h7"
pass
