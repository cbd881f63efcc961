/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * STM32H753 register addresses and bit fields used by the demo firmware.
 * Sources: /work/shared/reference/stm32h753.md (section given per block);
 * bit positions the reference does not list (RCC ready/status bits) are
 * from CMSIS stm32h7 headers (RCC_CR_HSIRDY_Pos 2, RCC_CR_HSIDIVF_Pos 5,
 * RCC_CR_PLL1RDY_Pos 25, RCC_CFGR_SWS_Pos 3).
 */
#ifndef FW_REGS_H
#define FW_REGS_H

/* ---- memories (ref 3.1) ------------------------------------------------- */
#define FLASH_BANK1_BASE	0x08000000u
#define DTCM_BASE		0x20000000u
#define DTCM_END		0x20020000u	/* one past the last byte */
#define QSPI_MM_BASE		0x90000000u	/* memory-mapped window */

/* ---- Cortex-M7 system control block -------------------------------------- */
#define SCB_VTOR		0xE000ED08u
#define SYST_CSR		0xE000E010u	/* SysTick (ARMv7-M B3.3) */
#define SYST_RVR		0xE000E014u
#define SYST_CVR		0xE000E018u

/* ---- embedded flash interface (ref 3.2; board script 6.4) --------------- */
#define FLASH_ACR		0x52002000u
#define FLASH_ACR_LATENCY_MASK	0x0000000Fu	/* wait states [3:0] */

/* ---- RCC (ref 6.1, 6.4) -------------------------------------------------- */
#define RCC_BASE		0x58024400u
#define RCC_CR			(RCC_BASE + 0x00u)
#define RCC_CFGR		(RCC_BASE + 0x10u)
#define RCC_D1CFGR		(RCC_BASE + 0x18u)
#define RCC_D2CFGR		(RCC_BASE + 0x1Cu)
#define RCC_D3CFGR		(RCC_BASE + 0x20u)
#define RCC_PLLCKSELR		(RCC_BASE + 0x28u)
#define RCC_PLLCFGR		(RCC_BASE + 0x2Cu)
#define RCC_PLL1DIVR		(RCC_BASE + 0x30u)
#define RCC_AHB3ENR		(RCC_BASE + 0xD4u)
#define RCC_AHB4ENR		(RCC_BASE + 0xE0u)

#define RCC_CR_HSION		(1u << 0)
#define RCC_CR_HSIRDY		(1u << 2)
#define RCC_CR_HSIDIV_MASK	(3u << 3)	/* 0 = HSI / 1 = 64 MHz */
#define RCC_CR_HSIDIVF		(1u << 5)	/* divider change done */
#define RCC_CR_PLL1ON		(1u << 24)
#define RCC_CR_PLL1RDY		(1u << 25)

#define RCC_CFGR_SW_MASK	(7u << 0)
#define RCC_CFGR_SW_HSI		(0u << 0)
#define RCC_CFGR_SW_PLL1	(3u << 0)
#define RCC_CFGR_SWS_MASK	(7u << 3)
#define RCC_CFGR_SWS_HSI	(0u << 3)
#define RCC_CFGR_SWS_PLL1	(3u << 3)

#define RCC_PLLCFGR_PLL1VCOSEL	(1u << 1)	/* 0 = wide VCO range */
#define RCC_PLLCFGR_PLL1RGE_MASK (3u << 2)
#define RCC_PLLCFGR_PLL1RGE_8_16 (3u << 2)	/* ref input 8..16 MHz */
#define RCC_PLLCFGR_DIVP1EN	(1u << 16)

#define RCC_AHB3ENR_QSPIEN	(1u << 14)
#define RCC_AHB4ENR_GPIOBEN	(1u << 1)
#define RCC_AHB4ENR_GPIODEN	(1u << 3)
#define RCC_AHB4ENR_GPIOEEN	(1u << 4)

/* ---- GPIO (ref 6.2) ------------------------------------------------------ */
#define GPIOB_BASE		0x58020400u
#define GPIOD_BASE		0x58020C00u
#define GPIOE_BASE		0x58021000u

#define GPIO_MODER		0x00u	/* 2 bits/pin: 10 = alternate function */
#define GPIO_OSPEEDR		0x08u	/* 2 bits/pin: 11 = very high */
#define GPIO_PUPDR		0x0Cu
#define GPIO_AFRL		0x20u	/* 4 bits/pin, pins 0..7 */
#define GPIO_AFRH		0x24u	/* 4 bits/pin, pins 8..15 */

#define GPIO_MODE_AF		2u
#define GPIO_SPEED_VERY_HIGH	3u

