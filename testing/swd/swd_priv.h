/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Private state of the SWD model, shared by swd.c (wire + DP) and memap.c. */
#ifndef VB_SWD_PRIV_H
#define VB_SWD_PRIV_H

#include "swd.h"
#include "bus/bus.h"

#define SWD_NUM_MEMAPS		3

/* ACK values as sent on the wire, LSB first. */
#define SWD_ACK_OK		0x1
#define SWD_ACK_WAIT		0x2
#define SWD_ACK_FAULT		0x4
#define SWD_ACK_NONE		0x7	/* target does not drive: pull-up */

/* DP CTRL/STAT bits (ADIv5.2; reference 1.1) */
#define CS_ORUNDETECT		(1u << 0)
#define CS_STICKYORUN		(1u << 1)
#define CS_TRNMODE		(3u << 2)
#define CS_STICKYCMP		(1u << 4)
#define CS_STICKYERR		(1u << 5)
#define CS_READOK		(1u << 6)
#define CS_WDATAERR		(1u << 7)
#define CS_MASKLANE		(0xfu << 8)
#define CS_TRNCNT		(0xfffu << 12)
#define CS_CDBGRSTREQ		(1u << 26)
#define CS_CDBGRSTACK		(1u << 27)
#define CS_CDBGPWRUPREQ		(1u << 28)
#define CS_CDBGPWRUPACK		(1u << 29)
#define CS_CSYSPWRUPREQ		(1u << 30)
#define CS_CSYSPWRUPACK		(1u << 31)
#define CS_RW_MASK		(CS_ORUNDETECT | CS_TRNMODE | CS_MASKLANE | CS_TRNCNT | \
				 CS_CDBGRSTREQ | CS_CDBGPWRUPREQ | CS_CSYSPWRUPREQ)
#define CS_STICKY_MASK		(CS_STICKYORUN | CS_STICKYCMP | CS_STICKYERR | CS_WDATAERR)

/* DP ABORT bits */
#define ABORT_DAPABORT		(1u << 0)
#define ABORT_STKCMPCLR		(1u << 1)
#define ABORT_STKERRCLR		(1u << 2)
#define ABORT_WDERRCLR		(1u << 3)
#define ABORT_ORUNERRCLR	(1u << 4)

/* MEM-AP CSW bits */
#define CSW_SIZE_MASK		0x7u
#define CSW_ADDRINC_SHIFT	4
#define CSW_ADDRINC_MASK	(3u << CSW_ADDRINC_SHIFT)
#define CSW_DEVICEEN		(1u << 6)
#define CSW_TRINPROG		(1u << 7)
#define CSW_HPROT1		(1u << 25)
#define CSW_DBGSWENABLE		(1u << 31)
#define ADDRINC_OFF		0
#define ADDRINC_SINGLE		1
#define ADDRINC_PACKED		2

struct swd_memap {
	uint32_t idr;
	uint32_t base;
	bool apb;			/* APB-AP: 32-bit only, no Prot bits */
	bool packed_ok;
	bool needs_dbgswen;		/* transfers fail unless CSW.DbgSwEnable */
	bool blocked_by_sysreset;	/* transfers fail while nRESET is held */
	enum bus_master master;
	struct bus *bus;		/* NULL: transfers are bus errors */
	uint32_t csw_reset;
	uint32_t csw;
	uint32_t tar;
};

enum swd_phase {
	PH_IDLE = 0,	/* waiting for a start bit */
	PH_HOLD,	/* line reset seen: waiting for the line to go low */
	PH_HDR,		/* collecting APnDP..Park */
	PH_TRN_ACK,	/* turnaround before ACK */
	PH_ACK,
	PH_RDATA,	/* target drives data + parity */
	PH_TRN_END,	/* turnaround after read data */
	PH_TRN_WDATA,	/* turnaround before write data */
	PH_WDATA,	/* host drives data + parity */
	PH_SKIP,	/* cycles of a WAIT/FAULT frame nobody uses */
	PH_TSEL_GAP,	/* TARGETSEL: undriven ACK slot */
	PH_TSEL_DATA,
};

struct swd {
	struct swd_config cfg;
	struct vclock *clk;
	struct vb_stats *st;
	void (*sync)(void *ctx, uint64_t t_ns);
	void *sync_ctx;
	uint32_t khz;
	unsigned int sample_lag;
	bool lockout_on_error;
	bool powerup_required;
	uint32_t targetid;

	/* wire */
	enum swd_link_state link;
	enum swd_phase phase;
	unsigned int cnt;		/* bits done in the current phase */
	uint8_t hdr;			/* request bits 1..7 */
	bool req_ap, req_rnw;
	uint8_t req_a;			/* A[3:2] << 2 */
	uint8_t ack;
	uint32_t rdata;			/* data driven in PH_RDATA */
	uint64_t wdata;			/* data + parity collected in PH_WDATA */
	uint32_t ones_run;		/* consecutive high cycles not driven by the target */
	uint64_t hist[4];		/* last 256 line values, newest in hist[3] bit 63 */

	/* time of the cycle being processed */
	uint64_t t_base;
	uint32_t cyc;

	/* DP */
	uint32_t ctrl;			/* RW bits and sticky flags of CTRL/STAT */
	uint32_t select;
	uint32_t rdbuff;		/* result of the last AP read */
	uint32_t resend;		/* data of the last AP / RDBUFF read */

	/* AP transfer engine (one outstanding transfer for the whole DAP) */
	uint64_t ap_busy_until;		/* VCLOCK_NEVER: hung */
	bool ap_err_pending;		/* the outstanding transfer failed */
	bool sysreset;

	/* WAIT injection */
	uint64_t rng;
	unsigned int inj_left;		/* WAITs still owed to the current victim */
	bool inj_accept;		/* burst finished: accept the next attempt */
	bool inj_accepted;		/* the last AP access was the one accepted after a burst */
	unsigned int wdata_err_left;	/* --wdata-error-after-wait still to inject */
	bool wdata_corrupt;		/* flip the parity of the write being received */

	struct swd_memap ap[SWD_NUM_MEMAPS];
};

/* swd.c: bring the board to wire time t before an AP bus transfer; after
 * it, swd_resync() moves the rest of the wire later if the clock was
 * fast-forwarded (busy-poll skip) and updates *t. */
void swd_sync_to(struct swd *s, uint64_t t);
void swd_resync(struct swd *s, uint64_t *t);

/* memap.c: register access of AP apsel, addr = APBANKSEL << 4 | A[3:2] << 2.
 * Bus transfers happen at time t (swd.c syncs before); failures are reported
 * through s->ap_err_pending / ap_busy_until. */
void memap_init(struct swd *s, struct bus *sysbus, struct bus *apbd);
void memap_reset(struct swd *s);
uint32_t memap_read(struct swd *s, unsigned int apsel, unsigned int addr, uint64_t t);
void memap_write(struct swd *s, unsigned int apsel, unsigned int addr, uint32_t v, uint64_t t);

#endif
