#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""End-to-end rows E1 and E2: the README's main job as a user runs it.

E1: a fresh openocd process running
    openocd -f board/stm32h753.cfg -c "program demo_app.elf verify reset exit"
onto a blank board (fresh state, erased flash); E2: the same command again on
that board (nothing changed).  Modeled time from the board's clock around the
whole process (attach, reset init, probe, planning, transfer, verify, reset).
Oracle: the ELF's loadable segments against flash.bin and qspi.bin.

Floor of E1: max(the changed 32-bit words through the probe's link, the
internal flash's typical chip time, the QSPI chip's typical time), as flash.py
computes them per segment (README "Floor").  E2: 0 (nothing must change).

Where the time goes: the same steps one at a time in a session over the Tcl
RPC port, on a second fresh board, with the board's counters snapshot around
each: attach (process start to init done), reset init, probe (every bank),
write (flash write_image erase: planning and transfer), verify (verify_image),
reset run.  The planning share of E1's write is estimated by E2's write step,
which only plans (every sector is found unchanged).

Environment: as flash.py (VB_OPENOCD, BENCH_DIR, BENCH_CMD_TIMEOUT);
BENCH_E2E_ELF (the demo firmware).
"""
import os
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import flash  # noqa: E402
import probes  # noqa: E402

ELF = os.environ.get("BENCH_E2E_ELF", os.path.join(flash.BUILD, "testing", "firmware",
						   "demo_app.elf"))
OUT = os.path.join(flash.OUT, "e2e")
NOSRV = ["-c", "gdb_port disabled", "-c", "telnet_port disabled", "-c", "tcl_port disabled"]
REGIONS = ((0x08000000, 2 * flash.MIB, "flash"), (flash.QSPI_BASE, 128 * flash.MIB, "qspi"))


def segments(path):
	"""(load address, bytes) of each PT_LOAD segment with file bytes (ELF32 LE)."""
	with open(path, "rb") as f:
		data = f.read()
	if data[:4] != b"\x7fELF" or data[4] != 1 or data[5] != 1:
		raise RuntimeError("%s: not a 32-bit little-endian ELF" % path)
	phoff, = struct.unpack_from("<I", data, 28)
	phentsize, phnum = struct.unpack_from("<HH", data, 42)
	out = []
	for i in range(phnum):
		p_type, p_off, _, p_paddr, p_filesz = struct.unpack_from("<IIIII", data,
									phoff + i * phentsize)
		if p_type == 1 and p_filesz:
			out.append((p_paddr, data[p_off:p_off + p_filesz]))
	return out


def region_of(addr, n):
	for base, size, name in REGIONS:
		if base <= addr and addr + n <= base + size:
			return base, name
	raise RuntimeError("segment 0x%08x+%d is in no flash region" % (addr, n))


def image_path(board, name):
	return board.flash if name == "flash" else board.qspi


def floor_ns(board, segs, timing, khz):
	words = chip_int = chip_qspi = 0
	for addr, data in segs:
		base, name = region_of(addr, len(data))
		off = addr - base
		# the programmer pads to whole words with the erased value
		pad = flash.FWORD if name == "flash" else 4
		data = bytes(data) + b"\xff" * (-len(data) % pad)
		old = flash.read_at(image_path(board, name), off, len(data))
		words += flash.changed_words(old, data)
		if name == "flash":
			chip_int += flash.int_floor_ns(old, data, off, timing)
		else:
			chip_qspi += flash.qspi_floor_ns(old, data, off, timing)
	return max(probes.link_ns("jlink", words, khz, timing), chip_int, chip_qspi), words


def check(board, segs):
	"""'ok', or the first segment whose bytes the image files do not hold."""
	for addr, data in segs:
		base, name = region_of(addr, len(data))
		got = flash.read_at(image_path(board, name), addr - base, len(data))
		n, first = flash.compare(got, data, addr - base)
		if n:
			return "WRONG (%d bytes differ in %s.bin, first at 0x%08x)" % (n, name, first)
	return "ok"


def delta(s0, s1):
	return {k: s1.get(k, 0) - s0.get(k, 0) for k in flash.STAT_KEYS}


def one_shot(board, binary, tag):
	"""The user's command in a fresh process; (row, log path)."""
	logpath = os.path.join(OUT, "openocd-%s.log" % tag)
	s0 = board.stats()
	w0 = time.monotonic()
	with open(logpath, "w") as logf:
		try:
			rc = subprocess.run([binary] + NOSRV + ["-f", "board/stm32h753.cfg", "-c",
					    "program %s verify reset exit" % ELF],
					    stdout=logf, stderr=subprocess.STDOUT,
					    env=dict(os.environ, LD_LIBRARY_PATH=flash.VJLINK,
						     VBOARD_SOCKET=board.sock),
					    timeout=flash.CMD_TIMEOUT).returncode
		except subprocess.TimeoutExpired:
			rc = "timeout"
	row = {"wall_s": time.monotonic() - w0, "rc": rc}
	row.update(delta(s0, board.stats()))
	return row, logpath


STEPS = (
	("reset init", "reset init"),
	("probe", "flash probe 0; flash probe 1; flash probe 2"),
	("write", "flash write_image erase %s" % ELF),
	("verify", "verify_image %s" % ELF),
	("reset run", "reset run"),
)


