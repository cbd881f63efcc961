// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vstlink-server: a look-alike of ST's stlink-server for the virtual board.
 * It listens on 127.0.0.1 only, speaks the stlink-server TCP protocol a
 * debugger's ST-Link TCP backend speaks (OpenOCD: `st-link backend tcp PORT`,
 * `hla_stlink_backend tcp PORT`) and presents one ST-LINK/V3E whose firmware
 * is modelled inside the board: each USB command goes to the board unchanged
 * in a VBP_FW_CMD request (proto/vbproto.h).
 *
 * Requests are told apart by their first byte; each has a fixed length but
 * SEND_USB_CMD, whose 32-byte header gives the length of the OUT data that
 * follows.  Every reply starts with a 32-bit status, 1 = OK (all integers
 * little-endian), except GET_NB_DEV and GET_SERVER_VERSION.
 */
#include "proto/vbproto.h"
#include "proto/vbio.h"
#include "vstlink/fw/stlink_fw.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* Request codes (first byte) */
#define REQ_REFRESH_DEVICE_LIST	0x00
#define REQ_GET_NB_DEV		0x01
#define REQ_GET_DEV_INFO	0x02
#define REQ_OPEN_DEV		0x03
#define REQ_CLOSE_DEV		0x04
#define REQ_SEND_USB_CMD	0x05
#define REQ_GET_SERVER_VERSION	0x06
#define REQ_GET_NB_OF_DEV_CLIENTS 0x07

/* Status words */
#define SS_OK			0x00000001u
#define SS_TIMEOUT		0x00001001u
#define SS_BAD_PARAMETER	0x00001002u
#define SS_OPEN_ERR		0x00001003u
#define SS_CMD_NOT_AVAILABLE	0x00001053u

/* SEND_USB_CMD header: code, 3 reserved, connect id, 16-byte command block,
 * direction (0 = OUT data follows, 1 = IN data, 3 = SWO), 3 reserved, size. */
#define USB_HDR_LEN		32
#define USB_DIR_OUT		0
#define BUF_LEN			10240	/* the debugger's send and receive buffers */

/* Server identity: API 3, so a debugger uses the probe as over USB. */
#define SERVER_API		3
#define SERVER_MAJOR		2
#define SERVER_MINOR		1
#define SERVER_BUILD		1
#define DEVICE_ID		1
#define DEVICE_SERIAL		"VSTLINK000000000000000001"

struct client {
	int fd;
	int board;		/* -1 until OPEN_DEV */
	uint32_t connect_id;
};

static const char *board_name;
static int verbose;

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static int board_connect(void)
{
	char where[128];
	int fd = vbio_connect_board(board_name, where, sizeof(where), 0);

	if (fd < 0)
		fprintf(stderr, "vstlink-server: cannot reach the virtual board at %s: %s\n",
			where, strerror(errno));
	return fd;
}

/* The board connection failed (not a VBP_* status). */
#define LINK_LOST	INT32_MIN

/* One request to the board; the response payload (after the status) into resp.
 * Returns the board status, or LINK_LOST. */
static int32_t board_exchange(int fd, uint32_t type, const uint8_t *req, uint32_t len,
		uint8_t *resp, uint32_t cap, uint32_t *n)
{
	struct vbp_hdr h = { .type = type, .len = len };
	uint8_t st[4];
	static uint8_t junk[4096];

	*n = 0;
	if (vbio_send_full(fd, &h, sizeof(h)) || (len && vbio_send_full(fd, req, len)) ||
		vbio_recv_full(fd, &h, sizeof(h)) || h.len < 4 || vbio_recv_full(fd, st, 4)) {
		fprintf(stderr, "vstlink-server: board connection lost: %s\n", strerror(errno));
		return LINK_LOST;
	}
	h.len -= 4;
	if (h.type != (type | VBP_RESPONSE) || h.len > VBP_MAX_PAYLOAD) {
		fprintf(stderr, "vstlink-server: malformed board response\n");
		return LINK_LOST;
	}
	while (h.len) {
		uint32_t k = h.len;

		if (*n < cap) {
			if (k > cap - *n)
				k = cap - *n;
			if (vbio_recv_full(fd, resp + *n, k))
				return LINK_LOST;
			*n += k;
		} else {
			if (k > sizeof(junk))
				k = sizeof(junk);
			if (vbio_recv_full(fd, junk, k))
				return LINK_LOST;
		}
		h.len -= k;
	}
	return (int32_t)get32(st);
}

