// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * CMSIS-DAP firmware model.  Each command arrives as one HID OUT report and
 * is answered with one IN report, as the CMSIS-DAP specification
 * ("Commands") describes it; the SWD transfers are clocked on the board's
 * wire through the SWD host engine, with the firmware's own WAIT retries,
 * posted AP reads and value matching.  Facts: CMSIS-DAP specification 2.1
 * (ARM-software/CMSIS-DAP, ref_dap.txt) and the behaviour of its reference
 * firmware; see README.md.
 */
#include "vcmsisdap/fw/cmsisdap.h"
#include "swdhost/swdhost.h"
#include "common/timing.h"
#include "common/util.h"
#include "proto/vbproto.h"

#include <stdlib.h>
#include <string.h>

#define PORT_DISABLED	0
#define PORT_SWD	1

/* SWJ pins (DAP_SWJ_Pins bit numbers) */
#define PIN_SWCLK	0x01
#define PIN_SWDIO	0x02
#define PIN_NTRST	0x20
#define PIN_NRESET	0x80

static const char *const info_strings[] = {
	[1] = "vboard",				/* vendor */
	[2] = "Virtual CMSIS-DAP",		/* product */
	[3] = "VCMSISDAP0001",			/* serial number */
	[4] = "2.1.1",				/* CMSIS-DAP protocol version */
	[9] = "vboard-1",			/* product firmware version */
};

/* A probe class: its USB interface and the CPU that bit-bangs the wire. */
struct cmsisdap_class {
	unsigned int packet_size;	/* DAP_Info packet size; packets sent whole */
	unsigned int packet_count;	/* DAP_Info packet count */
	uint32_t cpu_hz;		/* clocks the delay loop (cmsisdap_clock_for) */
};

static const struct cmsisdap_class class_fs_hid = {
	.packet_size = CMSISDAP_PACKET_SIZE,
	.packet_count = CMSISDAP_PACKET_COUNT,
	.cpu_hz = TIMING_CMSISDAP_CPU_HZ,
};

static const struct cmsisdap_class class_hs_bulk = {
	.packet_size = CMSISDAP_HS_PACKET_SIZE,
	.packet_count = CMSISDAP_PACKET_COUNT,
	.cpu_hz = TIMING_CMSISDAP_HS_CPU_HZ,
};

struct cmsisdap {
	const struct probe_fw_env *env;
	const struct cmsisdap_class *cls;
	struct swdh h;
	int port;
	uint8_t idle_cycles;
	uint16_t wait_retry;
	uint16_t match_retry;
	uint32_t match_mask;
	uint8_t pins;		/* output levels of SWCLK, SWDIO, nTRST, nRESET */
};

/* A command's request and response, bounded by the report size. */
struct msg {
	const uint8_t *req;
	size_t req_len, at;
	uint8_t resp[CMSISDAP_MAX_PACKET_SIZE];
	size_t len, cap;	/* cap: the class's packet size */
	bool bad;		/* the host overran the report: malformed */
};

static uint8_t get8(struct msg *m)
{
	if (m->at >= m->req_len) {
		m->bad = true;
		return 0;
	}
	return m->req[m->at++];
}

static uint32_t get16(struct msg *m)
{
	uint32_t v = get8(m);

	return v | (uint32_t)get8(m) << 8;
}

static uint32_t get32(struct msg *m)
{
	uint32_t v = get16(m);

	return v | get16(m) << 16;
}

static void put8(struct msg *m, uint8_t v)
{
	if (m->len >= m->cap) {
		m->bad = true;
		return;
	}
	m->resp[m->len++] = v;
}

static void put32(struct msg *m, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		put8(m, v >> (8 * i));
}

