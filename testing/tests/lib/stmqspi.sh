# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for the stmqspi tests (sourced after common.sh and vboard.sh).
#
#   QSPI_BANK                      the stmqspi bank declaration (bank 1)
#   stock_qspi ARGS...             stock openocd: J-Link/H7 prelude, QSPI
#                                  brought up by qspi-init.tcl, bank 1 declared,
#                                  init + reset halt + vb_qspi_init, then ARGS
#   stock_attach ARGS...           stock openocd attaching to a board whose
#                                  firmware already set QSPI up: init + halt
#                                  (no reset), bank 1 declared, then ARGS
#   ours_qspi / ours_attach ARGS...  the same with our openocd
#   qbin_seed FILE OFF:SRC...      make FILE a qspi.bin image (erased up to the
#                                  end of the last SRC) holding each SRC at OFF
#   qbin_cmp OFF FILE              qspi.bin at OFF equals FILE (exit status)
#   qbin_diff_pages OFF FILE       pages (256 B) of FILE that differ in qspi.bin
#   qbin_page_map OFF FILE         one character per 256-byte page of FILE:
#                                  o = qspi.bin holds it, x = it does not
#   qbin_is_ff OFF LEN             qspi.bin is erased over [OFF, OFF+LEN)
# No servers: tests run in parallel with other OpenOCD sessions.
QSPI_NOSERVERS=(-c "gdb_port disabled" -c "tcl_port disabled" -c "telnet_port disabled")
QSPI_BANK="flash bank qspi stmqspi 0x90000000 0 0 0 stm32h7x.cpu0 0x52005000"

qspi_run() {
	local who=$1
	shift
	ocd_which "$who" "${H7_ARGS[@]}" "${QSPI_NOSERVERS[@]}" -f testing/tests/qspi/qspi-init.tcl -c "$QSPI_BANK" \
		-c init -c "reset halt" -c vb_qspi_init "$@"
}

qspi_attach() {
	local who=$1
	shift
	ocd_which "$who" "${H7_ARGS[@]}" "${QSPI_NOSERVERS[@]}" -c "$QSPI_BANK" -c init -c halt "$@"
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

qbin_cmp() {
	python3 - "$VB_STATE/qspi.bin" "$1" "$2" <<'PY'
import sys
off = int(sys.argv[2], 0)
want = open(sys.argv[3], "rb").read()
with open(sys.argv[1], "rb") as q:
    q.seek(off)
    sys.exit(0 if q.read(len(want)) == want else 1)
PY
}

qbin_diff_pages() {
	python3 - "$VB_STATE/qspi.bin" "$1" "$2" <<'PY'
import sys
off = int(sys.argv[2], 0)
want = open(sys.argv[3], "rb").read()
with open(sys.argv[1], "rb") as q:
    q.seek(off)
    got = q.read(len(want))
print(sum(1 for i in range(0, len(want), 256) if got[i:i + 256] != want[i:i + 256]))
PY
}

qbin_page_map() {
	python3 - "$VB_STATE/qspi.bin" "$1" "$2" <<'PY'
import sys
off = int(sys.argv[2], 0)
want = open(sys.argv[3], "rb").read()
with open(sys.argv[1], "rb") as q:
    q.seek(off)
    got = q.read(len(want))
print("".join("o" if got[i:i + 256] == want[i:i + 256] else "x"
              for i in range(0, len(want), 256)))
PY
}

qbin_is_ff() {
	python3 - "$VB_STATE/qspi.bin" "$1" "$2" <<'PY'
import sys
off, n = int(sys.argv[2], 0), int(sys.argv[3], 0)
with open(sys.argv[1], "rb") as q:
    q.seek(off)
    sys.exit(0 if q.read(n) == b"\xff" * n else 1)
PY
}
