// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Virtual J-Link: the stream connection to the board (testing/proto/vbproto.h).
 * Every probe operation is one request and one response.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/vbio.h"
#include "vjlink/vjlink.h"

/* Response header plus status word. */
#define VJLINK_RESP_FIXED	(sizeof(struct vbp_hdr) + 4)

void vjlink_put_u32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

void vjlink_put_u16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

uint32_t vjlink_get_u32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int vjlink_map_status(int32_t status)
{
	switch (status) {
	case VBP_OK:
		return JAYLINK_OK;
	case VBP_E_USB:
		return JAYLINK_ERR_IO;
	case VBP_E_TIMEOUT:
		return JAYLINK_ERR_TIMEOUT;
	case VBP_E_PROTO:
		return JAYLINK_ERR_PROTO;
	case VBP_E_NO_MEMORY:
		return JAYLINK_ERR_DEV_NO_MEMORY;
	default:
		return JAYLINK_ERR;
	}
}

/* ---- raw I/O ------------------------------------------------------------------------ */

/* Reads and drops len bytes. */
static int vjlink_recv_skip(int fd, size_t len)
{
	uint8_t junk[256];

	while (len) {
		size_t n = len < sizeof(junk) ? len : sizeof(junk);

		if (vbio_recv_full(fd, junk, n) < 0)
			return -1;
		len -= n;
	}
	return 0;
}

static int vjlink_send_request(int fd, uint32_t type, const void *req, size_t req_len)
{
	uint8_t hdr[sizeof(struct vbp_hdr)];

	vjlink_put_u32(hdr, type);
	vjlink_put_u32(hdr + 4, req_len);
	if (vbio_send_full(fd, hdr, sizeof(hdr)) < 0)
		return -1;
	if (req_len && vbio_send_full(fd, req, req_len) < 0)
		return -1;
	return 0;
}

/* ---- round trip ------------------------------------------------------------------- */

void vjlink_link_close(struct vjlink_link *link)
{
	if (link->fd >= 0)
		vbio_close(link->fd);
	link->fd = -1;
}

/* The stream can no longer be trusted: close it and report why. */
static int vjlink_link_lost(const struct jaylink_context *ctx, struct vjlink_link *link,
		const char *what)
{
	int timed_out = errno == EAGAIN || errno == EWOULDBLOCK;

	if (timed_out)
		vjlink_err(ctx, "vjlink: no answer from the virtual board at %s within %u s "
			"(%s); connection closed", link->where, link->timeout_s, what);
	else
		vjlink_err(ctx, "vjlink: connection to the virtual board at %s lost (%s: %s); "
			"is `vboard` still running?", link->where, what, strerror(errno));
	vjlink_link_close(link);
	return timed_out ? JAYLINK_ERR_TIMEOUT : JAYLINK_ERR_IO;
}

static int vjlink_exchange(const struct jaylink_context *ctx, struct vjlink_link *link,
		uint32_t type, const void *req, size_t req_len, void *resp, size_t resp_len)
{
	uint8_t fixed[VJLINK_RESP_FIXED];
	uint32_t rtype, rlen;
	int32_t status;

	if (link->fd < 0) {
		vjlink_err(ctx, "vjlink: not connected to the virtual board (%s)", link->where);
		return JAYLINK_ERR_IO;
	}
	if (vjlink_send_request(link->fd, type, req, req_len) < 0)
		return vjlink_link_lost(ctx, link, "sending request");
	if (vbio_recv_full(link->fd, fixed, sizeof(fixed)) < 0)
		return vjlink_link_lost(ctx, link, "reading response");
	rtype = vjlink_get_u32(fixed);
	rlen = vjlink_get_u32(fixed + 4);
	status = (int32_t)vjlink_get_u32(fixed + 8);
	if (rtype != (type | VBP_RESPONSE) || rlen < 4 || rlen - 4 > VBP_MAX_PAYLOAD) {
		vjlink_err(ctx, "vjlink: malformed response from the board (type 0x%08x, "
			"len %u for request %u); connection closed", rtype, rlen, type);
		vjlink_link_close(link);
		return JAYLINK_ERR_PROTO;
	}
	rlen -= 4;
	if (status == VBP_OK && rlen == resp_len) {
		if (resp_len && vbio_recv_full(link->fd, resp, resp_len) < 0)
			return vjlink_link_lost(ctx, link, "reading response payload");
		return JAYLINK_OK;
	}
	if (vjlink_recv_skip(link->fd, rlen) < 0)
		return vjlink_link_lost(ctx, link, "reading response payload");
	if (status == VBP_OK) {
		vjlink_err(ctx, "vjlink: board answered request %u with %u payload bytes, "
			"expected %zu", type, rlen, resp_len);
		return JAYLINK_ERR_PROTO;
	}
	vjlink_dbg(ctx, "vjlink: board reports status %d for request %u", status, type);
	return vjlink_map_status(status);
}

