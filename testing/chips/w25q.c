// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Winbond W25Q01JV / W25Q512JV serial NOR flash model.
 *
 * The chip sees /CS edges and clock slots on IO0..IO3 (chips/spi_wire.h) and
 * decodes them as the silicon does: the opcode on IO0 (or on IO0..3 in QPI),
 * then address, mode byte, dummy clocks and data on the line count the
 * decoded instruction expects.  Program, erase and register writes execute
 * at the rising /CS edge; reads stream while selected.  Busy times are
 * vclock events.  "ref x" = shared/reference/w25q01jv.md section x.
 */

#include "chips/w25q.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/jitter.h"
#include "common/stats.h"
#include "common/timing.h"
#include "common/util.h"
#include "common/vclock.h"

/* ---- registers (ref 3.1) ------------------------------------------------- */

#define SR1_BUSY	0x01
#define SR1_WEL		0x02
#define SR1_BP_SHIFT	2
#define SR1_TB		0x40
#define SR1_SRP		0x80
#define SR1_WMASK	0xfc

#define SR2_SRL		0x01
#define SR2_QE		0x02
#define SR2_LB_SHIFT	3		/* LB1..LB3 = bits 3..5 */
#define SR2_LB		0x38
#define SR2_CMP		0x40
#define SR2_SUS		0x80

#define SR3_ADS		0x01
#define SR3_ADP		0x02
#define SR3_WPS		0x04
#define SR3_DRV		0x60
#define SR3_HOLDRST	0x80

#define SZ_4K		0x1000u
#define SZ_32K		0x8000u
#define SZ_64K		0x10000u
#define SZ_64M		0x4000000u
#define PAGE		256u

/* ---- SFDP (ref 7.1): bytes 0x00..0xD7 dumped from EF4021 silicon --------- */

static const uint8_t sfdp_01jv[0xd8] = {
	0x53, 0x46, 0x44, 0x50, 0x06, 0x01, 0x01, 0xff,
	0x00, 0x06, 0x01, 0x10, 0x80, 0x00, 0x00, 0xff,
	0x84, 0x00, 0x01, 0x02, 0xd0, 0x00, 0x00, 0xff,
	0x03, 0x00, 0x01, 0x02, 0xf0, 0x00, 0x00, 0xff,
	[0x20 ... 0x7f] = 0xff,
	0xe5, 0x20, 0xfb, 0xff, 0xff, 0xff, 0xff, 0x3f,
	0x44, 0xeb, 0x08, 0x6b, 0x08, 0x3b, 0x42, 0xbb,
	0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00,
	0xff, 0xff, 0x40, 0xeb, 0x0c, 0x20, 0x0f, 0x52,
	0x10, 0xd8, 0x00, 0x00, 0x36, 0x02, 0xa6, 0x00,
	0x82, 0xea, 0x14, 0xe2, 0xe9, 0x63, 0x76, 0x33,
	0x7a, 0x75, 0x7a, 0x75, 0xf7, 0xa2, 0xd5, 0x5c,
	0x19, 0xf7, 0x4d, 0xff, 0xe9, 0x70, 0xf9, 0xa5,
	[0xc0 ... 0xcf] = 0xff,
	0xff, 0x0a, 0xf0, 0xff, 0x21, 0xff, 0xdc, 0xff,
};
#define SFDP_DENSITY_MSB	0x87	/* 0x3F (1 Gbit) / 0x1F (512 Mbit) */

/* ---- part table: SCLK limits per instruction group (common/timing.h) ------ */

struct part_info {
	uint32_t f_read;	/* 03h/13h */
	uint32_t f_fast;	/* 0Bh/0Ch and every other instruction */
	uint32_t f_dual;	/* 3Bh/3Ch/BBh/BCh */
	uint32_t f_quad;	/* 6Bh/6Ch/EBh/ECh, QPI reads */
	uint32_t f_dtr;		/* 0Dh/BDh/EDh */
};

static const struct part_info parts[] = {
	[W25Q01JV_IQ] = { TIMING_W25Q_FR_READ_HZ, TIMING_W25Q_FC_FAST_HZ, TIMING_W25Q_FC_DUAL_IQ_HZ,
		TIMING_W25Q_FC_QUAD_HZ, TIMING_W25Q_FC_DTR_HZ },
	[W25Q01JV_IM] = { TIMING_W25Q_FR_READ_HZ, TIMING_W25Q_FC_FAST_HZ, TIMING_W25Q_FC_DUAL_IM_HZ,
		TIMING_W25Q_FC_QUAD_HZ, TIMING_W25Q_FC_DTR_HZ },
	[W25Q512JV_IQ] = { TIMING_W25Q_FR_READ_HZ, TIMING_W25Q_FC_FAST_HZ, TIMING_W25Q_FC_DUAL_IQ_HZ,
		TIMING_W25Q_FC_QUAD_HZ, TIMING_W25Q_FC_DTR_HZ },
	[W25Q512JV_IM] = { TIMING_W25Q_FR_READ_HZ, TIMING_W25Q_FC_FAST_HZ, TIMING_W25Q_FC_DUAL_IM_HZ,
		TIMING_W25Q_FC_QUAD_HZ, TIMING_W25Q_FC_DTR_HZ },
	/* [ASSUMED] the W25Q512JV-IQ limits: the MX25L51245G's were not read */
	[MX25L51245G] = { TIMING_W25Q_FR_READ_HZ, TIMING_W25Q_FC_FAST_HZ, TIMING_W25Q_FC_DUAL_IQ_HZ,
		TIMING_W25Q_FC_QUAD_HZ, TIMING_W25Q_FC_DTR_HZ },
};

/*
 * Opcodes whose meaning is Winbond's own (W25Q JV datasheets): die select,
 * status registers 2 and 3, individual block locks, QPI entry and its read
 * parameters, extended address register, resume.  On a Macronix part most
 * are absent or mean something else (Macronix datasheets: 35h enters QPI,
 * 38h is the 1-4-4 page program, 15h reads the configuration register,
 * 30h resumes); the model gives them no Macronix meaning: such a part
 * ignores them and counts them in qspi_winbond_only_commands.
 */
static const uint8_t winbond_only_ops[] = {
	0xc2, 0x35, 0x15, 0x31, 0x11, 0x3d, 0x36, 0x39, 0x7e, 0x98, 0x38, 0xc0,
	0xc5, 0xc8, 0x7a, 0x50,
};

/* ---- instruction table (ref 2) ------------------------------------------- */

enum kind {
	K_READ, K_SFDP, K_SECR_READ, K_JEDEC, K_MFID, K_RES, K_UID,
	K_RDSR1, K_RDSR2, K_RDSR3, K_RDEAR, K_RDLOCK,
	K_PP, K_SECR_PP, K_WRSR1, K_WRSR2, K_WRSR3, K_WREAR, K_DIESEL,
	K_SETPARAM,
	K_SE, K_BE32, K_BE64, K_SECR_ERASE, K_LOCK, K_UNLOCK,
	K_WREN, K_WRDI, K_VWREN, K_CE, K_EN4B, K_EX4B, K_RSTEN, K_RST,
	K_PD, K_GLOCK, K_GUNLOCK, K_SUSPEND, K_RESUME, K_QPI_ON, K_QPI_OFF,
};

enum addr_kind { A_NONE, A_MODE, A_32, A_24 };

#define F_M		0x0001	/* mode byte M7-0 after the address */
#define F_QUAD		0x0002	/* needs QE=1 in SPI mode */
#define F_QPI		0x0004	/* valid in QPI mode */
#define F_QPI_ONLY	0x0008	/* valid only in QPI mode */
#define F_DTR		0x0010	/* address/mode/data on both edges */
#define F_IM		0x0020	/* IM (DTR) parts only */
#define F_OUT		0x0040	/* chip drives data */
#define F_IN		0x0080	/* data bytes in */
#define F_BUSY_OK	0x0100	/* accepted while busy (ref 4, FAM text) */
#define F_ARRAY		0x0200	/* address selects the die */
#define F_CONT		0x0400	/* M = Axh enters continuous read */
#define F_EACH_DIE	0x0800	/* applied by every die itself */

struct cmd {
	uint8_t op;
	uint8_t kind;
	uint8_t al, dl;		/* address / data lines in SPI mode (QPI: 4) */
	uint8_t addr;		/* enum addr_kind */
	uint8_t dummy;		/* dummy clocks after address (and M) in SPI mode */
	uint16_t flags;
};

