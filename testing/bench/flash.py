#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Flash workloads W1-W6 on the virtual board, our openocd against stock.

Each tool gets a fresh board and one openocd session (testing/bench/target.cfg)
driven over the Tcl RPC port on 127.0.0.1.  Around each workload's command the
board's counters are snapshot (SIGUSR1 -> stats.json), so attach, reset, probe
and set-up are not counted.  The oracle is the board's image files (qspi.bin,
flash.bin), never openocd's own verdict.  Floors: see README.md and the
comments of qspi_floor_ns() and int_floor_ns().

Environment: BENCH_TOOLS ("stock ours"), BENCH_SCALE (1: 4 MiB QSPI and 1 MiB
internal images; N: 4 MiB / N and max(1 MiB / N, 32 KiB)), BENCH_DIR
(build/bench), BENCH_CMD_TIMEOUT (600 s per command), BENCH_FLASH_PSIZE (3:
which TIMING_FLASH_PROG_TYP_NS entry the internal-flash floor uses),
BENCH_T0 (host time the whole bench started, for the wall-time target),
BENCH_PROBE (jlink; the probes of probes.py), VB_OPENOCD (our openocd, default
build/bin/openocd).
"""
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import probes  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("BUILD", os.path.join(TOP, "build"))
PROBE = probes.check(os.environ.get("BENCH_PROBE", "jlink"))
OUT = os.environ.get("BENCH_DIR", os.path.join(BUILD, "bench"))
if PROBE != "jlink":
	OUT = os.path.join(OUT, PROBE)
SCALE = int(os.environ.get("BENCH_SCALE", "1"))
TOOLS = os.environ.get("BENCH_TOOLS", "stock ours").split()
CMD_TIMEOUT = float(os.environ.get("BENCH_CMD_TIMEOUT", "600"))
FLASH_PSIZE = int(os.environ.get("BENCH_FLASH_PSIZE", "3"))
T0 = float(os.environ.get("BENCH_T0", time.time()))
# extra vboard options (say --probe-class ob --ap-wait-rate 0.01) and a subset of the workloads
VBOARD_ARGS = os.environ.get("BENCH_VBOARD_ARGS", "").split()
ONLY = os.environ.get("BENCH_WORKLOADS", "").split()

VBOARD = os.path.join(BUILD, "bin", "vboard")
IDLE_FW = os.path.join(BUILD, "testing", "firmware", "idle.bin")
VJLINK = os.path.join(BUILD, "lib", "vjlink")
VCMSISDAP = os.path.join(BUILD, "lib", "vcmsisdap")
VSTLINK_SERVER = os.path.join(BUILD, "bin", "vstlink-server")
BINARIES = {
	"ours": (os.environ.get("VB_OPENOCD") or os.path.join(BUILD, "bin", "openocd"), []),
	"stock": (os.path.join(BUILD, "stock", "usr", "bin", "openocd"),
		  ["-s", os.path.join(BUILD, "stock", "usr", "share", "openocd", "scripts"),
		   "-s", os.path.join(TOP, "tcl")]),	# board/stm32h753.cfg
}

KIB = 1024
MIB = 1024 * KIB
DIE = 64 * MIB			# W25Q01JV: two stacked 64 MiB dies
QSPI_BASE = 0x90000000
INT_BASE = 0x08000000
PAGE = 256			# W25Q page
SECTOR = 4 * KIB		# W25Q 4 KiB sector (SE4K)
BLOCK = 64 * KIB		# W25Q 64 KiB block (BE64K)
FWORD = 32			# internal flash word
FSECTOR = 128 * KIB		# internal flash sector
SWD_CLOCKS_PER_WORD = probes.SWD_CLOCKS_PER_WORD	# issue 8: bit clocks per 32-bit word

QSPI_SIZE = 4 * MIB // SCALE
QSPI_OFF = DIE - QSPI_SIZE // 2		# straddles the die boundary (62 MiB at scale 1)
CHANGE_OFF = DIE + (QSPI_SIZE // 4 & ~(SECTOR - 1))	# middle of the die-1 part
INT_SIZE = max(1 * MIB // SCALE, 32 * KIB)

STAT_KEYS = ("virtual_ns", "swd_transactions", "ap_accesses", "probe_round_trips", "swd_wait_acks",
	     "qspi_page_programs", "qspi_sector_erases_4k", "qspi_block_erases_32k",
	     "qspi_block_erases_64k", "qspi_chip_erases", "qspi_ignored_commands",
	     "flash_word_programs", "flash_sector_erases", "flash_bank_erases")


def log(msg):
	print(msg, flush=True)


def parse_timing(path):
	"""Every numeric TIMING_* #define of timing.h: an int or a list of ints."""
	return probes.parse_timing(path)