int vjlink_check_devh(const struct jaylink_device_handle *devh)
{
	return devh ? JAYLINK_OK : JAYLINK_ERR_ARG;
}

int vjlink_round_trip(struct jaylink_device_handle *devh, uint32_t type,
		const void *req, size_t req_len, void *resp, size_t resp_len)
{
	const struct jaylink_context *ctx = devh->dev->ctx;
	int ret;

	ret = vjlink_exchange(ctx, &devh->link, type, req, req_len, resp, resp_len);
	if (ret == JAYLINK_ERR_IO || ret == JAYLINK_ERR_TIMEOUT)
		vjlink_dbg(ctx, "vjlink: request %u failed: %s", type, jaylink_strerror(ret));
	return ret;
}

int vjlink_probe_info(struct jaylink_device_handle *devh, struct vbp_probe_info_resp *info)
{
	uint8_t r[sizeof(struct vbp_probe_info_resp)];
	int ret;

	ret = vjlink_round_trip(devh, VBP_PROBE_INFO, NULL, 0, r, sizeof(r));
	if (ret != JAYLINK_OK)
		return ret;
	info->free_memory = vjlink_get_u32(r);
	info->base_freq_hz = vjlink_get_u32(r + 4);
	info->min_div = vjlink_get_u32(r + 8);
	info->high_speed = vjlink_get_u32(r + 12);
	return JAYLINK_OK;
}

int vjlink_nop(struct jaylink_device_handle *devh)
{
	return vjlink_round_trip(devh, VBP_NOP, NULL, 0, NULL, 0);
}

int vjlink_query(struct jaylink_device_handle *devh, bool args_ok)
{
	if (vjlink_check_devh(devh) || !args_ok)
		return JAYLINK_ERR_ARG;
	return vjlink_nop(devh);
}

/* ---- connect + hello -------------------------------------------------------------- */

static int vjlink_connect(struct vjlink_link *link)
{
	link->timeout_s = vbio_env_ulong("VJLINK_TIMEOUT_S", VJLINK_TIMEOUT_S_DEFAULT);
	link->fd = vbio_connect_board(vbio_board_socket(), link->where, sizeof(link->where),
		link->timeout_s);
	return link->fd;
}

int vjlink_link_open(const struct jaylink_context *ctx, struct vjlink_link *link,
		struct vbp_hello_resp *hello)
{
	uint8_t req[4], resp[sizeof(struct vbp_hello_resp)];
	int ret;

	if (vjlink_connect(link) < 0) {
		vjlink_err(ctx, "vjlink: cannot reach the virtual board at %s (VBOARD_SOCKET): "
			"%s; start `vboard` first", link->where, strerror(errno));
		return JAYLINK_ERR_IO;
	}
	vjlink_put_u32(req, VBP_VERSION);
	ret = vjlink_exchange(ctx, link, VBP_HELLO, req, sizeof(req), resp, sizeof(resp));
	if (ret != JAYLINK_OK) {
		vjlink_err(ctx, "vjlink: handshake with the virtual board at %s failed: %s",
			link->where, jaylink_strerror(ret));
		vjlink_link_close(link);
		return ret;
	}
	hello->version = vjlink_get_u32(resp);
	hello->serial = vjlink_get_u32(resp + 4);
	memcpy(hello->product, resp + 8, sizeof(hello->product));
	hello->product[sizeof(hello->product) - 1] = '\0';
	if (hello->version != VBP_VERSION) {
		vjlink_err(ctx, "vjlink: board at %s speaks protocol %u, this library %u",
			link->where, hello->version, VBP_VERSION);
		vjlink_link_close(link);
		return JAYLINK_ERR_PROTO;
	}
	return JAYLINK_OK;
}