static const struct cmd cmds[] = {
	/* reads (ref 2.1) */
	{ 0x03, K_READ, 1, 1, A_MODE, 0, F_OUT | F_ARRAY },
	{ 0x13, K_READ, 1, 1, A_32, 0, F_OUT | F_ARRAY },
	{ 0x0b, K_READ, 1, 1, A_MODE, 8, F_OUT | F_ARRAY | F_QPI },
	{ 0x0c, K_READ, 1, 1, A_32, 8, F_OUT | F_ARRAY },
	{ 0x3b, K_READ, 1, 2, A_MODE, 8, F_OUT | F_ARRAY },
	{ 0x3c, K_READ, 1, 2, A_32, 8, F_OUT | F_ARRAY },
	{ 0x6b, K_READ, 1, 4, A_MODE, 8, F_OUT | F_ARRAY | F_QUAD },
	{ 0x6c, K_READ, 1, 4, A_32, 8, F_OUT | F_ARRAY | F_QUAD },
	{ 0xbb, K_READ, 2, 2, A_MODE, 0, F_OUT | F_ARRAY | F_M | F_CONT },
	{ 0xbc, K_READ, 2, 2, A_32, 0, F_OUT | F_ARRAY | F_M | F_CONT },
	{ 0xeb, K_READ, 4, 4, A_MODE, 4, F_OUT | F_ARRAY | F_M | F_CONT | F_QUAD | F_QPI },
	{ 0xec, K_READ, 4, 4, A_32, 4, F_OUT | F_ARRAY | F_M | F_CONT | F_QUAD },
	/* DTR reads, IM parts; dummy counts from the config [UNK] */
	{ 0x0d, K_READ, 1, 1, A_MODE, 0, F_OUT | F_ARRAY | F_DTR | F_IM },
	{ 0xbd, K_READ, 2, 2, A_MODE, 0, F_OUT | F_ARRAY | F_DTR | F_IM | F_M | F_CONT },
	{ 0xed, K_READ, 4, 4, A_MODE, 0,
		F_OUT | F_ARRAY | F_DTR | F_IM | F_M | F_CONT | F_QUAD },
	{ 0x5a, K_SFDP, 1, 1, A_24, 8, F_OUT },
	{ 0x48, K_SECR_READ, 1, 1, A_MODE, 8, F_OUT },
	/* identification (ref 1) */
	{ 0x9f, K_JEDEC, 0, 1, A_NONE, 0, F_OUT | F_QPI },
	{ 0x90, K_MFID, 1, 1, A_24, 0, F_OUT | F_QPI },
	{ 0x92, K_MFID, 2, 2, A_24, 0, F_OUT | F_M },
	{ 0x94, K_MFID, 4, 4, A_24, 4, F_OUT | F_M | F_QUAD },
	{ 0xab, K_RES, 1, 1, A_24, 0, F_OUT | F_QPI },
	{ 0x4b, K_UID, 0, 1, A_NONE, 32, F_OUT },
	/* registers (ref 2.3) */
	{ 0x05, K_RDSR1, 0, 1, A_NONE, 0, F_OUT | F_QPI | F_BUSY_OK },
	{ 0x35, K_RDSR2, 0, 1, A_NONE, 0, F_OUT | F_QPI | F_BUSY_OK },
	{ 0x15, K_RDSR3, 0, 1, A_NONE, 0, F_OUT | F_QPI | F_BUSY_OK },
	{ 0xc8, K_RDEAR, 0, 1, A_NONE, 0, F_OUT | F_QPI },
	{ 0x3d, K_RDLOCK, 1, 1, A_MODE, 0, F_OUT | F_QPI | F_ARRAY },
	{ 0x01, K_WRSR1, 0, 1, A_NONE, 0, F_IN | F_QPI | F_EACH_DIE },
	{ 0x31, K_WRSR2, 0, 1, A_NONE, 0, F_IN | F_QPI | F_EACH_DIE },
	{ 0x11, K_WRSR3, 0, 1, A_NONE, 0, F_IN | F_QPI | F_EACH_DIE },
	{ 0xc5, K_WREAR, 0, 1, A_NONE, 0, F_IN | F_QPI },
	{ 0xc2, K_DIESEL, 0, 1, A_NONE, 0, F_IN | F_QPI | F_BUSY_OK },
	{ 0xc0, K_SETPARAM, 0, 4, A_NONE, 0, F_IN | F_QPI | F_QPI_ONLY },
	/* program (ref 2.2) */
	{ 0x02, K_PP, 1, 1, A_MODE, 0, F_IN | F_ARRAY | F_QPI },
	{ 0x12, K_PP, 1, 1, A_32, 0, F_IN | F_ARRAY },
	{ 0x32, K_PP, 1, 4, A_MODE, 0, F_IN | F_ARRAY | F_QUAD },
	{ 0x34, K_PP, 1, 4, A_32, 0, F_IN | F_ARRAY | F_QUAD },
	{ 0x42, K_SECR_PP, 1, 1, A_MODE, 0, F_IN },
	/* erase */
	{ 0x20, K_SE, 1, 0, A_MODE, 0, F_ARRAY | F_QPI },
	{ 0x21, K_SE, 1, 0, A_32, 0, F_ARRAY },
	{ 0x52, K_BE32, 1, 0, A_MODE, 0, F_ARRAY | F_QPI },
	{ 0xd8, K_BE64, 1, 0, A_MODE, 0, F_ARRAY | F_QPI },
	{ 0xdc, K_BE64, 1, 0, A_32, 0, F_ARRAY },
	{ 0x44, K_SECR_ERASE, 1, 0, A_MODE, 0, 0 },
	{ 0x36, K_LOCK, 1, 0, A_MODE, 0, F_ARRAY | F_QPI },
	{ 0x39, K_UNLOCK, 1, 0, A_MODE, 0, F_ARRAY | F_QPI },
	/* no payload */
	{ 0x06, K_WREN, 0, 0, A_NONE, 0, F_QPI | F_EACH_DIE },
	{ 0x04, K_WRDI, 0, 0, A_NONE, 0, F_QPI | F_EACH_DIE },
	{ 0x50, K_VWREN, 0, 0, A_NONE, 0, F_QPI },
	{ 0xc7, K_CE, 0, 0, A_NONE, 0, F_QPI | F_EACH_DIE },
	{ 0x60, K_CE, 0, 0, A_NONE, 0, F_QPI | F_EACH_DIE },
	{ 0xb7, K_EN4B, 0, 0, A_NONE, 0, F_QPI },
	{ 0xe9, K_EX4B, 0, 0, A_NONE, 0, F_QPI },
	{ 0x66, K_RSTEN, 0, 0, A_NONE, 0, F_QPI },
	{ 0x99, K_RST, 0, 0, A_NONE, 0, F_QPI },
	{ 0xb9, K_PD, 0, 0, A_NONE, 0, F_QPI },
	{ 0x7e, K_GLOCK, 0, 0, A_NONE, 0, F_QPI | F_EACH_DIE },
	{ 0x98, K_GUNLOCK, 0, 0, A_NONE, 0, F_QPI | F_EACH_DIE },
	{ 0x75, K_SUSPEND, 0, 0, A_NONE, 0, F_QPI | F_BUSY_OK },
	{ 0x7a, K_RESUME, 0, 0, A_NONE, 0, F_QPI },
	{ 0x38, K_QPI_ON, 0, 0, A_NONE, 0, 0 },
	{ 0xff, K_QPI_OFF, 0, 0, A_NONE, 0, F_QPI | F_QPI_ONLY },
};

/* ---- state ---------------------------------------------------------------- */

enum op_kind { OP_NONE, OP_PROGRAM, OP_ERASE, OP_WRSR, OP_STUCK };

struct w25q_op {
	uint8_t kind;			/* enum op_kind */
	bool chip;			/* chip erase: cannot be suspended */
	uint8_t *base;			/* first byte changed */
	uint32_t addr;			/* array address of base (secreg: ~0) */
	uint32_t len;			/* erase length / program page span */
	uint16_t nprog;			/* program: distinct bytes, in send order */
	uint8_t seq[PAGE];		/* program: page offsets in send order */
	uint8_t buf[PAGE];		/* program: data by page offset */
	uint8_t sr[3];			/* WRSR: new NV values */
	uint8_t sr_mask;		/* WRSR: which registers (bit i = SRi+1) */
	uint64_t total, elapsed, run_start;
};

struct w25q_die {
	struct w25q *w;
	unsigned int idx;
	uint8_t nv[3];			/* non-volatile SR1..SR3 */
	uint8_t sr[3];			/* in effect (volatile copy), WEL in sr[0] */
	struct w25q_op op;		/* running */
	struct w25q_op susp;		/* suspended */
	bool suspended;
	bool stuck;			/* --chip-stuck-busy: BUSY until power cycle */
	struct vclock_event ev_done, ev_sus;
	uint8_t secreg[3][PAGE];
};

enum phase { PH_OPCODE, PH_ADDR, PH_MODE, PH_DUMMY, PH_IN, PH_OUT, PH_TAIL, PH_IGNORE };

struct w25q_xfer {
	const struct cmd *cmd;
	uint8_t ph;			/* enum phase */
	uint8_t lines;
	bool dtr;
	unsigned int need, got;
	uint64_t acc;
	unsigned int abits;
	uint32_t raw;			/* address bits as received */
	uint32_t addr;			/* decoded address */
	uint32_t cur;			/* running address of a data phase */
	int die;
	uint8_t mode;
	bool mode_done;
	unsigned int dummy;
	unsigned int nin, nout;
	uint8_t ibuf[4];
	bool pvalid[PAGE];
	uint8_t pseq[PAGE], pbuf[PAGE];
	unsigned int pn;
	uint8_t obyte, opos;
	unsigned int tail_bits;
	uint32_t tail;
	bool ignored;
	unsigned int edge;
	bool skip_fall;			/* DDR slots: the clock began in an SDR phase */
	uint8_t last_in;
	bool overclocked;		/* data out above the instruction's SCLK limit */
};