uint32_t cmsisdap_clock_for(uint32_t hz, uint32_t cpu_hz)
{
	const uint32_t half = cpu_hz / 2;
	uint32_t delay;

	if (!hz)
		return 0;
	if (hz >= half / (TIMING_CMSISDAP_IO_CYCLES + TIMING_CMSISDAP_FAST_CYCLES))
		return half / (TIMING_CMSISDAP_IO_CYCLES + TIMING_CMSISDAP_FAST_CYCLES);
	delay = (half + hz - 1) / hz;
	if (delay > TIMING_CMSISDAP_IO_CYCLES)
		delay = (delay - TIMING_CMSISDAP_IO_CYCLES + TIMING_CMSISDAP_SLOW_CYCLES - 1) /
			TIMING_CMSISDAP_SLOW_CYCLES;
	else
		delay = 1;
	return half / (TIMING_CMSISDAP_IO_CYCLES + delay * TIMING_CMSISDAP_SLOW_CYCLES);
}

uint32_t cmsisdap_clock_hz(uint32_t hz)
{
	return cmsisdap_clock_for(hz, TIMING_CMSISDAP_CPU_HZ);
}

static void set_clock(struct cmsisdap *d, uint32_t hz)
{
	uint32_t khz = cmsisdap_clock_for(hz, d->cls->cpu_hz) / 1000;

	d->env->set_swd_khz(d->env->ctx, khz ? khz : 1);
}

static void set_nreset(struct cmsisdap *d, bool level)
{
	if (level)
		d->pins |= PIN_NRESET;
	else
		d->pins &= ~PIN_NRESET;
	d->env->set_nreset(d->env->ctx, !level);
}

/* ---- transfers ---------------------------------------------------------- */

/* One transfer, repeated while the target answers WAIT, up to the configured retries. */
static unsigned int xfer(struct cmsisdap *d, uint8_t req, uint32_t *data)
{
	unsigned int retry = d->wait_retry;
	int ack;

	for (;;) {
		ack = swdh_transfer(&d->h, req & CMSISDAP_XFER_APNDP, req & CMSISDAP_XFER_RNW,
				req & CMSISDAP_XFER_A32, data);
		if (ack != SWDH_ACK_WAIT || !retry)
			break;
		retry--;
	}
	if (ack == SWDH_ACK_OK || ack == SWDH_PARITY_ERROR) {
		/* the configured idle cycles follow a completed transfer only */
		swdh_idle(&d->h, d->idle_cycles);
	} else if (ack != SWDH_ACK_WAIT && ack != SWDH_ACK_FAULT) {
		/* no valid ACK: back off a data phase, the line left to the target */
		static const uint8_t undriven[5];
		uint8_t in[5];

		d->env->swd_io(d->env->ctx, 33, undriven, undriven, in);
	}
	if (ack == SWDH_PARITY_ERROR)
		return CMSISDAP_XFER_PROTOCOL_ERROR;
	return (unsigned int)ack & 7;
}

#define RDBUFF_READ	(CMSISDAP_XFER_RNW | SWDH_DP_RDBUFF)

/*
 * DAP_Transfer.  An AP read is posted: its value arrives with the next AP
 * read, or is fetched from RDBUFF before any other transfer and after the
 * last one.  After a final write RDBUFF is read too, so that the response
 * carries that write's ACK.
 */
