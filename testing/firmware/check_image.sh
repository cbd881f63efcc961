#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Sanity checks on built images (run by the Makefile after each link).
#   check_image.sh vectors IMAGE.bin   vector table at 0x08000000
#   check_image.sh algo ALGO.bin       blob ends with "bkpt #0"
# Assumes a little-endian host (od prints words in host order).

set -eu

FLASH_BASE=$((0x08000000))
FLASH_SIZE=$((0x100000))
INITIAL_SP=$((0x20020000))
NUM_VECTORS=166

fail() {
	echo "check_image: $1: $2" >&2
	exit 1
}

check_vectors() {
	bin=$1
	size=$(wc -c < "$bin")
	[ "$size" -gt $((NUM_VECTORS * 4)) ] || fail "$bin" "too small ($size bytes)"
	[ "$size" -le "$FLASH_SIZE" ] || fail "$bin" "larger than flash bank 1"
	i=0
	for w in $(od -An -v -tx4 -N $((NUM_VECTORS * 4)) "$bin"); do
		v=$((0x$w))
		if [ $i -eq 0 ]; then
			[ "$v" -eq "$INITIAL_SP" ] ||
				fail "$bin" "initial SP is 0x$w, want 0x20020000"
		elif [ "$v" -ne 0 ] || [ $i -eq 1 ]; then
			[ $((v & 1)) -eq 1 ] ||
				fail "$bin" "vector $i = 0x$w is not a Thumb address"
			off=$(((v & ~1) - FLASH_BASE))
			{ [ "$off" -ge 0 ] && [ "$off" -lt "$size" ]; } ||
				fail "$bin" "vector $i = 0x$w is outside the image"
		fi
		i=$((i + 1))
	done
	echo "check_image: $bin: vectors ok, $size bytes"
}

check_algo() {
	bin=$1
	size=$(wc -c < "$bin")
	[ $((size % 2)) -eq 0 ] && [ "$size" -ge 4 ] || fail "$bin" "odd size $size"
	last=$(od -An -v -tx2 -j $((size - 2)) -N 2 "$bin" | tr -d ' ')
	[ "$last" = "be00" ] || fail "$bin" "last halfword 0x$last is not bkpt #0"
	echo "check_image: $bin: ends with bkpt #0 at offset $((size - 2)), $size bytes"
}

case "${1:-}" in
vectors) check_vectors "$2" ;;
algo) check_algo "$2" ;;
*) echo "usage: $0 vectors|algo FILE" >&2; exit 2 ;;
esac
