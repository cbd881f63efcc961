# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for the stmqspi tests (sourced after common.sh and vboard.sh).
#
#   QSPI_BANK                      the stmqspi bank declaration (bank 1)
#   MM_DUMP, mm_unhex FILE         Tcl proc mm_dump FILE ADDR LEN: the memory-
#                                  mapped window itself (read_memory) to FILE.hex;
#                                  mm_unhex makes FILE of it
#   stock_qspi ARGS...             stock openocd: J-Link/H7 prelude, QSPI
#                                  brought up by qspi-init.tcl, bank 1 declared,
#                                  init + reset halt + vb_qspi_init, then ARGS
#   stock_attach ARGS...           stock openocd attaching to a board whose
#                                  firmware already set QSPI up: init + halt
#                                  (no reset), bank 1 declared, then ARGS
#   ours_qspi / ours_attach ARGS...  the same with our openocd
#   qspi_ocd WHO ARGS...           WHO's openocd: J-Link/H7 prelude, no servers
#   qspi_board FIRMWARE OFF:SRC... board $SCRATCH/state, qspi.bin seeded, running
#                                  FIRMWARE
#   qspi_boot FIRMWARE SEED        board state-FIRMWARE with qspi.bin = SEED,
#                                  started running FIRMWARE (left a moment)
#   qspi_step NAME "4K 64K PP" ARGS...  ours_qspi probe + ARGS, then the chip's
#                                  4 KiB / 64 KiB erase and page program counts
#                                  must have grown by exactly those
#   qbin_seed FILE OFF:SRC...      make FILE a qspi.bin image (erased up to the
#                                  end of the last SRC) holding each SRC at OFF
#   qbin_cmp OFF FILE              qspi.bin at OFF equals FILE (exit status)
#   qbin_diff_pages OFF FILE       pages (256 B) of FILE that differ in qspi.bin
#   qbin_page_map OFF FILE         one character per 256-byte page of FILE:
#                                  o = qspi.bin holds it, x = it does not
#   qbin_is_ff OFF LEN             qspi.bin is erased over [OFF, OFF+LEN)
#   (the last four are qbin_check MODE ...: one reader of qspi.bin)
# No servers: tests run in parallel with other OpenOCD sessions.
QSPI_NOSERVERS=(-c "gdb_port disabled" -c "tcl_port disabled" -c "telnet_port disabled")
QSPI_BANK="flash bank qspi stmqspi 0x90000000 0 0 0 stm32h7x.cpu0 0x52005000"
# -c "$MM_DUMP" -c "mm_dump FILE ADDR LEN", then mm_unhex FILE: LEN bytes of
# the memory-mapped window itself (read_memory) in FILE; dump_image and gdb
# read a probed stacked-die bank through the driver instead.  OpenOCD's Tcl
# has no 'binary': the proc writes hex to FILE.hex, mm_unhex converts it.
MM_DUMP='proc mm_dump {file addr len} {
	set f [open $file.hex w]
	foreach b [read_memory $addr 8 $len] { puts -nonewline $f [format %02x $b] }
	close $f
}'
mm_unhex() {
	python3 -c 'import sys; open(sys.argv[1], "wb").write(bytes.fromhex(open(sys.argv[1] + ".hex").read()))' "$1"
}

# WHO's openocd (stock or ours) with the J-Link/H7 prelude and no servers,
# then ARGS: the one command line every helper below starts from.
qspi_ocd() {
	local who=$1
	shift
	ocd_which "$who" "${H7_ARGS[@]}" "${QSPI_NOSERVERS[@]}" "$@"
}

qspi_run() {
	local who=$1
	shift
	qspi_ocd "$who" -f testing/tests/qspi/qspi-init.tcl -c "$QSPI_BANK" \
		-c init -c "reset halt" -c vb_qspi_init "$@"
}

qspi_attach() {
	local who=$1
	shift
	qspi_ocd "$who" -c "$QSPI_BANK" -c init -c halt "$@"
}

