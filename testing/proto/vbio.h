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
#include <sys/socket.h>
#include <sys/types.h>

static inline int vbio_send_full(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

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
		ssize_t n = recv(fd, p, len, 0);

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
