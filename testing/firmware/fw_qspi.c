// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * QUADSPI controller (indirect and memory-mapped mode) and the W25Q01JV
 * commands the demo needs.  Indirect commands follow the start rules of
 * stm32h753.md 5.2: a CCR write starts a command without address and
 * without software data, an AR write starts one with an address and no
 * software data, the first DR write starts one that sends data.  After each
 * command: wait TCF, clear it through FCR, wait BUSY = 0.
 */
#include "fw.h"
#include "fw_mmio.h"
#include "fw_regs.h"

/*
 * Controller set-up.  Kernel clock = rcc_hclk3 = 192 MHz (fw_board.c);
 * PRESCALER 1 -> 96 MHz CLK.  FTHRES 3: FTF at 4 bytes.  CSHT 4: nCS high
 * >= 5 CLK = 52 ns between commands (the JV family asks for 50 ns after
 * program/erase/write commands [FAM]; our choice).  FSIZE 27 = 256 MiB, one
 * step larger than the 128 MiB chip: the disco board scripts note that the
 * exact size (26) breaks memory-mapped reads of the last bytes (ref 6.4).
 * SSHIFT, TCEN and LPTR 0x1000 as in the board scripts: the sampling shift
 * suits 96 MHz, and nCS is released 4096 CLK after a memory-mapped burst.
 */
#define QSPI_PRESCALER		1u
#define QSPI_FTHRES		3u
#define QSPI_CSHT		4u
#define QSPI_FSIZE		27u
#define QSPI_LPTR_CYCLES	0x1000u

/*
 * tRST is 30 us [FAM, w25q01jv.md 5.2] and the chip has no reset-done flag,
 * so after 66h/99h we poll 05h at least this many times (each poll is 16 CLK
 * plus >= 5 CLK of nCS high, >= 218 ns at 96 MHz: >= 56 us in total) and
 * until BUSY reads 0.
 */
#define NOR_RESET_MIN_POLLS	256u

/* shared by every image (fw.h) */
void fw_poll32(uintptr_t addr, uint32_t mask, uint32_t want)
{
	uint32_t n;

	for (n = 0; n < FW_POLL_LIMIT; n++)
		if ((mmio_read32(addr) & mask) == want)
			return;
	fw_fail();
}

static uint32_t qspi_flevel(void)
{
	return (mmio_read32(QSPI_SR) & QSPI_SR_FLEVEL_MASK) >>
	       QSPI_SR_FLEVEL_SHIFT;
}

void qspi_wait_not_busy(void)
{
	fw_poll32(QSPI_SR, QSPI_SR_BUSY, 0);
}

static void qspi_abort(void)
{
	mmio_set32(QSPI_CR, QSPI_CR_ABORT);
	fw_poll32(QSPI_CR, QSPI_CR_ABORT, 0);
	qspi_wait_not_busy();
}

void qspi_ctrl_init(void)
{
	fw_stage(FW_STAGE_QSPI_CTRL);
	/* After a core-only reset the controller may still be running. */
	if (mmio_read32(QSPI_CR) & QSPI_CR_EN)
		qspi_abort();
	qspi_wait_not_busy();

	mmio_write32(QSPI_CR, 0);
	mmio_write32(QSPI_DCR, QSPI_DCR_FSIZE(QSPI_FSIZE) |
		     QSPI_DCR_CSHT(QSPI_CSHT));
	mmio_write32(QSPI_LPTR, QSPI_LPTR_CYCLES);
	mmio_write32(QSPI_FCR, QSPI_FCR_ALL);
	mmio_write32(QSPI_CR, QSPI_CR_PRESCALER(QSPI_PRESCALER) |
		     QSPI_CR_APMS | QSPI_CR_FTHRES(QSPI_FTHRES) |
		     QSPI_CR_SSHIFT | QSPI_CR_TCEN);
	mmio_set32(QSPI_CR, QSPI_CR_EN);
}

