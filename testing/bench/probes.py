#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The probes the bench runs through (BENCH_PROBE) and each one's floor.

A probe is how OpenOCD reaches the board: the interface lines before the board
file, the library or server in between, and the probe's own wire and USB
model, from which the floor of moving data to the target follows.  Every
constant comes from testing/common/timing.h or the probe model's header,
parsed here, never copied.

  jlink             the virtual J-Link (vjlink/), class `base` unless
                    BENCH_VBOARD_ARGS / VB_EXTRA_ARGS pick another
  stlink-dapdirect  the virtual ST-LINK/V3E (vstlink/), interface/stlink-dap.cfg
  stlink-hla        the same probe, interface/stlink.cfg (hla)
  cmsisdap          the virtual CMSIS-DAP, full-speed HID (vcmsisdap/)
  cmsisdap-hs       the virtual CMSIS-DAP v2, high-speed bulk class (vcmsisdap/,
                    VCMSISDAP_CLASS=hs)

Floor of moving W 32-bit words from the host into target memory (link_ns):

  jlink:   W x 46 bit clocks at the adapter speed (issue 8; the J-Link's USB
           cost is left out, as the J-Link rows always did).
  stlink:  the largest memory command the probe takes (WRITEMEM_32BIT,
           STFW_DATA_MAX bytes), back to back; per command one USB round trip
           + the firmware's time + its bytes at the per-byte cost (the
           board's 8-byte request header, the 4-byte probe kind, the 16-byte
           command block, the data); on the wire, CSW and TAR once per
           command and TAR again at each 1 KiB boundary, and one DRW write
           per word, each 46 clocks + the firmware's idle cycles, at the
           probe's clock (the largest of its list not above the request).
           Which of these are the firmware's limits, and their sources:
           testing/bench/README.md, "ST-LINK limits".
  cmsisdap: DAP_TransferBlock writes of as many words as a packet holds
           ((packet - 5) / 4), back to back; per packet one USB round trip +
           both packets whole at the per-byte cost + the 12 header bytes;
           on the wire each word's DRW write and the RDBUFF read that closes
           a block, 46 clocks each with no idle cycles (what TransferConfigure
           allows), and the TAR write at each 1 KiB boundary (its wire time
           only), at the clock the firmware makes of the request.

No status reads, no target-side work and no pipelining of USB with the wire
are counted: the model charges a command's USB time before and after its wire
time, so these add up.  A flash workload's floor is max(chip time, link
time) (flash.py).

Command line (for the shell scripts):
  probes.py floor-ns PROBE BYTES KHZ   the link floor of BYTES, in ns
  probes.py clock-khz PROBE KHZ        the SWD clock the probe runs at
"""
import math
import os
import re
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NAMES = ("jlink", "stlink-dapdirect", "stlink-hla", "cmsisdap", "cmsisdap-hs")
SWD_CLOCKS_PER_WORD = 46	# request, turnarounds, ACK, 32 data bits, parity


def parse_defines(path, prefix):
	"""Every numeric #define PREFIX* of a C header: an int or a list of ints.

	A value that names another define of the same file resolves to it.
	"""
	text = open(path).read().replace("\\\n", " ")
	text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
	raw = {m.group(1): m.group(2).strip() for m in
	       re.finditer(r"^#define\s+(%s\w*)\s+(.+)$" % prefix, text, re.M)}
	vals = {}
	for name, body in raw.items():
		body = re.sub(r"//.*$", "", body).strip()
		while body in raw:
			body = raw[body].strip()
		nums = [int(n, 0) for n in re.findall(r"\b(0x[0-9a-fA-F]+|\d+)(?:[uU][lL]{0,2}|[lL]{1,2})?\b",
						      body)]
		if body.startswith("{"):
			vals[name] = nums
		elif re.fullmatch(r"(0x[0-9a-fA-F]+|\d+)([uU][lL]{0,2}|[lL]{1,2})?", body):
			vals[name] = nums[0]
	return vals


def parse_timing(path=None):
	"""Every numeric TIMING_* #define of timing.h."""
	return parse_defines(path or os.path.join(TOP, "testing", "common", "timing.h"), "TIMING_")


def check(name):
	if name not in NAMES:
		raise SystemExit("BENCH_PROBE=%s: unknown probe (one of %s)" % (name, ", ".join(NAMES)))
	return name


