# SPDX-License-Identifier: GPL-2.0-or-later
"""Drive OpenOCD's telnet server through the real `telnet` client.

    telnet_drive.py PORT OUTDIR FIRST CMD...

Starts `telnet 127.0.0.1 PORT` on a pseudo-terminal, waits for OpenOCD's
prompt, then types each CMD as a user would.  After each command it types
`echo @@end-N@@` and waits for that line to come back: OpenOCD runs the lines
of one connection in order, so everything between the command's echo and the
mark is that command's output.  A CMD may start with "@T=SECONDS " to give it
a longer time limit than the default 60 s.

The output of command N (numbered from FIRST) goes to OUTDIR/N.out, with
carriage returns and the echoed command line removed; OUTDIR/session.raw holds
the whole raw transcript.  Standard output shows each command with the first
lines of its output.  Ends the session with `exit`.  Exit status 0 when
every command came back in time, 2 on a timeout, 3 if telnet or OpenOCD went
away.
"""
import os
import pty
import re
import select
import subprocess
import sys
import time

PROMPT_WAIT = 20.0
DEFAULT_WAIT = float(os.environ.get("TN_WAIT", "60"))
SHOW_LINES = 25


class Session:
    def __init__(self, port, raw_path):
        master, slave = pty.openpty()
        self.proc = subprocess.Popen(["telnet", "127.0.0.1", str(port)], stdin=slave,
                                     stdout=slave, stderr=slave, close_fds=True,
                                     start_new_session=True)
        os.close(slave)
        self.fd = master
        self.buf = b""
        self.raw = open(raw_path, "wb")

    def read_until(self, pattern, limit):
        """Read until regex pattern (bytes) matches self.buf; return the match."""
        rx = re.compile(pattern, re.M)
        end = time.monotonic() + limit
        while True:
            m = rx.search(self.buf)
            if m:
                return m
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError(pattern)
            r, _, _ = select.select([self.fd], [], [], min(left, 1.0))
            if not r:
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                data = b""
            if not data:
                raise EOFError(pattern)
            self.raw.write(data)
            self.raw.flush()
            self.buf += data.replace(b"\0", b"")

    def send(self, line):
        os.write(self.fd, line.encode() + b"\r")

    def close(self):
        try:
            self.send("exit")
            end = time.monotonic() + 5
            while time.monotonic() < end and self.proc.poll() is None:
                r, _, _ = select.select([self.fd], [], [], 0.2)
                if r:
                    try:
                        data = os.read(self.fd, 65536)
                    except OSError:
                        break
                    self.raw.write(data)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            self.raw.close()
            os.close(self.fd)


def clean(text):
    """Carriage returns out; backspace redraws resolved line by line."""
    out = []
    for line in text.replace("\r\n", "\n").replace("\r", "").split("\n"):
        chars = []
        for c in line:
            if c == "\b":
                if chars:
                    chars.pop()
            else:
                chars.append(c)
        out.append("".join(chars).rstrip())
    return "\n".join(out)


def main():
    port, outdir, first = sys.argv[1], sys.argv[2], int(sys.argv[3])
    cmds = sys.argv[4:]
    os.makedirs(outdir, exist_ok=True)
    s = Session(port, os.path.join(outdir, "session.raw"))
    status = 0
    try:
        s.read_until(rb"(^|\r)> ", PROMPT_WAIT)
        for i, cmd in enumerate(cmds, first):
            wait = DEFAULT_WAIT
            m = re.match(r"@T=(\d+) (.*)", cmd)
            if m:
                wait, cmd = float(m.group(1)), m.group(2)
            start = len(s.buf)
            mark = "@@end-%d@@" % i
            s.send(cmd)
            s.send("echo " + mark)
            try:
                m = s.read_until(rb"(^|\r)" + mark.encode() + rb"\r?$", wait)
            except TimeoutError:
                print("telnet_drive: no answer to '%s' within %d s" % (cmd, wait))
                status = 2
                break
            text = clean(s.buf[start:m.start()].decode("utf-8", "replace"))
            lines = text.split("\n")
            # drop the command's echo and the mark's own echo
            while lines and not lines[0]:
                lines = lines[1:]
            if lines and lines[0].lstrip("> ") == cmd:
                lines = lines[1:]
            lines = [ln for ln in lines if not ln.endswith("echo " + mark)]
            with open(os.path.join(outdir, "%d.out" % i), "w") as f:
                f.write("\n".join(lines).strip("\n") + "\n")
            print("[%d] > %s" % (i, cmd))
            shown = [ln for ln in lines if ln]
            for ln in shown[:SHOW_LINES]:
                print("    " + ln)
            if len(shown) > SHOW_LINES:
                print("    ... %d more lines in %d.out" % (len(shown) - SHOW_LINES, i))
    except (TimeoutError, EOFError) as e:
        print("telnet_drive: %s waiting for %s" % (type(e).__name__, e))
        status = 3 if isinstance(e, EOFError) else 2
    finally:
        s.close()
    sys.exit(status)


if __name__ == "__main__":
    main()
