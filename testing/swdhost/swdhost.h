/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SWD host engine: what the firmware of a debug probe that speaks DP/AP
 * transfers (ST-LINK, CMSIS-DAP) does on the wire.  It frames one transfer
 * at a time as ADIv5 describes it, reads the ACK before it decides on the
 * data phase (which a J-Link, clocking a fixed bit stream, cannot), and
 * leaves retry policy to the probe model that uses it.
 *
 * The engine knows nothing of the board: it clocks the wire through the
 * callback it is given.  Bit i of a buffer is byte i/8, bit i%8; `in` bit k
 * is the line during cycle k (plain sampling, as a probe that samples on
 * the clock edge reports it).  See README.md.
 */
#ifndef VB_SWDHOST_H
#define VB_SWDHOST_H

#include <stdbool.h>
#include <stdint.h>

/* ACK values as they appear on the wire (bit 0 first). */
#define SWDH_ACK_OK		1
#define SWDH_ACK_WAIT		2
#define SWDH_ACK_FAULT		4
#define SWDH_ACK_NONE		7	/* nobody drove the line: pull-up */
/* Not an ACK: read data arrived with a wrong parity bit. */
#define SWDH_PARITY_ERROR	8

/* DP register addresses (A[3:2] << 2). */
#define SWDH_DP_DPIDR		0x0	/* read */
#define SWDH_DP_ABORT		0x0	/* write */
#define SWDH_DP_CTRL_STAT	0x4
#define SWDH_DP_SELECT		0x8
#define SWDH_DP_RDBUFF		0xc

typedef void (*swdh_io_fn)(void *ctx, unsigned int nbits, const uint8_t *dir,
		const uint8_t *out, uint8_t *in);

struct swdh {
	swdh_io_fn io;
	void *ctx;
	unsigned int turnaround;	/* trn cycles, DLCR.TURNROUND + 1 (default 1) */
	unsigned int idle_after;	/* idle cycles (SWDIO low) after each transfer */
	bool data_phase_always;		/* CTRL/STAT.ORUNDETECT set: data phase on WAIT/FAULT too */
	/* counters, for the probe models' statistics */
	uint64_t transfers, waits, faults, no_acks, parity_errors;
};

void swdh_init(struct swdh *h, swdh_io_fn io, void *ctx);

/*
 * One transfer.  For a write *data is sent; for a read it receives the data
 * (AP reads are posted: it is the previous AP read's result).  Returns the
 * ACK (SWDH_ACK_*), or SWDH_PARITY_ERROR for an OK read whose parity was
 * wrong.  On WAIT, FAULT or no ACK nothing is transferred (unless
 * data_phase_always) and *data is unchanged.
 */
int swdh_transfer(struct swdh *h, bool ap, bool rnw, unsigned int addr, uint32_t *data);

/* Raw sequences, driven by the probe (SWJ_Sequence). */
void swdh_sequence(struct swdh *h, unsigned int nbits, const uint8_t *bits);
/* n cycles with SWDIO driven low. */
void swdh_idle(struct swdh *h, unsigned int n);
/* Line reset: 56 cycles high, then 2 idle (ADIv5: at least 50 high). */
void swdh_line_reset(struct swdh *h);
/* JTAG-to-SWD select: line reset, 0xE79E, line reset, idle (ADIv5 B4.3.2). */
void swdh_jtag_to_swd(struct swdh *h);

#endif
