#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""One row per probe and workload (make bench, part 4).

For each probe of probes.py (BENCH_PROBES, default all five), the QSPI
workloads W1 and W3 and the internal-flash workload W6a of flash.py, and the
RAM download of ram-download.sh, ours and stock side by side, each against
the floor of that probe's own wire and USB model (probes.py).  Figures are the
board's modeled time; the oracle of each flash row is the board's image files
(flash.py).  Target, printed for ours: W1 and W3 within 1.15 x floor.
Informational: MISS does not fail the bench.

Sizes (wall time): BENCH_PROBE_SCALE (default 4: W1/W3 1 MiB across the die
boundary, W6a 256 KiB, two whole internal sectors), BENCH_PROBE_RAM_KIB (128).
BENCH_TOOLS as in flash.py.  VB_OPENOCD: our openocd.
"""
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
BUILD = os.environ.get("BUILD", os.path.join(TOP, "build"))
os.environ["BENCH_SCALE"] = os.environ.get("BENCH_PROBE_SCALE", "4")
os.environ["BENCH_DIR"] = os.path.join(os.environ.get("BENCH_DIR", os.path.join(BUILD, "bench")),
				       "probes")
os.environ["BENCH_WORKLOADS"] = "W1 W3 W6a"
sys.path.insert(0, HERE)
import flash  # noqa: E402  (reads the environment set above)
import probes  # noqa: E402

PROBES = [probes.check(p) for p in os.environ.get("BENCH_PROBES", " ".join(probes.NAMES)).split()]
RAM_KIB = int(os.environ.get("BENCH_PROBE_RAM_KIB", "128"))
TARGET = 1.15


def ram_rows(probe):
	"""{tool: (model_s or None, floor_s, result)} from ram-download.sh, WAIT-free."""
	env = dict(os.environ, BENCH_PROBE=probe, RAM_CASES="0:1", RAM_TOOLS=" ".join(flash.TOOLS))
	out = subprocess.run(["bash", os.path.join(HERE, "ram-download.sh"), str(RAM_KIB)], env=env,
			     capture_output=True, text=True).stdout
	rows = {}
	for line in out.splitlines():
		f = line.split()
		if len(f) >= 11 and f[0] in ("ours", "stock") and f[1].endswith("%"):
			ok = f[-1] == "ok"
			rows[f[0]] = (float(f[5]) if ok else None, float(f[7]) if f[7] != "-" else None,
				      "ok" if ok else " ".join(f[10:]))
	return rows


def flash_rows(probe, files, timing):
	"""{tool: {workload: row}} from flash.py's run_tool through probe."""
	flash.PROBE = probe
	flash.OUT = os.path.join(os.environ["BENCH_DIR"], probe)
	os.makedirs(flash.OUT, exist_ok=True)
	return {tool: flash.run_tool(tool, files, timing) for tool in flash.TOOLS}


def short(result):
	return result if len(result) <= 60 else result[:57] + "..."


def main():
	t0 = time.time()
	os.makedirs(os.environ["BENCH_DIR"], exist_ok=True)
	flash.OUT = os.environ["BENCH_DIR"]
	timing = probes.parse_timing()
	files = flash.make_images()
	qkib = len(files["qspi-a.bin"][1]) // 1024
	ikib = len(files["int.bin"][1]) // 1024
	print("== Per-probe rows (testing/bench/probe-rows.py): W1/W3 %d KiB QSPI across the die "
	      "boundary, W6a %d KiB internal, RAM %d KiB; modeled time, 4000 kHz asked" %
	      (qkib, ikib, RAM_KIB), flush=True)
	head = "%-16s %-4s %9s %9s %9s %7s %7s  %-6s %s" % (
		"probe", "load", "ours_s", "stock_s", "floor_s", "ours/f", "stock/f", "target", "result")
	lines = [head, "-" * len(head)]
	for probe in PROBES:
		rows = flash_rows(probe, files, timing)
		out = []
		for wl in ("W1", "W3", "W6a"):
			r = {t: rows[t].get(wl, {"result": "not run"}) for t in rows}
			ours, stock = r.get("ours", {}), r.get("stock", {})
			floor = (ours.get("floor_ns") or stock.get("floor_ns") or 0) / 1e9
			vals = {}
			for t, row in (("ours", ours), ("stock", stock)):
				ok = row.get("result") == "ok"
				vals[t] = row["virtual_ns"] / 1e9 if ok else None
			target = ""
			if wl != "W6a" and "ours" in r:
				x = vals["ours"] / floor if vals["ours"] and floor else None
				target = "PASS" if x is not None and x <= TARGET else "MISS"
			res = "ours %s; stock %s" % (short(ours.get("result", "not run")),
						     short(stock.get("result", "not run")))
			out.append((probe, wl, vals.get("ours"), vals.get("stock"), floor, target, res))
		ram = ram_rows(probe)
		o, s = ram.get("ours", (None, None, "not run")), ram.get("stock", (None, None, "not run"))
		out.append((probe, "RAM", o[0], s[0], o[1] or s[1] or 0, "",
			    "ours %s; stock %s" % (o[2], s[2])))
		for probe_, wl, ov, sv, fl, target, res in out:
			lines.append("%-16s %-4s %9s %9s %9.3f %7s %7s  %-6s %s" % (
				probe_, wl, "%.3f" % ov if ov else "-", "%.3f" % sv if sv else "-", fl,
				"%.2f" % (ov / fl) if ov and fl else "-",
				"%.2f" % (sv / fl) if sv and fl else "-", target, res))
		print("\n".join(lines[-len(out):]), flush=True)
	print()
	print("\n".join(lines))
	print("floor: max(typical chip time, the changed words through the probe's wire and USB "
	      "model), probes.py; RAM: the link floor of the image.  target: ours within %.2f x "
	      "floor on QSPI (W1, W3)" % TARGET)
	print("probe rows wall time: %.0f s" % (time.time() - t0))
	return 0


if __name__ == "__main__":
	sys.exit(main())
