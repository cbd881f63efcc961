#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""AP WAIT matrix per J-Link probe class (make bench, part 3).

For each probe class the virtual J-Link models (base, ob, edu-mini), a RAM
download (ram-download.sh) and the QSPI workload W1 (flash.py, blank chip,
crossing the die boundary) run with 0 %, 1 % and 10 % of AP transactions
answered WAIT, in bursts of 1, 8 and 64 WAITs.  Figures are the board's
modeled time (stats.json virtual_ns around the command), never wall time.
Each row gives the share of the same class's WAIT-free figure, the goal (1 %
in bursts up to 8 at least 80 %, 1 % in bursts of 64 at least 50 %, 10 % at
least 40 %) and the upper bounds wait-model.py proves for that row: "order",
the best share any design that keeps the order of AP transactions can reach,
and "any", the best of every design family, reordering included.  For W1
only the floor (each WAIT answer costs its frame and an ABORT, whatever the
design) is proven: it is computed from the WAIT-free run's AP bus transfers
(ap_accesses, at most the AP transactions W1 needs) and shown in both
columns.  Stock openocd runs WAIT-free (and at 1 %, where it fails at
the first WAIT).  Informational: MISS does not fail the bench.

Sizes are smaller than parts 1 and 2 to keep the wall time down:
BENCH_WAIT_RAM_KIB (default 64) and BENCH_WAIT_SCALE (default 16: W1 writes
4 MiB / 16 = 256 KiB).  BENCH_WAIT_CLASSES picks classes (default all three).
"""
import os
import re
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("BUILD", os.path.join(TOP, "build"))
os.environ.setdefault("BENCH_SCALE", os.environ.get("BENCH_WAIT_SCALE", "16"))
os.environ["BENCH_DIR"] = os.path.join(os.environ.get("BENCH_DIR", os.path.join(BUILD, "bench")),
				       "wait")
os.environ["BENCH_WORKLOADS"] = "W1"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import flash  # noqa: E402  (reads the environment set above)
import importlib.util  # noqa: E402

_spec = importlib.util.spec_from_file_location(
	"wait_model", os.path.join(os.path.dirname(os.path.abspath(__file__)), "wait-model.py"))
wait_model = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(wait_model)

RAM_KIB = int(os.environ.get("BENCH_WAIT_RAM_KIB", "64"))
CLASSES = os.environ.get("BENCH_WAIT_CLASSES", "base ob edu-mini").split()
CASES = [(0, 1), (0.01, 1), (0.01, 8), (0.01, 64), (0.1, 1), (0.1, 8), (0.1, 64)]
SEED = 7


def goal(rate, burst):
	if rate == 0:
		return None
	if rate <= 0.01:
		return 0.80 if burst <= 8 else 0.50
	return 0.40


def ram_rows(pclass):
	"""{(tool, rate, burst): (model_s, rtrips, wait_acks, True or why not)} from ram-download.sh."""
	cases = " ".join("%g:%d" % c for c in CASES)
	env = dict(os.environ, VB_EXTRA_ARGS="--probe-class " + pclass, RAM_CASES=cases,
		   RAM_TOOLS="ours")
	rows = {}
	for tools, cs in (("ours", cases), ("stock", "0:1 0.01:1")):
		env["RAM_TOOLS"], env["RAM_CASES"] = tools, cs
		out = subprocess.run(["bash", os.path.join(TOP, "testing/bench/ram-download.sh"),
				      str(RAM_KIB)], env=env, capture_output=True, text=True).stdout
		for line in out.splitlines():
			f = line.split()
			if len(f) < 9 or f[0] not in ("ours", "stock") or not f[1].endswith("%"):
				continue
			rate = float(f[1][:-1]) / 100
			ok = f[-1] == "ok"
			rows[(f[0], rate, int(f[2]))] = (float(f[5]) if ok else None,
							f[4], f[3], ok or "FAILED")
	return rows


def w1_rows(pclass, files, timing):
	rows = {}
	for tool, cases in (("ours", CASES), ("stock", [(0, 1), (0.01, 1)])):
		for rate, burst in cases:
			flash.VBOARD_ARGS = ["--probe-class", pclass, "--ap-wait-rate", "%g" % rate,
					     "--ap-wait-burst", str(burst), "--seed", str(SEED)]
			r = flash.run_tool(tool, files, timing).get("W1", {})
			ok = r.get("result") == "ok"
			rows[(tool, rate, burst)] = (r["virtual_ns"] / 1e9 if ok else None,
						     r.get("probe_round_trips", "-"),
						     r.get("swd_wait_acks", "-"),
						     ok or r.get("result", "FAILED").split()[0],
						     r.get("ap_accesses"))
	return rows


def w1_floor(free_s, ap_accesses, rate, burst):
	"""Floor of wait-model.py for W1: every WAIT answer costs two frames on the wire."""
	if not free_s or not ap_accesses:
		return None
	wait_s = rate * burst * ap_accesses * 2 * wait_model.FRAME / (wait_model.KHZ * 1e3)
	return free_s / (free_s + wait_s)


def row_bounds(pclass, name, rows, rate, burst):
	"""(order, any) upper bounds of the row's share, None where none is proven."""
	if rate == 0:
		return None, None
	if name == "RAM":
		b = wait_model.class_bounds(pclass, rate, burst)
		return (b["order"], b["any"]) if b else (None, None)
	free = rows.get(("ours", 0, 1), (None,) * 5)
	f = w1_floor(free[0], free[4], rate, burst)
	return f, f


