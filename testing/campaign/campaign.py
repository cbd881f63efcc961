#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Fault campaign: seeded faults against the product on the virtual board.

Each case is drawn from its seed alone (replay: --replay SEED):
  workload  what the user runs (write_image to QSPI or internal flash, program
            of an Intel HEX with several regions, program of demo_app.elf,
            stmqspi mass_erase, flash protect on then off)
  probe     the J-Link class the board presents
  timing    the flash timing profile (typ, max, jitter)
  fault     what goes wrong (power loss at a virtual time, a USB error at a
            round trip, AP WAIT storms, a bus stall on QUADSPI, a die stuck
            busy, a QUADSPI clock above the chip's limits, none)

The oracle is the board's image files (state/qspi.bin, state/flash.bin)
against bytes the case generated.  After the faulted run OpenOCD must either
have succeeded with the right bytes or have reported an error; then a clean
rerun of the same command on a board without the fault must leave the
intended image.  Classes:
  ok             success, right bytes
  error          non-zero exit with an "Error:" line naming the cause
  SILENT         success reported, wrong bytes (silent corruption)
  UNCLEAR        non-zero exit without any "Error:" line
  HANG           no end within the bound
  CRASH          killed by a signal (segfault, abort)
  BOARD          no product verdict: the board did not start, or in real
                 time it fell behind OpenOCD's accelerated clock
  NOT_RECOVERED  the clean rerun did not leave the intended image (when the
                 faulted run stopped between erase and program, the rerun
                 first runs the restore command its log names, with the
                 rescue file it saved)
The last five are failures.  Results: OUT/results.jsonl, OUT/summary.txt.
"""
import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BUILD = os.path.abspath(os.environ.get('BUILD', os.path.join(TOP, 'build')))
OPENOCD = os.path.abspath(os.environ.get('OPENOCD', os.path.join(BUILD, 'bin', 'openocd')))
VBOARD = os.path.join(BUILD, 'bin', 'vboard')
VJLINK = os.path.join(BUILD, 'lib', 'vjlink')
FIRMWARE = os.path.join(BUILD, 'testing', 'firmware')
SCRIPTS = os.environ.get('OPENOCD_SCRIPTS',
                         os.path.join(os.path.dirname(os.path.dirname(OPENOCD)),
                                      'share', 'openocd', 'scripts'))

QSPI_BASE = 0x90000000
QSPI_SIZE = 128 << 20
DIE = 64 << 20
FLASH_BASE = 0x08000000
FLASH_SIZE = 2 << 20
BANK2 = 1 << 20
SECTOR_QSPI = 4096
SECTOR_FLASH = 128 << 10

# Bound of one OpenOCD run, wall seconds.  Modeled flash waits are
# fast-forwarded by the board, so a run that needs longer is stuck, not slow:
# the longest legitimate wait (a W25Q01JV chip erase at its maximum, 2688 s
# modeled) passes in seconds of wall time.
RUN_BOUND_S = float(os.environ.get('CAMPAIGN_RUN_BOUND', '600'))

# A die stuck busy is the one wait the board cannot fast-forward (it has no
# end), so OpenOCD's own bound on it runs in wall time: our driver waits up to
# tCE max + 25 % (3360 s) before it reports the die.  Such cases run in
# accelerated real time instead, as tests/realtime/ do: the board with
# --real-time RT_SPEED, OpenOCD under libfaketime at the same factor, so its
# wall-clock timeouts fire RT_SPEED times sooner.  Their HANG bound is derived
# from the chip's maximum times: the longest wait a run may legitimately make
# (a chip erase at its maximum on each die in turn, with the driver's 25 %
# margin) at RT_SPEED, on top of RUN_BOUND_S for the emulation itself.
RT_SPEED = int(os.environ.get('CAMPAIGN_RT_SPEED', '100'))
RT_FAULTS = ('stuck_busy',)
# In real time the board's emulation must keep up with RT_SPEED x wall time.
# When it cannot (a loader computing at x100 on a loaded host), OpenOCD's
# accelerated clock runs ahead of the board's and its timeouts fire early: a
# verdict the host's speed decided, not the product.  The board reports the
# most it fell behind (stats.json rt_lag_max_ns); beyond this many modeled
# ms (half the driver's shortest bound, 100 ms for a QUADSPI command) a
# faulted run that did not succeed is not judged.
RT_LAG_MAX_MS = float(os.environ.get('CAMPAIGN_RT_LAG_MAX_MS', '50'))


def timing_ns(name):
    """A constant of testing/common/timing.h (the model's source of truth)."""
    with open(os.path.join(TOP, 'testing', 'common', 'timing.h')) as f:
        for ln in f:
            p = ln.split()
            if len(p) >= 3 and p[0] == '#define' and p[1] == name:
                return int(p[2].rstrip('ULul'), 0)
    raise RuntimeError('%s not in timing.h' % name)


MODEL_WAIT_MAX_S = 2 * timing_ns('TIMING_W25Q_CE_MAX_NS') * 1.25 / 1e9
RT_RUN_BOUND_S = RUN_BOUND_S + MODEL_WAIT_MAX_S / RT_SPEED


def libfaketime():
    for d in ('/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib'):
        f = os.path.join(d, 'faketime', 'libfaketime.so.1')
        if os.path.exists(f):
            return f
    raise RuntimeError('libfaketime not found: install Debian\'s faketime package '
                       '(scripts/deps.sh does); a stuck-busy case needs it')

FAILURES = ('SILENT', 'UNCLEAR', 'HANG', 'CRASH', 'NOT_RECOVERED')
NOSERVERS = ['-c', 'gdb_port disabled', '-c', 'tcl_port disabled', '-c', 'telnet_port disabled']


def rbytes(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n)) if n < 4096 else \
        rng.getrandbits(8 * n).to_bytes(n, 'little')


def ihex(regions):
    """Intel HEX text of [(address, bytes)] with extended linear addresses."""
    out = []

    def rec(kind, addr, data):
        b = [len(data), (addr >> 8) & 0xff, addr & 0xff, kind] + list(data)
        out.append(':' + ''.join('%02X' % x for x in b) + '%02X' % ((-sum(b)) & 0xff))
    for addr, data in regions:
        upper = None
        for i in range(0, len(data), 32):
            a = addr + i
            if a >> 16 != upper:
                upper = a >> 16
                rec(4, 0, bytes([(upper >> 8) & 0xff, upper & 0xff]))
            rec(0, a & 0xffff, data[i:i + 32])
    rec(1, 0, b'')
    return '\n'.join(out) + '\n'


def elf_loads(path):
    """[(address, bytes)] of an ELF32's PT_LOAD segments with file data (LMA)."""
    import struct
    with open(path, 'rb') as f:
        d = f.read()
    phoff, = struct.unpack_from('<I', d, 28)
    phentsize, phnum = struct.unpack_from('<HH', d, 42)
    segs = []
    for i in range(phnum):
        p_type, p_off, _vaddr, p_paddr, p_filesz = struct.unpack_from('<IIIII', d, phoff + i * phentsize)
        if p_type == 1 and p_filesz:
            segs.append((p_paddr, d[p_off:p_off + p_filesz]))
    return segs


class Case:
    """Everything a seed decides."""

    WORKLOADS = ['qspi_write', 'qspi_write', 'flash_write', 'program_hex', 'program_elf',
                 'mass_erase', 'protect']
    FAULTS = ['none', 'power_loss', 'power_loss', 'usb_error', 'usb_error', 'ap_wait',
              'ap_wait', 'bus_stall', 'stuck_busy', 'overclock']

    def __init__(self, seed):
        rng = random.Random(seed)
        self.seed = seed
        self.workload = rng.choice(self.WORKLOADS)
        self.probe = rng.choice(['base', 'base', 'ob', 'edu-mini'])
        self.timing = rng.choice(['typ', 'jitter', 'jitter', 'max'])
        self.fault = rng.choice(self.FAULTS)
        self.rng = rng
        self.fault_args = []
        self.cmd_pre = []
        if self.fault == 'power_loss':
            # Log-uniform over 1 ms .. 4 s of modeled time: attach, probe,
            # erase and program phases all get hit.
            t = int(10 ** rng.uniform(3, 6.6))
            self.fault_args = ['--power-loss-at-us', str(t)]
        elif self.fault == 'usb_error':
            self.fault_args = ['--usb-error-at', str(int(10 ** rng.uniform(0.5, 3.7)))]
        elif self.fault == 'ap_wait':
            self.fault_args = ['--ap-wait-rate', rng.choice(['0.01', '0.05', '0.2']),
                               '--ap-wait-burst', rng.choice(['1', '8', '64'])]
        elif self.fault == 'bus_stall':
            # QUADSPI registers stop answering for a while (a bus that hangs).
            a = int(10 ** rng.uniform(3, 6))
            self.fault_args = ['--bus-stall', '0x52005000:0x400@%d:%d' % (a, a + rng.randint(100, 200000))]
        elif self.fault == 'stuck_busy':
            # The Nth program/erase/status write: a large write issues
            # hundreds of them, a mass erase a few.
            self.fault_args = ['--chip-stuck-busy', str(int(10 ** rng.uniform(0, 2.7)))]
        elif self.fault == 'overclock':
            # SCLK 200 MHz: above every read instruction's limit.
            self.cmd_pre = ['-c', 'set QSPI_PRESCALER 0']
        self._plan(rng)

    def _plan(self, rng):
        """Old contents, the command and the intended image."""
        self.old = []		# (file, offset, bytes) written before the board starts
        self.want = []		# (file, offset, bytes) the image must hold afterwards
        self.keep = []		# (file, offset, length) that must stay as it was
        self.files = {}
        w = self.workload
        if w in ('qspi_write', 'flash_write'):
            if w == 'qspi_write':
                size = rng.choice([4096, 16384, 65536, 200000])
                off = rng.choice([0, rng.randrange(0, QSPI_SIZE - size) & ~0xff,
                                  DIE - rng.randint(1, size - 1)])
                base, fname, sector = QSPI_BASE, 'qspi.bin', SECTOR_QSPI
            else:
                size = rng.choice([2048, 40000, 131072])
                off = BANK2 + (rng.randrange(0, BANK2 - size) & ~0x1f)
                base, fname, sector = FLASH_BASE, 'flash.bin', SECTOR_FLASH
            data = rbytes(rng, size)
            lo = off // sector * sector
            hi = (off + size + sector - 1) // sector * sector
            # Old contents over the touched sectors and one sector each side;
            # the sectors either side must keep theirs.
            olo = max(lo - sector, 0 if w == 'qspi_write' else BANK2)
            ohi = min(hi + sector, QSPI_SIZE if w == 'qspi_write' else FLASH_SIZE)
            self.old.append((fname, olo, rbytes(rng, ohi - olo)))
            if olo < lo:
                self.keep.append((fname, olo, lo - olo))
            if hi < ohi:
                self.keep.append((fname, hi, ohi - hi))
            self.files['data.bin'] = data
            self.cmd = ['-c', 'init', '-c', 'reset init',
                        '-c', 'flash write_image erase {data.bin} 0x%x bin' % (base + off),
                        '-c', 'verify_image {data.bin} 0x%x bin' % (base + off), '-c', 'shutdown']
            self.want.append((fname, off, data))
        elif w == 'program_hex':
            regions = []
            for _ in range(rng.randint(1, 3)):
                size = rng.choice([1000, 8192, 70000])
                off = rng.randrange(0, QSPI_SIZE - size) & ~0xf
                regions.append((QSPI_BASE + off, rbytes(rng, size)))
            size = rng.choice([500, 30000])
            regions.append((FLASH_BASE + BANK2 + (rng.randrange(0, BANK2 - size) & ~0x1f), rbytes(rng, size)))
            regions = self._disjoint(regions)
            self.files['image.hex'] = ihex(regions).encode()
            self.cmd = ['-c', 'program {image.hex} verify exit']
            for a, d in regions:
                self.want.append(self._where(a, d))
        elif w == 'program_elf':
            elf = os.path.join(FIRMWARE, 'demo_app.elf')
            self.cmd = ['-c', 'program %s verify exit' % elf]
            for a, d in elf_loads(elf):
                self.want.append(self._where(a, d))
            self.old.append(('qspi.bin', 0, rbytes(rng, 8192)))
        elif w == 'mass_erase':
            self.old.append(('qspi.bin', 0, rbytes(rng, 4096)))
            self.old.append(('qspi.bin', DIE + 4096, rbytes(rng, 4096)))
            self.cmd = ['-c', 'init', '-c', 'reset init', '-c', 'stmqspi mass_erase 2', '-c', 'shutdown']
            self.want.append(('qspi.bin', 0, b'\xff' * 4096))
            self.want.append(('qspi.bin', DIE + 4096, b'\xff' * 4096))
        elif w == 'protect':
            old = rbytes(rng, 4096)
            self.old.append(('qspi.bin', QSPI_SIZE - 4096, old))
            self.cmd = ['-c', 'init', '-c', 'reset init', '-c', 'flash probe 2',
                        '-c', 'flash protect 2 0 last on', '-c', 'flash protect 2 0 last off',
                        '-c', 'flash erase_address 0x%x 0x10000' % (QSPI_BASE + QSPI_SIZE - 0x10000),
                        '-c', 'shutdown']
            self.want.append(('qspi.bin', QSPI_SIZE - 0x10000, b'\xff' * 0x10000))

    @staticmethod
    def _disjoint(regions):
        out = []
        for a, d in sorted(regions):
            if out and a < out[-1][0] + len(out[-1][1]) + SECTOR_QSPI:
                continue
            out.append((a, d))
        return out

    @staticmethod
    def _where(addr, data):
        if addr >= QSPI_BASE:
            return ('qspi.bin', addr - QSPI_BASE, data)
        return ('flash.bin', addr - FLASH_BASE, data)

    def describe(self):
        return '%s probe=%s timing=%s fault=%s %s' % (
            self.workload, self.probe, self.timing, self.fault,
            ' '.join(self.fault_args + self.cmd_pre[1::2]))


def prepare_state(state, case):
    os.makedirs(state, exist_ok=True)
    for name, size in (('qspi.bin', QSPI_SIZE), ('flash.bin', FLASH_SIZE)):
        with open(os.path.join(state, name), 'wb') as f:
            blk = b'\xff' * (1 << 20)
            for _ in range(size >> 20):
                f.write(blk)
    # The demo firmware in bank 1, as a board that has been programmed before.
    with open(os.path.join(FIRMWARE, 'demo_app_bank1.bin'), 'rb') as f:
        fw = f.read()
    write_at(state, 'flash.bin', 0, fw)
    for fname, off, data in case.old:
        write_at(state, fname, off, data)


def write_at(state, fname, off, data):
    with open(os.path.join(state, fname), 'r+b') as f:
        f.seek(off)
        f.write(data)


def read_at(state, fname, off, n):
    with open(os.path.join(state, fname), 'rb') as f:
        f.seek(off)
        return f.read(n)


class Board:
    def __init__(self, work, state, args):
        self.sock = os.path.join(work, 'vboard.sock')
        self.log = open(os.path.join(work, 'vboard.log'), 'ab')
        if os.path.exists(self.sock):
            os.unlink(self.sock)
        self.p = subprocess.Popen([VBOARD, '--state', state, '--socket', self.sock] + args,
                                  stdout=self.log, stderr=subprocess.STDOUT)
        t0 = time.monotonic()
        while not os.path.exists(self.sock):
            if self.p.poll() is not None:
                raise RuntimeError('vboard exited at start-up (see %s)' % self.log.name)
            if time.monotonic() - t0 > 180:
                raise RuntimeError('vboard did not open its socket in 180 s')
            time.sleep(0.05)

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        try:
            self.p.wait(60)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        self.log.close()


def run_openocd(work, sock, case, name, rt=False):
    args = [OPENOCD, '-s', SCRIPTS] + NOSERVERS + case.cmd_pre + ['-f', 'board/stm32h753.cfg']
    for a in case.cmd:
        for f in case.files:
            a = a.replace('{%s}' % f, os.path.join(work, f))
        args.append(a)
    env = dict(os.environ, LD_LIBRARY_PATH=VJLINK, VBOARD_SOCKET=sock)
    bound = RUN_BOUND_S
    if rt:
        env.update(LD_PRELOAD=libfaketime(), FAKETIME='+0 x%d' % RT_SPEED)
        bound = RT_RUN_BOUND_S
    logp = os.path.join(work, name + '.log')
    with open(logp, 'wb') as log:
        # in the case's folder: a failed write leaves its rescue file there
        p = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env,
                             cwd=work, start_new_session=True)
        try:
            rc = p.wait(bound)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            rc = None
    with open(logp, 'rb') as f:
        text = f.read().decode('latin-1')
    return rc, text