struct w25q {
	struct w25q_config cfg;
	struct vclock *clk;
	struct vb_stats *st;
	uint8_t *mem;
	uint32_t size, die_size;
	unsigned int ndies;
	int fd;
	bool im;
	bool winbond;			/* false: Winbond-only opcodes ignored */
	uint8_t jedec[3];
	uint8_t dev_id;
	uint8_t sfdp[PAGE];
	struct w25q_die die[2];
	uint8_t *locks;			/* WPS=1 lock bit per 4 KiB sector */
	/* volatile chip-wide state */
	unsigned int active_die;
	bool four_byte, qpi, cont, pd, rst_en, vwen, last_status;
	const struct cmd *cont_cmd;
	uint8_t ear, read_param, wp_level;
	uint64_t blocked_until;
	uint32_t ops_started;		/* since power-up, for --chip-stuck-busy */
	bool selected;
	struct w25q_xfer x;
	uint64_t sclk_hz;		/* from the controller (set_clock), 0 = unknown */
	uint64_t rng;			/* jitter, die skew and die-last draws */
	uint64_t oc_count;		/* over-clocked transactions so far */
	uint8_t held;			/* last level of IO0..IO3 (float_level hold) */
};

#define STAT_ADD(w, f, n) do { if ((w)->st) (w)->st->f += (n); } while (0)

static uint64_t now(const struct w25q *w)
{
	return vclock_now(w->clk);
}

/* ---- small helpers -------------------------------------------------------- */

static bool die_busy(const struct w25q_die *d)
{
	return d->op.kind != OP_NONE;
}

static bool any_busy(const struct w25q *w)
{
	for (unsigned int i = 0; i < w->ndies; i++)
		if (die_busy(&w->die[i]))
			return true;
	return false;
}

static bool die_free(const struct w25q *w, unsigned int d)
{
	if (w->cfg.busy_if_any_die_busy)
		return !any_busy(w);
	return !die_busy(&w->die[d]);
}

/* Both-die commands: which dies accept, decided before any of them starts. */
static void free_snapshot(const struct w25q *w, bool free_now[2])
{
	for (unsigned int i = 0; i < 2; i++)
		free_now[i] = i < w->ndies && die_free(w, i);
}

static uint64_t earliest_event(const struct w25q *w)
{
	uint64_t t = VCLOCK_NEVER;

	for (unsigned int i = 0; i < w->ndies; i++) {
		const struct w25q_die *d = &w->die[i];

		if (vclock_armed(&d->ev_done) && d->ev_done.when < t)
			t = d->ev_done.when;
		if (vclock_armed(&d->ev_sus) && d->ev_sus.when < t)
			t = d->ev_sus.when;
	}
	return t;
}

static uint8_t die_status(const struct w25q *w, const struct w25q_die *d, unsigned int reg)
{
	switch (reg) {
	case 1:
		return (d->sr[0] & ~SR1_BUSY) | (die_busy(d) ? SR1_BUSY : 0);
	case 2:
		return (d->sr[1] & ~SR2_SUS) | (d->suspended ? SR2_SUS : 0);
	case 3:
		return (d->sr[2] & ~SR3_ADS) | (w->four_byte ? SR3_ADS : 0);
	}
	return 0xff;
}

/* QE and the pin functions follow die 0 (both dies get every SR write). */
static bool qe(const struct w25q *w)
{
	return w->die[0].sr[1] & SR2_QE;
}

static void ignore_cmd(struct w25q *w)
{
	w->x.ph = PH_IGNORE;
	if (!w->x.ignored)
		STAT_ADD(w, qspi_ignored_commands, 1);
	w->x.ignored = true;
}

/* An operation time per --flash-timing: typical, maximum or drawn between. */
static uint64_t pick(struct w25q *w, uint64_t typ, uint64_t max)
{
	if (w->cfg.timing_jitter)
		return vb_jitter_time(&w->rng, typ, max);
	return w->cfg.timing_max ? max : typ;
}

static uint64_t program_time(struct w25q *w, unsigned int n)
{
	uint64_t t, m;

	if (w->cfg.pp_time == W25Q_PP_TIME_PAGE || n == 0)
		return pick(w, TIMING_W25Q_PP_TYP_NS, TIMING_W25Q_PP_MAX_NS);
	/* ref 5.1 / SFDP DW11: first byte 32 us, then 3 us per byte, at most tPP */
	t = TIMING_W25Q_PP_FIRST_BYTE_NS + TIMING_W25Q_PP_NEXT_BYTE_NS * (n - 1);
	if (t > TIMING_W25Q_PP_TYP_NS)
		t = TIMING_W25Q_PP_TYP_NS;
	m = t * TIMING_W25Q_PP_MAX_MULT;
	if (m > TIMING_W25Q_PP_MAX_NS)
		m = TIMING_W25Q_PP_MAX_NS;
	return pick(w, t, m);
}

/*
 * Both-die commands: extra time of each die.  The die that finishes last
 * (option, or drawn) lags by a skew drawn from [die_skew_min_ns, die_skew_ns].
 */
static void both_die_lag(struct w25q *w, uint64_t lag[2])
{
	unsigned int last = w->cfg.die_last == W25Q_DIE_LAST_0 ? 0 :
		w->cfg.die_last == W25Q_DIE_LAST_1 ? 1 : (unsigned int)(vb_rng_next(&w->rng) & 1);
	uint64_t lo = w->cfg.die_skew_min_ns, hi = w->cfg.die_skew_ns;

	if (lo > hi)
		lo = hi;
	lag[0] = 0;
	lag[1] = 0;
	lag[last] = vb_rng_range(&w->rng, lo, hi);
}

/* ---- protection (ref 3.6, 3.7) -------------------------------------------- */

static bool lock_bit(const struct w25q *w, uint32_t addr)
{
	uint32_t s = addr / SZ_4K;

	return w->locks[s / 8] & (1u << (s % 8));
}

static void set_lock_bit(struct w25q *w, uint32_t addr, bool on)
{
	uint32_t s = addr / SZ_4K;

	if (on)
		w->locks[s / 8] |= 1u << (s % 8);
	else
		w->locks[s / 8] &= ~(1u << (s % 8));
}

static bool sector_protected(const struct w25q *w, unsigned int d, uint32_t addr)
{
	const struct w25q_die *die = &w->die[d];
	uint64_t base = 0, space = w->size, len = 0, off;
	unsigned int bp = (die->sr[0] >> SR1_BP_SHIFT) & 0xf;
	bool in;

	if (die->sr[2] & SR3_WPS)
		return lock_bit(w, addr);
	if (w->cfg.bp_scope == W25Q_BP_DIE) {
		base = (uint64_t)d * w->die_size;
		space = w->die_size;
	}
	if (addr < base || addr >= base + space)
		return false;
	off = addr - base;
	if (bp)
		len = (uint64_t)SZ_64K << (bp - 1);
	if (len > space)
		len = space;
	in = (die->sr[0] & SR1_TB) ? off < len : off >= space - len;
	return (die->sr[1] & SR2_CMP) ? !in : in;
}

static bool range_protected(const struct w25q *w, unsigned int d, uint32_t addr, uint32_t len)
{
	for (uint32_t a = addr & ~(SZ_4K - 1); a < addr + len; a += SZ_4K)
		if (sector_protected(w, d, a))
			return true;
	return false;
}

/* The unit 36h/39h/3Dh act on: a 64 KiB block, or a 4 KiB sector in the
 * first and last block (of each die or of the chip) [ref 3.7 FAM/UNK]. */
static void lock_unit(const struct w25q *w, uint32_t addr, uint32_t *start, uint32_t *len)
{
	uint32_t rbase = 0, rsize = w->size, blk = addr & ~(SZ_64K - 1);

	if (w->cfg.wps_edge_sectors_per_die) {
		rsize = w->die_size;
		rbase = addr & ~(rsize - 1);
	}
	if (blk == rbase || blk == rbase + rsize - SZ_64K) {
		*start = addr & ~(SZ_4K - 1);
		*len = SZ_4K;
	} else {
		*start = blk;
		*len = SZ_64K;
	}
}

static bool sr_locked(const struct w25q *w, const struct w25q_die *d)
{
	if (d->sr[1] & SR2_SRL)
		return true;
	/* ref 3.5: SRP=1, /WP low; /WP exists only while QE=0 in SPI mode */
	return (d->sr[0] & SR1_SRP) && !w->qpi && !qe(w) && !w->wp_level;
}

/* ---- operations ------------------------------------------------------------ */

static void op_apply(struct w25q_op *op, uint64_t done)
{
	uint64_t n;

	if (done > op->total)
		done = op->total;
	switch (op->kind) {
	case OP_PROGRAM:
		/* 128-bit products: a chip erase at max time is 2688 s = 2^41 ns */
		n = op->total ? (uint64_t)((unsigned __int128)op->nprog * done / op->total) :
			op->nprog;
		for (uint64_t i = 0; i < n; i++)
			op->base[op->seq[i]] &= op->buf[op->seq[i]];
		break;
	case OP_ERASE:
		n = op->total ? (uint64_t)((unsigned __int128)op->len * done / op->total) : op->len;
		memset(op->base, 0xff, n);
		break;
	}
}

static uint64_t op_elapsed(const struct w25q *w, const struct w25q_op *op)
{
	return op->elapsed + (now(w) - op->run_start);
}

static void clear_wel(struct w25q *w, struct w25q_die *d)
{
	if (w->cfg.wel_clear_all_dies) {
		for (unsigned int i = 0; i < w->ndies; i++)
			w->die[i].sr[0] &= ~SR1_WEL;
	} else {
		d->sr[0] &= ~SR1_WEL;
	}
}

