// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Virtual CMSIS-DAP: libhidapi-hidraw.so.0 with hidapi 0.13's ABI, presenting
 * one USB HID device whose firmware the board models (vcmsisdap/fw).  Each
 * OUT report written is forwarded to the board in one VBP_FW_CMD request
 * (proto/vbproto.h); its IN report is queued until the host reads it.
 * See README.md.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#pragma GCC visibility push(default)
#include <hidapi/hidapi.h>
#pragma GCC visibility pop

#include "proto/vbio.h"
#include "proto/vbproto.h"

/* The device presented: a CMSIS-DAP product string is what hosts look for. */
#define VCD_VID			0x0d28
#define VCD_PID			0x0204
#define VCD_RELEASE		0x0100
#define VCD_MANUFACTURER	L"vboard"
#define VCD_PRODUCT		L"Virtual CMSIS-DAP"
#define VCD_PRODUCT_HS		L"Virtual CMSIS-DAP v2 HS"
#define VCD_SERIAL		L"VCMSISDAP0001"
#define VCD_PATH_PREFIX		"vboard:"
/* IN reports the device buffers before the host must read (hidraw queues 64). */
#define VCD_QUEUE		64
#define VCD_REPORT_MAX		1024
#define VCD_TIMEOUT_S_DEFAULT	60

struct hid_device_ {
	int fd;
	uint32_t kind;		/* VBP_FW_CMSIS_DAP or VBP_FW_CMSIS_DAP_HS */
	char where[128];
	unsigned int timeout_s;
	bool nonblocking;
	uint8_t queue[VCD_QUEUE][VCD_REPORT_MAX];
	size_t queue_len[VCD_QUEUE];
	unsigned int head, count;
	wchar_t error[256];
	struct hid_device_info *info;
};

static wchar_t global_error[256];

static void set_error(hid_device *dev, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	swprintf(dev ? dev->error : global_error, 256, L"%s", msg);
}

/*
 * The probe class presented (VCMSISDAP_CLASS): "fs" (default), the full-speed
 * HID probe, or "hs", the CMSIS-DAP v2 high-speed bulk class.  Both answer
 * through this library; the board charges each its own USB cost.  0 (with
 * the message printed) for an unknown class.
 */
static uint32_t probe_kind(void)
{
	const char *s = getenv("VCMSISDAP_CLASS");

	if (!s || !*s || !strcmp(s, "fs"))
		return VBP_FW_CMSIS_DAP;
	if (!strcmp(s, "hs"))
		return VBP_FW_CMSIS_DAP_HS;
	fprintf(stderr, "vcmsisdap: VCMSISDAP_CLASS=%s: unknown probe class (fs or hs)\n", s);
	return 0;
}

