// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboard: the virtual STM32H753 + W25Q01JV board process.
 *
 * Runs in the foreground until SIGINT/SIGTERM.  A virtual J-Link (the
 * libjaylink.so.0 in build/lib/vjlink) connects to it over a Unix socket (or
 * 127.0.0.1 TCP); debugger sessions come and go while the board keeps its
 * state and keeps running its firmware, like a powered board.
 */

#define _GNU_SOURCE	/* ppoll */

#include "board.h"
#include "common/timing.h"
#include "proto/vbio.h"
#include "proto/vbproto.h"

#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t sig_stop, sig_stats, sig_power;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		sig_stats = 1;
	else if (sig == SIGHUP)
		sig_power = 1;
	else
		sig_stop = 1;
}

static void usage(FILE *f)
{
	char class_list[512];
	size_t n = 0;
	const struct probe_class *pc;

	class_list[0] = 0;
	for (unsigned int i = 0; (pc = probe_class_at(i)); i++)
		n += snprintf(class_list + n, sizeof(class_list) - n, "%26s%-9s %s%s\n", "",
			pc->name, pc->what, i ? "" : " (default)");
	fprintf(f,
"Usage: vboard --state DIR [options]\n"
"\n"
"A virtual STM32H753 board with a W25Q01JV on QUADSPI, for OpenOCD through the\n"
"virtual J-Link (LD_LIBRARY_PATH=build/lib/vjlink).  Runs until SIGINT/SIGTERM.\n"
"\n"
"State (kept in DIR across restarts):\n"
"  DIR/flash.bin    internal flash, 2 MiB (bank 1 then bank 2), erased if absent\n"
"  DIR/qspi.bin     W25Q01JV contents in linear order (die 0 then die 1)\n"
"  DIR/stats.json   counters; written on exit, on SIGUSR1 and when a probe\n"
"                   session ends\n"
"Signals: SIGUSR1 writes stats.json; SIGHUP power-cycles the board (volatile\n"
"state of chip, core and peripherals lost; flash contents kept).  Restarting\n"
"vboard is a power cycle too.\n"
"\n"
"Options:\n"
"  --state DIR             state directory (required; created if missing)\n"
"  --socket PATH|tcp:PORT  where the virtual J-Link connects (default: env\n"
"                          VBOARD_SOCKET, else " VBOARD_SOCKET_DEFAULT ");\n"
"                          tcp listens on 127.0.0.1 only\n"
"  --flash-image FILE[@OFF]  program FILE into internal flash at offset OFF\n"
"                          (default 0) at start-up, as a factory would\n"
"  --probe-class NAME      the J-Link presented: free memory it reports and\n"
"                          enforces (a jaylink_swd_io() request needing as much\n"
"                          or more fails with JAYLINK_ERR_DEV_NO_MEMORY, nothing\n"
"                          clocked), SWD clock limit, USB cost per round trip\n"
"                          and per byte (vjlink/probe_class.h, timing.h):\n"
"%s"
"  --probe-latency-us N    virtual cost of one probe round trip (default: the\n"
"                          class's; TIMING_USB_HS_ROUND_TRIP_NS = %llu for base)\n"
"  --probe-wait-retries N  WAIT retries per transfer of a probe whose firmware\n"
"                          retries WAIT itself (ST-LINK; default the model's,\n"
"                          TIMING_STLINK_WAIT_RETRIES = %u); past them the probe\n"
"                          reports the WAIT to the debugger\n"
"  --free-run-speed F      with no debugger attached, virtual time runs at most\n"
"                          F times wall time (default 1; 0 = as fast as possible)\n"
"  --boot-us T             before serving the probe socket, run the board for T us\n"
"                          of virtual time, unpaced (as if powered that long before\n"
"                          a debugger is plugged in); stops early when nothing can\n"
"                          happen any more (default 0)\n"
"  --real-time SPEED       virtual time never runs ahead of SPEED x the wall time\n"
"                          since the probe connected (1 = true real time; match\n"
"                          the debugger's clock acceleration, e.g. faketime x100):\n"
"                          busy polls no longer fast-forward past the wall clock,\n"
"                          so flash waits take their modeled time and the\n"
"                          debugger's own timeouts can fire; also sets\n"
"                          --free-run-speed (default off: fast-forward)\n"
"  --no-joint-ff           for experiments only: no joint host-and-core\n"
"                          fast-forward (by default, while the debugger only\n"
"                          polls and the core is in a proven poll loop on a busy\n"
"                          flash, the clock jumps to just before the flash's\n"
"                          next change; testing/README.md)\n"
"\n"
"Debug port and fault injection:\n"
"  --ap-wait-rate R        fraction (0..1) of new AP transactions answered WAIT\n"
"  --ap-wait-burst N       WAITs in a row for such a transaction (default %u)\n"
"  --seed N                seed of every seeded draw: AP WAIT injection, flash\n"
"                          jitter, die skew and die last, the wrong bits of\n"
"                          over-clocked reads (default %llu)\n"
"  --packed-transfers      AP0 supports packed 8/16-bit transfers (default off)\n"
"  --usb-error-at N        the Nth probe round trip (1-based, counted from board\n"
"                          start) fails with a USB error; may be repeated\n"
"  --bus-stall ADDR:LEN[@FROM_US[:TO_US]]\n"
"                          bus accesses to [ADDR, ADDR+LEN) hang (never complete)\n"
"                          from virtual time FROM (default 0) until TO (default\n"
"                          forever): the AP then answers WAIT, through\n"
"                          ABORT.DAPABORT, until a system reset (nRESET from the\n"
"                          probe) or a power cycle\n"
"  --bus-slow ADDR:LEN:NS  bus accesses to [ADDR, ADDR+LEN) take NS ns longer (a\n"
"                          slow device: its AP transfers keep the AP busy)\n"
"  --busy-waits adiv5|ap   which requests the DP answers WAIT while the AP is\n"
"                          busy (a transfer or an injected WAIT burst): adiv5\n"
"                          (default) every one ADIv5 allows, all but DPIDR and\n"
"                          CTRL/STAT reads and ABORT writes (SELECT writes and\n"
"                          RDBUFF reads too, each a try of an injected burst);\n"
"                          ap: only AP accesses and RDBUFF reads, a burst\n"
"                          counting AP accesses only\n"
"  --dapabort-frees-stall  ABORT.DAPABORT frees an AP whose transfer hung\n"
"                          (default: it does not; the AHB has no abort)\n"
"  --wdata-error-after-wait N\n"
"                          line fault: the first N AP writes accepted right\n"
"                          after an injected WAIT burst arrive with a data\n"
"                          parity error, so the DP drops them and sets WDATAERR\n"
"                          (default 0: off)\n"
"  --power-loss-at-us T    cut the supply at virtual time T (an interrupted flash\n"
"                          program/erase stays partly done), then power up again\n"
"\n"
"Both flashes:\n"
"  --flash-timing typ|max|jitter\n"
"                          program/erase times of the internal flash and the\n"
"                          W25Q: typical, maximum, or each operation drawn\n"
"                          from typ + (max - typ) * u^4, u uniform in [0, 1)\n"
"                          from --seed (default jitter: mostly near typical, a\n"
"                          long tail towards the maximum; common/timing.h)\n"
"\n"
"QSPI flash:\n"
"  --chip PART             w25q01jv-iq (default, EF4021), w25q01jv-im (EF7021),\n"
"                          w25q512jv-iq (EF4020), w25q512jv-im (EF7020),\n"
"                          mx25l51245g (C2201A: Macronix, one 64 MiB die; opcodes\n"
"                          with a Winbond-only meaning, C2h 35h 15h 31h 11h 3Dh\n"
"                          36h 39h 7Eh 98h 38h C0h C5h C8h 7Ah 50h, are ignored\n"
"                          and counted in qspi_winbond_only_commands), none\n"
"  --die-skew-us [MIN:]MAX both-die commands (status write, chip erase): the\n"
"                          last die finishes a skew drawn from [MIN, MAX] us\n"
"                          after the other (default %llu:%llu)\n"
"  --die-last 0|1|random   which die finishes last (default random, drawn per\n"
"                          command from --seed)\n"
"  --no-clock-limits       for experiments only: the chip reads right at any\n"
"                          SCLK.  Default: above an instruction's limit (0Bh/0Ch\n"
"                          and others 103 MHz, dual 80 (IM 90), quad 104, DTR\n"
"                          66) the data it drives has wrong bits (seeded),\n"
"                          counted in qspi_overclocked_reads\n"
"  --no-fr-limit           for experiments only: Read Data 03h/13h read right up\n"
"                          to the 103 MHz of the other instructions (default:\n"
"                          their fR limit, 50 MHz)\n"
"  --float-level 1|0|hold  level of an IO line nobody drives: pulled up,\n"
"                          pulled down (harsher: a silent chip reads as ready,\n"
"                          ID 000000), or the last level driven (default %s)\n"
"  --chip-start standby|dpd\n"
"                          chip state when the board starts: standby (default)\n"
"                          or deep power-down, as left by firmware that sent\n"
"                          B9h before the debugger came (a power cycle\n"
"                          (SIGHUP) wakes it, as on silicon)\n"
"  --die-select-broken     C2h is accepted but never changes the active die\n"
"  --read-wraps-in-die / --read-crosses-dies\n"
"                          a read crossing 0x04000000 wraps inside the die, or\n"
"                          goes on linearly (reference w25q01jv.md 4: unsettled)\n"
"  --no-mm-erratum         memory-mapped reads of the last bytes of the FSIZE\n"
"                          region do not hang the bus (default: they do)\n"
"  --mm-erratum-bytes N    size of that window (default %u)\n"
"  --qspi-wiring SIG=PXn:AF[,...]\n"
"                          flash 1 wiring, SIG one of CLK NCS IO0 IO1 IO2 IO3;\n"
"                          default CLK=PB2:9,NCS=PB6:10,IO0=PD11:9,IO1=PD12:9,\n"
"                          IO2=PE2:9,IO3=PD13:9\n"
"  --chip-jedec HEX        bad input: 9Fh answers these 3 bytes (e.g. 000000,\n"
"                          ffffff) instead of the part's JEDEC ID (default off)\n"
"  --chip-sfdp-garbage     bad input: SFDP (5Ah) reads pseudo-random bytes from\n"
"                          --seed, no signature (default off: the part's table)\n"
"  --chip-stuck-busy N     a die hangs BUSY until power is cycled (a software\n"
"                          reset does not free it): N = 0 die 0 from power-up,\n"
"                          N >= 1 the Nth program/erase/status-register write\n"
"                          started on a die after power-up (default off)\n"
"\n"
"  -v, --verbose           log board events to stderr\n"
"  -h, --help              this text\n",
		class_list, (unsigned long long)(TIMING_USB_HS_ROUND_TRIP_NS / 1000),
		TIMING_STLINK_WAIT_RETRIES, 1u, 1ULL,
		(unsigned long long)(TIMING_W25Q_DIE_SKEW_MIN_NS / 1000),
		(unsigned long long)(TIMING_W25Q_DIE_SKEW_NS / 1000),
		SPI_IO_FLOAT_DEFAULT == SPI_IO_FLOAT_HOLD ? "hold" : SPI_IO_FLOAT_DEFAULT ? "1" : "0",
		TIMING_QSPI_MM_ERRATUM_BYTES);
}

