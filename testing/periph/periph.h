/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * STM32H753 system-bus peripherals and memories (everything except the
 * Cortex-M7 PPB and QUADSPI): memory map, RCC, PWR, GPIOA-K, SYSCFG, DBGMCU,
 * system memory, the internal flash controller with its two 1 MiB banks,
 * and the APB-D debug components that AP2 sees.  See README.md.
 */
#ifndef VB_PERIPH_H
#define VB_PERIPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vclock;
struct vb_stats;
struct bus;
struct bus_region;
struct vb_clocks;
struct periph;

enum periph_clk {
	PERIPH_CLK_QSPI,
	PERIPH_CLK_GPIOA, PERIPH_CLK_GPIOB, PERIPH_CLK_GPIOC, PERIPH_CLK_GPIOD,
	PERIPH_CLK_GPIOE, PERIPH_CLK_GPIOF, PERIPH_CLK_GPIOG, PERIPH_CLK_GPIOH,
	PERIPH_CLK_GPIOI, PERIPH_CLK_GPIOJ, PERIPH_CLK_GPIOK,
	PERIPH_CLK_BKPRAM,
	PERIPH_CLK_COUNT_
};

struct periph_config {
	const char *flash_path;		/* DIR/flash.bin: 2097152 bytes, bank 1 then bank 2;
					 * created erased (0xFF) when absent; written through
					 * (mmap MAP_SHARED).  NULL: anonymous, not persisted */
	uint16_t flash_size_kb;		/* value of the register at 0x1FF1E880, default 0x0800 */
	uint32_t dbgmcu_idcode;		/* default 0x20036450 */
	uint8_t uid[12];		/* 0x1FF1E800 */
	bool flash_timing_max;		/* use max instead of typ program/erase times */
	bool flash_timing_jitter;	/* draw each time between typ and max (overrides max) */
	uint64_t flash_seed;		/* seed of those draws */

	/* ---- further options (README.md "Options") ---- */
	const char *optbytes_path;	/* option bytes persisted here (NULL: in memory) */
	uint32_t optsr_default;		/* OPTSR value of a blank chip, 0x0406AAF0 (Renode) */
	uint32_t hse_hz;		/* HSE crystal; 0 = none (HSERDY never sets) */
	uint64_t pll_lock_ns;		/* PLLxON -> PLLxRDY delay, default 0 */
	uint32_t rcc_cr_reset;		/* RCC_CR ON bits after reset, 0x00000083 (SVD) */
	bool gate_d2_sram;		/* SRAM1-3 bus-error while AHB2ENR.SRAMxEN=0; false */
	bool gate_bkpsram;		/* backup SRAM bus-error while BKPRAMEN=0; false */
	int ram_por_pattern;		/* byte for RAM on power-on reset; -1 = keep (default) */
	bool bkpsram_keep_on_por;	/* backup SRAM kept on power-on reset (VBAT); true */
	uint8_t gpio_float_level;	/* IDR of floating input/AF pins: 0 (default) or 1 */
	uint8_t syscfg_pkg;		/* SYSCFG_PKGR.PKG, default 0xA [ASSUMED] */
	bool flash_ecc;			/* over-programming corrupts ECC (AP read = DBECCERR +
					 * bus error); default true */
	bool flash_wrong_key_busfault;	/* wrong KEYR/OPTKEYR key also returns a bus error;
					 * default false */
};

void periph_config_defaults(struct periph_config *cfg);
/* NULL + message on stderr on failure. */
struct periph *periph_create(const struct periph_config *cfg, struct vclock *clk,
		struct vb_stats *st, struct bus *sysbus, struct bus *apbd,
		struct vb_clocks *clocks);
void periph_destroy(struct periph *p);		/* flushes flash.bin */
/*
 * Registers to reset values; memories, flash contents and option bytes kept;
 * DBGMCU and the APB-D components keep their values (debug domain).  A flash
 * program/erase in progress is aborted with the power-loss rule (README).
 */
void periph_system_reset(struct periph *p);
/* Same, marking RCC_RSR as a software reset (SFTRSTF) instead of the pin. */
void periph_system_reset_sw(struct periph *p);
/* System reset + debug domain reset + RAM per ram_por_pattern. */
void periph_power_on_reset(struct periph *p);
/* Power cut now: a flash program/erase in progress is left partially done. */
void periph_power_loss(struct periph *p);

/* AF number if the pin's MODER is alternate function (and its port clock is on), else -1 */
int periph_gpio_af(const struct periph *p, char port, unsigned int pin);
bool periph_clock_enabled(const struct periph *p, enum periph_clk clk);
/* RCC enables/disables r (bus_set_enabled on sysbus) with that clock.  r's flags
 * are not changed: its owner chooses BUS_REGION_OFF_RAZWI. */
void periph_gate(struct periph *p, enum periph_clk clk, struct bus_region *r);
/* Factory programming of flash.bin (vboard --flash-image).  0 or -1. */
int periph_flash_load(struct periph *p, uint32_t offset, const void *data, size_t len);

/* Called when RCC_AHB3RSTR.QSPIRST goes 0 -> 1 (the board resets QUADSPI). */
typedef void (*periph_reset_fn)(void *ctx);
void periph_set_qspi_reset_cb(struct periph *p, periph_reset_fn fn, void *ctx);

/* Read-only view of the flash image (2 MiB), for tests and the board. */
const uint8_t *periph_flash_image(const struct periph *p);

#endif