# qspi_board FIRMWARE OFF:SRC...: start a board in $SCRATCH/state whose
# qspi.bin holds each SRC at OFF (qbin_seed), running FIRMWARE (e.g. idle).
qspi_board() {
	local fw=$1
	shift
	VB_STATE=$SCRATCH/state
	mkdir -p "$VB_STATE"
	qbin_seed "$VB_STATE/qspi.bin" "$@"
	vb_start --flash-image "$FIRMWARE/$fw.bin" --boot-us 50000
}

# qspi_boot FIRMWARE SEED: a fresh board in $SCRATCH/state-FIRMWARE whose
# qspi.bin is SEED, running FIRMWARE (e.g. qspi_xip) for 50 ms of virtual
# time before the probe socket opens, so the firmware has left the chip in
# its state when a debugger attaches, however slow the host is.
qspi_boot() {
	VB_STATE=$SCRATCH/state-$1
	mkdir -p "$VB_STATE"
	cp "$2" "$VB_STATE/qspi.bin"
	vb_start --flash-image "$FIRMWARE/$1.bin" --boot-us 50000
}

# qspi_step NAME "4K 64K PP" ARGS...: our openocd (bank probed, then ARGS);
# fails unless it succeeds and the chip counted exactly 4K 4 KiB erases, 64K
# 64 KiB erases and PP page programs meanwhile.  Prints the counts and the
# flash core's "sector(s) unchanged" line.
qspi_counts() {
	vb_stats_sync
	echo "$(vb_stats qspi_sector_erases_4k) $(vb_stats qspi_block_erases_64k)" \
		"$(vb_stats qspi_page_programs)"
}

qspi_step() {
	local name=$1 want=$2 before after s0 b0 p0 s1 b1 p1 got
	shift 2
	before=$(qspi_counts)
	ours_qspi -c "flash probe 1" "$@" -c shutdown || fail "$name: openocd failed"
	after=$(qspi_counts)
	read -r s0 b0 p0 <<< "$before"
	read -r s1 b1 p1 <<< "$after"
	got="$((s1 - s0)) $((b1 - b0)) $((p1 - p0))"
	echo "$name: 4 KiB erases, 64 KiB erases, page programs: $got"
	grep -h 'sector(s) unchanged' "$SCRATCH/ocd.log"
	[ "$got" = "$want" ] || fail "$name: expected $want"
}

stock_qspi() { qspi_run stock "$@"; }
stock_attach() { qspi_attach stock "$@"; }
ours_qspi() { qspi_run ours "$@"; }
ours_attach() { qspi_attach ours "$@"; }

qbin_seed() {
	python3 - "$@" <<'PY'
import sys
parts = []
for spec in sys.argv[2:]:
    off, src = spec.split(":", 1)
    parts.append((int(off, 0), open(src, "rb").read()))
img = bytearray(b"\xff" * max(off + len(d) for off, d in parts))
for off, d in parts:
    img[off:off + len(d)] = d
open(sys.argv[1], "wb").write(img)
PY
}

# qbin_check MODE OFF FILE|LEN: compares qspi.bin from OFF with FILE (or
# with LEN bytes of 0xff for MODE ff).  MODE cmp, ff: exit status; pages:
# the number of differing 256-byte pages; map: one o/x per page.
qbin_check() {
	python3 - "$VB_STATE/qspi.bin" "$@" <<'PY'
import sys
mode, off = sys.argv[2], int(sys.argv[3], 0)
if mode == "ff":
    want = b"\xff" * int(sys.argv[4], 0)
else:
    want = open(sys.argv[4], "rb").read()
with open(sys.argv[1], "rb") as q:
    q.seek(off)
    got = q.read(len(want))
if mode in ("cmp", "ff"):
    sys.exit(0 if got == want else 1)
same = [got[i:i + 256] == want[i:i + 256] for i in range(0, len(want), 256)]
if mode == "pages":
    print(same.count(False))
else:
    print("".join("o" if s else "x" for s in same))
PY
}

qbin_cmp() { qbin_check cmp "$@"; }
qbin_diff_pages() { qbin_check pages "$@"; }
qbin_page_map() { qbin_check map "$@"; }
qbin_is_ff() { qbin_check ff "$@"; }
