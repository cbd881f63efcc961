/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * The QUADSPI command primitive of the native W25Q handling: one indirect
 * command built from a struct w25q_op, and the controller taken and given
 * back around each operation (RM0433, QUADSPI).
 */

#ifndef OPENOCD_FLASH_NOR_W25Q_QSPI_H
#define OPENOCD_FLASH_NOR_W25Q_QSPI_H

#include <helper/bits.h>
#include <stdint.h>

struct flash_bank;
struct target;
struct w25q_bank;
struct w25q_op;

/* QUADSPI CCR fields (RM0433 QUADSPI_CCR) */
#define CCR_IMODE(l)		((uint32_t)(l) << 8)
#define CCR_ADMODE(l)		((uint32_t)(l) << 10)
#define CCR_ADSIZE_32		(3U << 12)
#define CCR_ABMODE(l)		((uint32_t)(l) << 14)
#define CCR_ABSIZE_8		(0U << 16)
#define CCR_DCYC(n)		((uint32_t)(n) << 18)
#define CCR_DMODE(l)		((uint32_t)(l) << 24)
#define CCR_FMODE_WRITE		(0U << 26)
#define CCR_FMODE_READ		BIT(26)
#define CCR_FMODE_MM		(3U << 26)
#define CCR_FMODE_MASK		(3U << 26)
#define CCR_ADMODE_MASK		(3U << 10)

int w25q_queue_u32(struct target *target, uint32_t addr, uint32_t value);
int w25q_qspi_abort(struct flash_bank *bank, struct w25q_bank *w);
uint32_t w25q_qspi_ccr(const struct w25q_op *op);
uint32_t w25q_qspi_ccr_of(void (*build)(struct w25q_op *op));
int w25q_qspi_exec(void *ctx, const struct w25q_op *op);
int w25q_take_dcr(struct flash_bank *bank, struct w25q_bank *w);
int w25q_restore(struct flash_bank *bank, struct w25q_bank *w);
int w25q_prepare(struct flash_bank *bank, struct w25q_bank *w);

#endif /* OPENOCD_FLASH_NOR_W25Q_QSPI_H */