def make_images():
	"""Deterministic images (seeded PRNG) under OUT."""
	a = random.Random(0xB1).randbytes(QSPI_SIZE)
	b = random.Random(0xB3).randbytes(QSPI_SIZE)
	b4 = bytearray(b)
	rel = CHANGE_OFF - QSPI_OFF
	b4[rel:rel + SECTOR] = random.Random(0xB4).randbytes(SECTOR)
	i = random.Random(0xB6).randbytes(INT_SIZE)
	files = {}
	for name, data in (("qspi-a.bin", a), ("qspi-b.bin", b), ("qspi-b4.bin", bytes(b4)),
			   ("int.bin", i)):
		path = os.path.join(OUT, name)
		with open(path, "wb") as f:
			f.write(data)
		files[name] = (path, bytes(data))
	return files


def read_at(path, off, n):
	with open(path, "rb") as f:
		f.seek(off)
		return f.read(n)


def pages_of(data, size):
	return [data[i:i + size] for i in range(0, len(data), size)]


def changed_words(old, new):
	"""32-bit words that differ: what must cross SWD at the least."""
	n = 0
	for i in range(0, len(new), PAGE):
		o, w = old[i:i + PAGE], new[i:i + PAGE]
		if o != w:
			n += sum(1 for a, b in zip(memoryview(o).cast("I"), memoryview(w).cast("I"))
				 if a != b)
	return n


def qspi_floor_ns(old, new, off, t):
	"""(a) of the floor for the W25Q01JV: typical chip time to turn old into new.

	A 4 KiB sector needs an erase when a bit must go 0 -> 1 (a blank target
	never does).  Pages to program: every non-blank page of new in an erased
	region, elsewhere the pages that change.  Per 64 KiB block the cheaper of
	one BE64K (then every non-blank page of the block) or SE4K per sector that
	needs it.  Pages cost TIMING_W25Q_PP_TYP_NS; the dies never work in
	parallel (the chip is busy when any die is), so times add up.  Content
	outside the image need not survive.
	"""
	pp, se, be = (t["TIMING_W25Q_PP_TYP_NS"], t["TIMING_W25Q_SE4K_TYP_NS"],
		      t["TIMING_W25Q_BE64K_TYP_NS"])
	blank = b"\xff" * PAGE
	end = off + len(new)
	total = 0
	blk = off & ~(BLOCK - 1)
	while blk < end:
		lo, hi = max(blk, off), min(blk + BLOCK, end)
		by_sector = 0
		nonblank = 0
		dirty = False
		for s in range(lo, hi, SECTOR):
			o = old[s - off:min(s + SECTOR, hi) - off]
			n = new[s - off:min(s + SECTOR, hi) - off]
			npages = sum(1 for p in pages_of(n, PAGE) if p != blank[:len(p)])
			nonblank += npages
			if int.from_bytes(n, "big") & ~int.from_bytes(o, "big"):
				dirty = True
				by_sector += se + pp * npages
			else:
				by_sector += pp * sum(1 for po, pn in zip(pages_of(o, PAGE),
									  pages_of(n, PAGE))
						      if po != pn)
		total += min(by_sector, be + pp * nonblank) if dirty else by_sector
		blk += BLOCK
	return total