static int parse_wiring(struct board_config *cfg, const char *spec)
{
	static const char *const names[SIG_COUNT] = { "CLK", "NCS", "IO0", "IO1", "IO2", "IO3" };
	char buf[256], *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char sig[8], port;
		unsigned int pin, af;
		int s;

		if (sscanf(tok, "%7[A-Z0-9]=P%c%u:%u", sig, &port, &pin, &af) != 4 ||
				port < 'A' || port > 'K' || pin > 15 || af > 15)
			goto bad;
		for (s = 0; s < SIG_COUNT && strcmp(sig, names[s]); s++)
			;
		if (s == SIG_COUNT)
			goto bad;
		cfg->wiring[s] = (struct board_pin){ port, pin, af };
		continue;
bad:
		fprintf(stderr, "vboard: --qspi-wiring: cannot parse '%s' (want e.g. CLK=PB2:9)\n", tok);
		return -1;
	}
	return 0;
}

static int parse_chip(struct board_config *cfg, const char *s)
{
	if (!strcmp(s, "none"))
		cfg->chip_present = false;
	else if (!strcmp(s, "w25q01jv-iq"))
		cfg->chip.part = W25Q01JV_IQ;
	else if (!strcmp(s, "w25q01jv-im"))
		cfg->chip.part = W25Q01JV_IM;
	else if (!strcmp(s, "w25q512jv-iq"))
		cfg->chip.part = W25Q512JV_IQ;
	else if (!strcmp(s, "w25q512jv-im"))
		cfg->chip.part = W25Q512JV_IM;
	else if (!strcmp(s, "mx25l51245g"))
		cfg->chip.part = MX25L51245G;
	else {
		fprintf(stderr, "vboard: --chip %s: unknown part (see --help)\n", s);
		return -1;
	}
	return 0;
}