static void cmd_transfer(struct cmsisdap *d, struct msg *m)
{
	unsigned int count, done = 0, ack = 0;
	bool posted = false, check_write = false;
	uint32_t v;

	get8(m);	/* DAP index: SWD has one device */
	count = get8(m);
	put8(m, 0);
	put8(m, 0);
	if (d->port != PORT_SWD)
		goto out;	/* not connected: nothing done */
	while (done < count) {
		uint8_t req = get8(m);

		if (m->bad)
			return;
		if (req & CMSISDAP_XFER_RNW) {
			bool ap = req & CMSISDAP_XFER_APNDP;
			bool match = req & CMSISDAP_XFER_MATCH_VALUE;

			if (posted) {
				/* collect the posted value: the next AP read or RDBUFF */
				if (ap && !match) {
					ack = xfer(d, req, &v);
				} else {
					ack = xfer(d, RDBUFF_READ, &v);
					posted = false;
				}
				if (ack != SWDH_ACK_OK)
					break;
				put32(m, v);
			}
			if (match) {
				uint32_t want = get32(m);
				unsigned int tries = d->match_retry;

				if (ap) {
					ack = xfer(d, req, &v);	/* post the first read */
					if (ack != SWDH_ACK_OK)
						break;
				}
				for (;;) {
					ack = xfer(d, req, &v);
					if (ack != SWDH_ACK_OK || (v & d->match_mask) == want || !tries)
						break;
					tries--;
				}
				if (ack == SWDH_ACK_OK && (v & d->match_mask) != want)
					ack |= CMSISDAP_XFER_MISMATCH;
				if (ack != SWDH_ACK_OK)
					break;
			} else if (ap) {
				if (!posted) {
					ack = xfer(d, req, &v);
					if (ack != SWDH_ACK_OK)
						break;
					posted = true;
				}
			} else {
				ack = xfer(d, req, &v);
				if (ack != SWDH_ACK_OK)
					break;
				put32(m, v);
			}
			check_write = false;
		} else {
			if (posted) {
				ack = xfer(d, RDBUFF_READ, &v);
				if (ack != SWDH_ACK_OK)
					break;
				put32(m, v);
				posted = false;
			}
			v = get32(m);
			if (req & CMSISDAP_XFER_MATCH_MASK) {
				d->match_mask = v;
				ack = SWDH_ACK_OK;
			} else {
				ack = xfer(d, req, &v);
				if (ack != SWDH_ACK_OK)
					break;
				check_write = true;
			}
		}
		done++;
	}
	if (ack == SWDH_ACK_OK) {
		if (posted) {
			ack = xfer(d, RDBUFF_READ, &v);
			if (ack == SWDH_ACK_OK)
				put32(m, v);
		} else if (check_write) {
			ack = xfer(d, RDBUFF_READ, &v);
		}
	}
out:
	m->resp[1] = done;
	m->resp[2] = ack;
}

/* DAP_TransferBlock: one register, many words; AP reads posted as above. */
static void cmd_transfer_block(struct cmsisdap *d, struct msg *m)
{
	unsigned int count, done = 0, ack = 0;
	uint8_t req;
	uint32_t v;

	get8(m);	/* DAP index */
	count = get16(m);
	req = get8(m);
	put8(m, 0);
	put8(m, 0);
	put8(m, 0);
	if (m->bad || d->port != PORT_SWD || !count)
		goto out;
	if (req & CMSISDAP_XFER_RNW) {
		bool ap = req & CMSISDAP_XFER_APNDP;

		if (ap) {
			ack = xfer(d, req, &v);	/* post the first read */
			if (ack != SWDH_ACK_OK)
				goto out;
		}
		while (done < count) {
			ack = xfer(d, ap && done == count - 1 ? RDBUFF_READ : req, &v);
			if (ack != SWDH_ACK_OK)
				goto out;
			put32(m, v);
			if (m->bad)
				return;
			done++;
		}
	} else {
		while (done < count) {
			v = get32(m);
			if (m->bad)
				return;
			ack = xfer(d, req, &v);
			if (ack != SWDH_ACK_OK)
				goto out;
			done++;
		}
		ack = xfer(d, RDBUFF_READ, &v);
	}
out:
	m->resp[1] = done;
	m->resp[2] = done >> 8;
	m->resp[3] = ack;
}

/* ---- other commands ----------------------------------------------------- */

static void cmd_info(struct cmsisdap *d, struct msg *m)
{
	unsigned int id = get8(m);
	const char *s = id < ARRAY_SIZE(info_strings) ? info_strings[id] : NULL;

	if (s) {
		size_t n = strlen(s) + 1;

		put8(m, n);
		for (size_t i = 0; i < n; i++)
			put8(m, s[i]);
		return;
	}
	switch (id) {
	case 0xf0:	/* capabilities: SWD only */
		put8(m, 1);
		put8(m, 0x01);
		break;
	case 0xfe:	/* packet count */
		put8(m, 1);
		put8(m, d->cls->packet_count);
		break;
	case 0xff:	/* packet size */
		put8(m, 2);
		put8(m, d->cls->packet_size & 0xff);
		put8(m, d->cls->packet_size >> 8);
		break;
	default:	/* not available: no value */
		put8(m, 0);
		break;
	}
}

