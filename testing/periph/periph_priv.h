/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Internal state of the STM32H753 peripheral model (not for other layers). */
#ifndef VB_PERIPH_PRIV_H
#define VB_PERIPH_PRIV_H

#include "periph.h"
#include "../bus/bus.h"
#include "../common/vclock.h"

#define FLASH_BASE_ADDR		0x08000000u
#define FLASH_BANK_SIZE		0x00100000u
#define FLASH_TOTAL_SIZE	(2 * FLASH_BANK_SIZE)
#define FLASH_SECTOR_SIZE	0x00020000u
#define FLASH_WORD		32u
#define FLASH_NWORDS		(FLASH_TOTAL_SIZE / FLASH_WORD)

#define GPIO_NPORTS		11
#define GATE_MAX		4

/*
 * Register blocks decode 32-bit words.  A sub-word access is turned into a
 * word value plus a byte-lane mask: plain registers update only the masked
 * lanes, command registers look only at the masked lanes.
 */
static inline uint32_t lane_mask(const struct bus_access *a, uint32_t off)
{
	uint32_t m = a->size == 4 ? 0xFFFFFFFFu : ((1u << (8 * a->size)) - 1);

	return m << (8 * (off & 3));
}

static inline uint32_t lane_value(const struct bus_access *a, uint32_t off)
{
	return (a->data << (8 * (off & 3))) & lane_mask(a, off);
}

static inline uint32_t lane_extract(uint32_t word, const struct bus_access *a, uint32_t off)
{
	return (word & lane_mask(a, off)) >> (8 * (off & 3));
}

static inline uint32_t upd(uint32_t old, uint32_t val, uint32_t mask)
{
	return (old & ~mask) | (val & mask);
}

struct gpio_port {
	uint32_t moder, otyper, ospeedr, pupdr, odr, afr[2];
	uint32_t lckr;			/* LCK[15:0] | LCKK once locked */
	uint8_t lock_step;		/* lock key sequence progress */
	uint32_t lock_val;
};

struct gpio_ctx {
	struct periph *p;
	unsigned int n;
};

struct rcc {
	uint32_t cr;			/* ON/config bits; ready flags computed */
	uint32_t rdy;			/* ready flags (same bit positions as CR) */
	uint32_t cfgr;			/* SW[2:0] stored; SWS computed */
	uint32_t sws;			/* active system clock source */
	uint32_t reg[0x400 / 4];	/* every other register, by word offset */
	struct vclock_event ev[4];	/* PLL1, PLL2, PLL3, HSE ready */
};

struct flash_bank {
	int idx;
	struct periph *p;
	uint32_t cr;
	uint32_t sr;			/* sticky flags (EOP, errors) */
	uint8_t key_step;		/* 1 after KEY1 */
	bool key_dead;			/* wrong key: locked until reset */
	uint8_t wbuf[FLASH_WORD];
	uint32_t wbuf_mask;		/* valid bytes */
	uint32_t wbuf_off;		/* image offset of the buffered flash word */
	/* operation in progress */
	enum { FOP_NONE, FOP_PROGRAM, FOP_SECTOR, FOP_BANK } op;
	uint64_t op_start, op_end;
	uint32_t op_off, op_len;	/* image range */
	uint8_t op_data[FLASH_WORD];
	struct vclock_event ev;
	/* option-byte shadows of this bank */
	uint32_t wpsn_cur, wpsn_prg, prar_cur, prar_prg, scar_cur, scar_prg;
	uint32_t crccr, crcsadd, crceadd, ecc_far;
};

/* Non-volatile option bytes (persisted in optbytes_path). */
struct optbytes {
	uint32_t magic;
	uint32_t optsr;
	uint32_t boot;
	uint32_t wpsn[2], prar[2], scar[2];
};

struct flash {
	struct flash_bank bank[2];
	uint32_t acr;
	uint32_t optcr;
	uint8_t optkey_step;
	bool optkey_dead;
	uint32_t optsr_prg, boot_prg, optsr_err;	/* OPTCHANGEERR etc. */
	struct optbytes nv;
	bool opt_busy;
	uint64_t opt_end;
	struct vclock_event opt_ev;
	uint32_t crcdatar;
	uint8_t *ecc_bad;		/* bitmap: flash word has a broken ECC */
	uint64_t rng;			/* --flash-timing jitter draws */
	bool rng_seeded;
};

/* APB-D component (ROM table, DBGMCU, SWO, SWTF, CTI, CSTF, ETF, TPIU). */
struct dbg_comp {
	struct periph *p;
	const char *name;
	uint32_t base;			/* APB-D address */
	uint32_t cidr;			/* component ID (class in bits 15:12) */
	uint16_t part;
	uint16_t designer;		/* JEP106: cont << 8 | id */
	const uint32_t *rom;		/* ROM table entries (NULL: not a table) */
	uint32_t regs[0x100];		/* RW scratch for offsets 0x000-0x3FF */
};

struct periph {
	struct periph_config cfg;
	struct vclock *clk;
	struct vb_stats *st;
	struct bus *sysbus, *apbd;
	struct vb_clocks *clocks;

	/* memories */
	struct {
		const char *name;
		uint32_t base, size;
		uint8_t *mem;
		struct bus_region *r;
	} ram[8];
	uint8_t *sysmem;
	uint8_t *flash_mem;
	int flash_fd;
	struct bus_region *flash_r, *sram_r[3], *bkp_r;

	struct rcc rcc;
	uint32_t pwr[0x400 / 4];
	uint32_t syscfg[0x400 / 4];
	struct gpio_port gpio[GPIO_NPORTS];
	struct gpio_ctx gpio_ctx[GPIO_NPORTS];
	struct bus_region *gpio_r[GPIO_NPORTS], *syscfg_r;
	struct flash fl;
	struct dbg_comp dbg[9];

	struct bus_region *gate[PERIPH_CLK_COUNT_][GATE_MAX];
	unsigned int ngate[PERIPH_CLK_COUNT_];

	periph_reset_fn qspi_reset;
	void *qspi_reset_ctx;
};

/* rcc.c */
extern const struct bus_dev_ops rcc_ops;
void rcc_reset(struct periph *p, bool por, bool software);
void rcc_update(struct periph *p);		/* clocks + gating */
bool rcc_clk_on(const struct periph *p, enum periph_clk c);
/* gpio.c */
extern const struct bus_dev_ops gpio_ops;
void gpio_reset_port(struct periph *p, unsigned int n);
/* flash.c */
extern const struct bus_dev_ops flash_reg_ops, flash_mem_ops;
int flash_init(struct periph *p);
void flash_fini(struct periph *p);
void flash_reset(struct periph *p);		/* system reset */
void flash_power_loss(struct periph *p);
/* dbg.c */
extern const struct bus_dev_ops dbg_ops;
void dbg_init(struct periph *p);
void dbg_reset(struct periph *p);		/* debug-domain (power-on) reset */
uint32_t dbg_sys_addr(uint32_t apbd_addr);	/* APB-D address -> system bus */

#endif
