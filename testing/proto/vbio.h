/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Whole-buffer stream I/O for both ends of the probe protocol (vbproto.h):
 * the board process and the virtual J-Link.  Both work on connected stream
 * sockets only.
 *
 * Each returns 0 once len bytes have moved, or -1 with errno set.  A signal
 * that interrupts a call is retried.  Sending never raises SIGPIPE (the
 * library lives in the debugger's process, which must not die of a closed
 * board); a closed peer gives EPIPE on either side, a socket timeout EAGAIN.
 */
#ifndef VB_VBIO_H
#define VB_VBIO_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef _WIN32
/*
 * Winsock (the Windows build of the virtual J-Link, run under Wine): send and
 * recv take char buffers and report errors through WSAGetLastError(), not
 * errno; there is no SIGPIPE to suppress.  Errors are mapped to the errno
 * values the callers test.
 */
#include <winsock2.h>
#define VBIO_NOSIGNAL	0
typedef char vbio_buf_t;

static inline void vbio_set_errno(void)
{
	switch (WSAGetLastError()) {
	case WSAETIMEDOUT:
	case WSAEWOULDBLOCK:
		errno = EAGAIN;
		break;
	case WSAEINTR:
		errno = EINTR;
		break;
	default:
		errno = EPIPE;
		break;
	}
}
#else
#include <sys/socket.h>
#define VBIO_NOSIGNAL	MSG_NOSIGNAL
typedef uint8_t vbio_buf_t;

static inline void vbio_set_errno(void)
{
}
#endif

static inline int vbio_send_full(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = send(fd, (const vbio_buf_t *)p, len, VBIO_NOSIGNAL);

		if (n < 0)
			vbio_set_errno();
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

static inline int vbio_recv_full(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = recv(fd, (vbio_buf_t *)p, len, 0);

		if (n < 0)
			vbio_set_errno();
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			errno = EPIPE;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

#endif