static int parse_u64(const char *opt, const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno || end == s || *end) {
		fprintf(stderr, "vboard: %s: '%s' is not a number\n", opt, s);
		return -1;
	}
	return 0;
}

/* --die-skew-us MAX or MIN:MAX */
static int parse_skew(struct board_config *cfg, const char *s)
{
	unsigned long long lo, hi;
	char tail;
	int n = sscanf(s, "%llu:%llu%c", &lo, &hi, &tail);

	if (n == 1 && sscanf(s, "%llu%c", &hi, &tail) == 1) {
		lo = hi;
	} else if (n != 2 || lo > hi) {
		fprintf(stderr, "vboard: --die-skew-us %s: want MAX or MIN:MAX (us, MIN <= MAX)\n", s);
		return -1;
	}
	if (hi > 1000000000ULL) {
		fprintf(stderr, "vboard: --die-skew-us %s: at most 1000000000 us\n", s);
		return -1;
	}
	cfg->chip.die_skew_min_ns = lo * 1000;
	cfg->chip.die_skew_ns = hi * 1000;
	return 0;
}

static int parse_stall(struct bus *b, const char *s)
{
	unsigned long long addr, len, from = 0, to = 0;
	int n = sscanf(s, "%lli:%lli@%llu:%llu", &addr, &len, &from, &to);

	if (n < 2 || len == 0 || addr > 0xffffffffULL) {
		fprintf(stderr, "vboard: --bus-stall %s: want ADDR:LEN[@FROM_US[:TO_US]]\n", s);
		return -1;
	}
	b->stall_base = addr;
	b->stall_size = len;
	b->stall_from = from * 1000ULL;
	b->stall_until = n == 4 ? to * 1000ULL : VCLOCK_NEVER;
	return 0;
}

static int parse_slow(struct bus *b, const char *s)
{
	unsigned long long addr, len, ns;
	char end;

	if (sscanf(s, "%lli:%lli:%llu%c", &addr, &len, &ns, &end) != 3 || len == 0 ||
		addr > 0xffffffffULL || len > 0x100000000ULL - addr || ns > 1000000000ULL) {
		fprintf(stderr, "vboard: --bus-slow %s: want ADDR:LEN:NS (NS at most 1000000000)\n",
			s);
		return -1;
	}
	b->slow_base = addr;
	b->slow_size = len;
	b->slow_ns = ns;
	return 0;
}

/* ---- socket server --------------------------------------------------------- */

static int listen_on(const char *spec, char *unix_path, size_t unix_path_len)
{
	int fd;

	unix_path[0] = 0;
	if (!strncmp(spec, "tcp:", 4)) {
		struct sockaddr_in sa = { .sin_family = AF_INET };
		unsigned long port = strtoul(spec + 4, NULL, 10);
		int one = 1;

		if (!port || port > 65535) {
			fprintf(stderr, "vboard: bad socket '%s' (want tcp:PORT)\n", spec);
			return -1;
		}
		sa.sin_port = htons(port);
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);	/* 127.0.0.1 only */
		fd = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 4)) {
			fprintf(stderr, "vboard: cannot listen on 127.0.0.1:%lu: %s\n", port, strerror(errno));
			return -1;
		}
	} else {
		struct sockaddr_un sa = { .sun_family = AF_UNIX };

		if (strlen(spec) >= sizeof(sa.sun_path)) {
			fprintf(stderr, "vboard: socket path too long: %s\n", spec);
			return -1;
		}
		strcpy(sa.sun_path, spec);
		unlink(spec);
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 4)) {
			fprintf(stderr, "vboard: cannot listen on %s: %s\n", spec, strerror(errno));
			return -1;
		}
		snprintf(unix_path, unix_path_len, "%s", spec);
	}
	return fd;
}

