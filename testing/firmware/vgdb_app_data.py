#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Deterministic pseudo-random contents of vgdb_app.elf's data sections.

vgdb_app_data.py OUTDIR writes vgdb_bank2.bin, vgdb_qspi_head.bin and
vgdb_qspi_dies.bin (xorshift32, fixed seeds: the same bytes everywhere).
"""
import os
import sys

from demo_app_data import xorshift32

FILES = (
    ("vgdb_bank2.bin", 0x0B2A4E51, 12288),       # internal flash bank 2
    ("vgdb_qspi_head.bin", 0x7C0DE901, 70001),   # QSPI from 0x90000000, 2 sectors
    ("vgdb_qspi_dies.bin", 0x0D1E0D1E, 0x9000),  # QSPI 0x93FFC100, across the dies
)


def main():
    outdir = sys.argv[1]
    for name, seed, size in FILES:
        path = os.path.join(outdir, name)
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(xorshift32(seed, size))
        os.replace(tmp, path)


if __name__ == "__main__":
    main()
