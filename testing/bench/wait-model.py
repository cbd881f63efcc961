#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Upper bounds of RAM-download throughput under AP WAITs through a J-Link.

Companion of wait-matrix.py (make bench, part 3) and doc/design/jlink-wait.md:
for each goal row of the WAIT matrix (rate p of AP transactions answered WAIT,
in bursts of b tries, as `vboard --ap-wait-rate p --ap-wait-burst b` injects
them) it prints the best share of the WAIT-free throughput that each family
of host designs can reach, whatever its details, on a probe that clocks a
fixed bit sequence per exchange (jaylink_swd_io) with ORUNDETECT set.

Inputs: the USB costs of testing/common/timing.h (parsed, never copied), the
probe classes' free memory (probe_class.h), the driver's batch size rule
((free - 64) / 3 bytes, at most 8184) and the frame of one word written by
the memory layer: 46 cycles plus 8 idle cycles, at 4 MHz.

Families (the reasoning is in doc/design/jlink-wait.md):
  floor     any design: every WAIT answer costs its own frame (the data phase
            is there with ORUNDETECT) and an ABORT.ORUNERRCLR before the next
            try; nothing else is counted
  in-order  no transaction takes effect before an earlier one: a WAIT at an
            unforeseen place loses the rest of its exchange; best exchange
            size, plus the floor
  guarded   in order, every transaction followed by its guard (marker and
            ABORT) so that the rest never needs a new exchange
  reorder   writes to normal memory in groups (TAR + g words + ABORT), the
            rest of a group hit by WAIT written later in the next exchange;
            further tries of the same word as guarded copies (3 frames each,
            5 more to close); best g
Usage: testing/bench/wait-model.py
"""
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KHZ = 4000
WORD = 54	# cycles of one DRW write as queued: 46-bit frame + 8 idle
FRAME = 46	# cycles of a WAIT answer, an ABORT or a marker
ROWS = [(0.01, 1, 0.80), (0.01, 8, 0.80), (0.01, 64, 0.50),
	(0.10, 1, 0.40), (0.10, 8, 0.40), (0.10, 64, 0.40)]


def timing():
	text = open(os.path.join(TOP, "testing/common/timing.h")).read()
	return {m.group(1): int(m.group(2)) for m in
		re.finditer(r"^#define\s+(TIMING_\w+)\s+(\d+)", text, re.M)}


def classes(t):
	text = open(os.path.join(TOP, "testing/vjlink/probe_class.h")).read()
	out = []
	for m in re.finditer(r'\{ "([\w-]+)", "[^"]*",\s*(\d+), \w+, \w+, (true|false),\s*'
			     r'(TIMING_\w+), (TIMING_\w+) \}', text):
		out.append((m.group(1), int(m.group(2)), t[m.group(4)] / 1000.0, t[m.group(5)] / 1000.0))
	return out


def bounds(name, free, rt, byte, p, b):
	"""Best shares of the WAIT-free RAM download for class name at rate p, bursts of b."""
	us = 1000.0 / KHZ	# us per cycle
	batch = min(8184, (free - 64) // 3)
	wmax = batch * 8 // WORD

	def cost(cyc):	# us of wire and USB for cyc cycles
		return cyc * us + cyc * 3 / 8.0 * byte

	c0 = cost(WORD) + rt / wmax
	q = 1 - p
	tries = p * b * cost(2 * FRAME)
	floor = c0 / (c0 + tries)
	inorder = max(c0 / ((rt + w * cost(WORD)) / ((1 - q ** w) / p) + tries)
		      for w in range(2, wmax + 1))
	guarded = c0 / (c0 + 2 * cost(FRAME) + tries)
	best = 0
	for grp in range(2, 400):
		extra = cost(WORD) * (grp - 1) / 2.0 + cost(WORD) + cost(FRAME)
		if b > 1:
			extra += (b - 1) * cost(3 * FRAME) + cost(5 * FRAME)
		best = max(best, c0 / (c0 * (grp + 2) / grp + p * (extra + cost(FRAME))))
	return {"floor": floor, "in-order": inorder, "guarded": guarded, "reorder": best,
		"order": max(inorder, guarded), "any": max(inorder, guarded, best)}


def class_bounds(pclass, p, b):
	"""bounds() for a class by name (None if unknown).  "order": best design that
	keeps the order of AP transactions (in-order or guarded); "any": best of all."""
	for name, free, rt, byte in classes(timing()):
		if name == pclass:
			return bounds(name, free, rt, byte, p, b)
	return None


def main():
	t = timing()
	print("Upper bounds, share of the WAIT-free RAM download (testing/bench/wait-model.py)")
	print("%-8s %5s %5s %5s %7s %8s %8s %8s  %s" % ("class", "WAITs", "burst", "goal", "floor",
							"in-order", "guarded", "reorder", "goal reachable"))
	for name, free, rt, byte in classes(t):
		for p, b, g in ROWS:
			r = bounds(name, free, rt, byte, p, b)
			floor, inorder, guarded, best = r["floor"], r["in-order"], r["guarded"], r["reorder"]
			top = r["any"]
			print("%-8s %4g%% %5d %4.0f%% %6.0f%% %7.0f%% %7.0f%% %7.0f%%  %s" % (
				name, p * 100, b, g * 100, floor * 100, inorder * 100, guarded * 100,
				best * 100, "no (floor)" if floor < g else
				("yes, reordering only" if top >= g and inorder < g and guarded < g
				 else ("yes" if top >= g else "no"))))
	return 0


if __name__ == "__main__":
	sys.exit(main())
