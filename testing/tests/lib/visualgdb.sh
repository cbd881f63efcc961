# SPDX-License-Identifier: GPL-2.0-or-later
# VisualGDB's session with a custom OpenOCD, replayed (sourced after
# common.sh, vboard.sh and boardcfg.sh; brings telnet.sh for its free port
# and probe.sh for the runs through every probe).
#
#   vg_prologue [VAR]         scratch folder, skip without gdb-multiarch,
#                             vg_build_app; the array extra holds the vboard
#                             options in variable VAR (whitespace-separated)
#   vg_build_app              build vgdb_app.elf (testing/firmware/vgdb_app.mk)
#                             into $BUILD; VG_APP is its path
#   vg_plugin                 the FLASH plugin (plugin_w25q.elf) copied to
#                             $SCRATCH under the name VisualGDB's project gives
#                             it: PLUGIN its path, VG_PLUGIN_LINE the project's
#                             "flash bank qspi plugin 0x90000000 0 0 0 0 FILE"
#   vg_openocd ARGS...        start our openocd as VisualGDB does: working
#                             directory the scripts folder, -c "gdb_port N"
#                             -c "telnet_port M" first, then ARGS (interface,
#                             target and its own -c lines), -c init
#                             -c "reset init", -c "echo VisualGDB_OpenOCD_Ready"
#                             last; waits (bounded) for that line and fails on
#                             an "Error:" line before it.  Log: $SCRATCH/ocd.log.
#                             After probe_use (probe.sh): that probe's openocd,
#                             for stock from stock's scripts folder
#   vg_openocd_try ARGS...    the same, but returns 1 with the reason in VG_WHY
#                             (VG_FIRST_ERROR: the first Error: line before the
#                             ready line); openocd may still run then
#   vg_gdb CMDS...            VisualGDB's gdb script with CMDS in the middle
#                             (after mon reset init); output in $SCRATCH/gdb.log
#   vg_check_images           flash.bin/qspi.bin hold each loadable section of
#                             $VG_APP at its load address; names the first
#                             differing address
#   vg_session_ok WHAT        after vg_gdb load "${VG_STACK_CHECK[@]}"
#                             compare-sections: load finished, the stack word
#                             read back, every section of vgdb_app.elf matched
#                             and sits in the image files; fails naming WHAT
#   vg_progress_ok            the progress lines in ocd.log are well formed
. testing/tests/lib/telnet.sh
. testing/tests/lib/probe.sh
VG_READY=VisualGDB_OpenOCD_Ready
# the scripts folder of the openocd under test (VB_OPENOCD: another build,
# installed or not)
VG_SCRIPTS=$(dirname "$OPENOCD")/../share/openocd/scripts
[ -d "$VG_SCRIPTS" ] || VG_SCRIPTS=$BUILD/share/openocd/scripts

vg_prologue() {
	scratch
	command -v gdb-multiarch >/dev/null || skip "no gdb-multiarch"
	vg_build_app
	extra=()
	[ -z "${1:-}" ] || read -r -a extra <<<"${!1:-}"
}

vg_build_app() {
	# Tests run in parallel (run-tests VB_JOBS): one build at a time.
	flock "$BUILD/.vgdb_app.lock" make -s -C "$TOP/testing/firmware" -f vgdb_app.mk \
		BUILD="$BUILD" >"$SCRATCH/fw.log" 2>&1 ||
		{ cat "$SCRATCH/fw.log"; fail "building vgdb_app.elf"; }
	VG_APP=$BUILD/testing/firmware/vgdb_app.elf
}

vg_plugin() {
	PLUGIN=$SCRATCH/W25Q01JV_QSPI.elf
	cp "$FIRMWARE/plugin_w25q.elf" "$PLUGIN" || fail "no plugin_w25q.elf: run make"
	VG_PLUGIN_LINE="flash bank qspi plugin 0x90000000 0 0 0 0 $PLUGIN"
}

vg_openocd() {
	vg_openocd_try "$@" || { cat "$SCRATCH/ocd.log"; fail "$VG_WHY"; }
}