/* FNV-1a; the joint fast-forward compares requests and answers by it. */
static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const uint8_t *s = p;

	while (n--) {
		h ^= *s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define HASH_INIT 0xcbf29ce484222325ULL

static uint64_t last_reply_hash;	/* of the last answer sent */

static int reply(int fd, uint32_t type, int32_t status, const void *payload, uint32_t len)
{
	struct vbp_hdr h = { .type = type | VBP_RESPONSE, .len = 4 + len };

	last_reply_hash = hash_bytes(hash_bytes(hash_bytes(HASH_INIT, &type, 4), &status, 4),
			payload, len);

	if (vbio_send_full(fd, &h, sizeof(h)) || vbio_send_full(fd, &status, 4))
		return -1;
	return len ? vbio_send_full(fd, payload, len) : 0;
}

static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool injected_usb_error(struct board *b)
{
	for (unsigned int i = 0; i < b->cfg.n_usb_error_at; i++)
		if (b->cfg.usb_error_at[i] == b->stats.probe_round_trips)
			return true;
	return false;
}

/* USB time of n bytes on the probe's link. */
static uint64_t usb_bytes_ns(const struct board *b, size_t n)
{
	return (uint64_t)n * b->cfg.probe->byte_ns;
}

/*
 * One USB command for a probe whose firmware the board models: the probe's
 * own USB cost (half before the command acts, half after), the firmware
 * clocks the wire meanwhile.
 */
static int serve_fw_command(struct board *b, int fd, const uint8_t *buf, uint32_t len,
		uint8_t *out)
{
	const struct probe_fw_ops *ops = NULL;
	void *fw;
	uint64_t half;
	int n;

	if (len < 4 || !(fw = board_probe_fw(b, rd32(buf), &ops))) {
		fprintf(stderr, "vboard: probe firmware command of %u bytes for an unknown probe\n",
			len);
		return reply(fd, VBP_FW_CMD, VBP_E_PROTO, NULL, 0);
	}
	half = ops->round_trip_ns / 2;
	board_run_until(b, b->clk.now + half + (uint64_t)(sizeof(struct vbp_hdr) + len) * ops->byte_ns);
	if (injected_usb_error(b)) {
		b->stats.probe_usb_errors++;
		fprintf(stderr, "vboard: injecting a USB error on probe round trip %llu\n",
			(unsigned long long)b->stats.probe_round_trips);
		board_run_until(b, b->clk.now + half);
		return reply(fd, VBP_FW_CMD, VBP_E_USB, NULL, 0);
	}
	n = ops->command(fw, buf + 4, len - 4, out, VBP_MAX_PAYLOAD);
	if (n < 0) {
		fprintf(stderr, "vboard: %s: malformed command (%u bytes)\n", ops->name, len - 4);
		board_run_until(b, b->clk.now + half);
		return reply(fd, VBP_FW_CMD, VBP_E_PROTO, NULL, 0);
	}
	board_run_until(b, b->clk.now + half + (uint64_t)n * ops->byte_ns);
	return reply(fd, VBP_FW_CMD, VBP_OK, out, n);
}

static int serve_one(struct board *b, int fd, uint8_t *buf, const struct vbp_hdr *hp);

/*
 * One request: charge the round trip, act, answer.  -1 ends the session.
 * A host that only polls a core looping on a busy flash may have the clock
 * jump first (board_joint_ff).
 */
static int serve_request(struct board *b, int fd, uint8_t *buf)
{
	struct vbp_hdr h;
	uint64_t req, writes;
	int ret;

	if (vbio_recv_full(fd, &h, sizeof(h)))
		return -1;
	if (h.len > VBP_MAX_PAYLOAD) {
		fprintf(stderr, "vboard: probe request of %u bytes refused\n", h.len);
		return -1;
	}
	if (h.len && vbio_recv_full(fd, buf, h.len))
		return -1;
	if (h.type == VBP_HELLO)
		return serve_one(b, fd, buf, &h);
	req = hash_bytes(hash_bytes(HASH_INIT, &h, sizeof(h)), buf, h.len);
	writes = board_debug_writes(b);
	board_joint_ff(b, req);
	ret = serve_one(b, fd, buf, &h);
	board_host_done(b, req, last_reply_hash, writes);
	return ret;
}

static int serve_one(struct board *b, int fd, uint8_t *buf, const struct vbp_hdr *hp)
{
	struct vbp_hdr h = *hp;
	uint64_t half = b->cfg.probe_latency_ns / 2;
	static uint8_t in[VBP_MAX_PAYLOAD];

	if (h.type == VBP_HELLO) {
		/* Discovery and session set-up: USB enumeration, no probe transfer. */
		struct vbp_hello_resp r = { .version = VBP_VERSION, .serial = 123456 };

		snprintf(r.product, sizeof(r.product), "J-Link (virtual)");
		return reply(fd, h.type, VBP_OK, &r, sizeof(r));
	}
	b->stats.probe_round_trips++;
	/* Real time: the wall time since the last request has passed here too. */
	board_rt_catch_up(b, TIMING_RT_CATCH_UP_WALL_NS);
	if (h.type == VBP_FW_CMD)
		return serve_fw_command(b, fd, buf, h.len, in);
	/* The request travels to the probe: the world moves on meanwhile. */
	board_run_until(b, b->clk.now + half + usb_bytes_ns(b, sizeof(h) + h.len));
	if (injected_usb_error(b)) {
		b->stats.probe_usb_errors++;
		fprintf(stderr, "vboard: injecting a USB error on probe round trip %llu\n",
			(unsigned long long)b->stats.probe_round_trips);
		board_run_until(b, b->clk.now + half);
		return reply(fd, h.type, VBP_E_USB, NULL, 0);
	}

	switch (h.type) {
	case VBP_SWD_IO: {
		unsigned int nbits, nbytes;

		if (h.len < 4)
			goto proto;
		nbits = buf[0] | buf[1] << 8;
		nbytes = (nbits + 7) / 8;
		if (h.len < 4 + 2 * nbytes)
			goto proto;
		if (!probe_swd_io_fits(b->cfg.probe->free_memory, nbits)) {
			/* Status 0x06 after the (undefined) input bytes; nothing clocked. */
			b->stats.probe_no_memory++;
			if (b->cfg.verbose)
				fprintf(stderr, "vboard: SWD I/O of %u bits needs %u bytes, probe "
					"has %u free: no memory\n", nbits, probe_swd_io_need(nbits),
					b->cfg.probe->free_memory);
			board_run_until(b, b->clk.now + half + usb_bytes_ns(b, nbytes + 1));
			return reply(fd, h.type, VBP_E_NO_MEMORY, NULL, 0);
		}
		memset(in, 0, nbytes);
		board_swd_io(b, nbits, buf + 4, buf + 4 + nbytes, in);
		board_run_until(b, b->clk.now + half + usb_bytes_ns(b, nbytes + 1));
		return reply(fd, h.type, VBP_OK, in, nbytes);
	}
	case VBP_PROBE_INFO: {
		struct vbp_probe_info_resp r = { .free_memory = b->cfg.probe->free_memory,
			.base_freq_hz = b->cfg.probe->base_freq_hz, .min_div = b->cfg.probe->min_div,
			.high_speed = b->cfg.probe->high_speed };

		board_run_until(b, b->clk.now + half + usb_bytes_ns(b, sizeof(r)));
		return reply(fd, h.type, VBP_OK, &r, sizeof(r));
	}
	case VBP_SET_SPEED:
		if (h.len < 4)
			goto proto;
		board_set_swd_khz(b, rd32(buf));
		break;
	case VBP_SET_RESET:
		if (h.len < 4)
			goto proto;
		board_set_nreset(b, rd32(buf) == 0);
		break;
	case VBP_SET_TARGET_POWER:
		/* The board has its own supply; the probe's 5 V pin changes nothing. */
		break;
	case VBP_GET_STATUS: {
		struct vbp_status_resp r = { .target_mv = 3300, .tres = !b->nreset_low,
			.tck = 0, .tdi = 1, .tdo = 1, .tms = 1, .trst = 1 };

		board_run_until(b, b->clk.now + half);
		return reply(fd, h.type, VBP_OK, &r, sizeof(r));
	}
	case VBP_NOP:
		break;
	default:
		goto proto;
	}
	board_run_until(b, b->clk.now + half);
	return reply(fd, h.type, VBP_OK, NULL, 0);
proto:
	fprintf(stderr, "vboard: malformed probe request (type %u, %u bytes)\n", h.type, h.len);
	board_run_until(b, b->clk.now + half);
	return reply(fd, h.type, VBP_E_PROTO, NULL, 0);
}

/* The previous probe connection has been closed by its peer (a discovery
 * scan connects and disconnects before the session connects). */
static bool peer_closed(int fd)
{
	char c;
	ssize_t n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);

	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

/* Virtual time's link to wall time starts again here (free-run pacing and,
 * in real-time mode, the clock's own bound). */
static void anchor(struct board *b, uint64_t *wall0, uint64_t *virt0)
{
	*wall0 = board_wall_ns();
	*virt0 = b->clk.now;
	if (b->cfg.real_time > 0)
		vclock_rt_start(&b->clk, b->cfg.real_time, *wall0);
}

static void end_session(struct board *b, int *cfd, uint64_t *wall0, uint64_t *virt0)
{
	close(*cfd);
	*cfd = -1;
	board_write_stats(b);
	anchor(b, wall0, virt0);
	if (b->cfg.verbose)
		fprintf(stderr, "vboard: probe disconnected\n");
}

int main(int argc, char **argv)
{
	enum { O_SOCKET = 256, O_FLASH_IMAGE, O_LATENCY, O_FREE_RUN, O_WAIT_RATE, O_WAIT_BURST,
		O_SEED, O_PACKED, O_USB_ERR, O_STALL, O_POWER_LOSS, O_FLASH_TIMING, O_CHIP,
		O_SKEW, O_WRAPS, O_CROSSES, O_NO_ERRATUM, O_WIRING, O_DIE_LAST, O_NO_CLOCK_LIMITS,
		O_FLOAT, O_CHIP_START, O_DIE_BROKEN, O_ERRATUM_BYTES, O_BOOT,
		O_REAL_TIME, O_STUCK_BUSY, O_PROBE_CLASS, O_DAPABORT_FREES, O_FR_LIMIT,
		O_FW_WAIT_RETRIES, O_CHIP_JEDEC, O_SFDP_GARBAGE, O_WDATA_ERR, O_NO_JOINT_FF,
		O_BUS_SLOW, O_BUSY_WAITS };
	static const struct option opts[] = {
		{ "state", required_argument, NULL, 's' },
		{ "socket", required_argument, NULL, O_SOCKET },
		{ "flash-image", required_argument, NULL, O_FLASH_IMAGE },
		{ "probe-class", required_argument, NULL, O_PROBE_CLASS },
		{ "probe-latency-us", required_argument, NULL, O_LATENCY },
		{ "probe-wait-retries", required_argument, NULL, O_FW_WAIT_RETRIES },
		{ "free-run-speed", required_argument, NULL, O_FREE_RUN },
		{ "boot-us", required_argument, NULL, O_BOOT },
		{ "real-time", required_argument, NULL, O_REAL_TIME },
		{ "no-joint-ff", no_argument, NULL, O_NO_JOINT_FF },
		{ "ap-wait-rate", required_argument, NULL, O_WAIT_RATE },
		{ "ap-wait-burst", required_argument, NULL, O_WAIT_BURST },
		{ "seed", required_argument, NULL, O_SEED },
		{ "packed-transfers", no_argument, NULL, O_PACKED },
		{ "usb-error-at", required_argument, NULL, O_USB_ERR },
		{ "bus-stall", required_argument, NULL, O_STALL },
		{ "dapabort-frees-stall", no_argument, NULL, O_DAPABORT_FREES },
		{ "bus-slow", required_argument, NULL, O_BUS_SLOW },
		{ "busy-waits", required_argument, NULL, O_BUSY_WAITS },
		{ "wdata-error-after-wait", required_argument, NULL, O_WDATA_ERR },
		{ "power-loss-at-us", required_argument, NULL, O_POWER_LOSS },
		{ "flash-timing", required_argument, NULL, O_FLASH_TIMING },
		{ "chip", required_argument, NULL, O_CHIP },
		{ "die-skew-us", required_argument, NULL, O_SKEW },
		{ "read-wraps-in-die", no_argument, NULL, O_WRAPS },
		{ "read-crosses-dies", no_argument, NULL, O_CROSSES },
		{ "no-mm-erratum", no_argument, NULL, O_NO_ERRATUM },
		{ "qspi-wiring", required_argument, NULL, O_WIRING },
		{ "die-last", required_argument, NULL, O_DIE_LAST },
		{ "no-clock-limits", no_argument, NULL, O_NO_CLOCK_LIMITS },
		{ "no-fr-limit", no_argument, NULL, O_FR_LIMIT },
		{ "float-level", required_argument, NULL, O_FLOAT },
		{ "chip-start", required_argument, NULL, O_CHIP_START },
		{ "die-select-broken", no_argument, NULL, O_DIE_BROKEN },
		{ "mm-erratum-bytes", required_argument, NULL, O_ERRATUM_BYTES },
		{ "chip-stuck-busy", required_argument, NULL, O_STUCK_BUSY },
		{ "chip-jedec", required_argument, NULL, O_CHIP_JEDEC },
		{ "chip-sfdp-garbage", no_argument, NULL, O_SFDP_GARBAGE },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct board_config cfg;
	const char *sock = getenv("VBOARD_SOCKET");
	const char *images[8];
	const char *stall = NULL, *slow = NULL;
	bool chip_dpd = false;
	bool latency_set = false;
	unsigned int nimages = 0;
	char unix_path[256];
	struct board *b;
	int lfd, cfd = -1, opt;
	uint64_t v, boot_ns = 0;
	static uint8_t buf[VBP_MAX_PAYLOAD];
	struct sigaction sa = { .sa_handler = on_signal };

	board_config_defaults(&cfg);
	if (!sock || !*sock)
		sock = VBOARD_SOCKET_DEFAULT;
	while ((opt = getopt_long(argc, argv, "s:vh", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			cfg.state_dir = optarg;
			break;
		case O_SOCKET:
			sock = optarg;
			break;
		case O_FLASH_IMAGE:
			if (nimages == 8) {
				fprintf(stderr, "vboard: at most 8 --flash-image options\n");
				return 2;
			}
			images[nimages++] = optarg;
			break;
		case O_LATENCY:
			if (parse_u64("--probe-latency-us", optarg, &v))
				return 2;
			cfg.probe_latency_ns = v * 1000;
			latency_set = true;
			break;
		case O_PROBE_CLASS:
			cfg.probe = probe_class_find(optarg);
			if (!cfg.probe) {
				fprintf(stderr, "vboard: --probe-class %s: unknown class (see --help)\n",
					optarg);
				return 2;
			}
			break;
		case O_DAPABORT_FREES:
			cfg.swd.dapabort_frees_stall = true;
			break;
		case O_BUS_SLOW:
			slow = optarg;
			break;
		case O_BUSY_WAITS:
			if (!strcmp(optarg, "adiv5") || !strcmp(optarg, "ap")) {
				cfg.swd.busy_waits_dp = !strcmp(optarg, "adiv5");
				break;
			}
			fprintf(stderr, "vboard: --busy-waits %s: want adiv5 or ap\n", optarg);
			return 2;
		case O_WDATA_ERR:
			if (parse_u64("--wdata-error-after-wait", optarg, &v) || v > 1000000) {
				fprintf(stderr, "vboard: --wdata-error-after-wait must be 0..1000000\n");
				return 2;
			}
			cfg.swd.wdata_error_after_wait = v;
			break;
		case O_FREE_RUN:
			cfg.free_run_speed = atof(optarg);
			if (cfg.free_run_speed < 0) {
				fprintf(stderr, "vboard: --free-run-speed must be >= 0\n");
				return 2;
			}
			break;
		case O_BOOT:
			if (parse_u64("--boot-us", optarg, &v) || v > 3600000000ULL) {
				fprintf(stderr, "vboard: --boot-us takes 0..3600000000\n");
				return 2;
			}
			boot_ns = v * 1000;
			break;
		case O_NO_JOINT_FF:
			cfg.no_joint_ff = true;
			break;
		case O_REAL_TIME: {
			char *end;

			cfg.real_time = strtod(optarg, &end);
			if (end == optarg || *end || !(cfg.real_time > 0) || cfg.real_time > 1e6) {
				fprintf(stderr, "vboard: --real-time takes a speed factor > 0 (e.g. 1 or 100), not '%s'\n",
					optarg);
				return 2;
			}
			break;
		}
		case O_WAIT_RATE:
			cfg.swd.ap_wait_rate = atof(optarg);
			if (cfg.swd.ap_wait_rate < 0 || cfg.swd.ap_wait_rate > 1) {
				fprintf(stderr, "vboard: --ap-wait-rate must be between 0 and 1\n");
				return 2;
			}
			break;
		case O_WAIT_BURST:
			if (parse_u64("--ap-wait-burst", optarg, &v) || v < 1 || v > 1000000) {
				fprintf(stderr, "vboard: --ap-wait-burst must be 1..1000000\n");
				return 2;
			}
			cfg.swd.ap_wait_burst = v;
			break;
		case O_FW_WAIT_RETRIES:
			if (parse_u64("--probe-wait-retries", optarg, &v) || v > 1000000) {
				fprintf(stderr, "vboard: --probe-wait-retries must be 0..1000000\n");
				return 2;
			}
			cfg.fw_wait_retries = (int)v;
			break;
		case O_SEED:
			if (parse_u64("--seed", optarg, &cfg.swd.seed))
				return 2;
			break;
		case O_PACKED:
			cfg.swd.packed_transfers = true;
			break;
		case O_USB_ERR:
			if (cfg.n_usb_error_at == 8 || parse_u64("--usb-error-at", optarg, &v) || !v) {
				fprintf(stderr, "vboard: --usb-error-at takes a round trip number >= 1 (8 at most)\n");
				return 2;
			}
			cfg.usb_error_at[cfg.n_usb_error_at++] = v;
			break;
		case O_STALL:
			stall = optarg;
			break;
		case O_POWER_LOSS:
			if (parse_u64("--power-loss-at-us", optarg, &v))
				return 2;
			cfg.power_loss_at_ns = v * 1000;
			break;
		case O_FLASH_TIMING:
			if (strcmp(optarg, "typ") && strcmp(optarg, "max") && strcmp(optarg, "jitter")) {
				fprintf(stderr, "vboard: --flash-timing takes typ, max or jitter, not '%s'\n",
					optarg);
				return 2;
			}
			cfg.chip.timing_max = !strcmp(optarg, "max");
			cfg.chip.timing_jitter = !strcmp(optarg, "jitter");
			cfg.periph.flash_timing_max = cfg.chip.timing_max;
			cfg.periph.flash_timing_jitter = cfg.chip.timing_jitter;
			break;
		case O_CHIP:
			if (parse_chip(&cfg, optarg))
				return 2;
			break;
		case O_SKEW:
			if (parse_skew(&cfg, optarg))
				return 2;
			break;
		case O_DIE_LAST:
			if (!strcmp(optarg, "0")) {
				cfg.chip.die_last = W25Q_DIE_LAST_0;
			} else if (!strcmp(optarg, "1")) {
				cfg.chip.die_last = W25Q_DIE_LAST_1;
			} else if (!strcmp(optarg, "random")) {
				cfg.chip.die_last = W25Q_DIE_LAST_RANDOM;
			} else {
				fprintf(stderr, "vboard: --die-last takes 0, 1 or random, not '%s'\n", optarg);
				return 2;
			}
			break;
		case O_NO_CLOCK_LIMITS:
			cfg.chip.clock_limits = false;
			break;
		case O_FR_LIMIT:
			cfg.chip.fr_limit = false;
			break;
		case O_FLOAT:
			if (!strcmp(optarg, "0") || !strcmp(optarg, "1")) {
				cfg.chip.float_level = (uint8_t)(optarg[0] - '0');
			} else if (!strcmp(optarg, "hold")) {
				cfg.chip.float_level = SPI_IO_FLOAT_HOLD;
			} else {
				fprintf(stderr, "vboard: --float-level takes 1, 0 or hold, not '%s'\n", optarg);
				return 2;
			}
			cfg.qspi.float_level = cfg.chip.float_level;
			break;
		case O_CHIP_START:
			if (strcmp(optarg, "standby") && strcmp(optarg, "dpd")) {
				fprintf(stderr, "vboard: --chip-start takes standby or dpd, not '%s'\n", optarg);
				return 2;
			}
			chip_dpd = !strcmp(optarg, "dpd");
			break;
		case O_DIE_BROKEN:
			cfg.chip.die_select_broken = true;
			break;
		case O_ERRATUM_BYTES:
			if (parse_u64("--mm-erratum-bytes", optarg, &v) || v > 0x10000000) {
				fprintf(stderr, "vboard: --mm-erratum-bytes takes 0..268435456\n");
				return 2;
			}
			cfg.qspi.mm_erratum_bytes = (uint32_t)v;
			break;
		case O_WRAPS:
			cfg.chip.read_wraps_in_die = true;
			break;
		case O_CROSSES:
			cfg.chip.read_wraps_in_die = false;
			break;
		case O_NO_ERRATUM:
			cfg.qspi.mm_last_bytes_erratum = false;
			break;
		case O_STUCK_BUSY:
			if (parse_u64("--chip-stuck-busy", optarg, &v) || v > 0xffffffffULL) {
				fprintf(stderr, "vboard: --chip-stuck-busy takes N >= 0 (0: from power-up)\n");
				return 2;
			}
			cfg.chip.stuck_busy = true;
			cfg.chip.stuck_busy_op = v;
			break;
		case O_CHIP_JEDEC: {
			char *end;

			errno = 0;
			v = strtoull(optarg, &end, 16);
			if (errno || end == optarg || *end || v > 0xffffffULL) {
				fprintf(stderr, "vboard: --chip-jedec takes 3 bytes in hex (e.g. c2201a), not '%s'\n",
					optarg);
				return 2;
			}
			cfg.chip.jedec_set = true;
			cfg.chip.jedec_override = v;
			break;
		}
		case O_SFDP_GARBAGE:
			cfg.chip.sfdp_garbage = true;
			break;
		case O_WIRING:
			if (parse_wiring(&cfg, optarg))
				return 2;
			break;
		case 'v':
			cfg.verbose++;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!cfg.state_dir || optind != argc) {
		fprintf(stderr, "vboard: %s\n", cfg.state_dir ? "unexpected argument" :
			"--state DIR is required");
		usage(stderr);
		return 2;
	}

	/* One seed for every seeded draw of the board. */
	cfg.chip.seed = cfg.swd.seed;
	cfg.periph.flash_seed = cfg.swd.seed;
	/* Real time also paces the board between debugger sessions. */
	if (cfg.real_time > 0)
		cfg.free_run_speed = cfg.real_time;
	if (!latency_set)
		cfg.probe_latency_ns = cfg.probe->round_trip_ns;
	b = board_create(&cfg);
	if (!b)
		return 1;
	if (stall && parse_stall(&b->sysbus, stall))
		return 2;
	if (slow && parse_slow(&b->sysbus, slow))
		return 2;
	for (unsigned int i = 0; i < nimages; i++)
		if (board_load_flash_image(b, images[i]))
			return 1;
	board_power_cycle(b);
	if (chip_dpd && b->chip)
		w25q_enter_power_down(b->chip);
	board_boot(b, boot_ns);

	lfd = listen_on(sock, unix_path, sizeof(unix_path));
	if (lfd < 0)
		return 1;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/*
	 * The signals are blocked except inside ppoll(), so one that arrives
	 * after the flags were checked still ends the wait: no lost SIGUSR1.
	 */
	sigset_t handled, waiting;
	sigemptyset(&handled);
	sigaddset(&handled, SIGINT);
	sigaddset(&handled, SIGTERM);
	sigaddset(&handled, SIGUSR1);
	sigaddset(&handled, SIGHUP);
	sigprocmask(SIG_BLOCK, &handled, &waiting);
	fprintf(stderr, "vboard: listening on %s (state %s)\n", sock, cfg.state_dir);

	uint64_t wall0, virt0;

	anchor(b, &wall0, &virt0);

	while (!sig_stop) {
		struct pollfd pfd[2] = { { .fd = lfd, .events = POLLIN }, { .fd = cfd, .events = POLLIN } };
		int timeout = -1;

		if (sig_stats) {
			sig_stats = 0;
			board_write_stats(b);
		}
		if (sig_power) {
			sig_power = 0;
			fprintf(stderr, "vboard: power cycle (SIGHUP)\n");
			board_power_cycle(b);
		}
		/* No debugger: the board runs on, paced against wall time. */
		if (cfd < 0 && board_busy(b)) {
			if (cfg.free_run_speed > 0) {
				uint64_t allowed = virt0 + (uint64_t)((board_wall_ns() - wall0) *
						cfg.free_run_speed);

				uint64_t ran = 0;

				/* Real time: busy-poll skips stop at the wall clock too. */
				vclock_rt_update(&b->clk, board_wall_ns());
				if (b->clk.now < allowed)
					ran = board_free_run(b, allowed - b->clk.now < 1000000 ?
						allowed - b->clk.now : 1000000);
				/* Ahead of wall time, or waiting for a far event: sleep a bit. */
				timeout = (b->clk.now >= allowed || !ran) ? 1 : 0;
			} else {
				timeout = board_free_run(b, 1000000) ? 0 : 1;
			}
		} else if (cfd < 0) {
			anchor(b, &wall0, &virt0);
		}
		struct timespec ts = { .tv_sec = 0, .tv_nsec = timeout * 1000000L };

		if (ppoll(pfd, cfd >= 0 ? 2 : 1, timeout < 0 ? NULL : &ts, &waiting) < 0) {
			if (errno == EINTR)
				continue;
			perror("vboard: poll");
			break;
		}
		if (cfd >= 0 && (pfd[1].revents & (POLLIN | POLLHUP | POLLERR))) {
			if (serve_request(b, cfd, buf))
				end_session(b, &cfd, &wall0, &virt0);
		}
		if (pfd[0].revents & POLLIN) {
			int nfd = accept(lfd, NULL, NULL);

			if (nfd >= 0 && cfd >= 0 && peer_closed(cfd))
				end_session(b, &cfd, &wall0, &virt0);
			if (nfd >= 0 && cfd >= 0) {
				/* One probe at a time, as one USB J-Link would allow. */
				fprintf(stderr, "vboard: second probe connection refused\n");
				close(nfd);
			} else if (nfd >= 0) {
				int one = 1;

				/*
				 * A response goes out in several writes (header, status,
				 * payload).  With Nagle's algorithm on, TCP holds the later
				 * ones until the probe acknowledges the first, and the probe
				 * delays that acknowledgement (40 ms on Linux) because it is
				 * still waiting for the rest: every round trip would stall.
				 */
				if (!unix_path[0])
					setsockopt(nfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
				cfd = nfd;
				/* A session's virtual time starts with its wall time. */
				anchor(b, &wall0, &virt0);
				for (size_t i = 0; i < sizeof(b->probe_fw) / sizeof(b->probe_fw[0]); i++)
					if (b->probe_fw[i].fw && b->probe_fw[i].ops->session_start)
						b->probe_fw[i].ops->session_start(b->probe_fw[i].fw);
				if (cfg.verbose)
					fprintf(stderr, "vboard: probe connected\n");
			}
		}
	}
	fprintf(stderr, "vboard: stopping at virtual time %.6f s\n", b->clk.now / 1e9);
	board_write_stats(b);
	if (cfd >= 0)
		close(cfd);
	close(lfd);
	if (unix_path[0])
		unlink(unix_path);
	board_destroy(b);
	return 0;
}