# What our driver prints when a write stops between its erases and its
# programs: the file holding the erased range's data, and the command that
# puts it back.
RESTORE_RE = re.compile(r'restore it with "(flash write_image erase \{([^}]*)\} (0x[0-9a-f]+) bin)"')


def restore_commands(text):
    """[(command, file)] the faulted run's log asks the user to run, in order."""
    out = []
    for m in RESTORE_RE.finditer(text):
        if (m.group(1), m.group(2)) not in out:
            out.append((m.group(1), m.group(2)))
    return out


def run_restore(work, sock, cmds):
    """The restore commands, as the user would type them, on a clean board.
    Returns (class, first error) of that OpenOCD run."""
    case = argparse.Namespace(cmd_pre=[], files={}, cmd=['-c', 'init', '-c', 'reset init'])
    for c, path in cmds:
        if not os.path.isfile(path):
            return 'error', 'the rescue file %s named in the log does not exist' % path
        case.cmd += ['-c', c]
    case.cmd += ['-c', 'shutdown']
    rc, text = run_openocd(work, sock, case, 'restore')
    cls = classify(rc, text, True)
    return cls, first_error(text)


def image_ok(state, case):
    for fname, off, data in case.want:
        if read_at(state, fname, off, len(data)) != data:
            return False, '%s+0x%x (%d bytes) differs' % (fname, off, len(data))
    for fname, off, n in case.keep:
        for f, o, d in case.old:
            if f == fname and o <= off and off + n <= o + len(d):
                if read_at(state, fname, off, n) != d[off - o:off - o + n]:
                    return False, '%s+0x%x: bytes outside the image changed' % (fname, off)
    return True, ''