vg_openocd_try() {
	local ocd=("$OPENOCD") dir=$VG_SCRIPTS i
	VG_GDB_PORT=$(tn_free_port)
	VG_TELNET_PORT=$(tn_free_port)
	VG_WHY=
	# a probe picked with probe_use (probe.sh): its openocd, stock's scripts folder
	if [ -n "${PROBE_WHO:-}" ]; then
		ocd=("${PROBE_OCD[@]}")
		[ "$PROBE_WHO" = stock ] && dir=$STOCK_SCRIPTS
	fi
	# VisualGDB's command line; the test alone adds bindto (services on
	# 127.0.0.1 only) and disables the tcl port (tests run side by side).
	(cd "$dir" && LD_LIBRARY_PATH=$VJLINK_DIR exec timeout 900 "${ocd[@]}" \
		-c "bindto 127.0.0.1" -c "tcl_port disabled" \
		-c "gdb_port $VG_GDB_PORT" -c "telnet_port $VG_TELNET_PORT" \
		"$@" -c init -c "reset init" -c "echo $VG_READY") >"$SCRATCH/ocd.log" 2>&1 &
	VG_PID=$!
	on_exit vg_kill
	for i in $(seq 1 3000); do
		grep -q "^$VG_READY\$" "$SCRATCH/ocd.log" 2>/dev/null && break
		kill -0 "$VG_PID" 2>/dev/null || { VG_WHY="openocd exited before $VG_READY"; return 1; }
		sleep 0.1
	done
	grep -q "^$VG_READY\$" "$SCRATCH/ocd.log" || { VG_WHY="no $VG_READY line within 300 s"; return 1; }
	# VisualGDB reports the first Error: line
	VG_FIRST_ERROR=$(sed "/^$VG_READY\$/q" "$SCRATCH/ocd.log" | grep -m1 '^Error:')
	[ -z "$VG_FIRST_ERROR" ] || { VG_WHY="an Error: line before $VG_READY: $VG_FIRST_ERROR"; return 1; }
}

vg_kill() {
	[ -n "${VG_PID:-}" ] || return 0
	kill -TERM "$VG_PID" 2>/dev/null
	wait "$VG_PID" 2>/dev/null
	VG_PID=
}

# gdb as VisualGDB drives it: remotetimeout 60, target remote (not
# extended-remote), mon halt, mon reset init, then CMDS
vg_gdb() {
	local args=() c
	for c in "$@"; do args+=(-ex "$c"); done
	timeout 900 gdb-multiarch -nx -batch -ex "set pagination off" -ex "set confirm off" \
		-ex "file $VG_APP" -ex "set remotetimeout 60" \
		-ex "target remote 127.0.0.1:$VG_GDB_PORT" -ex "mon halt" -ex "mon reset init" \
		"${args[@]}" -ex "mon shutdown" >"$SCRATCH/gdb.log" 2>&1
	local rc=$?
	cat "$SCRATCH/gdb.log"
	# openocd ends on shutdown: bounded wait
	local i
	for i in $(seq 1 600); do
		kill -0 "$VG_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$VG_PID" 2>/dev/null && fail "openocd still running after mon shutdown"
	wait "$VG_PID" 2>/dev/null
	VG_PID=
	return $rc
}

# the word below _estack, as VisualGDB's stack check writes and reads it
VG_STACK_CHECK=(
	"set var *(unsigned int *)((unsigned int)&_estack - 4) = 0x5a5aa5a5"
	"printf \"STACKWORD=%08x\\n\", *(unsigned int *)((unsigned int)&_estack - 4)"
)

# the sections of vgdb_app.elf: both internal flash banks, .data by load
# address, the start of the QSPI flash, the one across the die boundary
VG_SECTIONS=".isr_vector .text .data .bank2 .qspi_head .qspi_dies"

vg_session_ok() {
	local s
	grep -q '^Start address 0x0800' "$SCRATCH/gdb.log" ||
		{ tail -30 "$SCRATCH/gdb.log"; fail "$1: load did not finish"; }
	grep -q '^STACKWORD=5a5aa5a5$' "$SCRATCH/gdb.log" ||
		fail "$1: stack check: the word below _estack (0x2001fffc) did not read back"
	for s in $VG_SECTIONS; do
		grep -q "^Section $s, range .*: matched\.\$" "$SCRATCH/gdb.log" ||
			fail "$1: compare-sections: $s"
	done
	vg_check_images || fail "$1: the image files differ from the ELF's sections"
}