static void qspi_send_data(const uint8_t *buf, uint32_t len)
{
	uint32_t i, n;

	for (i = 0; i < len; i++) {
		for (n = 0; qspi_flevel() >= QSPI_FIFO_BYTES; n++)
			if (n >= FW_POLL_LIMIT)
				fw_fail();
		/* The first byte written starts the command. */
		mmio_write8(QSPI_DR, buf[i]);
	}
}

static void qspi_receive_data(uint8_t *buf, uint32_t len)
{
	uint32_t i, n;

	for (i = 0; i < len; i++) {
		for (n = 0; qspi_flevel() == 0; n++)
			if (n >= FW_POLL_LIMIT)
				fw_fail();
		buf[i] = mmio_read8(QSPI_DR);
	}
}

static bool ccr_has_address(uint32_t ccr)
{
	return (ccr & QSPI_CCR_ADMODE_MASK) != 0;
}

static bool ccr_sends_data(uint32_t ccr)
{
	return (ccr & QSPI_CCR_FMODE_MASK) ==
	       QSPI_CCR_FMODE(QSPI_FMODE_IND_WRITE) &&
	       (ccr & QSPI_CCR_DMODE_MASK) != 0;
}

static bool ccr_reads_data(uint32_t ccr)
{
	return (ccr & QSPI_CCR_FMODE_MASK) ==
	       QSPI_CCR_FMODE(QSPI_FMODE_IND_READ) &&
	       (ccr & QSPI_CCR_DMODE_MASK) != 0;
}

void qspi_run(const struct qspi_cmd *cmd)
{
	qspi_wait_not_busy();
	mmio_write32(QSPI_FCR, QSPI_FCR_ALL);
	if (cmd->len)
		mmio_write32(QSPI_DLR, cmd->len - 1);
	if (cmd->ccr & QSPI_CCR_ABMODE(3u))
		mmio_write32(QSPI_ABR, cmd->alt);

	mmio_write32(QSPI_CCR, cmd->ccr);	/* starts: no address, no tx */
	if (ccr_has_address(cmd->ccr))
		mmio_write32(QSPI_AR, cmd->addr); /* starts: no tx data */
	if (ccr_sends_data(cmd->ccr))
		qspi_send_data(cmd->tx, cmd->len);
	else if (ccr_reads_data(cmd->ccr))
		qspi_receive_data(cmd->rx, cmd->len);

	fw_poll32(QSPI_SR, QSPI_SR_TCF, QSPI_SR_TCF);
	if (mmio_read32(QSPI_SR) & QSPI_SR_TEF)
		fw_fail();
	mmio_write32(QSPI_FCR, QSPI_FCR_CTCF);
	qspi_wait_not_busy();
}

void qspi_mem_mapped(uint32_t ccr, uint32_t alt)
{
	qspi_wait_not_busy();
	mmio_write32(QSPI_FCR, QSPI_FCR_ALL);
	mmio_write32(QSPI_ABR, alt);
	mmio_write32(QSPI_CCR, (ccr & ~QSPI_CCR_FMODE_MASK) |
		     QSPI_CCR_FMODE(QSPI_FMODE_MEM_MAPPED));
}

/* ---- W25Q01JV ------------------------------------------------------------ */

static void nor_cmd_lines(uint8_t op, uint32_t lines)
{
	struct qspi_cmd c = {
		.ccr = QSPI_CCR_FMODE(QSPI_FMODE_IND_WRITE) |
		       QSPI_CCR_IMODE(lines) | QSPI_CCR_INSTRUCTION(op),
	};

	qspi_run(&c);
}

void nor_cmd(uint8_t op)
{
	nor_cmd_lines(op, QSPI_LINES_1);
}

void nor_cmd_qpi(uint8_t op)
{
	nor_cmd_lines(op, QSPI_LINES_4);
}

void nor_cmd_addr32(uint8_t op, uint32_t addr)
{
	struct qspi_cmd c = {
		.ccr = QSPI_CCR_FMODE(QSPI_FMODE_IND_WRITE) |
		       QSPI_CCR_IMODE(QSPI_LINES_1) |
		       QSPI_CCR_ADMODE(QSPI_LINES_1) |
		       QSPI_CCR_ADSIZE(QSPI_SIZE_32) | QSPI_CCR_INSTRUCTION(op),
		.addr = addr,
	};

	qspi_run(&c);
}