def fault_fired(case, board_log, state):
    """Whether the fault took effect during the faulted run (None: not known)."""
    if case.fault == 'power_loss':
        return 'power loss injected' in board_log
    if case.fault == 'usb_error':
        return 'injecting a USB error' in board_log
    stats = {}
    try:
        with open(os.path.join(state, 'stats.json')) as f:
            stats = json.load(f)
    except (OSError, ValueError):
        return None
    if case.fault == 'ap_wait':
        return stats.get('ap_injected_waits', 0) > 0
    if case.fault == 'overclock':
        return stats.get('qspi_overclocked_reads', 0) > 0
    return None


def rt_lag_ms(state):
    """Modeled ms the board fell behind the accelerated clock (None: no stats)."""
    try:
        with open(os.path.join(state, 'stats.json')) as f:
            lag = json.load(f).get('rt_lag_max_ns')
    except (OSError, ValueError):
        return None
    return None if lag is None else lag / 1e6


def rt_lag_verdict(cls, lag_ms):
    """The reason a real-time run's class cannot stand, or ''."""
    if cls == 'ok':
        return ''	# early timeouts cannot make a run succeed
    if lag_ms is None:
        return 'the board wrote no rt_lag_max_ns: a vboard from before the lag counter'
    if lag_ms > RT_LAG_MAX_MS:
        return ('the board fell %.0f ms of modeled time behind OpenOCD\'s clock (x%d): the host'
                ' emulated too slowly for real time, OpenOCD\'s timeouts fired early; not a'
                ' product verdict' % (lag_ms, RT_SPEED))
    return ''


