# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers of the J-Link WAIT/FAULT tests (sourced after common.sh, vboard.sh).
NOSERVERS=(-c "gdb_port disabled" -c "tcl_port disabled" -c "telnet_port disabled")
# The probe class the J-Link tests' boards present (vboard --probe-class):
# JL_PROBE_CLASS from the environment, default the board's default (base).
JL_PROBE=(--probe-class "${JL_PROBE_CLASS:-base}")

# jl_ram_roundtrip WHO BYTES ADDR [vboard options...]: start a board, load
# BYTES random bytes at ADDR, read them back with dump_image, stop the board.
# Sets JL_RC (openocd exit status); the image is $SCRATCH/img.bin, the
# read-back $SCRATCH/back.bin.
jl_ram_roundtrip() {
	local who=$1 bytes=$2 addr=$3
	shift 3
	head -c "$bytes" /dev/urandom > "$SCRATCH/img.bin"
	rm -f "$SCRATCH/back.bin"
	vb_start --flash-image "$FIRMWARE/idle.bin" "${JL_PROBE[@]}" "$@"
	ocd_which "$who" "${H7_ARGS[@]}" "${NOSERVERS[@]}" -c init -c "reset halt" \
		-c "load_image $SCRATCH/img.bin $addr bin" \
		-c "dump_image $SCRATCH/back.bin $addr $bytes" -c shutdown >/dev/null
	JL_RC=$?
	vb_stop	# writes stats.json
}

# The read-back equals the image (the oracle: bytes this test generated).
jl_same() {
	cmp -s "$SCRATCH/img.bin" "$SCRATCH/back.bin"
}

# Ours must never print the bare message of the issue.
jl_no_bare_message() {
	! grep -q 'failed to find out where' "$SCRATCH/ocd.log"
}