static void op_done(void *ctx)
{
	struct w25q_die *d = ctx;
	struct w25q *w = d->w;
	struct w25q_op *op = &d->op;

	if (op->kind == OP_WRSR) {
		for (unsigned int i = 0; i < 3; i++) {
			if (op->sr_mask & (1u << i)) {
				d->nv[i] = op->sr[i];
				d->sr[i] = (uint8_t)((d->sr[i] & (i ? 0 : SR1_WEL)) |
						(op->sr[i] & (i ? 0xff : SR1_WMASK)));
			}
		}
	} else {
		op_apply(op, op->total);
	}
	op->kind = OP_NONE;
	clear_wel(w, d);
	vclock_poll_reset(w->clk);
}

static void op_suspend(void *ctx)
{
	struct w25q_die *d = ctx;
	struct w25q *w = d->w;

	if (d->op.kind != OP_PROGRAM && d->op.kind != OP_ERASE)
		return;
	vclock_cancel(w->clk, &d->ev_done);
	d->op.elapsed = op_elapsed(w, &d->op);
	op_apply(&d->op, d->op.elapsed);	/* reads see the part done so far */
	d->susp = d->op;
	d->op.kind = OP_NONE;
	d->suspended = true;
	vclock_poll_reset(w->clk);
}

/* A hung die: BUSY with no end (its operation does nothing more). */
static void die_stick(struct w25q *w, struct w25q_die *d)
{
	vclock_cancel(w->clk, &d->ev_done);
	vclock_cancel(w->clk, &d->ev_sus);
	d->stuck = true;
	d->op.kind = OP_STUCK;
	vclock_poll_reset(w->clk);
}

static void op_start(struct w25q *w, struct w25q_die *d, const struct w25q_op *op, uint64_t dur)
{
	if (w->cfg.stuck_busy && w->cfg.stuck_busy_op && ++w->ops_started == w->cfg.stuck_busy_op) {
		die_stick(w, d);
		return;
	}
	d->op = *op;
	d->op.total = dur;
	d->op.elapsed = 0;
	d->op.run_start = now(w);
	vclock_schedule(w->clk, &d->ev_done, now(w) + dur, op_done, d, "w25q busy");
	STAT_ADD(w, qspi_busy_ns, dur);
	vclock_poll_reset(w->clk);
}

static void refuse_protected(struct w25q *w, struct w25q_die *d)
{
	if (w->cfg.protected_clears_wel)
		d->sr[0] &= ~SR1_WEL;
}

/* ---- reset / power -------------------------------------------------------- */

static void die_power_on(struct w25q *w, struct w25q_die *d)
{
	vclock_cancel(w->clk, &d->ev_done);
	vclock_cancel(w->clk, &d->ev_sus);
	d->op.kind = OP_NONE;
	d->susp.kind = OP_NONE;
	d->suspended = false;
	memcpy(d->sr, d->nv, sizeof(d->sr));
	d->sr[0] &= SR1_WMASK;
	d->sr[1] &= ~SR2_SUS;
	d->sr[2] &= ~SR3_ADS;
	if (d->stuck)
		die_stick(w, d);	/* a software reset does not free it */
}

static void chip_volatile_reset(struct w25q *w)
{
	for (unsigned int i = 0; i < w->ndies; i++)
		die_power_on(w, &w->die[i]);
	w->active_die = 0;				/* [INF] C2h default die 0 */
	w->four_byte = w->die[0].nv[2] & SR3_ADP;	/* ref 6 */
	w->ear = 0;					/* ref 3.3 INF */
	w->qpi = false;
	w->cont = false;
	w->cont_cmd = NULL;
	w->read_param = 0;
	w->rst_en = false;
	w->vwen = false;
	w->last_status = false;
	memset(w->locks, 0xff, w->size / SZ_4K / 8);	/* ref 3.7: locked */
	vclock_poll_reset(w->clk);
}

/* Running operations keep the part done so far (power loss, reset). */
static void apply_partial_ops(struct w25q *w)
{
	for (unsigned int i = 0; i < w->ndies; i++) {
		struct w25q_die *d = &w->die[i];

		if (d->op.kind == OP_PROGRAM || d->op.kind == OP_ERASE)
			op_apply(&d->op, op_elapsed(w, &d->op));
		if (d->suspended)
			op_apply(&d->susp, d->susp.elapsed);
	}
}

void w25q_power_cycle(struct w25q *w)
{
	for (unsigned int i = 0; i < w->ndies; i++)
		w->die[i].stuck = false;
	w->ops_started = 0;
	if (w->cfg.stuck_busy && !w->cfg.stuck_busy_op)
		w->die[0].stuck = true;
	chip_volatile_reset(w);
	w->pd = false;
	w->blocked_until = 0;
	w->selected = false;
	w->wp_level = 1;
}

void w25q_power_loss(struct w25q *w)
{
	apply_partial_ops(w);
	w25q_power_cycle(w);
}

static void software_reset(struct w25q *w)
{
	apply_partial_ops(w);
	chip_volatile_reset(w);
	w->blocked_until = now(w) + TIMING_W25Q_RST_NS;
}

/* ---- execution at /CS rise ------------------------------------------------ */

static void exec_wrsr(struct w25q *w, unsigned int kind, bool vol)
{
	const struct w25q_xfer *x = &w->x;
	uint8_t val[3] = { 0 }, mask = 0;
	bool refused = false, free_now[2], any_susp = false;
	uint64_t lag[2], t_w = 0;

	if (kind == K_WRSR1) {
		val[0] = x->ibuf[0];
		mask = 1;
		if (x->nin >= 2) {
			val[1] = x->ibuf[1];
			mask |= 2;
		}
	} else if (kind == K_WRSR2) {
		val[1] = x->ibuf[0];
		mask = 2;
	} else {
		val[2] = x->ibuf[0];
		mask = 4;
	}
	free_snapshot(w, free_now);
	for (unsigned int i = 0; i < w->ndies; i++)
		any_susp |= w->die[i].suspended;
	if (!vol) {
		t_w = pick(w, TIMING_W25Q_TW_TYP_NS, TIMING_W25Q_TW_MAX_NS);
		both_die_lag(w, lag);
	}
	for (unsigned int i = 0; i < w->ndies; i++) {
		struct w25q_die *d = &w->die[i];
		uint8_t m2 = SR2_SRL | SR2_QE | SR2_CMP, m3 = SR3_WPS | SR3_DRV;
		struct w25q_op op = { .kind = OP_WRSR, .sr_mask = mask };
		uint8_t *dst = vol ? d->sr : op.sr;
		if (!free_now[i] || (!vol && !(d->sr[0] & SR1_WEL)) || any_susp) {
			refused = true;
			continue;
		}
		if (sr_locked(w, d)) {
			refused = true;
			if (!vol)
				refuse_protected(w, d);
			continue;
		}
		if (w->im)
			m3 |= SR3_HOLDRST;
		if (!vol)
			m3 |= SR3_ADP;			/* ref 3.2: ADP NV only */
		if (!vol)
			memcpy(op.sr, d->nv, 3);
		if (mask & 1)
			dst[0] = (uint8_t)((dst[0] & ~SR1_WMASK) | (val[0] & SR1_WMASK));
		if (mask & 2) {
			uint8_t lb = vol ? 0 : (uint8_t)((dst[1] | val[1]) & SR2_LB);

			dst[1] = (uint8_t)((dst[1] & ~m2 & ~SR2_LB) | (val[1] & m2) |
					(dst[1] & SR2_LB) | lb);
			if (!w->im && w->cfg.qe_fixed)
				dst[1] |= SR2_QE;	/* ref 3.4 */
		}
		if (mask & 4)
			dst[2] = (uint8_t)((dst[2] & ~m3) | (val[2] & m3));
		if (!vol)
			op_start(w, d, &op, t_w + (w->ndies > 1 ? lag[i] : 0));
	}
	if (refused)
		STAT_ADD(w, qspi_ignored_commands, 1);
}

static void exec_chip_erase(struct w25q *w, int only_die)
{
	bool refused = false, started = false, free_now[2];
	uint64_t t_ce = pick(w, TIMING_W25Q_CE_TYP_NS, TIMING_W25Q_CE_MAX_NS), lag[2];

	both_die_lag(w, lag);
	free_snapshot(w, free_now);
	for (unsigned int i = 0; i < w->ndies; i++) {
		struct w25q_die *d = &w->die[i];
		struct w25q_op op = { .kind = OP_ERASE, .chip = true };
		uint32_t base = i * w->die_size;
		uint64_t t = t_ce;

		if (only_die >= 0 && (unsigned int)only_die != i)
			continue;
		if (!free_now[i] || !(d->sr[0] & SR1_WEL) || d->suspended) {
			refused = true;
			continue;
		}
		if (range_protected(w, i, base, w->die_size)) {
			refused = true;
			refuse_protected(w, d);
			continue;
		}
		op.base = w->mem + base;
		op.addr = base;
		op.len = w->die_size;
		if (only_die < 0 && w->ndies > 1)
			t += lag[i];
		op_start(w, d, &op, t);
		started = true;
	}
	if (started)
		STAT_ADD(w, qspi_chip_erases, 1);
	if (refused)
		STAT_ADD(w, qspi_ignored_commands, 1);
}

