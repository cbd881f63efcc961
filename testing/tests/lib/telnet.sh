# SPDX-License-Identifier: GPL-2.0-or-later
# OpenOCD as a server driven through the real telnet client (sourced after
# common.sh and vboard.sh).
#
#   tn_server ARGS...      start our openocd (or the command line in $TN_OCD) with ARGS
#                          (e.g. -f board/stm32h753.cfg)
#                          as a telnet server on a free port on 127.0.0.1, gdb and
#                          tcl ports disabled; log in $SCRATCH/ocd.log
#   tn CMD...              one telnet session typing each CMD; the output of
#                          each is in $SCRATCH/tn/N.out (N counts over sessions);
#                          "@T=S CMD" gives CMD S seconds (default 60); TN_LAST
#                          is the number of the session's last command
#   tn_out N               path of command N's output
#   tn_has N REGEX         command N's output matches REGEX (grep -E)
#   tn_stop                shutdown through telnet, wait for openocd to end
#   tn_seed_qspi OFF:LEN...  erased qspi.bin with random bytes at each OFF (before
#                          vb_start), kept as $SCRATCH/seed-OFF.bin
#   tn_qspi_is FILE OFF    qspi.bin holds FILE at OFF
#   tn_qspi_ff OFF LEN     qspi.bin is erased (0xff) there
TN_DRIVE=$TOP/testing/tests/lib/telnet_drive.py
TN_NEXT=1

tn_free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

tn_server() {
	command -v telnet >/dev/null || fail "no telnet client: install Debian package telnet"
	TN_PORT=$(tn_free_port)
	mkdir -p "$SCRATCH/tn"
	local ocd=("$OPENOCD")
	[ -n "${TN_OCD:-}" ] && read -r -a ocd <<<"$TN_OCD"
	LD_LIBRARY_PATH=$VJLINK_DIR timeout 900 "${ocd[@]}" -c "bindto 127.0.0.1" \
		-c "telnet_port $TN_PORT" -c "gdb_port disabled" -c "tcl_port disabled" \
		"$@" >"$SCRATCH/ocd.log" 2>&1 &
	TN_PID=$!
	on_exit tn_kill
	local i
	for i in $(seq 1 1200); do
		grep -q "Listening on port $TN_PORT for telnet connections" "$SCRATCH/ocd.log" &&
			return 0
		kill -0 "$TN_PID" 2>/dev/null || { cat "$SCRATCH/ocd.log"; fail "openocd exited"; }
		sleep 0.1
	done
	cat "$SCRATCH/ocd.log"
	fail "openocd does not listen on telnet port $TN_PORT"
}

tn() {
	local n=$TN_NEXT
	TN_NEXT=$((TN_NEXT + $#))
	TN_LAST=$((TN_NEXT - 1))
	timeout 1200 python3 "$TN_DRIVE" "$TN_PORT" "$SCRATCH/tn" "$n" "$@" ||
		{ tail -30 "$SCRATCH/ocd.log"; fail "telnet session failed (commands $n..)"; }
}

# The number the next command typed through tn gets.
tn_next() { echo "$TN_NEXT"; }
tn_out() { echo "$SCRATCH/tn/$1.out"; }
tn_has() { grep -Eq -- "$2" "$SCRATCH/tn/$1.out"; }

tn_kill() {
	[ -n "${TN_PID:-}" ] || return 0
	kill -TERM "$TN_PID" 2>/dev/null
	wait "$TN_PID" 2>/dev/null
	TN_PID=
}

tn_stop() {
	local i
	timeout 20 python3 "$TN_DRIVE" "$TN_PORT" "$SCRATCH/tn/stop" 0 shutdown >/dev/null 2>&1
	for i in $(seq 1 100); do
		kill -0 "$TN_PID" 2>/dev/null || break
		sleep 0.1
	done
	tn_kill
}

# tn_seed_qspi OFF:LEN...: $VB_STATE/qspi.bin (before vb_start) erased, with
# LEN random bytes at each OFF, also kept as $SCRATCH/seed-OFF.bin.
tn_seed_qspi() {
	mkdir -p "$VB_STATE"
	local spec
	for spec in "$@"; do
		head -c $((${spec#*:})) /dev/urandom >"$SCRATCH/seed-${spec%%:*}.bin"
	done
	python3 - "$VB_STATE/qspi.bin" "$SCRATCH" "$@" <<'PY'
import sys
img = bytearray(b"\xff" * (128 * 1024 * 1024))
for spec in sys.argv[3:]:
    off = spec.split(":")[0]
    data = open("%s/seed-%s.bin" % (sys.argv[2], off), "rb").read()
    img[int(off, 0):int(off, 0) + len(data)] = data
open(sys.argv[1], "wb").write(img)
PY
}

# tn_qspi_is FILE OFF: qspi.bin at OFF holds FILE; tn_qspi_ff OFF LEN: erased
tn_qspi_is() {
	python3 - "$VB_STATE/qspi.bin" "$2" "$1" <<'PY'
import sys
want = open(sys.argv[3], "rb").read()
with open(sys.argv[1], "rb") as f:
    f.seek(int(sys.argv[2], 0))
    sys.exit(0 if f.read(len(want)) == want else 1)
PY
}
tn_qspi_ff() {
	python3 - "$VB_STATE/qspi.bin" "$1" "$2" <<'PY'
import sys
n = int(sys.argv[3], 0)
with open(sys.argv[1], "rb") as f:
    f.seek(int(sys.argv[2], 0))
    sys.exit(0 if f.read(n) == b"\xff" * n else 1)
PY
}