static const wchar_t *product_string(uint32_t kind)
{
	return kind == VBP_FW_CMSIS_DAP_HS ? VCD_PRODUCT_HS : VCD_PRODUCT;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = v >> (8 * i);
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ---- the board connection ------------------------------------------------ */

static void lost(hid_device *dev, const char *what)
{
	if (errno == EAGAIN || errno == EWOULDBLOCK)
		set_error(dev, "vcmsisdap: no answer from the virtual board at %s within %u s (%s)",
			dev->where, dev->timeout_s, what);
	else
		set_error(dev, "vcmsisdap: connection to the virtual board at %s gone (%s: %s); "
			"is `vboard` still running?", dev->where, what, strerror(errno));
	if (dev->fd >= 0)
		close(dev->fd);
	dev->fd = -1;
}

/*
 * One request and its response.  Returns the response payload length
 * (status VBP_OK) with the payload in resp, or -1 with the error set.
 */
static int exchange(hid_device *dev, uint32_t type, const uint8_t *req, size_t req_len,
		uint8_t *resp, size_t cap)
{
	uint8_t hdr[12];
	uint32_t rlen;
	int32_t status;

	if (dev->fd < 0) {
		set_error(dev, "vcmsisdap: not connected to the virtual board (%s)", dev->where);
		return -1;
	}
	put32(hdr, type);
	put32(hdr + 4, req_len);
	if (vbio_send_full(dev->fd, hdr, 8) || (req_len && vbio_send_full(dev->fd, req, req_len))) {
		lost(dev, "sending a request");
		return -1;
	}
	if (vbio_recv_full(dev->fd, hdr, 12)) {
		lost(dev, "reading a response");
		return -1;
	}
	rlen = get32(hdr + 4);
	status = (int32_t)get32(hdr + 8);
	if (get32(hdr) != (type | VBP_RESPONSE) || rlen < 4 || rlen - 4 > cap) {
		set_error(dev, "vcmsisdap: malformed response from the board (type 0x%08x, len %u)",
			get32(hdr), rlen);
		close(dev->fd);
		dev->fd = -1;
		return -1;
	}
	rlen -= 4;
	if (rlen && vbio_recv_full(dev->fd, resp, rlen)) {
		lost(dev, "reading a response payload");
		return -1;
	}
	switch (status) {
	case VBP_OK:
		return (int)rlen;
	case VBP_E_USB:
		set_error(dev, "vcmsisdap: USB transfer error (injected by the board)");
		return -1;
	case VBP_E_TIMEOUT:
		set_error(dev, "vcmsisdap: USB transfer timeout (injected by the board)");
		return -1;
	case VBP_E_PROTO:
		set_error(dev, "vcmsisdap: the probe firmware refused a malformed report "
			"(see the board's log)");
		return -1;
	default:
		set_error(dev, "vcmsisdap: board status %d", status);
		return -1;
	}
}

/* ---- enumeration ----------------------------------------------------------- */

static wchar_t *wdup(const wchar_t *s)
{
	size_t n = (wcslen(s) + 1) * sizeof(wchar_t);
	wchar_t *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

static struct hid_device_info *make_info(uint32_t kind)
{
	struct hid_device_info *i = calloc(1, sizeof(*i));
	size_t n = strlen(VCD_PATH_PREFIX) + strlen(vbio_board_socket()) + 1;

	if (!i)
		return NULL;
	i->path = malloc(n);
	i->serial_number = wdup(VCD_SERIAL);
	i->manufacturer_string = wdup(VCD_MANUFACTURER);
	i->product_string = wdup(product_string(kind));
	if (!i->path || !i->serial_number || !i->manufacturer_string || !i->product_string) {
		hid_free_enumeration(i);
		return NULL;
	}
	snprintf(i->path, n, "%s%s", VCD_PATH_PREFIX, vbio_board_socket());
	i->vendor_id = VCD_VID;
	i->product_id = VCD_PID;
	i->release_number = VCD_RELEASE;
	i->usage_page = 0xff00;	/* vendor-defined, as CMSIS-DAP HID descriptors use */
	i->usage = 0x0001;
	i->interface_number = 0;
	i->bus_type = HID_API_BUS_USB;
	return i;
}

int hid_init(void)
{
	return 0;
}

int hid_exit(void)
{
	return 0;
}

struct hid_device_info *hid_enumerate(unsigned short vendor_id, unsigned short product_id)
{
	uint32_t kind = probe_kind();

	if (!kind || (vendor_id && vendor_id != VCD_VID) || (product_id && product_id != VCD_PID))
		return NULL;
	return make_info(kind);
}

void hid_free_enumeration(struct hid_device_info *devs)
{
	while (devs) {
		struct hid_device_info *next = devs->next;

		free(devs->path);
		free(devs->serial_number);
		free(devs->manufacturer_string);
		free(devs->product_string);
		free(devs);
		devs = next;
	}
}

/* ---- open, close ------------------------------------------------------------ */

hid_device *hid_open_path(const char *path)
{
	hid_device *dev;
	uint8_t req[4], resp[sizeof(struct vbp_hello_resp)];
	int n;

	if (!path || strncmp(path, VCD_PATH_PREFIX, strlen(VCD_PATH_PREFIX)) ||
			strcmp(path + strlen(VCD_PATH_PREFIX), vbio_board_socket())) {
		set_error(NULL, "vcmsisdap: no device at path %s", path ? path : "(null)");
		return NULL;
	}
	dev = calloc(1, sizeof(*dev));
	if (!dev) {
		set_error(NULL, "vcmsisdap: out of memory");
		return NULL;
	}
	dev->kind = probe_kind();
	if (!dev->kind) {
		set_error(NULL, "vcmsisdap: unknown VCMSISDAP_CLASS (fs or hs)");
		free(dev);
		return NULL;
	}
	dev->timeout_s = vbio_env_ulong("VCMSISDAP_TIMEOUT_S", VCD_TIMEOUT_S_DEFAULT);
	dev->fd = vbio_connect_board(vbio_board_socket(), dev->where, sizeof(dev->where),
		dev->timeout_s);
	if (dev->fd < 0) {
		set_error(NULL, "vcmsisdap: cannot reach the virtual board at %s (VBOARD_SOCKET): "
			"%s; start `vboard` first", dev->where, strerror(errno));
		fprintf(stderr, "%ls\n", global_error);
		free(dev);
		return NULL;
	}
	put32(req, VBP_VERSION);
	n = exchange(dev, VBP_HELLO, req, sizeof(req), resp, sizeof(resp));
	if (n != (int)sizeof(resp) || get32(resp) != VBP_VERSION) {
		if (n >= 0)
			set_error(dev, "vcmsisdap: the board at %s speaks protocol %u, this library %u",
				dev->where, n >= 4 ? get32(resp) : 0, VBP_VERSION);
		swprintf(global_error, 256, L"%ls", dev->error);
		fprintf(stderr, "%ls\n", global_error);
		hid_close(dev);
		return NULL;
	}
	return dev;
}

hid_device *hid_open(unsigned short vendor_id, unsigned short product_id,
		const wchar_t *serial_number)
{
	char path[sizeof(VCD_PATH_PREFIX) + 128];

	if (vendor_id != VCD_VID || product_id != VCD_PID ||
			(serial_number && wcscmp(serial_number, VCD_SERIAL))) {
		set_error(NULL, "vcmsisdap: no device %04x:%04x", vendor_id, product_id);
		return NULL;
	}
	snprintf(path, sizeof(path), "%s%s", VCD_PATH_PREFIX, vbio_board_socket());
	return hid_open_path(path);
}

void hid_close(hid_device *dev)
{
	if (!dev)
		return;
	if (dev->fd >= 0)
		close(dev->fd);
	hid_free_enumeration(dev->info);
	free(dev);
}

/* ---- reports ----------------------------------------------------------------- */

/*
 * data[0] is the report number (0: the device has no numbered reports, it is
 * not sent).  The report goes to the probe's firmware at once; its answer
 * waits in the IN queue.
 */
int hid_write(hid_device *dev, const unsigned char *data, size_t length)
{
	uint8_t cmd[4 + VCD_REPORT_MAX];
	unsigned int slot;
	int n;

	if (!dev || !data || length < 2) {
		if (dev)
			set_error(dev, "vcmsisdap: a report write of %zu bytes", length);
		return -1;
	}
	if (data[0] != 0 || length - 1 > VCD_REPORT_MAX) {
		set_error(dev, "vcmsisdap: report %u of %zu bytes: the device has one unnumbered "
			"report of at most %u bytes", data[0], length - 1, VCD_REPORT_MAX);
		return -1;
	}
	if (dev->count == VCD_QUEUE) {
		set_error(dev, "vcmsisdap: %u IN reports not read: the device stalls", VCD_QUEUE);
		return -1;
	}
	put32(cmd, dev->kind);
	memcpy(cmd + 4, data + 1, length - 1);
	slot = (dev->head + dev->count) % VCD_QUEUE;
	n = exchange(dev, VBP_FW_CMD, cmd, 4 + length - 1, dev->queue[slot], VCD_REPORT_MAX);
	if (n < 0)
		return -1;
	if (n > 0) {
		dev->queue_len[slot] = n;
		dev->count++;
	}
	return (int)length;
}

int hid_read_timeout(hid_device *dev, unsigned char *data, size_t length, int milliseconds)
{
	size_t n;

	if (!dev || !data)
		return -1;
	if (!dev->count) {
		if (milliseconds >= 0)
			return 0;	/* nothing will arrive: every answer is queued at once */
		set_error(dev, "vcmsisdap: blocking read with no report pending would never return");
		return -1;
	}
	n = dev->queue_len[dev->head];
	if (n > length)
		n = length;
	memcpy(data, dev->queue[dev->head], n);
	dev->head = (dev->head + 1) % VCD_QUEUE;
	dev->count--;
	return (int)n;
}

int hid_read(hid_device *dev, unsigned char *data, size_t length)
{
	return hid_read_timeout(dev, data, length, dev && dev->nonblocking ? 0 : -1);
}

int hid_set_nonblocking(hid_device *dev, int nonblock)
{
	if (!dev)
		return -1;
	dev->nonblocking = nonblock;
	return 0;
}

static int not_supported(hid_device *dev, const char *what)
{
	if (dev)
		set_error(dev, "vcmsisdap: %s: the device has no such report", what);
	return -1;
}

int hid_send_feature_report(hid_device *dev, const unsigned char *data, size_t length)
{
	return not_supported(dev, "feature report");
}

int hid_get_feature_report(hid_device *dev, unsigned char *data, size_t length)
{
	return not_supported(dev, "feature report");
}

int hid_get_input_report(hid_device *dev, unsigned char *data, size_t length)
{
	return not_supported(dev, "input report by control transfer");
}

/* ---- strings and information ---------------------------------------------------- */

static int copy_string(hid_device *dev, const wchar_t *s, wchar_t *string, size_t maxlen)
{
	if (!dev || !string || !maxlen)
		return -1;
	wcsncpy(string, s, maxlen);
	string[maxlen - 1] = L'\0';
	return 0;
}

int hid_get_manufacturer_string(hid_device *dev, wchar_t *string, size_t maxlen)
{
	return copy_string(dev, VCD_MANUFACTURER, string, maxlen);
}

int hid_get_product_string(hid_device *dev, wchar_t *string, size_t maxlen)
{
	return copy_string(dev, dev ? product_string(dev->kind) : VCD_PRODUCT, string, maxlen);
}

int hid_get_serial_number_string(hid_device *dev, wchar_t *string, size_t maxlen)
{
	return copy_string(dev, VCD_SERIAL, string, maxlen);
}

int hid_get_indexed_string(hid_device *dev, int string_index, wchar_t *string, size_t maxlen)
{
	return not_supported(dev, "indexed string");
}

struct hid_device_info *hid_get_device_info(hid_device *dev)
{
	if (!dev)
		return NULL;
	if (!dev->info)
		dev->info = make_info(dev->kind);
	return dev->info;
}

const wchar_t *hid_error(hid_device *dev)
{
	const wchar_t *e = dev ? dev->error : global_error;

	return e[0] ? e : L"Success";
}

const struct hid_api_version *hid_version(void)
{
	static const struct hid_api_version v = { HID_API_VERSION_MAJOR, HID_API_VERSION_MINOR,
		HID_API_VERSION_PATCH };

	return &v;
}

const char *hid_version_str(void)
{
	return HID_API_VERSION_STR;
}