static bool susp_blocks(const struct w25q_die *d, bool program, uint32_t addr, uint32_t len)
{
	if (!d->suspended)
		return false;
	if (!program || d->susp.kind != OP_ERASE)
		return true;	/* ref 5.1 DW12 [FAM]: only program during erase suspend */
	return addr < d->susp.addr + d->susp.len && d->susp.addr < addr + len;
}

static void exec_array_write(struct w25q *w, unsigned int kind)
{
	struct w25q_xfer *x = &w->x;
	unsigned int di = x->die;
	struct w25q_die *d = &w->die[di];
	struct w25q_op op = { .kind = kind == K_PP ? OP_PROGRAM : OP_ERASE };
	uint32_t len = kind == K_SE ? SZ_4K : kind == K_BE32 ? SZ_32K :
		kind == K_BE64 ? SZ_64K : PAGE;
	uint32_t start = x->addr & ~(len - 1);
	uint64_t t;

	if (!die_free(w, di) || !(d->sr[0] & SR1_WEL) ||
	    susp_blocks(d, kind == K_PP, start, len)) {
		STAT_ADD(w, qspi_ignored_commands, 1);
		return;
	}
	if (range_protected(w, di, start, len)) {
		refuse_protected(w, d);
		STAT_ADD(w, qspi_ignored_commands, 1);
		return;
	}
	op.base = w->mem + start;
	op.addr = start;
	op.len = len;
	switch (kind) {
	case K_PP:
		op.nprog = (uint16_t)x->pn;
		memcpy(op.seq, x->pseq, sizeof(op.seq));
		memcpy(op.buf, x->pbuf, sizeof(op.buf));
		t = program_time(w, x->pn);
		STAT_ADD(w, qspi_page_programs, 1);
		break;
	case K_SE:
		t = pick(w, TIMING_W25Q_SE4K_TYP_NS, TIMING_W25Q_SE4K_MAX_NS);
		STAT_ADD(w, qspi_sector_erases_4k, 1);
		break;
	case K_BE32:
		t = pick(w, TIMING_W25Q_BE32K_TYP_NS, TIMING_W25Q_BE32K_MAX_NS);
		STAT_ADD(w, qspi_block_erases_32k, 1);
		break;
	default:
		t = pick(w, TIMING_W25Q_BE64K_TYP_NS, TIMING_W25Q_BE64K_MAX_NS);
		STAT_ADD(w, qspi_block_erases_64k, 1);
		break;
	}
	op_start(w, d, &op, t);
	if (w->cfg.array_cmd_sets_die)
		w->active_die = di;
}

/* Security registers 1..3 at 0x1000/0x2000/0x3000 (ref 1.3). */
static uint8_t *secreg(struct w25q *w, uint32_t raw, unsigned int *idx)
{
	unsigned int r = raw >> 12;
	struct w25q_die *d = &w->die[w->cfg.secreg_per_die ? w->active_die : 0];

	if (r < 1 || r > 3 || (raw & 0xf00))
		return NULL;
	if (idx)
		*idx = r;
	return d->secreg[r - 1];
}

static void exec_secreg_write(struct w25q *w, unsigned int kind)
{
	struct w25q_xfer *x = &w->x;
	unsigned int di = w->cfg.secreg_per_die ? w->active_die : 0, r = 0;
	struct w25q_die *d = &w->die[di];
	uint8_t *reg = secreg(w, x->raw, &r);
	struct w25q_op op = { .kind = kind == K_SECR_PP ? OP_PROGRAM : OP_ERASE };

	if (!reg || !die_free(w, di) || !(d->sr[0] & SR1_WEL) || d->suspended) {
		STAT_ADD(w, qspi_ignored_commands, 1);
		return;
	}
	if (d->sr[1] & (1u << (SR2_LB_SHIFT + r - 1))) {
		refuse_protected(w, d);
		STAT_ADD(w, qspi_ignored_commands, 1);
		return;
	}
	op.base = reg;
	op.addr = UINT32_MAX;
	op.len = PAGE;
	if (kind == K_SECR_PP) {
		op.nprog = (uint16_t)x->pn;
		memcpy(op.seq, x->pseq, sizeof(op.seq));
		memcpy(op.buf, x->pbuf, sizeof(op.buf));
		op_start(w, d, &op, program_time(w, x->pn));
	} else {
		op_start(w, d, &op, pick(w, TIMING_W25Q_SE4K_TYP_NS, TIMING_W25Q_SE4K_MAX_NS));
	}
}

static void exec_lock(struct w25q *w, unsigned int kind)
{
	struct w25q_xfer *x = &w->x;
	bool refused = false;

	for (unsigned int i = 0; i < w->ndies; i++) {
		struct w25q_die *d = &w->die[i];
		uint32_t start, len, lo = i * w->die_size, hi = lo + w->die_size;

		if (kind == K_LOCK || kind == K_UNLOCK) {
			if ((unsigned int)x->die != i)
				continue;
			lock_unit(w, x->addr, &start, &len);
		} else {
			start = lo;
			len = w->die_size;
		}
		/* [FAM] lock commands need WEL, like program/erase */
		if (!die_free(w, i) || !(d->sr[0] & SR1_WEL)) {
			refused = true;
			continue;
		}
		for (uint32_t a = start; a < start + len && a < hi; a += SZ_4K)
			set_lock_bit(w, a, kind == K_LOCK || kind == K_GLOCK);
		d->sr[0] &= ~SR1_WEL;
	}
	if (refused)
		STAT_ADD(w, qspi_ignored_commands, 1);
}

static void exec_suspend(struct w25q *w)
{
	bool any = false;

	for (unsigned int i = 0; i < w->ndies; i++) {
		struct w25q_die *d = &w->die[i];
		bool ok = (d->op.kind == OP_PROGRAM || d->op.kind == OP_ERASE) &&
			!d->op.chip && !d->suspended && !vclock_armed(&d->ev_sus);

		if (!ok)
			continue;
		vclock_schedule(w->clk, &d->ev_sus, now(w) + TIMING_W25Q_SUS_NS, op_suspend, d,
				"w25q suspend");
		any = true;
	}
	if (!any)
		STAT_ADD(w, qspi_ignored_commands, 1);
}

static void exec_resume(struct w25q *w)
{
	bool any = false;

	for (unsigned int i = 0; i < w->ndies; i++) {
		struct w25q_die *d = &w->die[i];
		uint64_t left;

		if (!d->suspended || die_busy(d))
			continue;
		d->op = d->susp;
		d->susp.kind = OP_NONE;
		d->suspended = false;
		d->op.run_start = now(w);
		left = d->op.total - d->op.elapsed;
		vclock_schedule(w->clk, &d->ev_done, now(w) + left, op_done, d, "w25q busy");
		any = true;
	}
	if (!any)
		STAT_ADD(w, qspi_ignored_commands, 1);
	vclock_poll_reset(w->clk);
}

static void exec_each_die_simple(struct w25q *w, unsigned int kind)
{
	for (unsigned int i = 0; i < w->ndies; i++) {
		if (!die_free(w, i))
			continue;
		if (kind == K_WREN)
			w->die[i].sr[0] |= SR1_WEL;
		else
			w->die[i].sr[0] &= ~SR1_WEL;
	}
}

/* Payload rule: no-payload and address-only commands run only if /CS rises
 * right after their last bit; data-in commands after a whole byte. */
static bool payload_ok(const struct w25q *w)
{
	const struct w25q_xfer *x = &w->x;

	if (x->cmd->flags & F_IN)
		return x->ph == PH_IN && x->got == 0 && x->nin >= 1;
	return x->ph == PH_TAIL && x->tail_bits == 0;
}

static void exec_chip_erase_extra(struct w25q *w)
{
	const struct w25q_xfer *x = &w->x;
	uint64_t a;

	switch (w->cfg.ce_extra) {
	case W25Q_CE_EXTRA_WHOLE:
		if (x->tail_bits % 8 == 0) {
			exec_chip_erase(w, -1);
			return;
		}
		break;
	case W25Q_CE_EXTRA_DIE:
		if (x->tail_bits == 24 || x->tail_bits == 32) {
			a = x->tail;
			if (x->tail_bits == 24 && !w->four_byte)
				a |= (uint64_t)w->ear << 24;
			exec_chip_erase(w, (int)((a & (w->size - 1)) / w->die_size));
			return;
		}
		break;
	default:
		break;
	}
	STAT_ADD(w, qspi_ignored_commands, 1);
}

