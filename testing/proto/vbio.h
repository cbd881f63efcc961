/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stream I/O for both ends of the probe protocol (vbproto.h): the board
 * process and the probe front-ends (virtual J-Link, CMSIS-DAP, stlink-server).
 *
 * vbio_send_full / vbio_recv_full: whole buffers on a connected stream
 * socket.  Each returns 0 once len bytes have moved, or -1 with errno set.  A
 * signal that interrupts a call is retried.  Sending never raises SIGPIPE (the
 * libraries live in the debugger's process, which must not die of a closed
 * board); a closed peer gives EPIPE on either side, a socket timeout EAGAIN.
 *
 * The front-ends' side: vbio_env_ulong (a number from the environment),
 * vbio_board_socket (VBOARD_SOCKET or the default) and vbio_connect_board
 * (connect to the board's Unix socket, or to "tcp:PORT" on 127.0.0.1).
 */
#ifndef VB_VBIO_H
#define VB_VBIO_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "proto/vbproto.h"

#ifdef _WIN32
/*
 * Winsock (the Windows build of the virtual J-Link, run under Wine): send and
 * recv take char buffers and report errors through WSAGetLastError(), not
 * errno; there is no SIGPIPE to suppress.  Errors are mapped to the errno
 * values the callers test.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
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
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>
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

/* ---- the front-ends' connection to the board ------------------------------ */

/* NAME from the environment as a number (strtoul, base 0); def when unset, empty or not a number. */
static inline unsigned long vbio_env_ulong(const char *name, unsigned long def)
{
	const char *s = getenv(name);
	char *end;
	unsigned long v;

	if (!s || !*s)
		return def;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end)
		return def;
	return v;
}

/* Where the board listens: VBOARD_SOCKET, else VBOARD_SOCKET_DEFAULT. */
static inline const char *vbio_board_socket(void)
{
	const char *s = getenv("VBOARD_SOCKET");

	return (s && *s) ? s : VBOARD_SOCKET_DEFAULT;
}

#ifdef _WIN32
static inline void vbio_close(int fd)
{
	closesocket((SOCKET)fd);
}

/* Winsock needs WSAStartup once per process before the first socket. */
static inline int vbio_socket(int family)
{
	static int started;
	WSADATA wsa;
	SOCKET s;

	if (!started) {
		if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
			errno = EIO;
			return -1;
		}
		started = 1;
	}
	s = socket(family, SOCK_STREAM, 0);
	if (s == INVALID_SOCKET) {
		errno = EIO;
		return -1;
	}
	return (int)s;
}

/* A connect failure as errno (ECONNREFUSED is the usual one: no board). */
static inline void vbio_connect_errno(void)
{
	errno = WSAGetLastError() == WSAECONNREFUSED ? ECONNREFUSED : EIO;
}

/* No Unix sockets in this build: the board is reached over TCP. */
static inline int vbio_connect_unix(const char *path)
{
	errno = EAFNOSUPPORT;
	return -1;
}

/* Winsock takes the receive and send timeouts as a DWORD in milliseconds. */
static inline void vbio_set_timeout(int fd, unsigned int timeout_s)
{
	DWORD ms = timeout_s * 1000;

	if (!timeout_s)
		return;
	setsockopt((SOCKET)fd, SOL_SOCKET, SO_RCVTIMEO, (const char *)&ms, sizeof(ms));
	setsockopt((SOCKET)fd, SOL_SOCKET, SO_SNDTIMEO, (const char *)&ms, sizeof(ms));
}
#else
static inline void vbio_close(int fd)
{
	close(fd);
}

static inline int vbio_socket(int family)
{
	return socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
}

static inline void vbio_connect_errno(void)
{
}

static inline int vbio_connect_sockaddr(const struct sockaddr *sa, socklen_t len);

static inline int vbio_connect_unix(const char *path)
{
	struct sockaddr_un sa;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, path);
	return vbio_connect_sockaddr((struct sockaddr *)&sa, sizeof(sa));
}

static inline void vbio_set_timeout(int fd, unsigned int timeout_s)
{
	struct timeval tv = { .tv_sec = timeout_s, .tv_usec = 0 };

	if (!timeout_s)
		return;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}
#endif

/* A stream socket connected to sa (TCP without Nagle).  Returns fd or -1 (errno set). */
static inline int vbio_connect_sockaddr(const struct sockaddr *sa, socklen_t len)
{
	int fd, one = 1;

	fd = vbio_socket(sa->sa_family);
	if (fd < 0)
		return -1;
	if (sa->sa_family == AF_INET)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, (const void *)&one, sizeof(one));
	if (connect(fd, sa, len) < 0) {
		int e;

		vbio_connect_errno();
		e = errno;
		vbio_close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* PORT (decimal) on 127.0.0.1.  Returns fd or -1 (errno set; EINVAL for a bad port). */
static inline int vbio_connect_tcp(const char *port_str)
{
	struct sockaddr_in sa;
	char *end;
	unsigned long port;

	errno = 0;
	port = strtoul(port_str, &end, 10);
	if (errno || *end || !*port_str || port == 0 || port > 65535) {
		errno = EINVAL;
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return vbio_connect_sockaddr((struct sockaddr *)&sa, sizeof(sa));
}

/*
 * Connect to the board at name: "tcp:PORT" (127.0.0.1 only) or a Unix socket
 * path.  where (cap bytes) gets the address for messages; timeout_s > 0 bounds
 * every later send and receive.  Returns fd or -1 (errno set).
 */
static inline int vbio_connect_board(const char *name, char *where, size_t cap,
		unsigned int timeout_s)
{
	int fd;

	if (!strncmp(name, "tcp:", 4)) {
		snprintf(where, cap, "127.0.0.1:%s", name + 4);
		fd = vbio_connect_tcp(name + 4);
	} else {
		snprintf(where, cap, "%s", name);
		fd = vbio_connect_unix(name);
	}
	if (fd >= 0)
		vbio_set_timeout(fd, timeout_s);
	return fd;
}

#endif