def int_floor_ns(old, new, off, t):
	"""(a) of the floor for internal flash: typical chip time to turn old into new.

	A 32-byte flash word may only be programmed from blank (programming over
	data breaks its ECC), so a 128 KiB sector needs an erase when a word that
	changes is not blank.  Words to program: every non-blank word of an erased
	sector, elsewhere the words that change.  Word program: entry
	BENCH_FLASH_PSIZE of TIMING_FLASH_PROG_TYP_NS (default 3, x64: the model
	charges by the PSIZE the programmer sets, periph/README.md, and x64 is the
	fastest; OpenOCD's loader uses x8).  Sector erase: the x64 entry of
	TIMING_FLASH_SECTOR_TYP_NS (OpenOCD erases with PSIZE x64).
	"""
	prog = t["TIMING_FLASH_PROG_TYP_NS"][FLASH_PSIZE]
	erase = t["TIMING_FLASH_SECTOR_TYP_NS"][3]
	blank = b"\xff" * FWORD
	end = off + len(new)
	total = 0
	sec = off & ~(FSECTOR - 1)
	while sec < end:
		lo, hi = max(sec, off), min(sec + FSECTOR, end)
		o = pages_of(old[lo - off:hi - off], FWORD)
		n = pages_of(new[lo - off:hi - off], FWORD)
		if any(wo != wn and wo != blank for wo, wn in zip(o, n)):
			total += erase + prog * sum(1 for w in n if w != blank)
		else:
			total += prog * sum(1 for wo, wn in zip(o, n) if wo != wn)
		sec += FSECTOR
	return total


class Rpc:
	"""OpenOCD Tcl RPC: a command, then 0x1a; the result, then 0x1a."""

	def __init__(self, port):
		self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)

	def cmd(self, line, timeout):
		deadline = time.monotonic() + timeout
		self.sock.sendall(line.encode() + b"\x1a")
		buf = b""
		while not buf.endswith(b"\x1a"):
			left = deadline - time.monotonic()
			if left <= 0:
				raise TimeoutError("no answer in %.0f s to: %s" % (timeout, line))
			self.sock.settimeout(left)
			chunk = self.sock.recv(65536)
			if not chunk:
				raise EOFError("openocd closed the Tcl RPC connection")
			buf += chunk
		return buf[:-1].decode(errors="replace")

	def run(self, line, timeout):
		"""(ok, message) of a command, its error caught inside openocd."""
		r = self.cmd("if {[catch {%s} e]} {set e \"BENCH-ERR $e\"} else {set e BENCH-OK}"
			     % line, timeout)
		return (r == "BENCH-OK", r[len("BENCH-ERR "):] if r.startswith("BENCH-ERR") else "")

	def close(self):
		self.sock.close()


def end_process(proc, wait_s, terminate):
	"""Wait (bounded) for proc to end, SIGTERM first if terminate; SIGKILL past wait_s."""
	if terminate and proc.poll() is None:
		proc.terminate()
	try:
		proc.wait(wait_s)
	except subprocess.TimeoutExpired:
		proc.kill()
		proc.wait()