static void execute(struct w25q *w, bool rst_en, bool vwen)
{
	struct w25q_xfer *x = &w->x;
	unsigned int kind = x->cmd->kind;

	if (kind == K_CE && x->ph == PH_TAIL && x->tail_bits) {
		exec_chip_erase_extra(w);
		return;
	}
	if (!payload_ok(w)) {
		STAT_ADD(w, qspi_ignored_commands, 1);
		return;
	}
	switch (kind) {
	case K_WREN:
	case K_WRDI:
		exec_each_die_simple(w, kind);
		break;
	case K_VWREN:
		w->vwen = true;
		break;
	case K_WRSR1:
	case K_WRSR2:
	case K_WRSR3:
		exec_wrsr(w, kind, vwen);
		break;
	case K_WREAR:
		if (w->cfg.ear_needs_wel && !(w->die[w->active_die].sr[0] & SR1_WEL)) {
			STAT_ADD(w, qspi_ignored_commands, 1);
			break;
		}
		w->ear = x->ibuf[0];
		break;
	case K_DIESEL:
		if (x->ibuf[0] < w->ndies && w->cfg.die_select_broken)
			STAT_ADD(w, qspi_ignored_commands, 1);
		else if (x->ibuf[0] < w->ndies)
			w->active_die = x->ibuf[0];
		else
			STAT_ADD(w, qspi_ignored_commands, 1);
		break;
	case K_SETPARAM:
		w->read_param = x->ibuf[0];
		break;
	case K_PP:
	case K_SE:
	case K_BE32:
	case K_BE64:
		exec_array_write(w, kind);
		break;
	case K_SECR_PP:
	case K_SECR_ERASE:
		exec_secreg_write(w, kind);
		break;
	case K_LOCK:
	case K_UNLOCK:
	case K_GLOCK:
	case K_GUNLOCK:
		exec_lock(w, kind);
		break;
	case K_CE:
		exec_chip_erase(w, -1);
		break;
	case K_EN4B:
		w->four_byte = true;
		break;
	case K_EX4B:
		w->four_byte = false;
		if (w->cfg.e9_ear == W25Q_E9_EAR_CLEAR)
			w->ear = 0;
		else if (w->cfg.e9_ear == W25Q_E9_EAR_SET1)
			w->ear = 1;
		break;
	case K_RSTEN:
		w->rst_en = true;
		break;
	case K_RST:
		if (rst_en)
			software_reset(w);
		else
			STAT_ADD(w, qspi_ignored_commands, 1);
		break;
	case K_PD:
		w->pd = true;
		w->blocked_until = now(w) + TIMING_W25Q_DP_NS;
		break;
	case K_SUSPEND:
		exec_suspend(w);
		break;
	case K_RESUME:
		exec_resume(w);
		break;
	case K_QPI_ON:
		if (qe(w))
			w->qpi = true;		/* ref 7.2 DW15: QE + 38h */
		else
			STAT_ADD(w, qspi_ignored_commands, 1);
		break;
	case K_QPI_OFF:
		w->qpi = false;
		break;
	}
}

/* ---- data out ------------------------------------------------------------- */

static uint32_t next_read_addr(const struct w25q *w, uint32_t a)
{
	if (w->cfg.read_wraps_in_die)
		return (a & ~(w->die_size - 1)) | ((a + 1) & (w->die_size - 1));
	return (a + 1) & (w->size - 1);
}

static uint8_t next_out_byte(struct w25q *w)
{
	struct w25q_xfer *x = &w->x;
	unsigned int k = x->nout++;
	uint8_t b = 0xff, *reg;
	uint64_t uid;

	switch (x->cmd->kind) {
	case K_READ:
		b = w->mem[x->cur];
		x->cur = next_read_addr(w, x->cur);
		break;
	case K_SFDP:
		b = x->cur < sizeof(w->sfdp) ? w->sfdp[x->cur] : 0xff;
		x->cur = (x->cur + 1) & 0xffffff;
		break;
	case K_SECR_READ:
		reg = secreg(w, x->raw, NULL);
		/* [FAM] the byte address wraps inside the 256-byte register */
		b = reg ? reg[(x->raw + k) & 0xff] : 0xff;
		break;
	case K_JEDEC:
		b = k < 3 ? w->jedec[k] : 0xff;
		break;
	case K_MFID:
		b = ((x->raw ^ k) & 1) ? w->dev_id : w->jedec[0];
		break;
	case K_RES:
		b = w->dev_id;
		break;
	case K_UID:
		uid = w->cfg.uid[w->cfg.uid_per_die ? w->active_die : 0];
		b = k < 8 ? (uint8_t)(uid >> (56 - 8 * k)) : 0xff;
		break;
	case K_RDSR1:
	case K_RDSR2:
	case K_RDSR3:
		b = die_status(w, &w->die[w->active_die], x->cmd->kind - K_RDSR1 + 1);
		break;
	case K_RDEAR:
		b = w->ear;
		break;
	case K_RDLOCK:
		b = lock_bit(w, x->addr) ? 1 : 0;
		break;
	}
	return b;
}

/* ---- phase sequencing ----------------------------------------------------- */

static void set_phase(struct w25q *w, enum phase ph, unsigned int lines, unsigned int need,
		bool dtr)
{
	struct w25q_xfer *x = &w->x;

	x->ph = ph;
	x->lines = lines;
	x->need = need;
	x->got = 0;
	x->acc = 0;
	x->dtr = dtr;
}

static unsigned int data_lines(const struct w25q *w)
{
	return w->qpi ? 4 : w->x.cmd->dl;
}

static unsigned int addr_lines(const struct w25q *w)
{
	return w->qpi ? 4 : w->x.cmd->al;
}

static const struct cmd *lookup(uint8_t op);

static uint32_t clock_limit(const struct w25q *w, const struct cmd *c)
{
	const struct part_info *pi = &parts[w->cfg.part];

	if (!(c->flags & F_OUT))
		return 0;
	if (c->kind != K_READ)
		return pi->f_fast;		/* fC: all other instructions */
	if (c->flags & F_DTR)
		return pi->f_dtr;
	if (w->qpi)
		return pi->f_quad;
	switch (c->op) {
	case 0x03:
	case 0x13:
		return w->cfg.fr_limit ? pi->f_read : pi->f_fast;	/* fR */
	case 0x0b:
	case 0x0c:
		return pi->f_fast;
	}
	return c->dl == 2 || c->al == 2 ? pi->f_dual : pi->f_quad;
}

uint32_t w25q_clock_limit(const struct w25q *w, uint8_t opcode)
{
	const struct cmd *c = lookup(opcode);

	return c ? clock_limit(w, c) : 0;
}

static void start_data(struct w25q *w)
{
	const struct cmd *c = w->x.cmd;
	bool dtr = c->flags & F_DTR;
	uint32_t lim = clock_limit(w, c);

	if (w->cfg.clock_limits && lim && w->sclk_hz > lim) {
		/* Output data valid too late for the clock: the host samples
		 * wrong bits (seeded pattern per byte; never a clean error). */
		w->x.overclocked = true;
		w->oc_count++;
		STAT_ADD(w, qspi_overclocked_reads, 1);
	}
	if (c->flags & F_OUT)
		set_phase(w, PH_OUT, data_lines(w), 8, dtr);
	else if (c->flags & F_IN)
		set_phase(w, PH_IN, data_lines(w), 8, false);
	else
		set_phase(w, PH_TAIL, w->qpi ? 4 : 1, 0, false);
	w->x.opos = 0;
}

static void after_mode(struct w25q *w)
{
	if (w->x.dummy)
		set_phase(w, PH_DUMMY, 0, w->x.dummy, false);
	else
		start_data(w);
}

static void after_addr(struct w25q *w)
{
	struct w25q_xfer *x = &w->x;
	const struct cmd *c = x->cmd;
	uint64_t a = x->raw;

	if (c->flags & F_ARRAY) {
		if (x->abits == 24)
			a |= (uint64_t)w->ear << 24;	/* ref 3.8 */
		x->addr = (uint32_t)(a & (w->size - 1));
		x->die = (int)(x->addr / w->die_size);
		if (!die_free(w, (unsigned int)x->die)) {
			ignore_cmd(w);
			return;
		}
	} else {
		x->addr = x->raw;
	}
	x->cur = c->kind == K_SFDP ? (x->raw & 0xffffff) : x->addr;
	if (c->flags & F_M)
		set_phase(w, PH_MODE, addr_lines(w), 8, c->flags & F_DTR);
	else
		after_mode(w);
}

static unsigned int dummy_clocks(const struct w25q *w, const struct cmd *c)
{
	unsigned int qpi_total = 2 * (((w->read_param >> 4) & 3) + 1);

	if (w->qpi && c->kind == K_READ)	/* C0h P5-4 [FAM] */
		return c->op == 0xeb ? qpi_total - 2 : qpi_total;
	if (w->qpi && c->kind == K_RES)
		return 0;
	switch (c->op) {
	case 0x0d:
		return w->cfg.dtr_dummy_0d;
	case 0xbd:
		return w->cfg.dtr_dummy_bd;
	case 0xed:
		return w->cfg.dtr_dummy_ed;
	case 0x4b:
		return w->four_byte ? 40 : 32;	/* ref 1.3: 4 / 5 dummy bytes */
	}
	return c->dummy;
}

static void begin_cmd(struct w25q *w, const struct cmd *c)
{
	struct w25q_xfer *x = &w->x;

	x->cmd = c;
	x->dummy = dummy_clocks(w, c);
	switch (c->addr) {
	case A_MODE:
		x->abits = w->four_byte ? 32 : 24;
		break;
	case A_32:
		x->abits = 32;
		break;
	case A_24:
		x->abits = 24;
		break;
	default:
		x->abits = 0;
	}
	if (x->abits)
		set_phase(w, PH_ADDR, addr_lines(w), x->abits, c->flags & F_DTR);
	else
		after_addr(w);
}

static const struct cmd *lookup(uint8_t op)
{
	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++)
		if (cmds[i].op == op)
			return &cmds[i];
	return NULL;
}

/* Accepted in the current mode, busy or not (the checks before BUSY). */
static bool cmd_mode_ok(const struct w25q *w, const struct cmd *c)
{
	if (now(w) < w->blocked_until)
		return false;				/* tRST, tDP, tRES1 */
	if (w->pd && c->kind != K_RES)
		return false;				/* ref 5.1 DW14 */
	if (w->qpi ? !(c->flags & F_QPI) : (c->flags & F_QPI_ONLY))
		return false;
	if ((c->flags & F_IM) && !w->im)
		return false;
	if (c->kind == K_DIESEL && w->ndies < 2)
		return false;
	if ((c->flags & F_QUAD) && !w->qpi && !qe(w))
		return false;				/* QE=0: quad opcodes not accepted */
	return true;
}