static int send_status(struct client *c, uint32_t st, const uint8_t *extra, size_t n)
{
	uint8_t b[64];

	put32(b, st);
	if (n)
		memcpy(b + 4, extra, n);
	return vbio_send_full(c->fd, b, 4 + n);
}

static void close_board(struct client *c)
{
	if (c->board >= 0)
		close(c->board);
	c->board = -1;
	c->connect_id = 0;
}

static int open_dev(struct client *c)
{
	uint8_t req[4], resp[sizeof(struct vbp_hello_resp)], id[4] = { 0 };
	uint32_t n;

	close_board(c);
	c->board = board_connect();
	if (c->board < 0)
		return send_status(c, SS_OPEN_ERR, id, 4);
	put32(req, VBP_VERSION);
	if (board_exchange(c->board, VBP_HELLO, req, 4, resp, sizeof(resp), &n) != VBP_OK ||
		n < 4 || get32(resp) != VBP_VERSION) {
		fprintf(stderr, "vstlink-server: handshake with the board at %s failed\n", board_name);
		close_board(c);
		return send_status(c, SS_OPEN_ERR, id, 4);
	}
	c->connect_id = 0x5354u + (uint32_t)getpid();
	put32(id, c->connect_id);
	if (verbose)
		fprintf(stderr, "vstlink-server: device opened (connect id %u)\n", c->connect_id);
	return send_status(c, SS_OK, id, 4);
}

/* SEND_USB_CMD: hdr holds the 32-byte header, already read. */
static int usb_cmd(struct client *c, const uint8_t *hdr)
{
	static uint8_t req[4 + STFW_CMD_LEN + BUF_LEN], in[4 + BUF_LEN];
	uint32_t size = get32(hdr + 28), n;
	bool out = hdr[24] == USB_DIR_OUT;
	int32_t st;

	if (size > BUF_LEN - (out ? USB_HDR_LEN : 4)) {
		fprintf(stderr, "vstlink-server: USB command with %u data bytes refused\n", size);
		return -1;
	}
	put32(req, VBP_FW_STLINK);
	memcpy(req + 4, hdr + 8, STFW_CMD_LEN);
	if (out && size && vbio_recv_full(c->fd, req + 4 + STFW_CMD_LEN, size))
		return -1;
	if (c->board < 0 || get32(hdr + 4) != c->connect_id) {
		memset(in, 0, 4 + (out ? 0 : size));
		put32(in, SS_BAD_PARAMETER);
		return vbio_send_full(c->fd, in, 4 + (out ? 0 : size));
	}
	st = board_exchange(c->board, VBP_FW_CMD, req, 4 + STFW_CMD_LEN + (out ? size : 0),
		in + 4, BUF_LEN, &n);
	if (st != VBP_OK)
		n = 0;
	if (st == VBP_OK && !out && n != size)
		fprintf(stderr, "vstlink-server: command %02x %02x: the probe sent %u bytes, "
			"the host read %u\n", hdr[8], hdr[9], n, size);
	if (st == VBP_OK && out && n)
		fprintf(stderr, "vstlink-server: command %02x %02x: %u reply bytes to an OUT "
			"command dropped\n", hdr[8], hdr[9], n);
	if (!out && n < size)
		memset(in + 4 + n, 0, size - n);
	put32(in, st == VBP_OK ? SS_OK : st == VBP_E_PROTO ? SS_CMD_NOT_AVAILABLE : SS_TIMEOUT);
	if (st == LINK_LOST)
		close_board(c);
	return vbio_send_full(c->fd, in, 4 + (out ? 0 : size));
}