void nor_read(uint8_t op, uint8_t *buf, uint32_t len)
{
	struct qspi_cmd c = {
		.ccr = QSPI_CCR_FMODE(QSPI_FMODE_IND_READ) |
		       QSPI_CCR_IMODE(QSPI_LINES_1) |
		       QSPI_CCR_DMODE(QSPI_LINES_1) | QSPI_CCR_INSTRUCTION(op),
		.rx = buf,
		.len = len,
	};

	qspi_run(&c);
}

uint8_t nor_read_reg(uint8_t op)
{
	uint8_t v;

	nor_read(op, &v, 1);
	return v;
}

void nor_write(uint8_t op, const uint8_t *buf, uint32_t len)
{
	struct qspi_cmd c = {
		.ccr = QSPI_CCR_FMODE(QSPI_FMODE_IND_WRITE) |
		       QSPI_CCR_IMODE(QSPI_LINES_1) |
		       QSPI_CCR_DMODE(QSPI_LINES_1) | QSPI_CCR_INSTRUCTION(op),
		.tx = buf,
		.len = len,
	};

	qspi_run(&c);
}

/*
 * Leave 0-4-4 continuous-read mode, should a previous run have left the
 * chip in it: a quad read without instruction, 32 address bits and M all
 * zero (M != Axh ends the mode, w25q01jv.md 2.1).  A chip that is not in
 * that mode sees opcode 00h on IO0 (or in QPI mode on IO0..3) and ignores
 * the rest.
 */
void nor_exit_continuous_read(void)
{
	uint8_t dummy;
	struct qspi_cmd c = {
		.ccr = QSPI_CCR_FMODE(QSPI_FMODE_IND_READ) |
		       QSPI_CCR_IMODE(QSPI_LINES_NONE) |
		       QSPI_CCR_ADMODE(QSPI_LINES_4) |
		       QSPI_CCR_ADSIZE(QSPI_SIZE_32) |
		       QSPI_CCR_ABMODE(QSPI_LINES_4) |
		       QSPI_CCR_ABSIZE(QSPI_SIZE_8) | QSPI_CCR_DCYC(4) |
		       QSPI_CCR_DMODE(QSPI_LINES_4),
		.addr = 0,
		.alt = 0x00,
		.rx = &dummy,
		.len = 1,
	};

	qspi_run(&c);
}

/* Poll SR1 at least @min_polls times and until BUSY = 0. */
void nor_wait_ready(uint32_t min_polls)
{
	uint32_t n;
	uint8_t sr1;

	for (n = 1; n <= FW_POLL_LIMIT; n++) {
		sr1 = nor_read_reg(NOR_OP_RDSR1);
		if (n >= min_polls && !(sr1 & NOR_SR1_BUSY))
			return;
	}
	fw_fail();
}

/*
 * Software reset, first in QPI form (66h/99h on four lines ends QPI mode,
 * SFDP DW15), then in SPI form.  To a chip in SPI mode the QPI form is two
 * clocks per command, which it ignores.
 */
void nor_soft_reset(void)
{
	nor_cmd_qpi(NOR_OP_ENABLE_RESET);
	nor_cmd_qpi(NOR_OP_RESET);
	nor_wait_ready(NOR_RESET_MIN_POLLS);
	nor_cmd(NOR_OP_ENABLE_RESET);
	nor_cmd(NOR_OP_RESET);
	nor_wait_ready(NOR_RESET_MIN_POLLS);
}

void nor_write_enable(void)
{
	nor_cmd(NOR_OP_WREN);
	if ((nor_read_reg(NOR_OP_RDSR1) & (NOR_SR1_WEL | NOR_SR1_BUSY)) !=
	    NOR_SR1_WEL)
		fw_fail();
}