def stepped(board, binary, tag):
	"""The same job one step at a time over the Tcl RPC port: {step: modeled ns}."""
	port = flash.free_port()
	logf = open(os.path.join(OUT, "openocd-steps-%s.log" % tag), "w")
	s0 = board.stats()
	proc = subprocess.Popen([binary, "-c", "gdb_port disabled", "-c", "telnet_port disabled",
				 "-c", "bindto 127.0.0.1", "-c", "tcl_port %d" % port,
				 "-f", "board/stm32h753.cfg", "-c", "init", "-c", "poll off"],
				stdout=logf, stderr=subprocess.STDOUT,
				env=dict(os.environ, LD_LIBRARY_PATH=flash.VJLINK,
				     VBOARD_SOCKET=board.sock))
	out = {}
	rpc = None
	try:
		deadline = time.monotonic() + 120
		while rpc is None:
			try:
				rpc = flash.Rpc(port)
			except OSError:
				if proc.poll() is not None or time.monotonic() > deadline:
					return None
				time.sleep(0.05)
		rpc.cmd("poll off", 30)
		s1 = board.stats()
		out["attach"] = s1["virtual_ns"] - s0["virtual_ns"]
		for name, line in STEPS:
			ok, msg = rpc.run(line, flash.CMD_TIMEOUT)
			s2 = board.stats()
			out[name] = s2["virtual_ns"] - s1["virtual_ns"]
			s1 = s2
			if not ok:
				out["error"] = "%s: %s" % (name, msg)
				break
		return out
	finally:
		flash.stop_openocd(proc, rpc)
		logf.close()


def main():
	os.makedirs(OUT, exist_ok=True)
	os.environ["BENCH_DIR"] = OUT
	flash.OUT = OUT
	timing = flash.parse_timing(os.path.join(flash.TOP, "testing", "common", "timing.h"))
	binary = flash.BINARIES["ours"][0]
	segs = segments(ELF)
	total = sum(len(d) for _, d in segs)
	khz = 4000	# board/stm32h753.cfg: adapter speed 4000
	flash.log("== End-to-end: program %s verify reset exit, fresh openocd process "
		  "(testing/bench/e2e.py)" % os.path.relpath(ELF, flash.TOP))
	flash.log("   %d segments, %d bytes; blank board, then the same again" % (len(segs), total))
	os.chdir(flash.TOP)

	rows = {}
	board = flash.Board("e2e", image=None)
	try:
		for tag in ("E1", "E2"):
			fl, words = floor_ns(board, segs, timing, khz) if tag == "E1" else (0, 0)
			row, logpath = one_shot(board, binary, tag)
			row["floor_ns"] = fl
			row["words"] = words
			res = check(board, segs)
			if row["rc"] != 0:
				res = "FAILED (exit %s; %s)" % (row["rc"], flash.first_error(logpath, 0) or
								 "see " + logpath)
			row["result"] = res
			rows[tag] = row
	finally:
		board.stop()

	steps = {}
	board = flash.Board("e2e-steps", image=None)
	try:
		for tag in ("E1", "E2"):
			steps[tag] = stepped(board, binary, tag)
	finally:
		board.stop()

	head = "%-3s %-26s %9s %9s %7s %7s %9s %8s  %s" % (
		"row", "job", "model_s", "floor_s", "x_floor", "wall_s", "swd_trans", "rtrips",
		"result")
	flash.log("")
	flash.log(head)
	flash.log("-" * len(head))
	what = {"E1": "program onto a blank board", "E2": "the same again"}
	for tag in ("E1", "E2"):
		r = rows[tag]
		ok = r["result"] == "ok"
		ratio = r["virtual_ns"] / r["floor_ns"] if ok and r["floor_ns"] else None
		flash.log("%-3s %-26s %9.3f %9.3f %7s %7.1f %9d %8d  %s" % (
			tag, what[tag], r["virtual_ns"] / 1e9, r["floor_ns"] / 1e9,
			flash.fmt(ratio, ".2f"), r["wall_s"], r["swd_transactions"],
			r["probe_round_trips"], r["result"]))
	flash.log("floor = max(changed 32-bit words x %d clocks at %d kHz, internal flash typical, "
		  "QSPI typical) over the ELF's segments; E2's is 0" % (
			  flash.SWD_CLOCKS_PER_WORD, khz))
	flash.log("")
	flash.log("where the time goes (modeled s, the same steps one at a time, fresh board):")
	names = ["attach"] + [n for n, _ in STEPS]
	flash.log("    " + " ".join("%10s" % n for n in names) + " %10s" % "sum")
	for tag in ("E1", "E2"):
		st = steps.get(tag)
		if not st:
			flash.log("%-3s (the stepped session did not start)" % tag)
			continue
		flash.log("%-3s " % tag + " ".join("%10s" % flash.fmt(
			st[n] / 1e9 if n in st else None, ".3f") for n in names) +
			" %10.3f" % (sum(st[n] for n in names if n in st) / 1e9) +
			("  " + st["error"] if "error" in st else ""))
	if steps.get("E1") and steps.get("E2") and "write" in steps["E2"]:
		plan = steps["E2"]["write"]
		flash.log("E1's write: planning about %.3f s (E2's write, which only plans), "
			  "transfer and programming about %.3f s" % (
				  plan / 1e9, (steps["E1"]["write"] - plan) / 1e9))
	flash.log("")
	e1, e2 = rows["E1"], rows["E2"]
	x = e1["virtual_ns"] / e1["floor_ns"] if e1["result"] == "ok" and e1["floor_ns"] else None
	flash.log("targets (issue 19, informational):")
	flash.log("  %-4s E1 within 1.3 x floor: %s" % (
		"PASS" if x is not None and x <= 1.3 else "MISS", flash.fmt(x, ".2f")))
	good = e2["result"] == "ok" and e2["virtual_ns"] < 0.5e9
	flash.log("  %-4s E2 under 0.5 s modeled: %.3f s" % ("PASS" if good else "MISS",
							     e2["virtual_ns"] / 1e9))
	return 0


if __name__ == "__main__":
	sys.exit(main())