static bool cmd_allowed_busy(const struct w25q *w, const struct cmd *c)
{
	if ((c->flags & F_BUSY_OK) || ((c->kind == K_RSTEN || c->kind == K_RST) &&
				      w->cfg.reset_while_busy))
		return true;
	if (w->cfg.busy_if_any_die_busy)
		return !any_busy(w);
	if (c->flags & (F_ARRAY | F_EACH_DIE))
		return true;				/* decided per die later */
	return !die_busy(&w->die[w->active_die]);
}

static bool cmd_allowed(const struct w25q *w, const struct cmd *c)
{
	return cmd_mode_ok(w, c) && cmd_allowed_busy(w, c);
}

static void opcode_done(struct w25q *w, uint8_t op)
{
	const struct cmd *c = lookup(op);
	struct w25q_die *act = &w->die[w->active_die];

	w->x.cmd = c;
	if (c && (c->kind == K_RDSR1 || c->kind == K_RDSR2 || c->kind == K_RDSR3)) {
		if (die_busy(act) || vclock_armed(&act->ev_sus))
			vclock_busy_poll(w->clk, w, earliest_event(w));
	} else if (!c || c->kind != K_DIESEL) {
		/*
		 * A command refused only because the die is busy changes
		 * nothing (its data lines float the same way every time): a
		 * loop that sends it between status reads, such as 9Fh until
		 * the ID answers, still observes the same busy status.
		 */
		if (!c || !cmd_mode_ok(w, c) || cmd_allowed_busy(w, c))
			vclock_poll_reset(w->clk);
	}
	w->last_status = false;
	if (!w->winbond && memchr(winbond_only_ops, op, sizeof(winbond_only_ops))) {
		STAT_ADD(w, qspi_winbond_only_commands, 1);
		ignore_cmd(w);
		return;
	}
	if (!c || !cmd_allowed(w, c)) {
		ignore_cmd(w);
		return;
	}
	begin_cmd(w, c);
}

static void byte_in(struct w25q *w, uint8_t b)
{
	struct w25q_xfer *x = &w->x;

	if (x->cmd->kind == K_PP || x->cmd->kind == K_SECR_PP) {
		/* wraps within the page; later bytes overwrite earlier ones */
		uint8_t o = (uint8_t)(x->addr + x->nin);

		if (!x->pvalid[o]) {
			x->pvalid[o] = true;
			x->pseq[x->pn++] = o;
		}
		x->pbuf[o] = b;
	} else if (x->nin < sizeof(x->ibuf)) {
		x->ibuf[x->nin] = b;
	}
	x->nin++;
}

static unsigned int sample(uint8_t lv, unsigned int lines)
{
	/* 1 line: IO0; 2 lines: IO1 = MSB; 4 lines: IO3 = MSB */
	return lines == 1 ? (lv & 1) : lines == 2 ? (lv & 3) : (lv & 0xf);
}

static uint8_t drive(struct w25q *w)
{
	struct w25q_xfer *x = &w->x;
	unsigned int n = x->lines, v;

	if (x->opos == 0) {
		x->obyte = next_out_byte(w);
		if (x->overclocked) {
			uint64_t h = vb_hash64(w->cfg.seed ^ (w->oc_count << 24) ^ x->nout);
			unsigned int b1 = h & 7, b2 = (b1 + 1 + (unsigned int)((h >> 3) % 7)) & 7;

			/* one or two wrong bits in each byte, never none */
			x->obyte ^= (uint8_t)(1u << b1);
			if (h & 0x100)
				x->obyte ^= (uint8_t)(1u << b2);
		}
	}
	v = (x->obyte >> (8 - x->opos - n)) & ((1u << n) - 1);
	x->opos = (uint8_t)((x->opos + n) & 7);
	if (n == 1)
		return (uint8_t)((v << 1) | (0x2 << SPI_IO_DRIVEN_SHIFT));	/* DO = IO1 */
	if (n == 2)
		return (uint8_t)(v | (0x3 << SPI_IO_DRIVEN_SHIFT));
	return (uint8_t)(v | (0xf << SPI_IO_DRIVEN_SHIFT));
}

static void phase_complete(struct w25q *w)
{
	struct w25q_xfer *x = &w->x;

	switch (x->ph) {
	case PH_OPCODE:
		opcode_done(w, (uint8_t)x->acc);
		break;
	case PH_ADDR:
		x->raw = (uint32_t)x->acc;
		after_addr(w);
		break;
	case PH_MODE:
		x->mode = (uint8_t)x->acc;
		x->mode_done = true;
		after_mode(w);
		break;
	case PH_IN:
		byte_in(w, (uint8_t)x->acc);
		x->got = 0;
		x->acc = 0;
		break;
	}
}

/* One sampling point (an SDR clock, or one edge of a DTR phase). */
static uint8_t unit(struct w25q *w, uint8_t lv)
{
	struct w25q_xfer *x = &w->x;

	if (!w->qpi && !qe(w)) {
		/* IO2 = /WP, IO3 = /HOLD (ref 3.4); HOLD/RST=1 (/RESET) not modelled */
		w->wp_level = (lv >> 2) & 1;
		if (!(lv & 8) && !(w->die[0].sr[2] & SR3_HOLDRST))
			return 0;		/* held: clock ignored, outputs off */
	}
	switch (x->ph) {
	case PH_OPCODE:
	case PH_ADDR:
	case PH_MODE:
	case PH_IN:
		x->acc = (x->acc << x->lines) | sample(lv, x->lines);
		x->got += x->lines;
		if (x->got >= x->need)
			phase_complete(w);
		break;
	case PH_DUMMY:
		if (++x->got >= x->need)
			start_data(w);
		break;
	case PH_OUT:
		return drive(w);
	case PH_TAIL:
		x->tail = (x->tail << x->lines) | sample(lv, x->lines);
		x->tail_bits += x->lines;
		break;
	default:
		break;
	}
	return 0;
}

/* ---- wire ops ------------------------------------------------------------- */

static void wire_select(void *chip, bool active)
{
	struct w25q *w = chip;
	struct w25q_xfer *x = &w->x;
	bool rst_en = w->rst_en, vwen = w->vwen;
	const struct cmd *c = x->cmd;

	if (active) {
		if (w->selected)
			return;
		w->selected = true;
		memset(x, 0, sizeof(*x));
		if (w->cont && w->cont_cmd) {
			/* ref 2.1: continuous read, the opcode is omitted */
			vclock_poll_reset(w->clk);
			begin_cmd(w, w->cont_cmd);
		} else {
			set_phase(w, PH_OPCODE, w->qpi ? 4 : 1, 8, false);
		}
		return;
	}
	if (!w->selected)
		return;
	w->selected = false;
	if (!c)
		return;				/* fewer than 8 opcode bits */
	w->rst_en = false;
	w->vwen = false;
	if ((c->flags & F_CONT) && x->mode_done) {
		/* ref 2.1 DW15: M7-0 = Axh keeps it, anything else leaves */
		bool dual = c->al == 2;

		w->cont = (x->mode & 0x30) == 0x20 && (!dual || w->cfg.dual_continuous);
		w->cont_cmd = c;
	}
	if (c->kind == K_RES && w->pd && !x->ignored) {
		w->pd = false;			/* release from power-down */
		w->blocked_until = now(w) + TIMING_W25Q_RES1_NS;
		return;
	}
	if (x->ignored)
		return;
	if (c->flags & F_OUT) {
		w->last_status = c->kind >= K_RDSR1 && c->kind <= K_RDSR3;
		return;
	}
	execute(w, rst_en, vwen);
}

static void wire_clock(void *chip, unsigned int n, const uint8_t *out, uint8_t oe,
		uint8_t *in, bool ddr)
{
	struct w25q *w = chip;
	uint8_t fl = w->cfg.float_level == 1 ? (uint8_t)(~oe & SPI_IO_MASK) : 0;
	bool hold = w->cfg.float_level == SPI_IO_FLOAT_HOLD;

	for (unsigned int i = 0; i < n; i++) {
		uint8_t lv = (uint8_t)((out[i] & oe & SPI_IO_MASK) | fl), r, drv;

		if (hold)
			lv = (uint8_t)((out[i] & oe) | (w->held & ~oe)) & SPI_IO_MASK;
		if (!w->selected) {
			in[i] = 0;
			continue;
		}
		if (!ddr) {
			bool dtr = w->x.dtr;

			r = unit(w, lv);
			if (dtr && w->x.dtr)
				unit(w, lv);	/* full cycle: both edges */
		} else if (!(w->x.edge++ & 1)) {
			bool dtr = w->x.dtr;

			r = unit(w, lv);	/* rising edge */
			w->x.skip_fall = !dtr;
		} else if (w->x.skip_fall) {
			r = w->x.last_in;	/* falling edge of an SDR clock */
			w->x.skip_fall = false;
		} else {
			r = unit(w, lv);	/* falling edge of a DTR clock */
		}
		w->x.last_in = r;
		in[i] = r;
		/* what each line carries now: the chip's output, else the host's */
		drv = (r >> SPI_IO_DRIVEN_SHIFT) & SPI_IO_MASK;
		w->held = (uint8_t)((lv & ~drv) | (r & drv)) & SPI_IO_MASK;
	}
}