def classify(rc, text, ok):
    if rc is None:
        return 'HANG'
    if rc < 0 or rc >= 128 or 'Segmentation fault' in text or 'AddressSanitizer' in text:
        return 'CRASH'
    if rc == 0:
        return 'ok' if ok else 'SILENT'
    return 'error' if any(ln.startswith('Error') for ln in text.splitlines()) else 'UNCLEAR'


def first_error(text):
    for ln in text.splitlines():
        if ln.startswith('Error'):
            return ln[:200]
    return ''


def run_case(seed, outdir, keep):
    case = Case(seed)
    work = tempfile.mkdtemp(prefix='case%d-' % seed, dir=outdir)
    state = os.path.join(work, 'state')
    prepare_state(state, case)
    for name, data in case.files.items():
        with open(os.path.join(work, name), 'wb') as f:
            f.write(data)
    base = ['--probe-class', case.probe, '--flash-timing', case.timing, '--seed', str(seed)]
    res = {'seed': seed, 'case': case.describe()}
    rt = case.fault in RT_FAULTS
    t0 = time.monotonic()
    try:
        b = Board(work, state, base + case.fault_args +
                  (['--real-time', str(RT_SPEED)] if rt else []))
        try:
            rc, text = run_openocd(work, b.sock, case, 'faulted', rt)
        finally:
            b.stop()
        ok, why = image_ok(state, case)
        with open(os.path.join(work, 'vboard.log'), 'rb') as f:
            blog = f.read().decode('latin-1')
        res['fired'] = fault_fired(case, blog, state)
        res['faulted'] = classify(rc, text, ok)
        res['rc'] = rc
        res['error'] = first_error(text) if res['faulted'] != 'ok' else ''
        lagged = ''
        if rt:
            res['rt_lag_ms'] = rt_lag_ms(state)
            lagged = rt_lag_verdict(res['faulted'], res['rt_lag_ms'])
        if res['faulted'] == 'SILENT':
            res['why'] = why
        # Clean rerun: same board state, no fault.  When the faulted run
        # stopped between erase and program, the user restores the erased
        # range first, with the command and the file the log names.
        clean = Case(seed)
        clean.cmd_pre = []
        restore = restore_commands(text)
        b = Board(work, state, base)
        try:
            if restore:
                res['restore'], err = run_restore(work, b.sock, restore)
                if err:
                    res['restore_error'] = err
            rc2, text2 = run_openocd(work, b.sock, clean, 'rerun')
        finally:
            b.stop()
        ok2, why2 = image_ok(state, case)
        res['rerun'] = classify(rc2, text2, ok2)
        if res['rerun'] != 'ok':
            res['rerun_error'] = first_error(text2) or why2
        res['class'] = res['faulted']
        if res['class'] not in FAILURES and res.get('restore') in ('UNCLEAR', 'HANG', 'CRASH'):
            res['class'] = res['restore']
        if res['class'] not in FAILURES and res['rerun'] != 'ok':
            res['class'] = 'NOT_RECOVERED'
        if lagged:
            res['verdict'] = res['class']
            res['class'] = 'BOARD'
            res['why'] = lagged
    except RuntimeError as e:
        res['class'] = 'BOARD'
        res['error'] = str(e)
    res['wall_s'] = round(time.monotonic() - t0, 1)
    if not keep and res['class'] not in FAILURES:
        shutil.rmtree(work, ignore_errors=True)
    else:
        res['dir'] = work
    return res