/* ---- QUADSPI (ref 5.1) ---------------------------------------------------- */
#define QSPI_BASE		0x52005000u
#define QSPI_CR			(QSPI_BASE + 0x00u)
#define QSPI_DCR		(QSPI_BASE + 0x04u)
#define QSPI_SR			(QSPI_BASE + 0x08u)
#define QSPI_FCR		(QSPI_BASE + 0x0Cu)
#define QSPI_DLR		(QSPI_BASE + 0x10u)
#define QSPI_CCR		(QSPI_BASE + 0x14u)
#define QSPI_AR			(QSPI_BASE + 0x18u)
#define QSPI_ABR		(QSPI_BASE + 0x1Cu)
#define QSPI_DR			(QSPI_BASE + 0x20u)
#define QSPI_PSMKR		(QSPI_BASE + 0x24u)
#define QSPI_PSMAR		(QSPI_BASE + 0x28u)
#define QSPI_PIR		(QSPI_BASE + 0x2Cu)
#define QSPI_LPTR		(QSPI_BASE + 0x30u)

#define QSPI_CR_EN		(1u << 0)
#define QSPI_CR_ABORT		(1u << 1)
#define QSPI_CR_TCEN		(1u << 3)
#define QSPI_CR_SSHIFT		(1u << 4)
#define QSPI_CR_FTHRES(n)	(((n) & 0x1Fu) << 8)	/* FTF at n+1 bytes */
#define QSPI_CR_APMS		(1u << 22)
#define QSPI_CR_PRESCALER(n)	(((n) & 0xFFu) << 24)	/* CLK = ker/(n+1) */

#define QSPI_DCR_CKMODE		(1u << 0)
#define QSPI_DCR_CSHT(n)	(((n) & 0x7u) << 8)	/* nCS high n+1 CLK */
#define QSPI_DCR_FSIZE(n)	(((n) & 0x1Fu) << 16)	/* 2^(n+1) bytes */

#define QSPI_SR_TEF		(1u << 0)
#define QSPI_SR_TCF		(1u << 1)
#define QSPI_SR_FTF		(1u << 2)
#define QSPI_SR_SMF		(1u << 3)
#define QSPI_SR_TOF		(1u << 4)
#define QSPI_SR_BUSY		(1u << 5)
#define QSPI_SR_FLEVEL_SHIFT	8
#define QSPI_SR_FLEVEL_MASK	(0x3Fu << QSPI_SR_FLEVEL_SHIFT)

#define QSPI_FCR_CTEF		(1u << 0)
#define QSPI_FCR_CTCF		(1u << 1)
#define QSPI_FCR_CSMF		(1u << 3)
#define QSPI_FCR_CTOF		(1u << 4)
#define QSPI_FCR_ALL		(QSPI_FCR_CTEF | QSPI_FCR_CTCF | \
				 QSPI_FCR_CSMF | QSPI_FCR_CTOF)

/* CCR fields; "lines" arguments are QSPI_LINES_* values. */
#define QSPI_LINES_NONE		0u
#define QSPI_LINES_1		1u
#define QSPI_LINES_2		2u
#define QSPI_LINES_4		3u

#define QSPI_SIZE_8		0u
#define QSPI_SIZE_16		1u
#define QSPI_SIZE_24		2u
#define QSPI_SIZE_32		3u

#define QSPI_FMODE_IND_WRITE	0u
#define QSPI_FMODE_IND_READ	1u
#define QSPI_FMODE_AUTO_POLL	2u
#define QSPI_FMODE_MEM_MAPPED	3u

#define QSPI_CCR_INSTRUCTION(op) ((op) & 0xFFu)
#define QSPI_CCR_IMODE(l)	(((l) & 3u) << 8)
#define QSPI_CCR_ADMODE(l)	(((l) & 3u) << 10)
#define QSPI_CCR_ADSIZE(s)	(((s) & 3u) << 12)
#define QSPI_CCR_ABMODE(l)	(((l) & 3u) << 14)
#define QSPI_CCR_ABSIZE(s)	(((s) & 3u) << 16)
#define QSPI_CCR_DCYC(n)	(((n) & 0x1Fu) << 18)
#define QSPI_CCR_DMODE(l)	(((l) & 3u) << 24)
#define QSPI_CCR_FMODE(m)	(((m) & 3u) << 26)
#define QSPI_CCR_SIOO		(1u << 28)
#define QSPI_CCR_DDRM		(1u << 31)

#define QSPI_CCR_ADMODE_MASK	QSPI_CCR_ADMODE(3u)
#define QSPI_CCR_DMODE_MASK	QSPI_CCR_DMODE(3u)
#define QSPI_CCR_FMODE_MASK	QSPI_CCR_FMODE(3u)

#define QSPI_FIFO_BYTES		32u	/* ref 5.1 "FIFO depth: 32 bytes" */

#endif
