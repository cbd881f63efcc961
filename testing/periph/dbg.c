// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * APB-D debug components as AP2 sees them (0xE00E0000-0xE00FFFFF), also
 * mapped on the system bus at 0x5C000000 + (addr - 0xE00E0000) (DBGMCU
 * 0x5C001000 [REF stm32h753.md 3.2], TPIU 0x5C015000 [probe-rs#394]).
 *
 * ROM tables [REF stm32h753.md 1.3]: the second table (0xE00F0000: CTI,
 * CSTF, ETF, TPIU) is observed; the first table's entries are NOT FOUND, so
 * the choice here is: DBGMCU, SWO, SWTF, then the second table.
 * Part numbers of the Arm components are the generic CoreSight SoC-400 ones
 * (CTI 0x906, funnel 0x908, TMC/ETF 0x961, TPIU 0x912, SWO 0x914); DBGMCU
 * carries ST's designer code and part 0x450 (= DEV_ID): [ASSUMED].
 *
 * Registers at 0x000-0x3FF are read/write scratch (DBGMCU CR and the FZ
 * registers, SWTF_CTRL, ...) except DBGMCU IDCODE (read-only) and ROM table
 * entries.  These live in the debug power domain: a system reset keeps them.
 */

#include "periph_priv.h"

#define APBD_BASE	0xE00E0000u
#define APBD_SYS_BASE	0x5C000000u
#define JEP_ARM		0x43B		/* continuation 4, id 0x3B */
#define JEP_ST		0x020		/* continuation 0, id 0x20 */
#define CIDR_ROM	0xB105100Du
#define CIDR_CS		0xB105900Du
#define CIDR_GENERIC	0xB105F00Du

static const uint32_t rom1_entries[] = {
	(0xE00E1000 - 0xE00E0000) | 3,		/* DBGMCU */
	(0xE00E3000 - 0xE00E0000) | 3,		/* SWO */
	(0xE00E4000 - 0xE00E0000) | 3,		/* SWTF */
	(0xE00F0000 - 0xE00E0000) | 3,		/* system ROM table 2 */
	0,
};

static const uint32_t rom2_entries[] = {
	(0xE00F1000 - 0xE00F0000) | 3,		/* CTI */
	(0xE00F3000 - 0xE00F0000) | 3,		/* CSTF */
	(0xE00F4000 - 0xE00F0000) | 3,		/* ETF */
	(0xE00F5000 - 0xE00F0000) | 3,		/* TPIU */
	0,
};

static const struct {
	const char *name;
	uint32_t base, cidr;
	uint16_t part, designer;
	uint8_t devtype;
	const uint32_t *rom;
} comp_tab[9] = {
	{ "apbd-rom1", 0xE00E0000, CIDR_ROM, 0x000, JEP_ST, 0, rom1_entries },
	{ "dbgmcu", 0xE00E1000, CIDR_GENERIC, 0x450, JEP_ST, 0, NULL },
	{ "swo", 0xE00E3000, CIDR_CS, 0x914, JEP_ARM, 0x11, NULL },
	{ "swtf", 0xE00E4000, CIDR_CS, 0x908, JEP_ARM, 0x12, NULL },
	{ "apbd-rom2", 0xE00F0000, CIDR_ROM, 0x001, JEP_ST, 0, rom2_entries },
	{ "cti", 0xE00F1000, CIDR_CS, 0x906, JEP_ARM, 0x14, NULL },
	{ "cstf", 0xE00F3000, CIDR_CS, 0x908, JEP_ARM, 0x12, NULL },
	{ "etf", 0xE00F4000, CIDR_CS, 0x961, JEP_ARM, 0x21, NULL },
	{ "tpiu", 0xE00F5000, CIDR_CS, 0x912, JEP_ARM, 0x11, NULL },
};

static unsigned int comp_index(const struct periph *p, const struct dbg_comp *c)
{
	return (unsigned int)(c - p->dbg);
}

/* PIDR0-4 and CIDR0-3 (offsets 0xFD0-0xFFC). */
static uint32_t id_reg(const struct dbg_comp *c, uint32_t off)
{
	uint32_t id_lo = c->designer & 0x7F, cont = c->designer >> 8;

	switch (off) {
	case 0xFD0:
		return cont & 0xF;				/* PIDR4: 4 KiB */
	case 0xFE0:
		return c->part & 0xFF;
	case 0xFE4:
		return ((c->part >> 8) & 0xF) | ((id_lo & 0xF) << 4);
	case 0xFE8:
		return ((id_lo >> 4) & 0x7) | 0x8;		/* JEDEC, revision 0 */
	case 0xFF0:
	case 0xFF4:
	case 0xFF8:
	case 0xFFC:
		return (c->cidr >> (8 * ((off - 0xFF0) / 4))) & 0xFF;
	default:
		return 0;
	}
}

static uint32_t dbg_read32(struct periph *p, struct dbg_comp *c, uint32_t off)
{
	unsigned int idx = comp_index(p, c);

	if (off >= 0xFC0)
		return off == 0xFCC ? comp_tab[idx].devtype : id_reg(c, off);
	if (c->rom) {
		for (unsigned int i = 0; ; i++) {
			if (i * 4 == off)
				return c->rom[i];
			if (!c->rom[i])
				return 0;
		}
	}
	if (off < 0x400)
		return c->regs[off / 4];
	return 0;
}

static void dbg_write32(struct periph *p, struct dbg_comp *c, uint32_t off, uint32_t val,
		uint32_t mask)
{
	if (c->rom || off >= 0x400)
		return;
	if (comp_index(p, c) == 1 && off == 0)
		return;				/* DBGMCU_IDCODE is read-only */
	c->regs[off / 4] = upd(c->regs[off / 4], val, mask);
}

static int dbg_read(void *ctx, uint32_t off, struct bus_access *a)
{
	struct dbg_comp *c = ctx;

	a->data = lane_extract(dbg_read32(c->p, c, off & ~3u), a, off);
	return BUS_OK;
}

static int dbg_write(void *ctx, uint32_t off, struct bus_access *a)
{
	struct dbg_comp *c = ctx;

	dbg_write32(c->p, c, off & ~3u, lane_value(a, off), lane_mask(a, off));
	return BUS_OK;
}

const struct bus_dev_ops dbg_ops = { .read = dbg_read, .write = dbg_write };

void dbg_reset(struct periph *p)
{
	for (unsigned int i = 0; i < 9; i++) {
		struct dbg_comp *c = &p->dbg[i];

		for (unsigned int j = 0; j < 0x100; j++)
			c->regs[j] = 0;
	}
	p->dbg[1].regs[0] = p->cfg.dbgmcu_idcode;
}

void dbg_init(struct periph *p)
{
	for (unsigned int i = 0; i < 9; i++) {
		struct dbg_comp *c = &p->dbg[i];

		c->p = p;
		c->name = comp_tab[i].name;
		c->base = comp_tab[i].base;
		c->cidr = comp_tab[i].cidr;
		c->part = comp_tab[i].part;
		c->designer = comp_tab[i].designer;
		c->rom = comp_tab[i].rom;
	}
	dbg_reset(p);
}

uint32_t dbg_sys_addr(uint32_t apbd_addr)
{
	return apbd_addr - APBD_BASE + APBD_SYS_BASE;
}
