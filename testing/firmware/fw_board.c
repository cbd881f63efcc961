// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Clock tree and QUADSPI pin set-up, the way the upstream H7 disco board
 * reset-init scripts do it (stm32h753.md 6.4), but polling every ready bit
 * instead of sleeping:
 *
 *   HSI 64 MHz (HSIDIV /1) -> DIVM1 /4 = 16 MHz -> DIVN1 x24 = 384 MHz VCO
 *   -> DIVP1 /2 = 192 MHz sys_ck; D1CPRE /1, HPRE /1: CPU and hclk3 (the
 *   default QUADSPI kernel clock) 192 MHz; APB clocks /2.
 *
 * PWR voltage scaling is left at its reset value, as the board scripts do.
 */
#include "fw.h"
#include "fw_mmio.h"
#include "fw_regs.h"

/* Values from the reset-init script (stm32h753.md 6.4). */
#define ACR_LATENCY_192MHZ	4u		/* 4 wait states */
#define D1CFGR_VALUE		0x00000040u	/* D1CPRE /1, D1PPRE /2, HPRE /1 */
#define D2CFGR_VALUE		0x00000440u	/* D2PPRE1 /2, D2PPRE2 /2 */
#define D3CFGR_VALUE		0x00000040u	/* D3PPRE /2 */
#define PLLCKSELR_VALUE		0x00000040u	/* DIVM1 = 4, PLLSRC = HSI */
#define PLL1DIVR_VALUE		0x01070217u	/* N=24, P=2, Q=8, R=2 */

static void flash_set_latency(uint32_t ws)
{
	mmio_modify32(FLASH_ACR, FLASH_ACR_LATENCY_MASK, ws);
	/* The new latency must be in effect before the clock goes up. */
	fw_poll32(FLASH_ACR, FLASH_ACR_LATENCY_MASK, ws);
}

static void hsi_select_64mhz(void)
{
	mmio_modify32(RCC_CR, RCC_CR_HSIDIV_MASK, RCC_CR_HSION);
	fw_poll32(RCC_CR, RCC_CR_HSIRDY | RCC_CR_HSIDIVF,
		  RCC_CR_HSIRDY | RCC_CR_HSIDIVF);
	mmio_modify32(RCC_CFGR, RCC_CFGR_SW_MASK, RCC_CFGR_SW_HSI);
	fw_poll32(RCC_CFGR, RCC_CFGR_SWS_MASK, RCC_CFGR_SWS_HSI);
}

static void pll1_start_192mhz(void)
{
	/* PLL1 must be off while it is configured. */
	mmio_clear32(RCC_CR, RCC_CR_PLL1ON);
	fw_poll32(RCC_CR, RCC_CR_PLL1RDY, 0);

	mmio_write32(RCC_D1CFGR, D1CFGR_VALUE);
	mmio_write32(RCC_D2CFGR, D2CFGR_VALUE);
	mmio_write32(RCC_D3CFGR, D3CFGR_VALUE);
	mmio_write32(RCC_PLLCKSELR, PLLCKSELR_VALUE);
	mmio_modify32(RCC_PLLCFGR,
		      RCC_PLLCFGR_PLL1VCOSEL | RCC_PLLCFGR_PLL1RGE_MASK,
		      RCC_PLLCFGR_PLL1RGE_8_16 | RCC_PLLCFGR_DIVP1EN);
	mmio_write32(RCC_PLL1DIVR, PLL1DIVR_VALUE);

	mmio_set32(RCC_CR, RCC_CR_PLL1ON);
	fw_poll32(RCC_CR, RCC_CR_PLL1RDY, RCC_CR_PLL1RDY);
}

static void sysclk_select_pll1(void)
{
	mmio_modify32(RCC_CFGR, RCC_CFGR_SW_MASK, RCC_CFGR_SW_PLL1);
	fw_poll32(RCC_CFGR, RCC_CFGR_SWS_MASK, RCC_CFGR_SWS_PLL1);
}

void board_clocks_init(void)
{
	fw_stage(FW_STAGE_CLOCKS);
	flash_set_latency(ACR_LATENCY_192MHZ);
	hsi_select_64mhz();
	pll1_start_192mhz();
	sysclk_select_pll1();
}

/* Put @pin of the port at @base into alternate function @af, very high
 * speed, no pull.  AFR first, so the pin never shows another function. */
static void gpio_set_af(uintptr_t base, unsigned int pin, unsigned int af)
{
	uintptr_t afr = base + (pin < 8 ? GPIO_AFRL : GPIO_AFRH);
	unsigned int afs = (pin & 7u) * 4u;
	unsigned int s2 = pin * 2u;

	mmio_modify32(afr, 0xFu << afs, (uint32_t)af << afs);
	mmio_modify32(base + GPIO_OSPEEDR, 3u << s2,
		      GPIO_SPEED_VERY_HIGH << s2);
	mmio_modify32(base + GPIO_PUPDR, 3u << s2, 0);
	mmio_modify32(base + GPIO_MODER, 3u << s2, GPIO_MODE_AF << s2);
}

/* Default QUADSPI bank-1 wiring of the virtual board. */
static const struct {
	uintptr_t port;
	uint8_t pin;
	uint8_t af;
} qspi_pins[] = {
	{ GPIOB_BASE, 2, 9 },	/* CLK */
	{ GPIOB_BASE, 6, 10 },	/* BK1_NCS */
	{ GPIOD_BASE, 11, 9 },	/* BK1_IO0 */
	{ GPIOD_BASE, 12, 9 },	/* BK1_IO1 */
	{ GPIOE_BASE, 2, 9 },	/* BK1_IO2 */
	{ GPIOD_BASE, 13, 9 },	/* BK1_IO3 */
};

void board_qspi_pins_init(void)
{
	unsigned int i;

	fw_stage(FW_STAGE_GPIO);
	mmio_set32(RCC_AHB4ENR, RCC_AHB4ENR_GPIOBEN | RCC_AHB4ENR_GPIODEN |
		   RCC_AHB4ENR_GPIOEEN);
	mmio_set32(RCC_AHB3ENR, RCC_AHB3ENR_QSPIEN);
	/* Read back: the enable must reach RCC before the blocks are used. */
	(void)mmio_read32(RCC_AHB4ENR);
	(void)mmio_read32(RCC_AHB3ENR);
	fw_dsb();

	for (i = 0; i < sizeof(qspi_pins) / sizeof(qspi_pins[0]); i++)
		gpio_set_af(qspi_pins[i].port, qspi_pins[i].pin,
			    qspi_pins[i].af);
}