def _stlink():
	return parse_defines(os.path.join(TOP, "testing", "vstlink", "fw", "stlink_fw.c"), "STFW_")


def _cmsisdap(name, t):
	"""(packet size, round trip ns, byte ns, CPU Hz) of the CMSIS-DAP class."""
	h = parse_defines(os.path.join(TOP, "testing", "vcmsisdap", "fw", "cmsisdap.h"), "CMSISDAP_")
	if name == "cmsisdap-hs":
		return (h["CMSISDAP_HS_PACKET_SIZE"], t["TIMING_CMSISDAP_HS_ROUND_TRIP_NS"],
			t["TIMING_CMSISDAP_HS_BYTE_NS"], t["TIMING_CMSISDAP_HS_CPU_HZ"])
	return (h["CMSISDAP_PACKET_SIZE"], t["TIMING_CMSISDAP_ROUND_TRIP_NS"],
		t["TIMING_CMSISDAP_BYTE_NS"], t["TIMING_CMSISDAP_CPU_HZ"])


def cmsisdap_clock_hz(hz, cpu_hz, t):
	"""The reference firmware's delay-loop clock for a request of hz (timing.h)."""
	half = cpu_hz // 2
	io, slow, fast = (t["TIMING_CMSISDAP_IO_CYCLES"], t["TIMING_CMSISDAP_SLOW_CYCLES"],
			  t["TIMING_CMSISDAP_FAST_CYCLES"])
	if hz >= half // (io + fast):
		return half // (io + fast)
	delay = (half + hz - 1) // hz
	delay = (delay - io + slow - 1) // slow if delay > io else 1
	return half // (io + delay * slow)


def clock_khz(name, khz, t):
	"""The SWD clock (kHz, may be fractional) the probe runs at when asked for khz."""
	if name.startswith("stlink"):
		return max([k for k in t["TIMING_STLINK_SWD_KHZ_LIST"] if k <= khz] or
			   [min(t["TIMING_STLINK_SWD_KHZ_LIST"])])
	if name.startswith("cmsisdap"):
		return cmsisdap_clock_hz(khz * 1000, _cmsisdap(name, t)[3], t) / 1000.0
	return khz


def link_ns(name, words, khz, t):
	"""Floor of moving `words` 32-bit words into target memory (module comment)."""
	if not words:
		return 0
	f = clock_khz(name, khz, t) * 1000.0
	kib_marks = (words - 1) // 256		# 1 KiB boundaries crossed
	if name.startswith("stlink"):
		cmd_max = _stlink()["STFW_DATA_MAX"] // 4
		cmds = math.ceil(words / cmd_max)
		usb = cmds * (t["TIMING_STLINK_ROUND_TRIP_NS"] + t["TIMING_STLINK_FW_CMD_NS"]) + \
			(cmds * (8 + 4 + 16) + 4 * words) * t["TIMING_STLINK_BYTE_NS"]
		frames = words + 2 * cmds + kib_marks
		wire = frames * (SWD_CLOCKS_PER_WORD + t["TIMING_STLINK_IDLE_CYCLES"]) * 1e9 / f
		return int(usb + wire)
	if name.startswith("cmsisdap"):
		packet, rt, byte, _ = _cmsisdap(name, t)
		per = (packet - 5) // 4
		pkts = math.ceil(words / per)
		usb = pkts * (rt + (2 * packet + 12) * byte)
		wire = (words + pkts + kib_marks) * SWD_CLOCKS_PER_WORD * 1e9 / f
		return int(usb + wire)
	return int(words * SWD_CLOCKS_PER_WORD * 1e9 / f)


def main(argv):
	t = parse_timing()
	if len(argv) == 5 and argv[1] == "floor-ns":
		print(link_ns(check(argv[2]), int(argv[3]) // 4, int(argv[4]), t))
		return 0
	if len(argv) == 4 and argv[1] == "clock-khz":
		print("%g" % clock_khz(check(argv[2]), int(argv[3]), t))
		return 0
	sys.stderr.write("usage: probes.py floor-ns PROBE BYTES KHZ | clock-khz PROBE KHZ\n")
	return 2


if __name__ == "__main__":
	sys.exit(main(sys.argv))
