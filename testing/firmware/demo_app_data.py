#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Deterministic pseudo-random contents of demo_app.elf's data sections.

demo_app_data.py OUTDIR writes demo_bank2.bin, demo_qspi_data.bin and
demo_qspi_misc.bin.  xorshift32 with fixed seeds: the same bytes on every
machine and Python version.
"""
import os
import sys

FILES = (
    ("demo_bank2.bin", 0x00B2A4E5, 20000),       # internal flash bank 2
    ("demo_qspi_data.bin", 0x9000C0DE, 400001),  # QSPI, crosses 64 KiB sectors
    ("demo_qspi_misc.bin", 0x12345678, 5003),    # QSPI, a small odd-sized section
)


def xorshift32(seed, n):
    x = seed
    out = bytearray(n)
    for i in range(n):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out[i] = x & 0xFF
    return bytes(out)


def main():
    outdir = sys.argv[1]
    for name, seed, size in FILES:
        path = os.path.join(outdir, name)
        data = xorshift32(seed, size)
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)


if __name__ == "__main__":
    main()