class Board:
	def __init__(self, tool, image=IDLE_FW):
		"""A fresh board for tool; image: its internal flash's firmware (None: blank)."""
		self.state = os.path.join(OUT, "state-" + tool)
		subprocess.run(["rm", "-rf", self.state], check=True)
		self.sock = os.path.join(OUT, tool + ".sock")
		if os.path.exists(self.sock):
			os.unlink(self.sock)
		self.logf = open(os.path.join(OUT, "vboard-" + tool + ".log"), "w")
		# Typical flash timing, not the board's seeded jitter: figures stay
		# comparable with datasheet typicals and between runs and tools.
		fw = ["--flash-image", image] if image else []
		self.proc = subprocess.Popen([VBOARD, "--state", self.state, "--socket", self.sock,
					      "--flash-timing", "typ"] + fw + VBOARD_ARGS,
					     stdout=self.logf, stderr=subprocess.STDOUT)
		deadline = time.monotonic() + 60
		while not os.path.exists(self.sock):
			if self.proc.poll() is not None:
				raise RuntimeError("vboard exited at start-up (%s)"
						   % self.logf.name)
			if time.monotonic() > deadline:
				raise RuntimeError("vboard did not open its socket")
			time.sleep(0.05)
		self.qspi = os.path.join(self.state, "qspi.bin")
		self.flash = os.path.join(self.state, "flash.bin")

	def stats(self):
		"""Fresh counters: SIGUSR1, wait for a new stats.json (written by rename)."""
		path = os.path.join(self.state, "stats.json")
		try:
			before = os.stat(path).st_ino
		except FileNotFoundError:
			before = None
		# vboard checks its SIGUSR1 flag before an unbounded poll(): a signal
		# landing between the two waits for the next socket event, which an
		# idle session never sends.  So signal again every 0.2 s.
		deadline = time.monotonic() + 10
		resend = 0
		while True:
			if time.monotonic() >= resend:
				self.proc.send_signal(signal.SIGUSR1)
				resend = time.monotonic() + 0.2
			try:
				if os.stat(path).st_ino != before:
					with open(path) as f:
						return json.load(f)
			except (FileNotFoundError, ValueError):
				pass
			if time.monotonic() > deadline:
				raise RuntimeError("vboard did not write stats.json")
			time.sleep(0.01)

	def stop(self):
		end_process(self.proc, 10, True)
		self.logf.close()


def free_port():
	s = socket.socket()
	s.bind(("127.0.0.1", 0))
	port = s.getsockname()[1]
	s.close()
	return port


def start_stlink_server(tool, board):
	"""vstlink-server on a free port of 127.0.0.1 for the board: (process, port)."""
	portfile = os.path.join(OUT, "vstlink-%s.port" % tool)
	if os.path.exists(portfile):
		os.unlink(portfile)
	logf = open(os.path.join(OUT, "vstlink-%s.log" % tool), "w")
	proc = subprocess.Popen([VSTLINK_SERVER, "--port", "0", "--port-file", portfile,
				 "--board", board.sock], stdout=logf, stderr=subprocess.STDOUT)
	logf.close()
	deadline = time.monotonic() + 30
	while not (os.path.exists(portfile) and os.path.getsize(portfile)):
		if proc.poll() is not None or time.monotonic() > deadline:
			proc.kill()
			proc.wait()
			raise RuntimeError("vstlink-server did not listen (%s)" % logf.name)
		time.sleep(0.05)
	return proc, int(open(portfile).read())


def probe_setup(tool, board):
	"""(interface arguments, environment additions, helper process) of PROBE."""
	env = {"VBOARD_SOCKET": board.sock}
	if PROBE.startswith("stlink"):
		if not os.access(VSTLINK_SERVER, os.X_OK):
			raise RuntimeError("no %s: run make board" % VSTLINK_SERVER)
		proc, port = start_stlink_server(tool, board)
		if PROBE == "stlink-hla":
			args = ["-f", "interface/stlink.cfg", "-c", "hla_stlink_backend tcp %d" % port]
		else:
			args = ["-f", "interface/stlink-dap.cfg", "-c", "st-link backend tcp %d" % port]
		return args, env, proc
	if PROBE.startswith("cmsisdap"):
		# the HID backend forced: a real probe on the machine is never opened
		env["LD_LIBRARY_PATH"] = VCMSISDAP
		env["VCMSISDAP_CLASS"] = "hs" if PROBE == "cmsisdap-hs" else "fs"
		return ["-f", "interface/cmsis-dap.cfg", "-c", "cmsis_dap_backend hid"], env, None
	env["LD_LIBRARY_PATH"] = VJLINK
	return [], env, None