static void cmd_swj_pins(struct cmsisdap *d, struct msg *m)
{
	uint8_t out = get8(m), sel = get8(m);

	get32(m);	/* pin wait: the pins the firmware drives settle at once */
	sel &= PIN_SWCLK | PIN_SWDIO | PIN_NTRST | PIN_NRESET;
	d->pins = (d->pins & ~(sel & ~PIN_NRESET)) | (out & sel & ~PIN_NRESET);
	if (sel & PIN_NRESET)
		set_nreset(d, out & PIN_NRESET);
	put8(m, d->pins);
}

/* DAP_SWD_Sequence: output sequences driven, input sequences captured. */
static void cmd_swd_sequence(struct cmsisdap *d, struct msg *m)
{
	unsigned int nseq = get8(m);

	put8(m, CMSISDAP_OK);
	while (nseq-- && !m->bad) {
		uint8_t info = get8(m), dir[8], out[8] = { 0 }, in[8] = { 0 };
		unsigned int nbits = info & 0x3f ? info & 0x3f : 64, nbytes = (nbits + 7) / 8;
		bool input = info & 0x80;

		memset(dir, input ? 0 : 0xff, sizeof(dir));
		if (!input)
			for (unsigned int i = 0; i < nbytes; i++)
				out[i] = get8(m);
		if (m->bad)
			return;
		d->env->swd_io(d->env->ctx, nbits, dir, out, in);
		if (input)
			for (unsigned int i = 0; i < nbytes; i++)
				put8(m, in[i]);
	}
}

static void cmd_swj_sequence(struct cmsisdap *d, struct msg *m)
{
	unsigned int nbits = get8(m), nbytes;
	uint8_t bits[32];

	nbits = nbits ? nbits : 256;
	nbytes = (nbits + 7) / 8;
	for (unsigned int i = 0; i < nbytes; i++)
		bits[i] = get8(m);
	if (m->bad)
		return;
	swdh_sequence(&d->h, nbits, bits);
	put8(m, CMSISDAP_OK);
}

static void cmd_connect(struct cmsisdap *d, struct msg *m)
{
	unsigned int port = get8(m);

	if (port == 0)
		port = PORT_SWD;	/* default port */
	if (port == PORT_SWD) {
		/* port set-up: SWCLK and SWDIO driven high, nRESET released */
		d->port = PORT_SWD;
		d->pins |= PIN_SWCLK | PIN_SWDIO;
		set_nreset(d, true);
	} else {
		port = PORT_DISABLED;	/* JTAG is not implemented */
	}
	put8(m, port);
}