static void wire_set_clock(void *chip, uint64_t sclk_hz)
{
	struct w25q *w = chip;

	w->sclk_hz = sclk_hz;
}

static uint64_t wire_stable_until(void *chip)
{
	struct w25q *w = chip;
	const struct w25q_die *d = &w->die[w->active_die];

	if (!w->last_status || !(die_busy(d) || vclock_armed(&d->ev_sus)))
		return 0;
	return earliest_event(w);
}

const struct spi_wire_ops w25q_wire_ops = {
	.select = wire_select,
	.clock = wire_clock,
	.stable_until = wire_stable_until,
	.set_clock = wire_set_clock,
};

/* ---- create / destroy ----------------------------------------------------- */

void w25q_config_defaults(struct w25q_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->part = W25Q01JV_IQ;
	cfg->die_skew_ns = TIMING_W25Q_DIE_SKEW_NS;
	cfg->die_skew_min_ns = TIMING_W25Q_DIE_SKEW_MIN_NS;
	cfg->die_last = W25Q_DIE_LAST_RANDOM;
	cfg->clock_limits = true;
	cfg->fr_limit = true;
	cfg->seed = 1;
	cfg->read_wraps_in_die = true;
	cfg->busy_if_any_die_busy = true;
	cfg->uid_per_die = true;
	cfg->uid[0] = 0xd26a8c4513a07e01ULL;	/* [ASSUMED] arbitrary */
	cfg->uid[1] = 0xd26a8c4513a07e02ULL;
	cfg->secreg_per_die = true;
	cfg->qe_fixed = true;
	cfg->sr3_factory = SR3_DRV;
	cfg->ear_needs_wel = true;
	cfg->e9_ear = W25Q_E9_EAR_KEEP;
	cfg->ce_extra = W25Q_CE_EXTRA_IGNORE;
	cfg->bp_scope = W25Q_BP_CHIP;
	cfg->wps_edge_sectors_per_die = true;
	cfg->dual_continuous = true;
	cfg->pp_time = W25Q_PP_TIME_BYTES;
	cfg->protected_clears_wel = true;
	cfg->reset_while_busy = true;
	cfg->float_level = SPI_IO_FLOAT_DEFAULT;
	cfg->dtr_dummy_0d = 6;
	cfg->dtr_dummy_bd = 2;
	cfg->dtr_dummy_ed = 7;
}

static uint8_t *map_image(struct w25q *w, const char *path)
{
	struct stat sb;
	uint8_t *p;
	off_t old;

	if (!path) {
		p = mmap(NULL, w->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return NULL;
		memset(p, 0xff, w->size);
		return p;
	}
	w->fd = open(path, O_RDWR | O_CREAT, 0644);
	if (w->fd < 0 || fstat(w->fd, &sb) < 0)
		return NULL;
	old = sb.st_size;
	if (old < (off_t)w->size && ftruncate(w->fd, w->size) < 0)
		return NULL;
	p = mmap(NULL, w->size, PROT_READ | PROT_WRITE, MAP_SHARED, w->fd, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (old < (off_t)w->size)
		memset(p + old, 0xff, w->size - old);	/* new flash is erased */
	return p;
}

static void setup_part(struct w25q *w)
{
	bool big = w->cfg.part == W25Q01JV_IQ || w->cfg.part == W25Q01JV_IM;

	w->winbond = true;
	w->im = w->cfg.part == W25Q01JV_IM || w->cfg.part == W25Q512JV_IM;
	w->ndies = big ? 2 : 1;
	w->die_size = SZ_64M;
	w->size = w->die_size * w->ndies;
	w->jedec[0] = 0xef;				/* ref 1.1 */
	w->jedec[1] = w->im ? 0x70 : 0x40;
	w->jedec[2] = big ? 0x21 : 0x20;
	/* ref 1.1 UNK: Winbond's sequence ..17h, 18h (256 Mbit), 19h (512 Mbit) */
	w->dev_id = w->cfg.device_id ? w->cfg.device_id : big ? 0x20 : 0x19;
	memset(w->sfdp, 0xff, sizeof(w->sfdp));
	if (!(w->im && w->cfg.im_sfdp_blank)) {
		memcpy(w->sfdp, sfdp_01jv, sizeof(sfdp_01jv));
		if (!big)
			w->sfdp[SFDP_DENSITY_MSB] = 0x1f;	/* ref 7.1 */
	}
	if (w->cfg.part == MX25L51245G) {
		/*
		 * JEDEC ID C2 20 1A, 64 MiB (upstream OpenOCD spi.c "mac 25l51245",
		 * Linux macronix.c); 90h/ABh device ID 19h [ASSUMED]; SFDP not
		 * modelled, reads FFh [ASSUMED]: OpenOCD's table knows the part.
		 */
		w->winbond = false;
		w->jedec[0] = 0xc2;
		w->jedec[1] = 0x20;
		w->jedec[2] = 0x1a;
		w->dev_id = w->cfg.device_id ? w->cfg.device_id : 0x19;
		memset(w->sfdp, 0xff, sizeof(w->sfdp));
	}
	if (w->cfg.jedec_set) {
		w->jedec[0] = (uint8_t)(w->cfg.jedec_override >> 16);
		w->jedec[1] = (uint8_t)(w->cfg.jedec_override >> 8);
		w->jedec[2] = (uint8_t)w->cfg.jedec_override;
	}
	if (w->cfg.sfdp_garbage)
		for (unsigned int i = 0; i < sizeof(w->sfdp); i++)
			w->sfdp[i] = (uint8_t)vb_hash64(w->cfg.seed ^ (0x5fd9ULL << 32) ^ i);
}

struct w25q *w25q_create(const struct w25q_config *cfg, struct vclock *clk, struct vb_stats *st,
		const char *image_path)
{
	struct w25q *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	if (cfg)
		w->cfg = *cfg;
	else
		w25q_config_defaults(&w->cfg);
	w->clk = clk;
	w->st = st;
	w->fd = -1;
	w->rng = w->cfg.seed;
	w->held = SPI_IO_MASK;		/* [ASSUMED] lines start high */
	setup_part(w);
	w->locks = calloc(w->size / SZ_4K / 8, 1);
	w->mem = map_image(w, image_path);
	if (!w->mem || !w->locks) {
		if (w->mem)
			munmap(w->mem, w->size);
		w->mem = NULL;
		w25q_destroy(w);
		return NULL;
	}
	for (unsigned int i = 0; i < w->ndies; i++) {
		struct w25q_die *d = &w->die[i];

		d->w = w;
		d->idx = i;
		/* ref 3.3 factory values; ref 3.4 QE=1 on IQ, 0 on IM */
		d->nv[0] = 0;
		d->nv[1] = w->im ? 0 : SR2_QE;
		d->nv[2] = w->cfg.sr3_factory & (SR3_WPS | SR3_DRV | SR3_ADP |
				(w->im ? SR3_HOLDRST : 0));
		memset(d->secreg, 0xff, sizeof(d->secreg));
	}
	w25q_power_cycle(w);
	return w;
}

void w25q_destroy(struct w25q *w)
{
	if (!w)
		return;
	for (unsigned int i = 0; i < w->ndies; i++) {
		vclock_cancel(w->clk, &w->die[i].ev_done);
		vclock_cancel(w->clk, &w->die[i].ev_sus);
	}
	if (w->mem) {
		if (w->fd >= 0)
			msync(w->mem, w->size, MS_SYNC);
		munmap(w->mem, w->size);
	}
	if (w->fd >= 0)
		close(w->fd);
	free(w->locks);
	free(w);
}

/* ---- inspection ----------------------------------------------------------- */

uint32_t w25q_size(const struct w25q *w)
{
	return w->size;
}

const uint8_t *w25q_data(const struct w25q *w)
{
	return w->mem;
}

uint8_t w25q_status(const struct w25q *w, unsigned int die, unsigned int reg)
{
	if (die >= w->ndies || reg < 1 || reg > 3)
		return 0xff;
	return die_status(w, &w->die[die], reg);
}

unsigned int w25q_dies(const struct w25q *w)
{
	return w->ndies;
}

unsigned int w25q_active_die(const struct w25q *w)
{
	return w->active_die;
}

bool w25q_die_busy(const struct w25q *w, unsigned int die)
{
	return die < w->ndies && die_busy(&w->die[die]);
}

uint64_t w25q_busy_until(const struct w25q *w, unsigned int die)
{
	if (die < w->ndies && w->die[die].op.kind == OP_STUCK)
		return VCLOCK_NEVER;
	if (die >= w->ndies || !vclock_armed(&w->die[die].ev_done))
		return 0;
	return w->die[die].ev_done.when;
}

bool w25q_four_byte(const struct w25q *w)
{
	return w->four_byte;
}

uint8_t w25q_ear(const struct w25q *w)
{
	return w->ear;
}

bool w25q_qpi(const struct w25q *w)
{
	return w->qpi;
}

bool w25q_continuous(const struct w25q *w)
{
	return w->cont;
}

bool w25q_powered_down(const struct w25q *w)
{
	return w->pd;
}

void w25q_enter_power_down(struct w25q *w)
{
	w->pd = true;
	w->blocked_until = now(w) + TIMING_W25Q_DP_NS;
}
