// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the virtual J-Link library against a fake board: a thread
 * serving testing/proto/vbproto.h on a Unix (or TCP) socket, recording every
 * request.  Expected values come from vbproto.h, libjaylink.h, timing.h and
 * OpenOCD 0.12's jlink driver (full SWD buffer needs free memory >= 4112).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <libjaylink/libjaylink.h>

#include "common/timing.h"
#include "common/unit.h"
#include "common/util.h"
#include "proto/vbproto.h"
#include "vjlink/probe_class.h"

#define FAKE_SERIAL	123456u
#define FAKE_MV		3300u
#define FAKE_MAX_REQ	64
#define FAKE_MAX_PAY	9000
/* What the fake board's probe reports (VBP_PROBE_INFO). */
#define FAKE_FREE_MEMORY	12345u
#define FAKE_BASE_HZ		48000000u
#define FAKE_MIN_DIV		4u

/* ---- fake board ------------------------------------------------------------ */

enum fake_fault {
	FAKE_FAULT_NONE,
	FAKE_FAULT_STATUS,	/* answer the next request with fault_status */
	FAKE_FAULT_HANGUP,	/* close the connection instead of answering */
	FAKE_FAULT_BAD_LEN,	/* answer VBP_OK with one byte too many */
};

struct fake_req {
	uint32_t type;
	uint32_t len;
	uint8_t pay[FAKE_MAX_PAY];
};

struct fake_board {
	int lfd;
	pthread_t thread;
	pthread_mutex_t lock;
	char path[108];
	int port;
	unsigned int connections;
	unsigned int nreq;		/* requests other than HELLO */
	struct fake_req last;
	enum fake_fault fault;
	int32_t fault_status;
	uint32_t tdo_pattern;		/* bits the target drives when dir = 0 */
};

static struct fake_board board;

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static int bit(const uint8_t *buf, unsigned int i)
{
	return (buf[i / 8] >> (i % 8)) & 1;
}

static int read_all(int fd, void *buf, size_t n)
{
	uint8_t *p = buf;

	while (n) {
		ssize_t r = read(fd, p, n);

		if (r <= 0)
			return -1;
		p += r;
		n -= r;
	}
	return 0;
}

static void respond(int fd, uint32_t type, int32_t status, const void *pay, uint32_t len)
{
	uint8_t hdr[12];

	put32(hdr, type | VBP_RESPONSE);
	put32(hdr + 4, len + 4);
	put32(hdr + 8, (uint32_t)status);
	if (write(fd, hdr, sizeof(hdr)) != sizeof(hdr))
		return;
	if (len && write(fd, pay, len) != (ssize_t)len)
		return;
}

/* The target's bit for cycle i when it drives the line. */
static int target_bit(uint32_t pattern, unsigned int i)
{
	return (pattern >> (i % 32)) & 1;
}

static uint32_t swd_answer(const struct fake_req *rq, uint8_t *in)
{
	unsigned int n, i, nb;

	if (rq->len < 4)
		return 0;
	n = rq->pay[0] | rq->pay[1] << 8;
	nb = (n + 7) / 8;
	if (rq->len != 4 + 2 * nb)
		return 0;
	memset(in, 0, nb);
	for (i = 0; i < n; i++) {
		int b = bit(rq->pay + 4, i) ? bit(rq->pay + 4 + nb, i)
					    : target_bit(board.tdo_pattern, i);

		in[i / 8] |= b << (i % 8);
	}
	return nb;
}

static int answer(int fd, const struct fake_req *rq)
{
	uint8_t out[FAKE_MAX_PAY];
	uint32_t len = 0;
	enum fake_fault fault;

	pthread_mutex_lock(&board.lock);
	if (rq->type != VBP_HELLO) {
		board.nreq++;
		board.last = *rq;
	}
	fault = board.fault;
	board.fault = FAKE_FAULT_NONE;
	pthread_mutex_unlock(&board.lock);

	if (fault == FAKE_FAULT_HANGUP)
		return -1;
	if (fault == FAKE_FAULT_STATUS) {
		respond(fd, rq->type, board.fault_status, NULL, 0);
		return 0;
	}
	switch (rq->type) {
	case VBP_HELLO:
		memset(out, 0, 40);
		put32(out, VBP_VERSION);
		put32(out + 4, FAKE_SERIAL);
		strcpy((char *)out + 8, "J-Link (virtual)");
		len = 40;
		break;
	case VBP_SWD_IO:
		len = swd_answer(rq, out);
		break;
	case VBP_PROBE_INFO:
		put32(out, FAKE_FREE_MEMORY);
		put32(out + 4, FAKE_BASE_HZ);
		put32(out + 8, FAKE_MIN_DIV);
		put32(out + 12, 1);
		len = 16;
		break;
	case VBP_GET_STATUS:
		memset(out, 0, 28);
		put32(out, FAKE_MV);
		put32(out + 20, 1);	/* TRES high */
		len = 28;
		break;
	default:
		break;
	}
	if (fault == FAKE_FAULT_BAD_LEN)
		out[len++] = 0;
	respond(fd, rq->type, VBP_OK, out, len);
	return 0;
}

