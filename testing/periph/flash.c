// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Internal flash: the controller at 0x52002000 (bank 2 registers at +0x100,
 * shared option registers aliased there) and the 2 x 1 MiB array at
 * 0x08000000, backed by flash.bin.
 *
 * Facts: [REF stm32h753.md 7.1, 7.2] (registers, bits, keys, OpenOCD's
 * sequences); SVD text for LOCK ("a wrong sequence, or the unlock sequence
 * performed twice, keeps it locked until the next system reset"; "when LOCK
 * changes from 0 to 1 the other bits of FLASH_CR do not change").
 * The RM rules for PGSERR/STRBERR/INCERR and over-programming are NOT FOUND
 * [REF 7.2]; the choices made here are marked [ASSUMED] and listed in
 * README.md.
 */

#include "periph_priv.h"
#include "../common/stats.h"
#include "../common/jitter.h"
#include "../common/timing.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* register offsets within a bank's 0x100 window */
#define F_ACR		0x00
#define F_KEYR		0x04
#define F_OPTKEYR	0x08
#define F_CR		0x0C
#define F_SR		0x10
#define F_CCR		0x14
#define F_OPTCR		0x18
#define F_OPTSR_CUR	0x1C
#define F_OPTSR_PRG	0x20
#define F_OPTCCR	0x24
#define F_PRAR_CUR	0x28
#define F_PRAR_PRG	0x2C
#define F_SCAR_CUR	0x30
#define F_SCAR_PRG	0x34
#define F_WPSN_CUR	0x38
#define F_WPSN_PRG	0x3C
#define F_BOOT_CUR	0x40
#define F_BOOT_PRG	0x44
#define F_CRCCR		0x50
#define F_CRCSADD	0x54
#define F_CRCEADD	0x58
#define F_CRCDATAR	0x5C
#define F_ECC_FA	0x60

#define CR_LOCK		(1u << 0)
#define CR_PG		(1u << 1)
#define CR_SER		(1u << 2)
#define CR_BER		(1u << 3)
#define CR_PSIZE(v)	(((v) >> 4) & 3)
#define CR_FW		(1u << 6)
#define CR_START	(1u << 7)
#define CR_SNB(v)	(((v) >> 8) & 7)
#define CR_WMASK	0x1FEF87FEu	/* writable: PG..SNB, CRC_EN, interrupt enables */

#define SR_BSY		(1u << 0)
#define SR_WBNE		(1u << 1)
#define SR_QW		(1u << 2)
#define SR_EOP		(1u << 16)
#define SR_WRPERR	(1u << 17)
#define SR_PGSERR	(1u << 18)
#define SR_STRBERR	(1u << 19)
#define SR_INCERR	(1u << 21)
#define SR_OPERR	(1u << 22)
#define SR_DBECCERR	(1u << 26)
#define SR_CLR_MASK	0x1FEF0000u

#define OPTCR_OPTLOCK	(1u << 0)
#define OPTCR_OPTSTART	(1u << 1)
#define OPTCR_MER	(1u << 4)
#define OPTSR_BUSY	(1u << 0)
#define OPTSR_CHANGEERR	(1u << 30)
#define RDP(v)		(((v) >> 8) & 0xFF)
#define RDP_L0		0xAA
#define RDP_L2		0xCC

#define KEY1		0x45670123u
#define KEY2		0xCDEF89ABu
#define OPTKEY1		0x08192A3Bu
#define OPTKEY2		0x4C5D6E7Fu
#define NV_MAGIC	0x4F425948u

static const uint64_t t_prog[2][4] = { TIMING_FLASH_PROG_TYP_NS, TIMING_FLASH_PROG_MAX_NS };
static const uint64_t t_sector[2][4] = { TIMING_FLASH_SECTOR_TYP_NS,
	TIMING_FLASH_SECTOR_MAX_NS };
static const uint64_t t_bank[2][4] = { TIMING_FLASH_BANK_TYP_NS, TIMING_FLASH_BANK_MAX_NS };

/* ---- ECC bookkeeping --------------------------------------------------- */

static void ecc_set(struct flash *f, uint32_t word, bool bad)
{
	if (bad)
		f->ecc_bad[word / 8] |= 1u << (word % 8);
	else
		f->ecc_bad[word / 8] &= ~(1u << (word % 8));
}

static bool ecc_bad(const struct flash *f, uint32_t word)
{
	return f->ecc_bad[word / 8] & (1u << (word % 8));
}

static void ecc_clear_range(struct flash *f, uint32_t off, uint32_t len)
{
	for (uint32_t w = off / FLASH_WORD; w < (off + len + FLASH_WORD - 1) / FLASH_WORD; w++)
		ecc_set(f, w, false);
}

/* ---- option bytes (non-volatile) ----------------------------------------- */

static void nv_defaults(struct periph *p)
{
	struct optbytes *nv = &p->fl.nv;

	nv->magic = NV_MAGIC;
	nv->optsr = p->cfg.optsr_default & ~(OPTSR_BUSY | OPTSR_CHANGEERR);
	nv->boot = 0x1FF00800;			/* BOOT_ADD0 0x0800, BOOT_ADD1 0x1FF0 */
	for (int b = 0; b < 2; b++) {
		nv->wpsn[b] = 0xFF;		/* [REF 7.1] Renode: unprotected */
		nv->prar[b] = 0x000000FF;	/* [ASSUMED] start > end: no area */
		nv->scar[b] = 0x000000FF;	/* [ASSUMED] */
	}
}

static void nv_load(struct periph *p)
{
	FILE *fp;
	struct optbytes nv;

	nv_defaults(p);
	if (!p->cfg.optbytes_path)
		return;
	fp = fopen(p->cfg.optbytes_path, "rb");
	if (!fp)
		return;
	if (fread(&nv, sizeof(nv), 1, fp) == 1 && nv.magic == NV_MAGIC)
		p->fl.nv = nv;
	fclose(fp);
}

static void nv_save(struct periph *p)
{
	FILE *fp;

	if (!p->cfg.optbytes_path)
		return;
	fp = fopen(p->cfg.optbytes_path, "wb");
	if (!fp) {
		fprintf(stderr, "periph: cannot write %s: %s\n", p->cfg.optbytes_path,
			strerror(errno));
		return;
	}
	if (fwrite(&p->fl.nv, sizeof(p->fl.nv), 1, fp) != 1)
		fprintf(stderr, "periph: short write to %s\n", p->cfg.optbytes_path);
	fclose(fp);
}

/* Copy the non-volatile values into the _CUR and _PRG registers. */
static void nv_to_regs(struct periph *p)
{
	struct flash *f = &p->fl;

	f->optsr_prg = f->nv.optsr;
	f->boot_prg = f->nv.boot;
	for (int b = 0; b < 2; b++) {
		struct flash_bank *k = &f->bank[b];

		k->wpsn_cur = k->wpsn_prg = f->nv.wpsn[b];
		k->prar_cur = k->prar_prg = f->nv.prar[b];
		k->scar_cur = k->scar_prg = f->nv.scar[b];
	}
}

static bool rdp_protected(const struct periph *p)
{
	return RDP(p->fl.nv.optsr) != RDP_L0;
}

/* ---- operations ---------------------------------------------------------- */

/* Duration of an operation from a typ/max table, per --flash-timing. */
static uint64_t fl_time(struct periph *p, const uint64_t table[2][4], unsigned int psize)
{
	struct flash *f = &p->fl;

	if (p->cfg.flash_timing_jitter) {
		if (!f->rng_seeded) {
			f->rng = p->cfg.flash_seed;
			f->rng_seeded = true;
		}
		return vb_jitter_time(&f->rng, table[0][psize], table[1][psize]);
	}
	return table[p->cfg.flash_timing_max ? 1 : 0][psize];
}

static void notify(struct periph *p, uint32_t off, uint32_t len)
{
	bus_notify_write(p->sysbus, FLASH_BASE_ADDR + off, len);
}

static void program_bytes(struct periph *p, uint32_t off, const uint8_t *data, uint32_t n)
{
	struct flash *f = &p->fl;
	uint8_t *m = p->flash_mem + off;
	bool erased = true, same = true, zero = true;
	uint32_t word = off / FLASH_WORD;

	for (uint32_t i = 0; i < FLASH_WORD; i++) {
		erased &= m[i] == 0xFF;
		same &= m[i] == data[i];
		zero &= data[i] == 0;
	}
	/*
	 * Flash cells only go 1 -> 0.  The 10 ECC bits of a flash word are
	 * programmed with it: programming a non-erased word breaks its ECC
	 * unless the data is identical or all zero (community.st.com "flash
	 * writing issue": "you can only flash some non-null value once after
	 * erase but you can also flash a non-null unit to all null").
	 * A partial (aborted) program always breaks it.
	 */
	for (uint32_t i = 0; i < n; i++)
		m[i] &= data[i];
	if (n < FLASH_WORD)
		ecc_set(f, word, p->cfg.flash_ecc);
	else if (zero)
		ecc_set(f, word, false);
	else if (!erased && !same)
		ecc_set(f, word, p->cfg.flash_ecc);
	notify(p, off, FLASH_WORD);
}

static void erase_range(struct periph *p, uint32_t off, uint32_t len)
{
	memset(p->flash_mem + off, 0xFF, len);
	ecc_clear_range(&p->fl, off, len);
	notify(p, off, len);
}

static void op_done(void *ctx)
{
	struct flash_bank *k = ctx;
	struct periph *p = k->p;
	uint64_t dur = k->op_end - k->op_start;

	vclock_cancel(p->clk, &k->ev);
	switch (k->op) {
	case FOP_PROGRAM:
		program_bytes(p, k->op_off, k->op_data, FLASH_WORD);
		if (p->st)
			p->st->flash_word_programs++;
		break;
	case FOP_SECTOR:
		erase_range(p, k->op_off, k->op_len);
		if (p->st)
			p->st->flash_sector_erases++;
		break;
	case FOP_BANK:
		erase_range(p, k->op_off, k->op_len);
		if (p->st)
			p->st->flash_bank_erases++;
		break;
	default:
		return;
	}
	if (p->st)
		p->st->flash_busy_ns += dur;
	k->op = FOP_NONE;
	k->cr &= ~CR_START;
	k->sr |= SR_EOP;
	vclock_poll_reset(p->clk);
}

/*
 * Power cut or reset during an operation (deterministic rule): with
 * f = elapsed / duration, a program has its first floor(32 f) bytes
 * programmed and the word's ECC broken (if any byte was); an erase has its
 * first floor(words f) flash words erased.  No EOP.
 */
static void op_abort(struct flash_bank *k)
{
	struct periph *p = k->p;
	uint64_t now = vclock_now(p->clk), dur = k->op_end - k->op_start;
	uint64_t el = now > k->op_start ? now - k->op_start : 0;

	if (k->op == FOP_NONE)
		return;
	vclock_cancel(p->clk, &k->ev);
	if (el > dur)
		el = dur;
	if (k->op == FOP_PROGRAM) {
		uint32_t n = (uint32_t)(FLASH_WORD * el / dur);

		if (n)
			program_bytes(p, k->op_off, k->op_data, n);
	} else {
		uint32_t words = k->op_len / FLASH_WORD;
		uint32_t n = (uint32_t)((uint64_t)words * el / dur);

		if (n)
			erase_range(p, k->op_off, n * FLASH_WORD);
	}
	if (p->st)
		p->st->flash_busy_ns += el;
	k->op = FOP_NONE;
	k->cr &= ~CR_START;
}

static void op_start(struct flash_bank *k, int op, uint32_t off, uint32_t len, uint64_t dur)
{
	struct periph *p = k->p;

	k->op = op;
	k->op_off = off;
	k->op_len = len;
	k->op_start = vclock_now(p->clk);
	k->op_end = k->op_start + dur;
	vclock_schedule(p->clk, &k->ev, k->op_end, op_done, k, "flash-op");
	vclock_poll_reset(p->clk);
}

static bool sector_protected(const struct flash_bank *k, unsigned int s)
{
	return !(k->wpsn_cur & (1u << s));
}

static void start_program(struct flash_bank *k)
{
	struct periph *p = k->p;
	uint32_t off = k->wbuf_off;
	unsigned int s = (off % FLASH_BANK_SIZE) / FLASH_SECTOR_SIZE;

	for (unsigned int i = 0; i < FLASH_WORD; i++)
		k->op_data[i] = (k->wbuf_mask & (1u << i)) ? k->wbuf[i] : 0xFF;
	k->wbuf_mask = 0;
	if (sector_protected(k, s)) {
		k->sr |= SR_WRPERR;
		return;
	}
	op_start(k, FOP_PROGRAM, off, FLASH_WORD,
		 fl_time(p, t_prog, CR_PSIZE(k->cr)));
}

static void start_erase(struct flash_bank *k)
{
	struct periph *p = k->p;
	uint32_t cr = k->cr, base = k->idx * FLASH_BANK_SIZE;
	unsigned int ps = CR_PSIZE(cr);

	/* [ASSUMED] START with both SER and BER, with PG, or with data in the
	 * write buffer is a sequence error. */
	if (((cr & CR_SER) && (cr & CR_BER)) || (cr & CR_PG) || k->wbuf_mask) {
		k->sr |= SR_PGSERR;
		return;
	}
	if (cr & CR_SER) {
		unsigned int s = CR_SNB(cr);

		if (sector_protected(k, s)) {
			k->sr |= SR_WRPERR;
			return;
		}
		k->cr |= CR_START;
		op_start(k, FOP_SECTOR, base + s * FLASH_SECTOR_SIZE, FLASH_SECTOR_SIZE,
			 fl_time(p, t_sector, ps));
	} else if (cr & CR_BER) {
		if ((k->wpsn_cur & 0xFF) != 0xFF) {	/* [ASSUMED] any protected sector */
			k->sr |= SR_WRPERR;
			return;
		}
		k->cr |= CR_START;
		op_start(k, FOP_BANK, base, FLASH_BANK_SIZE, fl_time(p, t_bank, ps));
	}
}

/* ---- option-byte change ---------------------------------------------------- */

static void opt_done(void *ctx)
{
	struct periph *p = ctx;
	struct flash *f = &p->fl;
	uint32_t cur = RDP(f->nv.optsr), next = RDP(f->optsr_prg);

	f->opt_busy = false;
	f->optcr &= ~OPTCR_OPTSTART;
	vclock_poll_reset(p->clk);
	if (cur == RDP_L2) {			/* level 2 is final */
		f->optsr_err |= OPTSR_CHANGEERR;
		return;
	}
	/* Level 1 -> 0 regression mass-erases the user flash (RM0433). */
	if (cur != RDP_L0 && next == RDP_L0) {
		erase_range(p, 0, FLASH_TOTAL_SIZE);
		if (p->st)
			p->st->flash_bank_erases += 2;
	}
	f->nv.optsr = f->optsr_prg & ~(OPTSR_BUSY | OPTSR_CHANGEERR);
	f->nv.boot = f->boot_prg;
	for (int b = 0; b < 2; b++) {
		f->nv.wpsn[b] = f->bank[b].wpsn_prg & 0xFF;
		f->nv.prar[b] = f->bank[b].prar_prg;
		f->nv.scar[b] = f->bank[b].scar_prg;
	}
	nv_to_regs(p);
	nv_save(p);
}

static void opt_start(struct periph *p)
{
	struct flash *f = &p->fl;

	if (f->opt_busy)
		return;
	f->opt_busy = true;
	f->optcr |= OPTCR_OPTSTART;
	f->opt_end = vclock_now(p->clk) + TIMING_FLASH_OPT_PRG_NS;
	vclock_schedule(p->clk, &f->opt_ev, f->opt_end, opt_done, p, "flash-opt");
}

/* ---- key registers --------------------------------------------------------- */

/* Returns false when the write should also be a bus error. */
static bool key_write(struct periph *p, uint8_t *step, bool *dead, uint32_t *lockreg,
		uint32_t lockbit, uint32_t k1, uint32_t k2, uint32_t val)
{
	if (*dead)
		return !p->cfg.flash_wrong_key_busfault;
	if (!(*lockreg & lockbit)) {
		/* unlock sequence while unlocked: locked until reset */
		*lockreg |= lockbit;
		*dead = true;
		return !p->cfg.flash_wrong_key_busfault;
	}
	if (*step == 0 && val == k1) {
		*step = 1;
		return true;
	}
	if (*step == 1 && val == k2) {
		*step = 0;
		*lockreg &= ~lockbit;
		return true;
	}
	*step = 0;
	*dead = true;
	return !p->cfg.flash_wrong_key_busfault;
}

/* ---- register decode ------------------------------------------------------- */

static uint32_t bank_sr(struct flash_bank *k)
{
	uint32_t sr = k->sr;

	if (k->op != FOP_NONE) {
		sr |= SR_QW | SR_BSY;
		vclock_busy_poll(k->p->clk, k, k->op_end);
	}
	if (k->wbuf_mask)
		sr |= SR_WBNE;
	return sr;
}

static uint32_t optsr_cur(struct periph *p)
{
	struct flash *f = &p->fl;
	uint32_t v = f->nv.optsr | f->optsr_err;

	if (f->opt_busy) {
		v |= OPTSR_BUSY;
		vclock_busy_poll(p->clk, f, f->opt_end);
	}
	return v;
}

static uint32_t flash_read32(struct periph *p, uint32_t off)
{
	struct flash *f = &p->fl;
	struct flash_bank *k = &f->bank[(off >> 8) & 1];

	if (off >= 0x200)
		return 0;
	switch (off & 0xFF) {
	case F_ACR:
		return f->acr;
	case F_CR:
		return k->cr;
	case F_SR:
		return bank_sr(k);
	case F_OPTCR:
		return f->optcr;
	case F_OPTSR_CUR:
		return optsr_cur(p);
	case F_OPTSR_PRG:
		return f->optsr_prg;
	case F_PRAR_CUR:
		return k->prar_cur;
	case F_PRAR_PRG:
		return k->prar_prg;
	case F_SCAR_CUR:
		return k->scar_cur;
	case F_SCAR_PRG:
		return k->scar_prg;
	case F_WPSN_CUR:
		return k->wpsn_cur;
	case F_WPSN_PRG:
		return k->wpsn_prg;
	case F_BOOT_CUR:
		return f->nv.boot;
	case F_BOOT_PRG:
		return f->boot_prg;
	case F_CRCCR:
		return k->crccr;
	case F_CRCSADD:
		return k->crcsadd;
	case F_CRCEADD:
		return k->crceadd;
	case F_CRCDATAR:
		return f->crcdatar;
	case F_ECC_FA:
		return k->ecc_far;
	default:
		return 0;	/* KEYR, OPTKEYR, CCR, OPTCCR read as 0 */
	}
}

static void cr_write(struct flash_bank *k, uint32_t val, uint32_t mask)
{
	uint32_t old = k->cr, v;

	if (old & CR_LOCK)
		return;
	if (val & mask & CR_LOCK) {
		k->cr |= CR_LOCK;	/* other bits do not change (SVD LOCK text) */
		return;
	}
	if (k->op != FOP_NONE)
		mask &= 0x1FEF8000u;	/* [ASSUMED] only CRC_EN/IEs while busy */
	v = upd(old, val, mask & CR_WMASK);
	k->cr = v & ~(CR_FW | CR_START);
	if ((old & CR_PG) && !(v & CR_PG) && k->wbuf_mask) {
		k->wbuf_mask = 0;	/* [ASSUMED] PG cleared with data buffered */
		k->sr |= SR_PGSERR;
	}
	if ((v & CR_FW) && k->wbuf_mask && k->op == FOP_NONE)
		start_program(k);	/* force write: missing bytes stay 0xFF */
	if ((v & CR_START) && k->op == FOP_NONE)
		start_erase(k);
}

static void optcr_write(struct periph *p, uint32_t val, uint32_t mask)
{
	struct flash *f = &p->fl;
	uint32_t v;

	if (f->optcr & OPTCR_OPTLOCK)
		return;
	v = upd(f->optcr, val, mask);
	if (v & OPTCR_OPTLOCK) {
		f->optcr |= OPTCR_OPTLOCK;
		return;
	}
	f->optcr = (v & 0xC0000011u) | (f->optcr & OPTCR_OPTSTART);
	if ((v & OPTCR_MER) && f->bank[0].op == FOP_NONE && f->bank[1].op == FOP_NONE) {
		/* [ASSUMED] mass erase of both banks, x64 bank-erase time each */
		for (int b = 0; b < 2; b++)
			op_start(&f->bank[b], FOP_BANK, b * FLASH_BANK_SIZE, FLASH_BANK_SIZE,
				 fl_time(p, t_bank, 3));
		f->optcr &= ~OPTCR_MER;
	}
	if (v & OPTCR_OPTSTART)
		opt_start(p);
}

static int flash_write32(struct periph *p, uint32_t off, uint32_t val, uint32_t mask)
{
	struct flash *f = &p->fl;
	struct flash_bank *k = &f->bank[(off >> 8) & 1];
	bool opt_open = !(f->optcr & OPTCR_OPTLOCK) && !f->opt_busy;
	bool ok = true;

	if (off >= 0x200)
		return BUS_OK;
	switch (off & 0xFF) {
	case F_ACR:
		f->acr = upd(f->acr, val, mask) & 0x3F;
		break;
	case F_KEYR:
		ok = key_write(p, &k->key_step, &k->key_dead, &k->cr, CR_LOCK, KEY1, KEY2,
			       val & mask);
		break;
	case F_OPTKEYR:
		ok = key_write(p, &f->optkey_step, &f->optkey_dead, &f->optcr, OPTCR_OPTLOCK,
			       OPTKEY1, OPTKEY2, val & mask);
		break;
	case F_CR:
		cr_write(k, val, mask);
		break;
	case F_CCR:
		k->sr &= ~(val & mask & SR_CLR_MASK);
		break;
	case F_OPTCR:
		optcr_write(p, val, mask);
		break;
	case F_OPTCCR:
		if (val & mask & OPTSR_CHANGEERR)
			f->optsr_err &= ~OPTSR_CHANGEERR;
		break;
	case F_OPTSR_PRG:
		if (opt_open)
			f->optsr_prg = upd(f->optsr_prg, val, mask);
		break;
	case F_PRAR_PRG:
		if (opt_open)
			k->prar_prg = upd(k->prar_prg, val, mask);
		break;
	case F_SCAR_PRG:
		if (opt_open)
			k->scar_prg = upd(k->scar_prg, val, mask);
		break;
	case F_WPSN_PRG:
		if (opt_open)
			k->wpsn_prg = upd(k->wpsn_prg, val, mask) & 0xFF;
		break;
	case F_BOOT_PRG:
		if (opt_open)
			f->boot_prg = upd(f->boot_prg, val, mask);
		break;
	case F_CRCCR:
		k->crccr = upd(k->crccr, val, mask);
		break;
	case F_CRCSADD:
		k->crcsadd = upd(k->crcsadd, val, mask);
		break;
	case F_CRCEADD:
		k->crceadd = upd(k->crceadd, val, mask);
		break;
	case F_CRCDATAR:
		f->crcdatar = upd(f->crcdatar, val, mask);
		break;
	default:
		break;
	}
	return ok ? BUS_OK : BUS_ERROR;
}

static int reg_read(void *ctx, uint32_t off, struct bus_access *a)
{
	a->data = lane_extract(flash_read32(ctx, off & ~3u), a, off);
	return BUS_OK;
}

static int reg_write(void *ctx, uint32_t off, struct bus_access *a)
{
	return flash_write32(ctx, off & ~3u, lane_value(a, off), lane_mask(a, off));
}

const struct bus_dev_ops flash_reg_ops = { .read = reg_read, .write = reg_write };

/* ---- the array ------------------------------------------------------------- */

/* An access to a busy bank waits until the operation ends. */
static void stall_if_busy(struct flash_bank *k, struct bus_access *a)
{
	uint64_t now = vclock_now(k->p->clk);

	if (k->op == FOP_NONE)
		return;
	a->stall_ns = k->op_end > now ? k->op_end - now : 0;
	op_done(k);
}

static bool debug_blocked(const struct periph *p, const struct bus_access *a)
{
	/* RDP level 1/2: debugger accesses to user flash fail. */
	return rdp_protected(p) && (a->master == BUS_MASTER_AHBAP ||
				    a->master == BUS_MASTER_APBAP);
}

static int mem_read(void *ctx, uint32_t off, struct bus_access *a)
{
	struct periph *p = ctx;
	struct flash_bank *k = &p->fl.bank[off / FLASH_BANK_SIZE];
	uint32_t v = 0;

	if (debug_blocked(p, a))
		return BUS_ERROR;
	stall_if_busy(k, a);
	if (ecc_bad(&p->fl, off / FLASH_WORD)) {
		k->sr |= SR_DBECCERR;
		k->ecc_far = (off % FLASH_BANK_SIZE) / FLASH_WORD;
		return BUS_ERROR;
	}
	for (unsigned int i = 0; i < a->size; i++)
		v |= (uint32_t)p->flash_mem[off + i] << (8 * i);
	a->data = v;
	return BUS_OK;
}

static int mem_write(void *ctx, uint32_t off, struct bus_access *a)
{
	struct periph *p = ctx;
	struct flash_bank *k = &p->fl.bank[off / FLASH_BANK_SIZE];
	uint32_t word = off & ~(FLASH_WORD - 1), in = off % FLASH_WORD;
	uint32_t bytes = ((1u << a->size) - 1) << in;

	if (debug_blocked(p, a))
		return BUS_ERROR;
	stall_if_busy(k, a);
	if (!(k->cr & CR_PG)) {
		k->sr |= SR_PGSERR;		/* [ASSUMED] write without PG */
		return BUS_OK;
	}
	if (k->wbuf_mask && k->wbuf_off != word) {
		k->wbuf_mask = 0;		/* [ASSUMED] both words dropped */
		k->sr |= SR_INCERR;
		return BUS_OK;
	}
	if (k->wbuf_mask & bytes) {
		k->wbuf_mask = 0;		/* [ASSUMED] same byte written twice */
		k->sr |= SR_STRBERR;
		return BUS_OK;
	}
	k->wbuf_off = word;
	for (unsigned int i = 0; i < a->size; i++)
		k->wbuf[in + i] = a->data >> (8 * i);
	k->wbuf_mask |= bytes;
	if (k->wbuf_mask == 0xFFFFFFFFu)
		start_program(k);
	return BUS_OK;
}

const struct bus_dev_ops flash_mem_ops = { .read = mem_read, .write = mem_write };

/* ---- life cycle ---------------------------------------------------------- */

static uint8_t *map_image(struct periph *p)
{
	const char *path = p->cfg.flash_path;
	struct stat sb;
	uint8_t *m;
	bool fresh;
	int fd;

	p->flash_fd = -1;
	if (!path) {
		m = mmap(NULL, FLASH_TOTAL_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			return NULL;
		memset(m, 0xFF, FLASH_TOTAL_SIZE);
		return m;
	}
	fd = open(path, O_RDWR | O_CREAT, 0644);
	if (fd < 0 || fstat(fd, &sb) < 0) {
		fprintf(stderr, "periph: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	fresh = sb.st_size == 0;
	if (!fresh && sb.st_size != FLASH_TOTAL_SIZE) {
		fprintf(stderr, "periph: %s: size %lld, expected %u\n", path,
			(long long)sb.st_size, FLASH_TOTAL_SIZE);
		close(fd);
		return NULL;
	}
	if (fresh && ftruncate(fd, FLASH_TOTAL_SIZE) < 0) {
		fprintf(stderr, "periph: %s: %s\n", path, strerror(errno));
		close(fd);
		return NULL;
	}
	m = mmap(NULL, FLASH_TOTAL_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		fprintf(stderr, "periph: mmap %s: %s\n", path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (fresh)
		memset(m, 0xFF, FLASH_TOTAL_SIZE);
	p->flash_fd = fd;
	return m;
}

int flash_init(struct periph *p)
{
	struct flash *f = &p->fl;

	p->flash_mem = map_image(p);
	if (!p->flash_mem)
		return -1;
	f->ecc_bad = calloc(FLASH_NWORDS / 8, 1);
	if (!f->ecc_bad)
		return -1;
	for (int b = 0; b < 2; b++) {
		f->bank[b].idx = b;
		f->bank[b].p = p;
	}
	nv_load(p);
	flash_reset(p);
	return 0;
}

void flash_fini(struct periph *p)
{
	if (p->flash_mem) {
		if (p->flash_fd >= 0)
			msync(p->flash_mem, FLASH_TOTAL_SIZE, MS_SYNC);
		munmap(p->flash_mem, FLASH_TOTAL_SIZE);
	}
	if (p->flash_fd >= 0)
		close(p->flash_fd);
	free(p->fl.ecc_bad);
}

/* Stop everything in progress (power-loss rule), option change abandoned. */
void flash_power_loss(struct periph *p)
{
	struct flash *f = &p->fl;

	for (int b = 0; b < 2; b++)
		op_abort(&f->bank[b]);
	if (f->opt_busy) {
		vclock_cancel(p->clk, &f->opt_ev);	/* [ASSUMED] old options kept */
		f->opt_busy = false;
	}
}

void flash_reset(struct periph *p)
{
	struct flash *f = &p->fl;

	flash_power_loss(p);
	for (int b = 0; b < 2; b++) {
		struct flash_bank *k = &f->bank[b];

		k->cr = 0x31;		/* LOCK, PSIZE x64 [REF 7.1] */
		k->sr = 0;
		k->key_step = 0;
		k->key_dead = false;
		k->wbuf_mask = 0;
		k->crccr = k->crcsadd = k->crceadd = k->ecc_far = 0;
	}
	f->acr = 0x37;
	f->optcr = OPTCR_OPTLOCK;
	f->optkey_step = 0;
	f->optkey_dead = false;
	f->optsr_err = 0;
	f->crcdatar = 0;
	nv_to_regs(p);
}

int periph_flash_load(struct periph *p, uint32_t offset, const void *data, size_t len)
{
	if (!p || (!data && len) || offset > FLASH_TOTAL_SIZE || len > FLASH_TOTAL_SIZE - offset)
		return -1;
	if (!len)
		return 0;
	memcpy(p->flash_mem + offset, data, len);
	ecc_clear_range(&p->fl, offset, (uint32_t)len);
	notify(p, offset, (uint32_t)len);
	return 0;
}

const uint8_t *periph_flash_image(const struct periph *p)
{
	return p->flash_mem;
}