def start_openocd(tool, board):
	binary, extra = BINARIES[tool]
	if not os.access(binary, os.X_OK):
		raise RuntimeError("no %s openocd at %s: run make" % (tool, binary))
	port = free_port()
	logpath = os.path.join(OUT, "openocd-" + tool + ".log")
	logf = open(logpath, "w")
	iface, penv, helper = probe_setup(tool, board)
	env = dict(os.environ, **penv)
	args = [binary] + extra + iface + ["-c", "gdb_port disabled", "-c", "telnet_port disabled",
					   "-c", "bindto 127.0.0.1", "-c", "tcl_port %d" % port,
					   "-f", os.path.join(TOP, "testing", "bench", "target.cfg")]
	proc = subprocess.Popen(args, stdout=logf, stderr=subprocess.STDOUT, env=env)
	proc.bench_helper = helper
	deadline = time.monotonic() + 120
	while True:
		if proc.poll() is not None:
			logf.close()
			return proc, None, logpath
		try:
			rpc = Rpc(port)
			break
		except OSError:
			if time.monotonic() > deadline:
				proc.kill()
				proc.wait()
				logf.close()
				return proc, None, logpath
			time.sleep(0.1)
	proc.bench_log = logf
	return proc, rpc, logpath


def stop_openocd(proc, rpc):
	if rpc:
		try:
			rpc.cmd("shutdown", 10)
		except (OSError, EOFError, TimeoutError):
			pass
		rpc.close()
	end_process(proc, 20, False)
	if hasattr(proc, "bench_log"):
		proc.bench_log.close()
	if getattr(proc, "bench_helper", None):
		end_process(proc.bench_helper, 10, True)


def first_error(logpath, since):
	with open(logpath, errors="replace") as f:
		f.seek(since)
		for line in f:
			if line.startswith("Error"):
				return line.strip()
	return ""


def compare(got, want, base):
	diff = [i for i in range(0, len(want), PAGE) if got[i:i + PAGE] != want[i:i + PAGE]]
	if not diff:
		return 0, None
	n = sum(1 for i in range(diff[0], len(want)) if got[i] != want[i])
	first = next(i for i in range(diff[0], len(want)) if got[i] != want[i])
	return n, base + first


def workloads(files):
	"""W1..W6b, or those BENCH_WORKLOADS names."""
	return [w for w in all_workloads(files) if not ONLY or w[0] in ONLY]


def all_workloads(files):
	q = "0x%08x" % (QSPI_BASE + QSPI_OFF)
	a, b, b4, i = (files[n] for n in ("qspi-a.bin", "qspi-b.bin", "qspi-b4.bin", "int.bin"))
	wr = "flash write_image erase %s %s bin"
	return [
		("W1", "A into blank QSPI", "qspi", wr % (a[0], q), a[1]),
		("W2", "A again", "qspi", wr % (a[0], q), a[1]),
		("W3", "B over A", "qspi", wr % (b[0], q), b[1]),
		("W4", "B, 4 KiB changed", "qspi", wr % (b4[0], q), b4[1]),
		("W5", "verify QSPI", "verify", "flash verify_image %s %s bin" % (b4[0], q), b4[1]),
		("W6a", "internal flash", "int", wr % (i[0], "0x%08x" % INT_BASE), i[1]),
		("W6b", "internal again", "int", wr % (i[0], "0x%08x" % INT_BASE), i[1]),
	]