def summary(results):
    classes = ['ok', 'error'] + list(FAILURES) + ['BOARD']
    lines = ['cases: %d' % len(results)]
    by_fault = {}
    for r in results:
        f = r['case'].split(' fault=')[1].split()[0]
        by_fault.setdefault(f, {c: 0 for c in classes})[r['class']] += 1
    lines.append('%-12s' % 'fault' + ''.join('%15s' % c for c in classes))
    for f in sorted(by_fault):
        lines.append('%-12s' % f + ''.join('%15d' % by_fault[f][c] for c in classes))
    tot = {c: sum(by_fault[f][c] for f in by_fault) for c in classes}
    lines.append('%-12s' % 'total' + ''.join('%15d' % tot[c] for c in classes))
    fired = [r for r in results if r.get('fired') is not None]
    if fired:
        lines.append('faults known to have fired: %d of %d checkable' %
                     (sum(1 for r in fired if r['fired']), len(fired)))
    restored = [r for r in results if 'restore' in r]
    if restored:
        lines.append('runs stopped between erase and program, restored from the rescue file'
                     ' the log names: %d (restore ok: %d, rerun ok after it: %d)' %
                     (len(restored), sum(1 for r in restored if r['restore'] == 'ok'),
                      sum(1 for r in restored if r.get('rerun') == 'ok')))
    bad = [r for r in results if r['class'] in FAILURES or r['class'] == 'BOARD']
    for r in bad:
        cls = r['class'] + (' (would be %s)' % r['verdict'] if 'verdict' in r else '')
        lines.append('FAIL seed %d: %s: %s %s' % (r['seed'], cls, r['case'],
                                                r.get('why') or r.get('rerun_error') or r.get('error', '')))
    return '\n'.join(lines), len(bad)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--cases', type=int, default=20, help='number of seeds (default 20)')
    ap.add_argument('--first', type=int, default=1, help='first seed (default 1)')
    ap.add_argument('--replay', type=int, action='append', help='run this seed (repeatable)')
    ap.add_argument('--jobs', type=int, default=1, help='cases run at once (default 1)')
    ap.add_argument('--out', default=os.path.join(BUILD, 'campaign'), help='results folder')
    ap.add_argument('--keep', action='store_true', help='keep every case folder')
    ap.add_argument('--list', action='store_true', help='print the cases, run nothing')
    a = ap.parse_args()
    seeds = a.replay or list(range(a.first, a.first + a.cases))
    # OpenOCD runs in the case's folder: every path it is given is absolute
    a.out = os.path.abspath(a.out)
    if a.list:
        for s in seeds:
            print('seed %d: %s' % (s, Case(s).describe()))
        return 0
    for f in (OPENOCD, VBOARD, os.path.join(VJLINK, 'libjaylink.so.0')):
        if not os.path.exists(f):
            print('campaign: missing %s: run make' % f, file=sys.stderr)
            return 2
    os.makedirs(a.out, exist_ok=True)
    results = []
    resp = os.path.join(a.out, 'results.jsonl')
    with open(resp, 'w') as rf:
        if a.jobs > 1:
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor(a.jobs) as ex:
                for r in ex.map(lambda s: run_case(s, a.out, a.keep), seeds):
                    results.append(r)
                    rf.write(json.dumps(r) + '\n')
                    rf.flush()
                    print('seed %d: %s (%s)' % (r['seed'], r['class'], r['case']), flush=True)
        else:
            for s in seeds:
                r = run_case(s, a.out, a.keep)
                results.append(r)
                rf.write(json.dumps(r) + '\n')
                rf.flush()
                print('seed %d: %s (%s)' % (r['seed'], r['class'], r['case']), flush=True)
    text, nbad = summary(results)
    with open(os.path.join(a.out, 'summary.txt'), 'w') as f:
        f.write(text + '\n')
    print(text)
    return 1 if nbad else 0


if __name__ == '__main__':
    sys.exit(main())