vg_check_images() {
	python3 - "$VG_APP" "$VB_STATE/flash.bin" "$VB_STATE/qspi.bin" \
		"${CROSS:-arm-none-eabi-}objcopy" "$SCRATCH" <<'PY'
import os, struct, subprocess, sys
elf, flash_path, qspi_path, objcopy, tmp = sys.argv[1:6]
data = open(elf, "rb").read()
# ELF32 little endian: section headers
shoff, = struct.unpack_from("<I", data, 0x20)
shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x2E)
phoff, = struct.unpack_from("<I", data, 0x1C)
phentsize, phnum = struct.unpack_from("<HH", data, 0x2A)
def sh(i):
    return struct.unpack_from("<IIIIIIIIII", data, shoff + i * shentsize)
strtab = sh(shstrndx)
def name(off):
    s = strtab[4] + off
    return data[s:data.index(b"\0", s)].decode()
# load address of a section: through the program header holding its offset
phs = [struct.unpack_from("<IIIIIIII", data, phoff + i * phentsize) for i in range(phnum)]
def lma(vaddr, offset, size):
    for p in phs:
        if p[0] == 1 and p[1] <= offset and offset + size <= p[1] + p[4]:
            return p[3] + (offset - p[1])
    return vaddr
flash = open(flash_path, "rb").read()
qspi = open(qspi_path, "rb")
bad = 0
checked = 0
for i in range(shnum):
    s = sh(i)
    nm, typ, flags, addr, off, size = name(s[0]), s[1], s[2], s[3], s[4], s[5]
    if typ != 1 or not flags & 2 or size == 0:     # PROGBITS, ALLOC
        continue
    want = data[off:off + size]
    la = lma(addr, off, size)
    if 0x08000000 <= la < 0x08200000:
        have = flash[la - 0x08000000:la - 0x08000000 + size]
        where = "flash.bin"
    elif 0x90000000 <= la < 0x98000000:
        qspi.seek(la - 0x90000000)
        have = qspi.read(size)
        where = "qspi.bin"
    else:
        print("section %s at 0x%08x: not in any flash" % (nm, la))
        bad += 1
        continue
    checked += 1
    if have != want:
        k = next(j for j in range(size) if j >= len(have) or have[j] != want[j])
        print("section %s (%s): first difference at 0x%08x" % (nm, where, la + k))
        bad += 1
    else:
        print("section %s at 0x%08x+0x%x: %s matches" % (nm, la, size, where))
sys.exit(1 if bad or checked < 5 else 0)
PY
}

# every progress line is in the documented form, and the qspi bank's write
# lines cover the 64 MiB die boundary
vg_progress_ok() {
	python3 - "$SCRATCH/ocd.log" "${1:-}" <<'PY'
import re, sys
log = open(sys.argv[1]).read().splitlines()
need_die = sys.argv[2] == "die"
forms = {
    "flash_erase_progress": r"0x[0-9a-f]+\|0x[0-9a-f]+\|[\w.]+",
    "flash_write_progress_sync": r"0x[0-9a-f]+\|0x[0-9a-f]+\|[\w.]+",
    "flash_write_progress_async_start": r"0x[0-9a-f]+",
    "flash_write_progress_async": r"0x[0-9a-f]+\|0x[0-9a-f]+",
}
bad = 0
writes = []
for line in log:
    m = re.match(r"Info : (flash_[a-z_]+):(.*)$", line)
    if not m or m.group(1) not in forms:
        continue
    if not re.fullmatch(forms[m.group(1)], m.group(2)):
        print("malformed: " + line)
        bad += 1
    elif m.group(1) in ("flash_erase_progress", "flash_write_progress_sync"):
        a, b, bank = m.group(2).split("|")
        a, b = int(a, 16), int(b, 16)
        if a >= b:
            print("empty range: " + line)
            bad += 1
        if m.group(1) == "flash_write_progress_sync":
            writes.append((a, b))
if need_die and not any(a < 0x94000000 <= b for a, b in writes) and \
        not any(a == 0x94000000 for a, b in writes):
    print("no write line at the die boundary 0x94000000")
    bad += 1
sys.exit(1 if bad else 0)
PY
}