def main():
	t0 = time.time()
	os.makedirs(os.environ["BENCH_DIR"], exist_ok=True)
	timing = flash.parse_timing(os.path.join(TOP, "testing", "common", "timing.h"))
	files = flash.make_images()
	w1_kib = len(files["qspi-a.bin"][1]) // 1024
	print("== AP WAIT matrix per probe class (testing/bench/wait-matrix.py): RAM download "
	      "%d KiB, W1 %d KiB into blank QSPI; modeled time" % (RAM_KIB, w1_kib), flush=True)
	head = "%-8s %-4s %6s %5s %9s %8s %7s %6s %6s %8s %9s %9s  %s" % (
		"class", "load", "WAITs", "burst", "model_s", "KiB/s", "%free", "order", "any",
		"rtrips", "wait_ack", "stock", "goal")
	lines = [head, "-" * len(head)]
	for pclass in CLASSES:
		for name, kib, rows in (("RAM", RAM_KIB, ram_rows(pclass)),
					("W1", w1_kib, w1_rows(pclass, files, timing))):
			free = rows.get(("ours", 0, 1), (None,))[0]
			for rate, burst in CASES:
				s, rt, acks, ok = rows.get(("ours", rate, burst), (None, "-", "-", False))[:4]
				bo, ba = row_bounds(pclass, name, rows, rate, burst)
				st = rows.get(("stock", rate, burst))
				stock = "-" if st is None else ("%.1f" % (kib / st[0]) if st[3] is True
								else st[3] or "FAILED")
				share = free / s if s and free else None
				g = goal(rate, burst)
				verdict = "" if g is None else "%s >= %.0f%%" % (
					"PASS" if share is not None and share >= g else "MISS", g * 100)
				lines.append("%-8s %-4s %5g%% %5d %9s %8s %7s %6s %6s %8s %9s %9s  %s" % (
					pclass, name, rate * 100, burst,
					"%.3f" % s if s else "FAILED", "%.1f" % (kib / s) if s else "-",
					"%.0f%%" % (100 * share) if share is not None else "-",
					"%.0f%%" % (100 * bo) if bo is not None else "-",
					"%.0f%%" % (100 * ba) if ba is not None else "-",
					rt, acks, stock, verdict))
			print("\n".join(lines[-len(CASES):]), flush=True)
	print()
	print("\n".join(lines))
	print("%free = WAIT-free model time / this row's, same class and load; order / any = "
	      "upper bounds of %free proven by wait-model.py for designs that keep the order of "
	      "AP transactions / for any design (W1: the floor only); stock = stock "
	      "openocd's KiB/s (it stops at the first WAIT; its W1 is WRONG anyway, die-1 pages)")
	print("wait matrix wall time: %.0f s" % (time.time() - t0))
	return 0


if __name__ == "__main__":
	sys.exit(main())