def run_tool(tool, files, timing):
	log(".. %s: fresh board, openocd session (set-up not measured)" % tool)
	rows = {}
	board = Board(tool)
	try:
		proc, rpc, logpath = start_openocd(tool, board)
	except (OSError, RuntimeError):
		board.stop()	# no openocd, or no probe server: the board must not outlive the run
		raise
	khz = None
	try:
		if rpc:
			try:
				ok, msg = rpc.run("poll off", 300)
				speed = rpc.cmd("adapter speed", 30)
				m = re.search(r"(\d+)\s*kHz", speed)
				khz = int(m.group(1)) if m else None
				if not ok or not khz:
					raise RuntimeError("set-up: poll off %s, adapter speed %r"
							   % (msg, speed))
			except (OSError, EOFError, TimeoutError, RuntimeError) as e:
				log(".. %s: set-up failed: %s" % (tool, e))
				rpc = None
		if not rpc:
			why = first_error(logpath, 0) or "openocd set-up failed"
			for wl in workloads(files):
				rows[wl[0]] = {"result": "FAILED (%s)" % why}
			return rows
		for name, what, kind, command, want in workloads(files):
			row = {"khz": khz}
			rows[name] = row
			if kind == "int":
				path, off, base = board.flash, 0, INT_BASE
			else:
				path, off, base = board.qspi, QSPI_OFF, QSPI_BASE
			old = read_at(path, off, len(want))
			if kind == "verify":
				chip_ns, words = 0, 0	# on-target checksum: nothing must move
			elif kind == "int":
				chip_ns = int_floor_ns(old, want, off, timing)
				words = changed_words(old, want)
			else:
				chip_ns = qspi_floor_ns(old, want, off, timing)
				words = changed_words(old, want)
			row["floor_ns"] = max(chip_ns, probes.link_ns(PROBE, words, khz, timing))
			row["floor_chip_ns"] = chip_ns
			row["floor_swd_words"] = words
			since = os.path.getsize(logpath)
			s0 = board.stats()
			# the board log's span of this command (VSTLINK_TRACE lines)
			row["board_log_span"] = [os.path.getsize(board.logf.name)]
			w0 = time.monotonic()
			try:
				ok, msg = rpc.run(command, CMD_TIMEOUT)
			except (OSError, EOFError, TimeoutError) as e:
				ok, msg = False, str(e)
				rpc = None
			row["wall_s"] = time.monotonic() - w0
			s1 = board.stats()
			row["board_log_span"].append(os.path.getsize(board.logf.name))
			for k in STAT_KEYS:
				row[k] = s1.get(k, 0) - s0.get(k, 0)
			got = read_at(path, off, len(want))
			n, first = compare(got, want, off)
			err = " ".join((first_error(logpath, since) or msg or "error").split())
			if err.startswith("Error: "):
				err = err[len("Error: "):]
			# Completed: the command did its job, right or wrong (a verify
			# that reports a real difference completed too).
			row["completed"] = ok == (n == 0) if kind == "verify" else ok
			wrong = "WRONG (%d bytes differ, first at 0x%08x" % (n, first or 0)
			if kind == "verify":
				if n and ok:
					res = wrong + "; verify passed)"
				elif n:
					res = wrong + "; verify noticed)"
				elif not ok:
					res = "FAILED (openocd error: %s)" % err
				else:
					res = "ok"
				if got != old:
					res += " (verify changed the flash!)"
			elif not ok:
				res = "FAILED (openocd error: %s)" % err
				if n:
					res += " " + wrong + ")"
			elif n:
				res = wrong + ")"
			else:
				res = "ok"
			row["result"] = res
			log(".. %s %s %s: %.3f s modeled, %.1f s wall, %s" % (
				tool, name, what, row["virtual_ns"] / 1e9, row["wall_s"], res))
			if not rpc:
				for wl in workloads(files):
					rows.setdefault(wl[0], {"result": "FAILED (openocd gone)"})
				break
		return rows
	finally:
		stop_openocd(proc, rpc)
		board.stop()


def fmt(v, spec):
	return "-" if v is None else format(v, spec)