static void serve(int fd)
{
	static struct fake_req rq;
	uint8_t hdr[8];

	for (;;) {
		if (read_all(fd, hdr, sizeof(hdr)) < 0)
			return;
		rq.type = get32(hdr);
		rq.len = get32(hdr + 4);
		if (rq.len > FAKE_MAX_PAY || read_all(fd, rq.pay, rq.len) < 0)
			return;
		if (answer(fd, &rq) < 0)
			return;
	}
}

static void *board_thread(void *arg)
{
	for (;;) {
		int fd = accept(board.lfd, NULL, NULL);

		if (fd < 0)
			return NULL;
		pthread_mutex_lock(&board.lock);
		board.connections++;
		pthread_mutex_unlock(&board.lock);
		serve(fd);
		close(fd);
	}
}

static int board_listen_unix(const char *dir)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	snprintf(board.path, sizeof(board.path), "%s/vboard.sock", dir);
	strcpy(sa.sun_path, board.path);
	board.lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (board.lfd < 0 || bind(board.lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	setenv("VBOARD_SOCKET", board.path, 1);
	return 0;
}

static int board_listen_tcp(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t sl = sizeof(sa);
	char name[32];

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	board.lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (board.lfd < 0 || bind(board.lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	getsockname(board.lfd, (struct sockaddr *)&sa, &sl);
	board.port = ntohs(sa.sin_port);
	snprintf(name, sizeof(name), "tcp:%d", board.port);
	setenv("VBOARD_SOCKET", name, 1);
	return 0;
}

static int board_start(const char *unix_dir)
{
	int ret = unix_dir ? board_listen_unix(unix_dir) : board_listen_tcp();

	if (ret < 0 || listen(board.lfd, 4) < 0)
		return -1;
	return pthread_create(&board.thread, NULL, board_thread, NULL);
}

static void board_stop(void)
{
	shutdown(board.lfd, SHUT_RDWR);
	close(board.lfd);
	pthread_join(board.thread, NULL);
	if (board.path[0])
		unlink(board.path);
	board.path[0] = '\0';
}

static unsigned int board_nreq(void)
{
	unsigned int n;

	pthread_mutex_lock(&board.lock);
	n = board.nreq;
	pthread_mutex_unlock(&board.lock);
	return n;
}

static void board_fault(enum fake_fault f, int32_t status)
{
	pthread_mutex_lock(&board.lock);
	board.fault = f;
	board.fault_status = status;
	pthread_mutex_unlock(&board.lock);
}

/* ---- log capture ----------------------------------------------------------- */

static char log_text[4096];
static int log_calls;

static int capture_log(const struct jaylink_context *ctx, enum jaylink_log_level level,
		const char *fmt, va_list args, void *user_data)
{
	size_t used = strlen(log_text);

	log_calls++;
	if (used < sizeof(log_text) - 1)
		vsnprintf(log_text + used, sizeof(log_text) - used, fmt, args);
	return 0;
}

static void log_reset(void)
{
	log_text[0] = '\0';
	log_calls = 0;
}

/* ---- helpers --------------------------------------------------------------- */

static struct jaylink_context *new_ctx(void)
{
	struct jaylink_context *ctx = NULL;

	if (jaylink_init(&ctx) != JAYLINK_OK)
		return NULL;
	jaylink_log_set_callback(ctx, capture_log, NULL);
	return ctx;
}

/* Discovery + open of the only device, as OpenOCD does it. */
static struct jaylink_device_handle *open_probe(struct jaylink_context *ctx, size_t *ndev)
{
	struct jaylink_device **devs;
	struct jaylink_device_handle *devh = NULL;

	*ndev = 0;
	if (jaylink_discovery_scan(ctx, JAYLINK_HIF_USB) != JAYLINK_OK)
		return NULL;
	if (jaylink_get_devices(ctx, &devs, ndev) != JAYLINK_OK)
		return NULL;
	if (*ndev == 1 && devs[1] == NULL)
		jaylink_open(devs[0], &devh);
	jaylink_free_devices(devs, true);
	return devh;
}

/*
 * open_probe() for a case that cannot go on without the probe: on failure it
 * reports, frees ctx and ends the case, and the caller returns.
 */
static struct jaylink_device_handle *open_probe_or_end(struct jaylink_context *ctx,
		size_t *ndev)
{
	struct jaylink_device_handle *devh = open_probe(ctx, ndev);

	UNIT_CHECK(devh != NULL, "open failed (%zu devices)", *ndev);
	if (!devh) {
		jaylink_exit(ctx);
		UNIT_END_CASE();
	}
	return devh;
}

static int has_cap(const uint8_t *caps, unsigned int c)
{
	return (caps[c / 8] >> (c % 8)) & 1;
}

/* ---- tests ----------------------------------------------------------------- */

static void test_discovery(void)
{
	struct jaylink_context *ctx = new_ctx();
	struct jaylink_device **devs;
	size_t n = 99;
	uint32_t serial = 0;
	enum jaylink_host_interface hif = 0;

	UNIT_CASE("discovery finds one USB J-Link with the board's serial");
	UNIT_CHECK(jaylink_discovery_scan(ctx, JAYLINK_HIF_USB) == JAYLINK_OK, "scan");
	UNIT_CHECK(jaylink_get_devices(ctx, &devs, &n) == JAYLINK_OK, "get_devices");
	UNIT_CHECK(n == 1, "count %zu", n);
	if (n == 1) {
		UNIT_CHECK(devs[1] == NULL, "list not NULL-terminated");
		jaylink_device_get_serial_number(devs[0], &serial);
		UNIT_CHECK(serial == FAKE_SERIAL, "serial %u", serial);
		jaylink_device_get_host_interface(devs[0], &hif);
		UNIT_CHECK(hif == JAYLINK_HIF_USB, "host interface %d", hif);
	}
	jaylink_free_devices(devs, true);
	UNIT_CHECK(board_nreq() == 0, "discovery sent %u probe requests", board_nreq());

	UNIT_CHECK(jaylink_discovery_scan(ctx, JAYLINK_HIF_TCP) == JAYLINK_OK, "tcp scan");
	jaylink_get_devices(ctx, &devs, &n);
	UNIT_CHECK(n == 0 && devs[0] == NULL, "TCP scan found %zu devices", n);
	jaylink_free_devices(devs, true);
	jaylink_exit(ctx);
	UNIT_END_CASE();
}

static void test_probe_info(void)
{
	struct jaylink_context *ctx = new_ctx();
	struct jaylink_device_handle *devh;
	struct jaylink_hardware_version hw;
	struct jaylink_hardware_status st;
	struct jaylink_speed sp;
	uint8_t caps[JAYLINK_DEV_EXT_CAPS_SIZE], cfg[JAYLINK_DEV_CONFIG_SIZE];
	uint32_t mem = 0, ifaces = 0;
	char *fw = NULL;
	size_t len = 0, n, i;
	unsigned int r;

	UNIT_CASE("probe information: one round trip per call, values as specified");
	devh = open_probe_or_end(ctx, &n);
	if (!devh)
		return;

	r = board_nreq();
	UNIT_CHECK(jaylink_get_firmware_version(devh, &fw, &len) == JAYLINK_OK, "fw");
	UNIT_CHECK(fw && !strncmp(fw, "J-Link V11 compiled ", 20), "fw string %s", fw);
	UNIT_CHECK(fw && strstr(fw, "(virtual)"), "fw string %s", fw);
	UNIT_CHECK(fw && len == strlen(fw) + 1, "fw length %zu", len);
	free(fw);
	UNIT_CHECK(board_nreq() == r + 1, "fw: %u round trips", board_nreq() - r);
	UNIT_CHECK(board.last.type == VBP_NOP && board.last.len == 0, "fw: not a NOP");

	memset(caps, 0, sizeof(caps));
	r = board_nreq();
	UNIT_CHECK(jaylink_get_caps(devh, caps) == JAYLINK_OK, "caps");
	UNIT_CHECK(board_nreq() == r + 1, "caps: %u round trips", board_nreq() - r);
	UNIT_CHECK(has_cap(caps, 1) && has_cap(caps, 9) && has_cap(caps, 11) &&
		   has_cap(caps, 13) && has_cap(caps, 17) && has_cap(caps, 4),
		   "caps missing: %02x %02x %02x %02x", caps[0], caps[1], caps[2], caps[3]);
	UNIT_CHECK(!has_cap(caps, 23) && !has_cap(caps, 3) && !has_cap(caps, 33) &&
		   !has_cap(caps, 26), "SWO/adaptive/EMUCOM/file I/O advertised");
	if (has_cap(caps, 31)) {
		uint8_t ext[JAYLINK_DEV_EXT_CAPS_SIZE];

		r = board_nreq();
		UNIT_CHECK(jaylink_get_extended_caps(devh, ext) == JAYLINK_OK, "ext caps");
		UNIT_CHECK(board_nreq() == r + 1, "ext caps round trips");
		UNIT_CHECK(!memcmp(ext, caps, JAYLINK_DEV_CAPS_SIZE), "ext caps differ");
		for (i = JAYLINK_DEV_CAPS_SIZE; i < sizeof(ext); i++)
			UNIT_CHECK(ext[i] == 0, "ext cap byte %zu = %02x", i, ext[i]);
	}
	UNIT_CHECK(jaylink_has_cap(caps, JAYLINK_DEV_CAP_GET_SPEEDS), "jaylink_has_cap");
	UNIT_CHECK(!jaylink_has_cap(caps, JAYLINK_DEV_CAP_SWO), "jaylink_has_cap SWO");

	r = board_nreq();
	UNIT_CHECK(jaylink_get_hardware_version(devh, &hw) == JAYLINK_OK, "hw version");
	UNIT_CHECK(hw.type == JAYLINK_HW_TYPE_JLINK && hw.major == 11, "hw %d %u",
		   hw.type, hw.major);
	UNIT_CHECK(board_nreq() == r + 1, "hwver round trips");

	r = board_nreq();
	UNIT_CHECK(jaylink_get_speeds(devh, &sp) == JAYLINK_OK, "speeds");
	UNIT_CHECK(sp.freq == FAKE_BASE_HZ && sp.div == FAKE_MIN_DIV,
		   "speeds %u/%u: not the board's", sp.freq, sp.div);
	UNIT_CHECK(board_nreq() == r + 1 && board.last.type == VBP_PROBE_INFO,
		   "speeds round trips");

	r = board_nreq();
	UNIT_CHECK(jaylink_get_free_memory(devh, &mem) == JAYLINK_OK, "free mem");
	UNIT_CHECK(mem == FAKE_FREE_MEMORY, "free memory %u: not the board's", mem);
	UNIT_CHECK(board_nreq() == r + 1 && board.last.type == VBP_PROBE_INFO,
		   "free memory round trips");
	setenv("VJLINK_FREE_MEMORY", "65536", 1);
	UNIT_CHECK(jaylink_get_free_memory(devh, &mem) == JAYLINK_OK && mem == 65536,
		   "VJLINK_FREE_MEMORY override: %u", mem);
	unsetenv("VJLINK_FREE_MEMORY");

	r = board_nreq();
	memset(cfg, 0, sizeof(cfg));
	UNIT_CHECK(jaylink_read_raw_config(devh, cfg) == JAYLINK_OK, "config");
	for (i = 0; i < sizeof(cfg); i++)
		if (cfg[i] != 0xff)
			break;
	UNIT_CHECK(i == sizeof(cfg), "config byte %zu = %02x", i, cfg[i]);
	UNIT_CHECK(board_nreq() == r + 1, "config round trips");

	r = board_nreq();
	UNIT_CHECK(jaylink_get_hardware_status(devh, &st) == JAYLINK_OK, "hw status");
	UNIT_CHECK(board.last.type == VBP_GET_STATUS, "status: type %u", board.last.type);
	UNIT_CHECK(st.target_voltage == FAKE_MV, "VTarget %u", st.target_voltage);
	UNIT_CHECK(st.tres && !st.tck && !st.trst, "pins");
	UNIT_CHECK(board_nreq() == r + 1, "status round trips");

	r = board_nreq();
	UNIT_CHECK(jaylink_get_available_interfaces(devh, &ifaces) == JAYLINK_OK, "ifaces");
	UNIT_CHECK(ifaces == ((1u << JAYLINK_TIF_JTAG) | (1u << JAYLINK_TIF_SWD)),
		   "interfaces %08x", ifaces);
	UNIT_CHECK(board_nreq() == r + 1, "interfaces round trips");

	UNIT_CHECK(jaylink_close(devh) == JAYLINK_OK, "close");
	jaylink_exit(ctx);
	UNIT_END_CASE();
}

static void test_register(void)
{
	struct jaylink_context *ctx = new_ctx();
	struct jaylink_connection conn = { .handle = 0 }, list[JAYLINK_MAX_CONNECTIONS];
	struct jaylink_device_handle *devh;
	size_t n, count = 0, i;
	int found = 0;

	UNIT_CASE("register: own connection handle listed (OpenOCD's check)");
	devh = open_probe(ctx, &n);
	if (devh) {
		strcpy(conn.hid, "0.0.0.0");
		UNIT_CHECK(jaylink_register(devh, &conn, list, &count) == JAYLINK_OK, "reg");
		for (i = 0; i < count && i < JAYLINK_MAX_CONNECTIONS; i++)
			found |= list[i].handle == conn.handle;
		UNIT_CHECK(found, "handle %u not in list of %zu", conn.handle, count);
		UNIT_CHECK(jaylink_unregister(devh, &conn, list, &count) == JAYLINK_OK, "unreg");
		jaylink_close(devh);
	}
	UNIT_CHECK(devh != NULL, "open");
	jaylink_exit(ctx);
	UNIT_END_CASE();
}

static void check_u32_msg(uint32_t type, uint32_t value, const char *what)
{
	UNIT_CHECK(board.last.type == type && board.last.len == 4 &&
		   get32(board.last.pay) == value,
		   "%s: got type %u len %u value %u", what, board.last.type, board.last.len,
		   board.last.len >= 4 ? get32(board.last.pay) : 0);
}

static void test_target_messages(void)
{
	struct jaylink_context *ctx = new_ctx();
	struct jaylink_device_handle *devh;
	enum jaylink_target_interface prev = 99;
	size_t n;
	unsigned int r;

	UNIT_CASE("speed, reset, power, interface: one message each, right payload");
	devh = open_probe_or_end(ctx, &n);
	if (!devh)
		return;
	r = board_nreq();
	UNIT_CHECK(jaylink_select_interface(devh, JAYLINK_TIF_SWD, &prev) == JAYLINK_OK, "tif");
	UNIT_CHECK(prev == JAYLINK_TIF_JTAG, "previous interface %d", prev);
	UNIT_CHECK(board_nreq() == r + 1, "select round trips");

	r = board_nreq();
	UNIT_CHECK(jaylink_set_speed(devh, 4000) == JAYLINK_OK, "speed");
	check_u32_msg(VBP_SET_SPEED, 4000, "set_speed");
	UNIT_CHECK(board_nreq() == r + 1, "speed round trips");

	UNIT_CHECK(jaylink_clear_reset(devh) == JAYLINK_OK, "clear reset");
	check_u32_msg(VBP_SET_RESET, 0, "clear_reset (nRESET low)");
	UNIT_CHECK(jaylink_set_reset(devh) == JAYLINK_OK, "set reset");
	check_u32_msg(VBP_SET_RESET, 1, "set_reset (nRESET released)");
	UNIT_CHECK(jaylink_set_target_power(devh, true) == JAYLINK_OK, "power on");
	check_u32_msg(VBP_SET_TARGET_POWER, 1, "power on");
	UNIT_CHECK(jaylink_set_target_power(devh, false) == JAYLINK_OK, "power off");
	check_u32_msg(VBP_SET_TARGET_POWER, 0, "power off");
	UNIT_CHECK(board_nreq() == r + 5, "%u round trips for 5 calls", board_nreq() - r);

	r = board_nreq();
	UNIT_CHECK(jaylink_jtag_set_trst(devh) == JAYLINK_OK, "trst");
	UNIT_CHECK(board_nreq() == r + 1, "trst round trips");
	jaylink_close(devh);
	jaylink_exit(ctx);
	UNIT_END_CASE();
}

/* One SWD_IO of n bits; checks the request bytes and the in bits. */
static void swd_case(struct jaylink_device_handle *devh, unsigned int n)
{
	static uint8_t dir[2100], out[2100], in[2100];
	unsigned int nb = (n + 7) / 8, i, r, bad = 0;

	for (i = 0; i < nb; i++) {
		dir[i] = (uint8_t)(0x3c ^ i * 7);
		out[i] = (uint8_t)(0xa5 + i * 13);
	}
	memset(in, 0xee, sizeof(in));
	r = board_nreq();
	UNIT_CHECK(jaylink_swd_io(devh, dir, out, in, n) == JAYLINK_OK, "swd_io %u", n);
	UNIT_CHECK(board_nreq() == r + 1, "swd_io %u: %u round trips", n, board_nreq() - r);
	UNIT_CHECK(board.last.type == VBP_SWD_IO && board.last.len == 4 + 2 * nb,
		   "swd_io %u: type %u len %u", n, board.last.type, board.last.len);
	UNIT_CHECK((board.last.pay[0] | board.last.pay[1] << 8) == (int)n &&
		   board.last.pay[2] == 0 && board.last.pay[3] == 0, "nbits/pad field");
	UNIT_CHECK(!memcmp(board.last.pay + 4, dir, nb), "dir bytes");
	UNIT_CHECK(!memcmp(board.last.pay + 4 + nb, out, nb), "out bytes");
	for (i = 0; i < n; i++) {
		int want = bit(dir, i) ? bit(out, i) : target_bit(board.tdo_pattern, i);

		if (bit(in, i) != want)
			bad++;
	}
	UNIT_CHECK(bad == 0, "swd_io %u: %u wrong in bits", n, bad);
	UNIT_CHECK(in[nb] == 0xee, "swd_io %u wrote past (n+7)/8 bytes", n);
}

static void test_swd_io(void)
{
	struct jaylink_context *ctx = new_ctx();
	struct jaylink_device_handle *devh;
	uint8_t b[1] = { 0 };
	size_t n;

	UNIT_CASE("SWD_IO: bit buffers encoded LSB-first, odd lengths, in filled");
	board.tdo_pattern = 0x9e3779b9;
	devh = open_probe(ctx, &n);
	UNIT_CHECK(devh != NULL, "open");
	if (devh) {
		jaylink_select_interface(devh, JAYLINK_TIF_SWD, NULL);
		swd_case(devh, 1);
		swd_case(devh, 13);
		swd_case(devh, 46);
		swd_case(devh, 8 * 2048 - 3);
		UNIT_CHECK(jaylink_swd_io(devh, b, b, b, 0) == JAYLINK_ERR_ARG, "0 bits");
		jaylink_close(devh);
	}
	jaylink_exit(ctx);
	UNIT_END_CASE();

	UNIT_CASE("SWD_IO: board status VBP_E_NO_MEMORY -> JAYLINK_ERR_DEV_NO_MEMORY");
	ctx = new_ctx();
	devh = open_probe(ctx, &n);
	UNIT_CHECK(devh != NULL, "open");
	if (devh) {
		uint8_t d[8] = { 0xff }, in[8];

		jaylink_select_interface(devh, JAYLINK_TIF_SWD, NULL);
		board_fault(FAKE_FAULT_STATUS, VBP_E_NO_MEMORY);
		UNIT_CHECK(jaylink_swd_io(devh, d, d, in, 64) == JAYLINK_ERR_DEV_NO_MEMORY,
			   "not mapped to JAYLINK_ERR_DEV_NO_MEMORY");
		UNIT_CHECK(jaylink_swd_io(devh, d, d, in, 64) == JAYLINK_OK, "next call works");
		jaylink_close(devh);
	}
	jaylink_exit(ctx);
	UNIT_END_CASE();
}

/* The memory rule the board enforces for each probe class (probe_class.h). */
static void test_probe_classes(void)
{
	const struct probe_class *pc;

	UNIT_CASE("probe classes: a request as large as the free memory fails");
	/* 4-byte command + direction, output and input buffers */
	UNIT_CHECK(probe_swd_io_need(1) == 4 + 3, "need(1) = %u", probe_swd_io_need(1));
	UNIT_CHECK(probe_swd_io_need(8 * 100) == 304, "need(800) = %u", probe_swd_io_need(800));
	UNIT_CHECK(probe_swd_io_fits(305, 800), "one byte spare must fit");
	UNIT_CHECK(!probe_swd_io_fits(304, 800), "as large as the free memory must fail");
	UNIT_CHECK(!probe_swd_io_fits(303, 800), "larger must fail");
	pc = probe_class_find("base");
	UNIT_CHECK(pc == PROBE_CLASS_DEFAULT && pc->free_memory == 32768 &&
		   probe_max_khz(pc) == 15000 && pc->high_speed &&
		   pc->round_trip_ns == TIMING_USB_HS_ROUND_TRIP_NS, "base class");
	pc = probe_class_find("ob");
	UNIT_CHECK(pc && pc->free_memory == 11288 && probe_max_khz(pc) == 12000 &&
		   !pc->high_speed && pc->byte_ns == TIMING_USB_FS_BYTE_NS, "ob class");
	/* OpenOCD 0.12.0 sizes SWD batches min(2048, (free - 16) / 2) bytes */
	UNIT_CHECK(probe_swd_io_fits(pc->free_memory, 8 * 2048),
		   "stock's 2048-byte batch must fit the smallest class");
	UNIT_CHECK(!probe_swd_io_fits(pc->free_memory, 8 * ((pc->free_memory - 16) / 2)),
		   "(free - 16) / 2 bytes must not fit (3 buffers)");
	UNIT_CHECK(probe_class_find("edu-mini") && !probe_class_find("nope"), "lookup");
	UNIT_END_CASE();
}

static void test_faults(void)
{
	struct jaylink_context *ctx = new_ctx();
	struct jaylink_device_handle *devh;
	uint8_t caps[JAYLINK_DEV_EXT_CAPS_SIZE];
	uint32_t mem;
	size_t n;
	unsigned int r;

	UNIT_CASE("injected USB error/timeout, malformed answer, lost connection");
	devh = open_probe_or_end(ctx, &n);
	if (!devh)
		return;
	board_fault(FAKE_FAULT_STATUS, VBP_E_USB);
	r = board_nreq();
	UNIT_CHECK(jaylink_get_caps(devh, caps) == JAYLINK_ERR_IO, "VBP_E_USB -> ERR_IO");
	UNIT_CHECK(board_nreq() == r + 1, "failed call is still one round trip");
	UNIT_CHECK(jaylink_get_caps(devh, caps) == JAYLINK_OK, "next call works again");

	board_fault(FAKE_FAULT_STATUS, VBP_E_TIMEOUT);
	UNIT_CHECK(jaylink_set_speed(devh, 1000) == JAYLINK_ERR_TIMEOUT,
		   "VBP_E_TIMEOUT -> ERR_TIMEOUT");

	board_fault(FAKE_FAULT_BAD_LEN, 0);
	UNIT_CHECK(jaylink_get_free_memory(devh, &mem) == JAYLINK_ERR_PROTO, "bad length");
	UNIT_CHECK(jaylink_get_free_memory(devh, &mem) == JAYLINK_OK, "stream resynced");

	log_reset();
	board_fault(FAKE_FAULT_HANGUP, 0);
	UNIT_CHECK(jaylink_get_caps(devh, caps) == JAYLINK_ERR_IO, "hangup -> ERR_IO");
	UNIT_CHECK(log_calls > 0 && strstr(log_text, "lost"), "no message: '%s'", log_text);
	UNIT_CHECK(jaylink_get_caps(devh, caps) == JAYLINK_ERR_IO, "stays ERR_IO");
	jaylink_close(devh);
	jaylink_exit(ctx);
	UNIT_END_CASE();
}

static void test_board_absent(const char *dir)
{
	struct jaylink_context *ctx = new_ctx();
	struct jaylink_device **devs;
	char path[200];
	size_t n = 99;

	UNIT_CASE("no board: zero devices and a message naming socket and vboard");
	snprintf(path, sizeof(path), "%s/nothing-here.sock", dir);
	setenv("VBOARD_SOCKET", path, 1);
	log_reset();
	UNIT_CHECK(jaylink_discovery_scan(ctx, JAYLINK_HIF_USB) == JAYLINK_OK, "scan");
	UNIT_CHECK(jaylink_get_devices(ctx, &devs, &n) == JAYLINK_OK, "get_devices");
	UNIT_CHECK(n == 0 && devs[0] == NULL, "%zu devices", n);
	jaylink_free_devices(devs, true);
	UNIT_CHECK(strstr(log_text, path) != NULL, "path not in message '%s'", log_text);
	UNIT_CHECK(strstr(log_text, "vboard") != NULL, "no hint in message '%s'", log_text);
	jaylink_exit(ctx);
	UNIT_END_CASE();
}

static void test_tcp(void)
{
	struct jaylink_context *ctx;
	struct jaylink_device_handle *devh;
	struct jaylink_hardware_status st;
	size_t n;

	UNIT_CASE("VBOARD_SOCKET=tcp:PORT reaches 127.0.0.1:PORT");
	if (board_start(NULL) < 0) {
		UNIT_CHECK(0, "cannot start TCP fake board");
		UNIT_END_CASE();
		return;
	}
	ctx = new_ctx();
	devh = open_probe(ctx, &n);
	UNIT_CHECK(devh != NULL, "open over TCP");
	if (devh) {
		UNIT_CHECK(jaylink_get_hardware_status(devh, &st) == JAYLINK_OK &&
			   st.target_voltage == FAKE_MV, "status over TCP");
		jaylink_close(devh);
	}
	jaylink_exit(ctx);
	board_stop();
	UNIT_END_CASE();
}

static void test_library_info(void)
{
	static const int codes[] = {
		JAYLINK_OK, JAYLINK_ERR, JAYLINK_ERR_ARG, JAYLINK_ERR_MALLOC,
		JAYLINK_ERR_TIMEOUT, JAYLINK_ERR_PROTO, JAYLINK_ERR_NOT_AVAILABLE,
		JAYLINK_ERR_NOT_SUPPORTED, JAYLINK_ERR_IO, JAYLINK_ERR_DEV,
		JAYLINK_ERR_DEV_NOT_SUPPORTED, JAYLINK_ERR_DEV_NOT_AVAILABLE,
		JAYLINK_ERR_DEV_NO_MEMORY,
	};
	const char *unknown = jaylink_strerror(12345);
	uint32_t sn = 0;
	size_t i;

	UNIT_CASE("library: version, caps, error strings, serial parsing");
	UNIT_CHECK(!strncmp(jaylink_version_package_get_string(), "0.3.1", 5), "version");
	UNIT_CHECK(jaylink_version_package_get_major() == 0 &&
		   jaylink_version_package_get_minor() == 3 &&
		   jaylink_version_package_get_micro() == 1, "version numbers");
	UNIT_CHECK(!strcmp(jaylink_version_library_get_string(), "2:0:2"), "lib version");
	UNIT_CHECK(jaylink_library_has_cap(JAYLINK_CAP_HIF_USB), "HIF_USB");
	for (i = 0; i < ARRAY_SIZE(codes); i++) {
		const char *s = jaylink_strerror(codes[i]), *nm = jaylink_strerror_name(codes[i]);

		UNIT_CHECK(s && *s && strcmp(s, unknown), "strerror(%d)", codes[i]);
		UNIT_CHECK(nm && !strncmp(nm, "JAYLINK_", 8), "strerror_name(%d)", codes[i]);
	}
	UNIT_CHECK(!strcmp(jaylink_strerror_name(JAYLINK_ERR_IO), "JAYLINK_ERR_IO"), "name");
	UNIT_CHECK(jaylink_parse_serial_number("123456", &sn) == JAYLINK_OK && sn == 123456,
		   "parse 123456");
	UNIT_CHECK(jaylink_parse_serial_number("12x", &sn) == JAYLINK_ERR, "parse 12x");
	UNIT_CHECK(jaylink_parse_serial_number("4294967296", &sn) == JAYLINK_ERR, "overflow");
	UNIT_CHECK(!strcmp(jaylink_target_interface_string(JAYLINK_TIF_SWD), "SWD"), "tif");
	UNIT_END_CASE();
}

int main(void)
{
	char dir[] = "/tmp/vjlink-test-XXXXXX";

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	pthread_mutex_init(&board.lock, NULL);
	setenv("VJLINK_TIMEOUT_S", "10", 1);
	unsetenv("VJLINK_FREE_MEMORY");

	test_library_info();
	test_probe_classes();
	if (board_start(dir) < 0) {
		perror("fake board");
		return 1;
	}
	test_discovery();
	test_probe_info();
	test_register();
	test_target_messages();
	test_swd_io();
	test_faults();
	board_stop();
	test_board_absent(dir);
	test_tcp();
	rmdir(dir);
	UNIT_SUMMARY();
}