static int command(void *fw, const uint8_t *cmd, size_t n, uint8_t *out, size_t cap)
{
	struct cmsisdap *d = fw;
	const unsigned int size = d->cls->packet_size;
	struct msg m = { .req = cmd, .req_len = n, .at = 1, .cap = size };
	uint8_t id;
	uint32_t v;

	if (!n || n > size || cap < size)
		return -1;
	id = cmd[0];
	if (id == CMSISDAP_TRANSFER_ABORT)
		return 0;	/* no transfer is in progress between commands; no response */
	put8(&m, id);
	switch (id) {
	case CMSISDAP_INFO:
		cmd_info(d, &m);
		break;
	case CMSISDAP_HOST_STATUS:
		v = get8(&m);
		get8(&m);
		put8(&m, v <= 1 ? CMSISDAP_OK : CMSISDAP_ERROR);
		break;
	case CMSISDAP_CONNECT:
		cmd_connect(d, &m);
		break;
	case CMSISDAP_DISCONNECT:
		/* pins off: nRESET released */
		d->port = PORT_DISABLED;
		set_nreset(d, true);
		put8(&m, CMSISDAP_OK);
		break;
	case CMSISDAP_TRANSFER_CONFIGURE:
		d->idle_cycles = get8(&m);
		d->wait_retry = get16(&m);
		d->match_retry = get16(&m);
		put8(&m, CMSISDAP_OK);
		break;
	case CMSISDAP_TRANSFER:
		cmd_transfer(d, &m);
		break;
	case CMSISDAP_TRANSFER_BLOCK:
		cmd_transfer_block(d, &m);
		break;
	case CMSISDAP_WRITE_ABORT:
		get8(&m);	/* DAP index */
		v = get32(&m);
		if (m.bad)
			break;
		if (d->port != PORT_SWD) {
			put8(&m, CMSISDAP_ERROR);
			break;
		}
		/* one write, its ACK not looked at */
		swdh_transfer(&d->h, false, false, SWDH_DP_ABORT, &v);
		put8(&m, CMSISDAP_OK);
		break;
	case CMSISDAP_DELAY:
		v = get16(&m);
		if (!m.bad)
			d->env->delay_ns(d->env->ctx, (uint64_t)v * 1000);
		put8(&m, CMSISDAP_OK);
		break;
	case CMSISDAP_RESET_TARGET:
		put8(&m, CMSISDAP_OK);
		put8(&m, 0);	/* no device-specific reset sequence */
		break;
	case CMSISDAP_SWJ_PINS:
		cmd_swj_pins(d, &m);
		break;
	case CMSISDAP_SWJ_CLOCK:
		v = get32(&m);
		if (v && !m.bad)
			set_clock(d, v);
		put8(&m, v ? CMSISDAP_OK : CMSISDAP_ERROR);
		break;
	case CMSISDAP_SWJ_SEQUENCE:
		cmd_swj_sequence(d, &m);
		break;
	case CMSISDAP_SWD_CONFIGURE:
		v = get8(&m);
		d->h.turnaround = (v & 3) + 1;
		d->h.data_phase_always = v & 4;
		put8(&m, CMSISDAP_OK);
		break;
	case CMSISDAP_SWD_SEQUENCE:
		cmd_swd_sequence(d, &m);
		break;
	default:
		/* not implemented (JTAG, SWO, UART, atomic, vendor commands) */
		m.resp[0] = CMSISDAP_INVALID;
		break;
	}
	if (m.bad)
		return -1;
	/* an IN packet is sent whole (a HID report always; bulk [ASSUMED], harsher) */
	memset(out, 0, size);
	memcpy(out, m.resp, m.len);
	return size;
}

static void *create_class(const struct probe_fw_env *env, const struct cmsisdap_class *cls)
{
	struct cmsisdap *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->env = env;
	d->cls = cls;
	swdh_init(&d->h, env->swd_io, env->ctx);
	/* power-up defaults of the reference firmware */
	d->port = PORT_DISABLED;
	d->wait_retry = 100;
	d->pins = PIN_SWCLK | PIN_SWDIO | PIN_NTRST | PIN_NRESET;
	set_clock(d, TIMING_CMSISDAP_DEFAULT_HZ);
	return d;
}

static void *create_fs(const struct probe_fw_env *env)
{
	return create_class(env, &class_fs_hid);
}

static void *create_hs(const struct probe_fw_env *env)
{
	return create_class(env, &class_hs_bulk);
}

static void destroy(void *fw)
{
	free(fw);
}

const struct probe_fw_ops cmsisdap_fw_ops = {
	.name = "cmsis-dap-fs-hid",
	.kind = VBP_FW_CMSIS_DAP,
	.round_trip_ns = TIMING_CMSISDAP_ROUND_TRIP_NS,
	.byte_ns = TIMING_CMSISDAP_BYTE_NS,
	.create = create_fs,
	.destroy = destroy,
	.session_start = NULL,
	.command = command,
};

const struct probe_fw_ops cmsisdap_hs_fw_ops = {
	.name = "cmsis-dap-hs-bulk",
	.kind = VBP_FW_CMSIS_DAP_HS,
	.round_trip_ns = TIMING_CMSISDAP_HS_ROUND_TRIP_NS,
	.byte_ns = TIMING_CMSISDAP_HS_BYTE_NS,
	.create = create_hs,
	.destroy = destroy,
	.session_start = NULL,
	.command = command,
};