def main():
	os.makedirs(OUT, exist_ok=True)
	timing = parse_timing(os.path.join(TOP, "testing", "common", "timing.h"))
	files = make_images()
	log("== Flash workloads through %s (testing/bench/flash.py)" % PROBE)
	log("   QSPI image %d KiB at flash offset 0x%08x (0x%08x, crosses the die boundary), "
	    "internal %d KiB at 0x%08x" % (QSPI_SIZE // KIB, QSPI_OFF, QSPI_BASE + QSPI_OFF,
					 INT_SIZE // KIB, INT_BASE))
	log("   counters are deltas around each workload's command only: attach, reset, "
	    "probe and QSPI set-up are excluded")
	results = {}
	for tool in TOOLS:
		results[tool] = run_tool(tool, files, timing)

	names = [(w[0], w[1]) for w in workloads(files)]
	head = "%-4s %-18s %-5s %9s %9s %7s %7s %9s %8s %7s  %s" % (
		"wl", "workload", "tool", "model_s", "floor_s", "x_floor", "wall_s", "swd_trans",
		"rtrips", "/stock", "result")
	log("")
	log(head)
	log("-" * len(head))
	for name, what in names:
		for tool in TOOLS:
			r = results[tool].get(name, {"result": "not run"})
			ok = r["result"] == "ok"
			model = r.get("virtual_ns")
			floor = r.get("floor_ns")
			ratio = model / floor if ok and floor and model is not None else None
			vs = None
			st = results.get("stock", {}).get(name, {})
			if tool != "stock" and st.get("completed") and st.get("virtual_ns") and \
					model is not None:
				vs = model / st["virtual_ns"]
			r["x_floor"] = ratio
			r["vs_stock"] = vs
			log("%-4s %-18s %-5s %9s %9s %7s %7s %9s %8s %7s  %s" % (
				name, what, tool, fmt(model and model / 1e9 or model, ".3f"),
				fmt(floor and floor / 1e9 or floor, ".3f"), fmt(ratio, ".2f"),
				fmt(r.get("wall_s"), ".1f"), fmt(r.get("swd_transactions"), "d"),
				fmt(r.get("probe_round_trips"), "d"), fmt(vs, ".2f"), r["result"]))
	if PROBE == "jlink":
		log("floor = max(typical chip time, changed 32-bit words x %d clocks at the adapter "
		    "speed); 0 when nothing must change or move (ratio '-')" % SWD_CLOCKS_PER_WORD)
	else:
		log("floor = max(typical chip time, the changed 32-bit words through %s's wire and "
		    "USB model (probes.py)); 0 when nothing must change or move (ratio '-')" % PROBE)
	log("/stock = our modeled time / stock's, when stock's command completed (its time "
	    "counts even when its result is WRONG; a failed command has none)")

	with open(os.path.join(OUT, "results.json"), "w") as f:
		json.dump(results, f, indent=1, sort_keys=True)

	if "ours" not in results or ONLY:
		return 0
	ours = results["ours"]

	def okv(n):
		r = ours.get(n, {})
		return r.get("virtual_ns") if r.get("result") == "ok" else None

	def verdict(good, text, rows=()):
		bad = [n for n in rows if ours.get(n, {}).get("result") != "ok"]
		if bad:
			text += " (not ok: %s)" % ", ".join(bad)
		log("  %-4s %s" % ("n/a" if good is None else ("PASS" if good else "MISS"), text))

	log("")
	log("targets (ours; informational, issue 8):")
	for n in ("W1", "W3"):
		x = ours.get(n, {}).get("x_floor")
		verdict(x is not None and x <= 1.10,
			"%s within 1.10 x floor: %s" % (n, fmt(x, ".2f")), (n,))
	for n, base, lim in (("W2", "W1", 2.0), ("W4", "W3", 5.0)):
		a, b = okv(n), okv(base)
		pct = 100.0 * a / b if a is not None and b else None
		verdict(pct is not None and pct < lim,
			"%s under %.0f%% of %s: %s%%" % (n, lim, base, fmt(pct, ".2f")), (base, n))
	w5 = okv("W5")
	verdict(w5 is not None and w5 < 0.25e9, "W5 under 0.25 s: %s s" % fmt(
		w5 / 1e9 if w5 is not None else None, ".3f"), ("W5",))
	if "stock" in results:
		# A workload stock's command fails on counts for ours if ours does it right.
		good, parts = True, []
		for n, _ in names:
			v = ours.get(n, {}).get("vs_stock")
			right = ours.get(n, {}).get("result") == "ok"
			if not results["stock"].get(n, {}).get("completed"):
				parts.append("%s stock failed" % n)
				good = good and right
			else:
				parts.append("%s %s" % (n, fmt(v, ".2f")))
				good = good and right and v is not None and v <= 1.0
		verdict(good, "every workload at least as fast as stock (ours ok): " +
			", ".join(parts))
	else:
		verdict(None, "every workload at least as fast as stock (stock not run)")
	wall = time.time() - T0
	verdict(wall < 600, "whole bench under 10 min wall: %.0f s so far" % wall)
	return 0


if __name__ == "__main__":
	sys.exit(main())