/* One request; -1 ends the client's session. */
static int serve(struct client *c)
{
	uint8_t b[USB_HDR_LEN], info[41] = { 0 };

	if (vbio_recv_full(c->fd, b, 1))
		return -1;
	switch (b[0]) {
	case REQ_REFRESH_DEVICE_LIST:
		if (vbio_recv_full(c->fd, b + 1, 1))
			return -1;
		return send_status(c, SS_OK, NULL, 0);
	case REQ_GET_NB_DEV:
		return send_status(c, 1, NULL, 0);
	case REQ_GET_DEV_INFO:
		if (vbio_recv_full(c->fd, b + 1, 7))
			return -1;
		memset(info, 0, sizeof(info));
		if (b[1] != 0)
			return send_status(c, SS_BAD_PARAMETER, info, sizeof(info));
		put32(info, DEVICE_ID);
		memcpy(info + 4, DEVICE_SERIAL, strlen(DEVICE_SERIAL) > 32 ? 32 : strlen(DEVICE_SERIAL));
		info[36] = STFW_VID & 0xff;
		info[37] = STFW_VID >> 8;
		info[38] = STFW_PID_V3E & 0xff;
		info[39] = STFW_PID_V3E >> 8;
		info[40] = c->board >= 0;	/* in use */
		return send_status(c, SS_OK, info, sizeof(info));
	case REQ_OPEN_DEV:
		if (vbio_recv_full(c->fd, b + 1, 7))
			return -1;
		if (get32(b + 4) != DEVICE_ID)
			return send_status(c, SS_OPEN_ERR, info, 4);
		return open_dev(c);
	case REQ_CLOSE_DEV:
		if (vbio_recv_full(c->fd, b + 1, 7))
			return -1;
		if (c->board < 0 || get32(b + 4) != c->connect_id)
			return send_status(c, SS_BAD_PARAMETER, NULL, 0);
		close_board(c);
		return send_status(c, SS_OK, NULL, 0);
	case REQ_SEND_USB_CMD:
		if (vbio_recv_full(c->fd, b + 1, USB_HDR_LEN - 1))
			return -1;
		return usb_cmd(c, b);
	case REQ_GET_SERVER_VERSION:
		if (vbio_recv_full(c->fd, b + 1, 3))
			return -1;
		put32(info, SERVER_MAJOR);
		put32(info + 4, SERVER_MINOR);
		put32(info + 8, SERVER_BUILD);
		return send_status(c, SERVER_API, info, 12);
	case REQ_GET_NB_OF_DEV_CLIENTS:
		if (vbio_recv_full(c->fd, b + 1, 7))
			return -1;
		put32(info, c->board >= 0);
		return send_status(c, SS_OK, info, 4);
	default:
		fprintf(stderr, "vstlink-server: unknown request 0x%02x; closing the connection\n",
			b[0]);
		return -1;
	}
}

static void print_usage(FILE *f)
{
	fprintf(f,
		"usage: vstlink-server [options]\n"
		"  --port N        TCP port on 127.0.0.1 (default 7184, stlink-server's);\n"
		"                  0 picks a free one (see --port-file)\n"
		"  --port-file F   write the port listened on to F once listening\n"
		"  --board S       the board's socket: a path or tcp:PORT\n"
		"                  (default $VBOARD_SOCKET, else " VBOARD_SOCKET_DEFAULT ")\n"
		"  --verbose       log sessions\n"
		"  --help\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "port-file", required_argument, NULL, 'f' },
		{ "board", required_argument, NULL, 'b' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t salen = sizeof(sa);
	const char *port_file = NULL;
	unsigned long port = 7184;
	int lfd, one = 1, c;
	char *end;

	board_name = getenv("VBOARD_SOCKET");
	if (!board_name || !*board_name)
		board_name = VBOARD_SOCKET_DEFAULT;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			errno = 0;
			port = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || port > 65535) {
				fprintf(stderr, "vstlink-server: --port %s: not a port number\n", optarg);
				return 2;
			}
			break;
		case 'f':
			port_file = optarg;
			break;
		case 'b':
			board_name = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		default:
			print_usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vstlink-server: unexpected argument \"%s\"\n", argv[optind]);
		print_usage(stderr);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0) {
		perror("vstlink-server: socket");
		return 1;
	}
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, 4) < 0 ||
		getsockname(lfd, (struct sockaddr *)&sa, &salen) < 0) {
		fprintf(stderr, "vstlink-server: cannot listen on 127.0.0.1:%lu: %s\n", port,
			strerror(errno));
		return 1;
	}
	if (port_file) {
		char tmp[4096];
		FILE *f;

		snprintf(tmp, sizeof(tmp), "%s.tmp", port_file);
		f = fopen(tmp, "w");
		if (!f || fprintf(f, "%u\n", ntohs(sa.sin_port)) < 0 || fclose(f) ||
			rename(tmp, port_file)) {
			fprintf(stderr, "vstlink-server: cannot write %s: %s\n", port_file,
				strerror(errno));
			return 1;
		}
	}
	fprintf(stderr, "vstlink-server: listening on 127.0.0.1:%u, board %s\n",
		ntohs(sa.sin_port), board_name);
	for (;;) {
		struct client cl = { .board = -1 };

		cl.fd = accept(lfd, NULL, NULL);
		if (cl.fd < 0) {
			if (errno == EINTR)
				continue;
			perror("vstlink-server: accept");
			return 1;
		}
		setsockopt(cl.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if (verbose)
			fprintf(stderr, "vstlink-server: client connected\n");
		while (serve(&cl) == 0)
			;
		close_board(&cl);
		close(cl.fd);
		if (verbose)
			fprintf(stderr, "vstlink-server: client gone\n");
	}
}
