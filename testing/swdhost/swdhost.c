// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SWD host engine (swdhost.h).  Frame, from ADIv5.2 B4.2: a request of 8
 * bits (start 1, APnDP, RnW, A[2:3], parity, stop 0, park 1), turnaround,
 * ACK (3 bits, LSB first), then for an OK read 32 data bits + parity +
 * turnaround, for an OK write turnaround + 32 data bits + parity.  After a
 * WAIT or FAULT there is no data phase unless overrun detection is on
 * (ADIv5.2 B4.2.3), only the turnaround back to the host.
 */
#include "swdhost/swdhost.h"

#include <string.h>

#define SWDH_MAX_BITS	64

void swdh_init(struct swdh *h, swdh_io_fn io, void *ctx)
{
	memset(h, 0, sizeof(*h));
	h->io = io;
	h->ctx = ctx;
	h->turnaround = 1;
}

struct frame {
	uint8_t dir[SWDH_MAX_BITS / 8], out[SWDH_MAX_BITS / 8], in[SWDH_MAX_BITS / 8];
	unsigned int n;
};

static void put(struct frame *f, bool drive, bool v)
{
	unsigned int i = f->n++;

	if (drive)
		f->dir[i / 8] |= 1u << (i % 8);
	if (v)
		f->out[i / 8] |= 1u << (i % 8);
}

static void put_bits(struct frame *f, uint32_t v, unsigned int n, bool drive)
{
	for (unsigned int i = 0; i < n; i++)
		put(f, drive, (v >> i) & 1);
}

static uint32_t get_bits(const struct frame *f, unsigned int at, unsigned int n)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v |= (uint32_t)((f->in[(at + i) / 8] >> ((at + i) % 8)) & 1) << i;
	return v;
}

static void run(struct swdh *h, struct frame *f)
{
	h->io(h->ctx, f->n, f->dir, f->out, f->in);
}

static uint8_t request(bool ap, bool rnw, unsigned int addr)
{
	uint8_t r = (ap ? 2 : 0) | (rnw ? 4 : 0) | ((addr >> 2) & 3) << 3;

	if (__builtin_parity(r))
		r |= 0x20;
	return r | 0x81;
}

int swdh_transfer(struct swdh *h, bool ap, bool rnw, unsigned int addr, uint32_t *data)
{
	struct frame f = { .n = 0 };
	unsigned int ack;
	uint32_t v;
	bool data_phase;

	h->transfers++;
	put_bits(&f, request(ap, rnw, addr), 8, true);
	put_bits(&f, 0, h->turnaround, false);
	put_bits(&f, 0, 3, false);
	run(h, &f);
	ack = get_bits(&f, 8 + h->turnaround, 3);
	data_phase = ack == SWDH_ACK_OK ||
		(h->data_phase_always && (ack == SWDH_ACK_WAIT || ack == SWDH_ACK_FAULT));

	memset(&f, 0, sizeof(f));
	if (!data_phase) {
		/* Back to the host: turnaround, then the line is ours again. */
		put_bits(&f, 0, h->turnaround, false);
	} else if (rnw) {
		put_bits(&f, 0, 33, false);
		put_bits(&f, 0, h->turnaround, false);
	} else {
		put_bits(&f, 0, h->turnaround, false);
		put_bits(&f, *data, 32, true);
		put(&f, true, __builtin_parity(*data));
	}
	put_bits(&f, 0, h->idle_after, true);
	run(h, &f);

	switch (ack) {
	case SWDH_ACK_OK:
		break;
	case SWDH_ACK_WAIT:
		h->waits++;
		return ack;
	case SWDH_ACK_FAULT:
		h->faults++;
		return ack;
	default:
		h->no_acks++;
		return ack;
	}
	if (rnw) {
		v = get_bits(&f, 0, 32);
		if ((uint32_t)__builtin_parity(v) != get_bits(&f, 32, 1)) {
			h->parity_errors++;
			return SWDH_PARITY_ERROR;
		}
		*data = v;
	}
	return SWDH_ACK_OK;
}

void swdh_sequence(struct swdh *h, unsigned int nbits, const uint8_t *bits)
{
	while (nbits) {
		struct frame f = { .n = 0 };
		unsigned int n = nbits > SWDH_MAX_BITS ? SWDH_MAX_BITS : nbits;

		for (unsigned int i = 0; i < n; i++)
			put(&f, true, (bits[i / 8] >> (i % 8)) & 1);
		run(h, &f);
		bits += n / 8;
		nbits -= n;
	}
}

void swdh_idle(struct swdh *h, unsigned int n)
{
	while (n) {
		struct frame f = { .n = 0 };
		unsigned int k = n > SWDH_MAX_BITS ? SWDH_MAX_BITS : n;

		put_bits(&f, 0, k, true);
		run(h, &f);
		n -= k;
	}
}

void swdh_line_reset(struct swdh *h)
{
	static const uint8_t ones[7] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	swdh_sequence(h, 56, ones);
	swdh_idle(h, 2);
}

void swdh_jtag_to_swd(struct swdh *h)
{
	/* at least 50 ones, 0xE79E LSB first, at least 50 ones, idle */
	static const uint8_t seq[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x9e, 0xe7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	swdh_sequence(h, sizeof(seq) * 8, seq);
	swdh_idle(h, 2);
}
