// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * Winbond W25Q JV stacked-die serial NOR flash: command sequences over any
 * controller's exec callback; see w25q_chip.h.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <flash/common.h>
#include <helper/log.h>
#include <helper/time_support.h>

#include "w25q_chip.h"
#include "w25q_protect.h"

/* instructions used only here (W25Q01JV / W25Q512JV datasheets) */
#define OP_ENTER_QPI		0x38
#define OP_RDSR2		0x35
#define OP_RDSR3		0x15
#define OP_RDID			0x9F
#define OP_EXIT_QPI		0xFF
#define OP_RELEASE_PD		0xAB
#define OP_RESET_ENABLE		0x66
#define OP_RESET		0x99
#define OP_RESUME		0x7A

/* host waits, in ms of wall time, from the chip's maximum times */
#define W25Q_READY_TIMEOUT_MS	3000	/* tW, tPP, tSE max and margin */
/* chip erase: SFDP BFPT DW11 tCE max 2688 s (typical 192 s x 14), +25 % */
#define W25Q_CHIP_ERASE_MS	3360000
#define W25Q_PROGRESS_MS	5000	/* progress message interval */

/* What to do about a die that stays busy past the chip's maximum time. */
#define W25Q_STUCK_ADVICE \
	"the flash does not finish: power-cycle the board, then probe again"

/*
 * Clock limits: Read Data (03h) fR 50 MHz and the other instructions FR
 * 133 MHz are the JV family datasheets' figures (W25Q256JV); the W25Q01JV's
 * own datasheet gives no other.
 */
static const struct w25q_part_info w25q_parts[] = {
	{ 0xEF4021, "W25Q01JV-IQ/IN", 0x08000000, 2, true, 50000000, 133000000 },
	{ 0xEF7021, "W25Q01JV-IM", 0x08000000, 2, false, 50000000, 133000000 },
	{ 0xEF4020, "W25Q512JV-IQ/IN", 0x04000000, 1, true, 50000000, 133000000 },
	{ 0xEF7020, "W25Q512JV-IM", 0x04000000, 1, false, 50000000, 133000000 },
	{ 0xEF7022, "W25Q02JV-IM", 0x10000000, 4, false, 50000000, 133000000 },
	{ 0 },
};

const struct w25q_wait w25q_wait_firmware = {
	"an operation firmware started", "a chip erase, tCE max 2688 s (SFDP)",
	W25Q_CHIP_ERASE_MS };
const struct w25q_wait w25q_wait_chip_erase = {
	"chip erase", "tCE max 2688 s (SFDP)", W25Q_CHIP_ERASE_MS };
const struct w25q_wait w25q_wait_sr_write = {
	"status register write", "tW max 15 ms (JV family datasheets)",
	W25Q_READY_TIMEOUT_MS };
static const struct w25q_wait w25q_wait_idle = {
	"dies idle before the chip erase", "none: the dies were idle at the start",
	W25Q_READY_TIMEOUT_MS };
static const struct w25q_wait w25q_wait_lock = {
	"die-select test (block lock write)",
	"none given for a volatile lock bit; tW max 15 ms (JV family datasheets) assumed",
	W25Q_READY_TIMEOUT_MS };

/* ---- commands ------------------------------------------------------------- */

static int exec(struct w25q_chip *c, const struct w25q_op *op)
{
	return c->ctrl->exec(c->ctrl->ctx, op);
}

/* opcode and one data phase on the same lines (1: SPI, 4: QPI) */
static int reg_xfer(struct w25q_chip *c, unsigned int lines, uint8_t opcode, bool in,
	uint8_t *data, unsigned int len)
{
	struct w25q_op op = {
		.opcode = opcode, .op_lines = lines, .data_lines = len ? lines : 0,
		.data_in = in, .data = data, .len = len,
	};

	return exec(c, &op);
}

int w25q_cmd(struct w25q_chip *c, uint8_t opcode)
{
	return reg_xfer(c, 1, opcode, false, NULL, 0);
}

static int cmd_qpi(struct w25q_chip *c, uint8_t opcode)
{
	return reg_xfer(c, 4, opcode, false, NULL, 0);
}

int w25q_cmd_addr(struct w25q_chip *c, uint8_t opcode, uint32_t addr)
{
	struct w25q_op op = {
		.opcode = opcode, .op_lines = 1, .addr_bytes = 4, .addr_lines = 1,
		.addr = addr,
	};

	return exec(c, &op);
}

int w25q_read_reg(struct w25q_chip *c, uint8_t opcode, uint8_t *val)
{
	return reg_xfer(c, 1, opcode, true, val, 1);
}

int w25q_write_reg(struct w25q_chip *c, uint8_t opcode, uint8_t val)
{
	return reg_xfer(c, 1, opcode, false, &val, 1);
}

int w25q_select_die(struct w25q_chip *c, unsigned int die)
{
	uint8_t d = die;

	if (c->dies < 2)
		return ERROR_OK;
	return reg_xfer(c, 1, W25Q_OP_DIE_SELECT, false, &d, 1);
}

int w25q_die_status(struct w25q_chip *c, unsigned int die, uint8_t *sr1)
{
	int retval = w25q_select_die(c, die);

	if (retval == ERROR_OK)
		retval = w25q_read_reg(c, W25Q_OP_RDSR1, sr1);
	return retval;
}

int w25q_read_all_status(struct w25q_chip *c)
{
	static const uint8_t ops[3] = { W25Q_OP_RDSR1, OP_RDSR2, OP_RDSR3 };
	int retval = ERROR_OK;

	for (unsigned int die = 0; die < c->dies && retval == ERROR_OK; die++) {
		retval = w25q_select_die(c, die);
		for (unsigned int i = 0; i < 3 && retval == ERROR_OK; i++)
			retval = w25q_read_reg(c, ops[i], &c->sr[die][i]);
	}
	if (retval == ERROR_OK)
		retval = w25q_select_die(c, 0);
	return retval;
}

/*
 * C2h i, 05h, the first busy die first.  Leaves die 0 selected, the
 * power-up state firmware expects.
 */
int w25q_wait_ready(struct w25q_chip *c, const struct w25q_wait *wait)
{
	int64_t start = timeval_ms();
	int64_t next_note = start + W25Q_PROGRESS_MS;
	unsigned int die = 0;
	uint8_t sr1;
	int retval;

	while (die < c->dies) {
		retval = w25q_die_status(c, die, &sr1);
		if (retval != ERROR_OK)
			return retval;
		if (!(sr1 & W25Q_SR1_BUSY)) {
			die++;
			continue;
		}
		int64_t now = timeval_ms();
		if (now - start > wait->timeout_ms) {
			LOG_ERROR("%s: flash die %u still busy after %d ms (SR1 0x%02" PRIx8
				": BUSY=1, WEL=%u; the chip's maximum: %s): " W25Q_STUCK_ADVICE,
				wait->what, die, wait->timeout_ms, sr1, (sr1 & W25Q_SR1_WEL) ? 1 : 0,
				wait->max);
			return ERROR_FLASH_OPERATION_FAILED;
		}
		if (now >= next_note) {
			LOG_INFO("%s: waiting for die %u, %" PRId64 " s", wait->what, die,
				(now - start) / 1000);
			next_note = now + W25Q_PROGRESS_MS;
		}
		alive_sleep(1);
	}
	return w25q_select_die(c, 0);
}

/*
 * 06h reaches every die; check WEL on the die the next command goes to (the
 * selected die's bit says nothing about another).
 */
int w25q_write_enable(struct w25q_chip *c, unsigned int die)
{
	uint8_t sr1;
	int retval = w25q_cmd(c, W25Q_OP_WREN);

	if (retval == ERROR_OK)
		retval = w25q_die_status(c, die, &sr1);
	if (retval != ERROR_OK)
		return retval;
	if ((sr1 & (W25Q_SR1_WEL | W25Q_SR1_BUSY)) != W25Q_SR1_WEL) {
		LOG_ERROR("flash die %u did not take write enable (SR1 0x%02" PRIx8 ")",
			die, sr1);
		return ERROR_FLASH_OPERATION_FAILED;
	}
	return ERROR_OK;
}

int w25q_raw(struct w25q_chip *c, const uint8_t *bytes, unsigned int num_write,
	uint8_t *data, unsigned int num_read)
{
	struct w25q_op op = { .opcode = bytes[0], .op_lines = 1 };

	if (num_read) {
		op.addr_bytes = num_write - 1;
		op.addr_lines = op.addr_bytes ? 1 : 0;
		for (unsigned int i = 1; i < num_write; i++)
			op.addr = op.addr << 8 | bytes[i];
		op.data_lines = 1;
		op.data_in = true;
		op.data = data;
		op.len = num_read;
	} else if (num_write > 1) {
		op.data_lines = 1;
		op.data = (uint8_t *)bytes + 1;
		op.len = num_write - 1;
	}
	return exec(c, &op);
}

/* ---- commands the algorithms send ------------------------------------------ */

void w25q_op_rdsr1(struct w25q_op *op)
{
	*op = (struct w25q_op){ .opcode = W25Q_OP_RDSR1, .op_lines = 1, .data_lines = 1,
		.data_in = true, .len = 1 };
}

void w25q_op_die_select(struct w25q_op *op)
{
	*op = (struct w25q_op){ .opcode = W25Q_OP_DIE_SELECT, .op_lines = 1, .data_lines = 1,
		.len = 1 };
}

void w25q_op_wren(struct w25q_op *op)
{
	*op = (struct w25q_op){ .opcode = W25Q_OP_WREN, .op_lines = 1 };
}

void w25q_op_program(struct w25q_op *op)
{
	*op = (struct w25q_op){ .opcode = W25Q_OP_PROGRAM_4B, .op_lines = 1, .addr_bytes = 4,
		.addr_lines = 1, .data_lines = 1, .len = W25Q_PAGE_SIZE };
}

bool w25q_read_quad(const struct w25q_chip *c)
{
	for (unsigned int die = 0; die < c->dies; die++)
		if (!(c->sr[die][1] & W25Q_SR2_QE))
			return false;
	return true;
}

/*
 * QE = 0 (W25Q01JV-IM from the factory): single-line fast read 0Ch, 8
 * dummy clocks.  Never 03h: the JV family datasheets specify Read Data at
 * fR = 50 MHz at most, and QUADSPI commonly runs the flash at 100 MHz or
 * more; 0Ch is specified at the part's full clock (FR).
 */
void w25q_op_read(const struct w25q_chip *c, struct w25q_op *op)
{
	bool quad = w25q_read_quad(c);

	*op = (struct w25q_op){
		.opcode = quad ? W25Q_OP_READ_1_1_4_4B : W25Q_OP_FAST_READ_4B, .op_lines = 1,
		.addr_bytes = 4, .addr_lines = 1, .dummy = 8, .data_lines = quad ? 4 : 1,
		.data_in = true };
}

void w25q_op_erase(uint32_t size, struct w25q_op *op)
{
	*op = (struct w25q_op){
		.opcode = size == 0x1000 ? W25Q_OP_ERASE_4K_4B : W25Q_OP_ERASE_64K_4B,
		.op_lines = 1, .addr_bytes = 4, .addr_lines = 1 };
}

/* ---- state left by firmware, identification -------------------------------- */

static const struct w25q_part_info *lookup(uint32_t jedec)
{
	for (const struct w25q_part_info *p = w25q_parts; p->jedec; p++)
		if (p->jedec == jedec)
			return p;
	return NULL;
}

static int read_id(struct w25q_chip *c, bool qpi, uint32_t *jedec)
{
	uint8_t id[3];
	int retval = reg_xfer(c, qpi ? 4 : 1, OP_RDID, true, id, 3);

	*jedec = id[0] << 16 | id[1] << 8 | id[2];
	return retval;
}

/*
 * Did a 1-line 9Fh get an answer?  A chip in continuous read or QPI mode, or
 * busy, or absent, leaves the data lines undriven: all ones or all zeros
 * depending on the board's pull resistors.  A chip that answers is in SPI
 * mode and must not be sent 4-line commands: a chip in SPI mode reads a
 * 4-line 9Fh as the two bits 11b followed by whatever the undriven lines
 * give, C0h with pull-downs (Set Burst Length on Macronix parts).
 */
static bool id_answers(uint32_t jedec)
{
	uint8_t mfr = jedec >> 16;

	return mfr != 0xFF && mfr != 0x00;
}

/*
 * Continuous read (XIP, M = Axh) ends with a read whose mode bits are not
 * Axh.  Send one 1-4-4 read without instruction, address FFFFFFFFh and M =
 * FFh: every line high on every clock it drives (JESD216 BFPT DW15, "Fh on
 * 4 lines").  A chip in continuous read takes it as address and mode bits
 * and leaves; a chip in SPI mode sees instruction FFh and ignores it.  No
 * line is driven low: with QE=0, IO3 is /HOLD or /RESET and IO2 /WP.
 */
static int exit_continuous_read(struct w25q_chip *c)
{
	uint8_t byte;
	struct w25q_op op = {
		.addr_bytes = 4, .addr_lines = 4, .addr = 0xFFFFFFFFU, .mode_lines = 4,
		.mode = 0xFF, .dummy = 4, .data_lines = 4, .data_in = true, .data = &byte,
		.len = 1,
	};

	return exec(c, &op);
}

/*
 * Release from deep power-down (ABh), in SPI and in QPI form, then tRES1
 * (3 us, SFDP BFPT DW14) before the next command.  A chip that is not
 * powered down ignores it.  On 4 lines ABh drives IO3 high on both clocks.
 */
static int release_power_down(struct w25q_chip *c)
{
	int retval = w25q_cmd(c, OP_RELEASE_PD);

	if (retval == ERROR_OK)
		retval = cmd_qpi(c, OP_RELEASE_PD);
	if (retval == ERROR_OK)
		alive_sleep(1);
	return retval;
}

static void note_found(struct w25q_chip *c, const char *what)
{
	size_t n = strlen(c->found);

	snprintf(c->found + n, sizeof(c->found) - n, "%s%s", n ? ", " : "", what);
}

static void note_left_qpi(struct w25q_chip *c)
{
	LOG_INFO("flash was in QPI mode: back to SPI (FFh) for this operation");
	note_found(c, "QPI mode (left)");
	c->found_qpi = true;
}

/*
 * Before the part is known: is a die other than die 0 busy?  C2h d, 05h for
 * every die a stacked part may have; a single-die part ignores C2h and
 * answers for its only die.  Leaves die 0 selected.
 */
static int other_die_busy(struct w25q_chip *c, uint8_t *sr1, unsigned int *busy_die)
{
	unsigned int dies = c->dies;
	int retval = ERROR_OK;

	c->dies = W25Q_MAX_DIES;
	for (unsigned int die = 1; die < W25Q_MAX_DIES && retval == ERROR_OK; die++) {
		uint8_t sr;

		retval = w25q_die_status(c, die, &sr);
		if (retval == ERROR_OK && sr != 0xFF && (sr & W25Q_SR1_BUSY)) {
			*sr1 = sr;
			*busy_die = die;
			break;
		}
	}
	if (retval == ERROR_OK)
		retval = w25q_select_die(c, 0);
	c->dies = dies;
	return retval;
}

/* 05h of die 0 and, on SPI, of the other dies: *busy_die and its SR1 */
static int find_busy_die(struct w25q_chip *c, bool qpi, uint8_t *sr1,
	unsigned int *busy_die)
{
	int retval = reg_xfer(c, qpi ? 4 : 1, W25Q_OP_RDSR1, true, sr1, 1);

	*busy_die = 0;
	/* 0xFF: lines float, nobody answers in this protocol */
	if (retval != ERROR_OK || *sr1 == 0xFF)
		return retval;
	/* die 0 idle, 9Fh ignored: another die may be busy */
	if (!(*sr1 & W25Q_SR1_BUSY) && !qpi)
		retval = other_die_busy(c, sr1, busy_die);
	return retval;
}

/*
 * Identify the part in one protocol (1-1-1 SPI or 4-4-4 QPI).  A busy chip
 * ignores 9Fh but answers 05h: wait (bounded) until it is idle, then ask
 * again.  *part NULL: nothing known answers in this protocol.
 */
static int identify_in(struct w25q_chip *c, bool qpi, uint32_t *jedec,
	const struct w25q_part_info **part)
{
	int64_t start = timeval_ms();
	bool waited = false;
	unsigned int idle_retry = 0, die;
	uint8_t sr1;
	int retval;

	for (;;) {
		retval = read_id(c, qpi, jedec);
		if (retval != ERROR_OK)
			return retval;
		LOG_DEBUG("%s 9Fh: %06" PRIx32, qpi ? "4-line" : "1-line", *jedec);
		*part = lookup(*jedec);
		if (*part)
			break;
		/*
		 * A part not in the table answers (not FFh/00h, which a busy or
		 * absent chip gives): no die select, no long wait; it goes the
		 * generic SFDP way unchanged.
		 */
		if ((*jedec >> 16) != 0xFF && (*jedec >> 16) != 0x00)
			return ERROR_OK;
		retval = find_busy_die(c, qpi, &sr1, &die);
		if (retval != ERROR_OK || sr1 == 0xFF)
			return retval;
		if (!(sr1 & W25Q_SR1_BUSY)) {
			/* idle now: the 9Fh may have come while it still was */
			if (!waited || idle_retry++)
				return ERROR_OK;
			continue;
		}
		if (!waited)
			LOG_INFO("flash busy with an operation firmware started: waiting for it");
		waited = true;
		if (timeval_ms() - start > w25q_wait_firmware.timeout_ms) {
			LOG_ERROR("flash identification: die %u still busy after %d ms (%s 05h: SR1"
				" 0x%02" PRIx8 ", BUSY=1; 9Fh read %06" PRIx32 ", ignored while busy),"
				" longer than any operation (the longest, %s): " W25Q_STUCK_ADVICE,
				die, w25q_wait_firmware.timeout_ms, qpi ? "4-line" : "1-line", sr1,
				*jedec, w25q_wait_firmware.max);
			return ERROR_FLASH_OPERATION_FAILED;
		}
		alive_sleep(1);
	}
	if (waited)
		note_found(c, "busy (waited)");
	return ERROR_OK;
}

/* Identify in SPI, else in QPI and leave QPI; *jedec the SPI answer */
static int identify(struct w25q_chip *c, uint32_t *jedec, const struct w25q_part_info **part)
{
	uint32_t qpi_id;
	int retval = identify_in(c, false, jedec, part);

	/* answered in SPI (a part not in the table): not in QPI mode */
	if (retval != ERROR_OK || *part || id_answers(*jedec))
		return retval;
	retval = identify_in(c, true, &qpi_id, part);
	if (retval != ERROR_OK || !*part)
		return retval;
	retval = cmd_qpi(c, OP_EXIT_QPI);
	if (retval == ERROR_OK)
		retval = read_id(c, false, jedec);
	if (retval != ERROR_OK)
		return retval;
	if (*jedec != qpi_id) {
		LOG_ERROR("flash left QPI mode but answers 9Fh with %06" PRIx32
			" (QPI: %06" PRIx32 ")", *jedec, qpi_id);
		*part = NULL;
		return ERROR_FLASH_OPERATION_FAILED;
	}
	note_left_qpi(c);
	return ERROR_OK;
}

/* busy (firmware mid-operation) or suspended, on any die: resume, wait */
static int finish_firmware_operation(struct w25q_chip *c)
{
	bool busy = false;
	int retval;

	for (unsigned int die = 0; die < c->dies; die++) {
		uint8_t sr1, sr2;

		retval = w25q_die_status(c, die, &sr1);
		if (retval == ERROR_OK)
			retval = w25q_read_reg(c, OP_RDSR2, &sr2);
		if (retval != ERROR_OK)
			return retval;
		if (sr1 & W25Q_SR1_BUSY)
			busy = true;
		if (sr2 & W25Q_SR2_SUS) {
			LOG_INFO("flash die %u has a suspended program/erase: resuming it", die);
			retval = w25q_cmd(c, OP_RESUME);
			if (retval != ERROR_OK)
				return retval;
			note_found(c, "suspended (resumed)");
			busy = true;
		}
	}
	if (!busy)
		return ERROR_OK;
	LOG_INFO("flash busy with an operation firmware started: waiting for it");
	note_found(c, "busy (waited)");
	return w25q_wait_ready(c, &w25q_wait_firmware);
}

/*
 * Bring the chip to plain SPI and idle: out of continuous read, out of QPI
 * (after it is idle: a reset would cut an erase), suspended program/erase
 * resumed and finished, optional software reset.  *part NULL: no part of
 * the table answers.
 */
static int recover(struct w25q_chip *c, bool id_answered,
	const struct w25q_part_info **part)
{
	uint32_t jedec, again;
	int retval;

	c->found[0] = '\0';
	*part = NULL;

	retval = release_power_down(c);
	/*
	 * 9Fh was not answered before ABh (id_answered false): an answer now
	 * means deep power-down (B9h), which ignores all but ABh; a chip in
	 * continuous read, busy or in QPI still does not answer.
	 */
	if (retval == ERROR_OK)
		retval = read_id(c, false, &jedec);
	if (retval == ERROR_OK && !id_answered && lookup(jedec)) {
		LOG_WARNING("flash was in deep power-down (B9h, e.g. by the firmware): released"
			" (ABh) and left awake; firmware that expects it asleep sends ABh first"
			" anyway, and the memory-mapped window now reads the flash");
		note_found(c, "deep power-down (released, left awake)");
	}
	/*
	 * QPI first: the all-ones exit from continuous read below is FFh (exit
	 * QPI) to a chip in QPI, and the mode found must come back at the end.
	 * Sent only when the 1-line 9Fh is not answered (see id_answers()).
	 */
	if (retval == ERROR_OK && !id_answers(jedec)) {
		uint32_t qpi_id;

		retval = read_id(c, true, &qpi_id);
		if (retval == ERROR_OK && lookup(qpi_id)) {
			retval = cmd_qpi(c, OP_EXIT_QPI);
			note_left_qpi(c);
		}
	}
	if (retval == ERROR_OK)
		retval = exit_continuous_read(c);
	if (retval == ERROR_OK)
		retval = identify(c, &jedec, part);
	if (retval != ERROR_OK || !*part)
		return retval;
	c->part = *part;
	c->size = (*part)->size;
	c->dies = (*part)->dies;

	retval = finish_firmware_operation(c);
	if (retval == ERROR_OK && c->soft_reset) {
		retval = w25q_cmd(c, OP_RESET_ENABLE);
		if (retval == ERROR_OK)
			retval = w25q_cmd(c, OP_RESET);
		if (retval != ERROR_OK)
			return retval;
		alive_sleep(1);		/* tRST 30 us */
		note_found(c, "software reset");
	}
	/* the part must still answer the same */
	if (retval == ERROR_OK)
		retval = read_id(c, false, &again);
	if (retval != ERROR_OK)
		return retval;
	if (again != jedec) {
		LOG_ERROR("flash ID changed from %06" PRIx32 " to %06" PRIx32
			" during recovery", jedec, again);
		return ERROR_FLASH_OPERATION_FAILED;
	}
	return w25q_select_die(c, 0);
}

int w25q_read_lock_bit(struct w25q_chip *c, uint32_t addr, uint8_t *lock)
{
	struct w25q_op op = {
		.opcode = W25Q_OP_READ_BLOCK_LOCK, .op_lines = 1, .addr_bytes = 4, .addr_lines = 1,
		.addr = addr, .data_lines = 1, .data_in = true, .data = lock, .len = 1,
	};

	return exec(c, &op);
}

/*
 * Die-select self-test (multi-die parts): a command that clears WEL on die 1
 * only, then WEL read through C2h 0 / C2h 1.  The command rewrites the
 * individual block lock bit of die 1's first 4 KiB sector with the value
 * it holds (3Dh read, then 36h or 39h after 06h): nothing changes, and like
 * program and erase it needs WEL and clears it on the die it addresses only
 * (JV family datasheets, 36h/39h; 06h reaches every die).  Die 0 must then
 * read WEL=1, die 1 WEL=0.  WEL=1 on "die 1" too means 05h still answers
 * for die 0 after C2h 1: busy polling cannot see die 1, so program, erase
 * and chip erase are refused.  WEL=0 on both: inconclusive, a warning.
 * 04h and the address mode found (B7h/E9h) afterwards.
 */
static int die_select_test(struct w25q_chip *c)
{
	const uint32_t a = W25Q_DIE_SIZE;
	bool four = c->sr[0][2] & W25Q_SR3_ADS;
	uint8_t lock = 0, sr0 = 0, sr1 = 0;
	int retval = ERROR_OK, r2;

	c->die_select_broken = false;
	if (c->dies < 2 || !c->die_check)
		return ERROR_OK;
	if (!four)
		retval = w25q_cmd(c, W25Q_OP_EN4B);
	if (retval == ERROR_OK)
		retval = w25q_read_lock_bit(c, a, &lock);
	if (retval == ERROR_OK)
		retval = w25q_cmd(c, W25Q_OP_WREN);
	if (retval == ERROR_OK)
		retval = w25q_cmd_addr(c, (lock & 1) ? W25Q_OP_BLOCK_LOCK : W25Q_OP_BLOCK_UNLOCK, a);
	if (retval == ERROR_OK)
		retval = w25q_wait_ready(c, &w25q_wait_lock);
	if (retval == ERROR_OK)
		retval = w25q_die_status(c, 0, &sr0);
	if (retval == ERROR_OK)
		retval = w25q_die_status(c, 1, &sr1);
	r2 = w25q_select_die(c, 0);
	if (r2 == ERROR_OK)
		r2 = w25q_cmd(c, W25Q_OP_WRDI);
	if (r2 == ERROR_OK && !four)
		r2 = w25q_cmd(c, W25Q_OP_EX4B);
	if (retval == ERROR_OK)
		retval = r2;
	if (retval != ERROR_OK)
		return retval;
	LOG_DEBUG("die-select test: block lock %u, SR1 after C2h 0: %02" PRIx8
		", after C2h 1: %02" PRIx8, lock & 1, sr0, sr1);
	if ((sr0 & W25Q_SR1_WEL) && !(sr1 & W25Q_SR1_WEL))
		return ERROR_OK;
	if ((sr0 & W25Q_SR1_WEL) && (sr1 & W25Q_SR1_WEL)) {
		LOG_ERROR("%s: die select (C2h) has no effect: after a command that clears WEL on"
			" die 1 only, 05h reads SR1 0x%02" PRIx8 " after C2h 0 and 0x%02" PRIx8
			" after C2h 1 (die 1 would show WEL=0); die 1's busy state cannot be"
			" read, so erase and program are refused (reads work)", c->part->name,
			sr0, sr1);
		c->die_select_broken = true;
		note_found(c, "die select broken");
		return ERROR_OK;
	}
	LOG_WARNING("die-select test inconclusive: SR1 0x%02" PRIx8 " after C2h 0, 0x%02"
		PRIx8 " after C2h 1", sr0, sr1);
	return ERROR_OK;
}

int w25q_probe(struct w25q_chip *c)
{
	const struct w25q_part_info *part;
	uint32_t jedec = 0;
	int retval;

	c->part = NULL;
	c->dies = 1;
	c->found_qpi = false;
	c->ready = false;
	/* a 1-line 9Fh first, only to tell deep power-down from the rest */
	retval = read_id(c, false, &jedec);
	if (retval == ERROR_OK)
		retval = recover(c, !!lookup(jedec), &part);
	if (retval == ERROR_OK && !part)
		retval = ERROR_FLASH_BANK_NOT_PROBED;
	c->ready = retval == ERROR_OK;
	if (retval == ERROR_OK)
		retval = w25q_read_all_status(c);
	if (retval == ERROR_OK)
		retval = die_select_test(c);
	return retval;
}

int w25q_begin(struct w25q_chip *c)
{
	const struct w25q_part_info *probed = c->part, *part;
	uint32_t jedec;
	int retval;

	c->found_qpi = false;
	c->ready = false;
	retval = read_id(c, false, &jedec);
	if (retval != ERROR_OK)
		return retval;
	if (jedec == probed->jedec) {
		c->ready = true;
		return ERROR_OK;
	}
	retval = recover(c, false, &part);
	if (retval == ERROR_OK && part != probed) {
		LOG_ERROR("flash answers as %s now, probed as %s: probe again",
			part ? part->name : "unknown", probed->name);
		retval = ERROR_FLASH_BANK_NOT_PROBED;
	}
	c->ready = retval == ERROR_OK;
	return retval;
}

/*
 * Write enable dropped (04h) on every die, whatever failed before, and QPI
 * entered again (38h) if the operation found the chip in it.  The last
 * command sent has no address phase.
 */
int w25q_end(struct w25q_chip *c)
{
	int retval = ERROR_OK;

	if (!c->ready)
		return ERROR_OK;
	c->ready = false;
	for (unsigned int die = c->dies; die-- > 0 && retval == ERROR_OK; ) {
		retval = w25q_select_die(c, die);
		if (retval == ERROR_OK)
			retval = w25q_cmd(c, W25Q_OP_WRDI);
	}
	if (retval == ERROR_OK && c->found_qpi) {
		retval = w25q_cmd(c, OP_ENTER_QPI);
		if (retval == ERROR_OK)
			LOG_DEBUG("flash back in QPI mode, as found");
	}
	if (retval != ERROR_OK)
		LOG_ERROR("could not drop write enable / restore the flash's mode");
	return retval;
}

/* ---- chip erase -------------------------------------------------------------- */

/*
 * Right after C7h every die must show BUSY (a chip erase runs for seconds
 * even on a blank die).  *idle gets one bit per die that does not.
 */
static int chip_erase_busy(struct w25q_chip *c, unsigned int *idle)
{
	int retval = ERROR_OK;

	*idle = 0;
	for (unsigned int die = 0; retval == ERROR_OK && die < c->dies; die++) {
		uint8_t sr1;

		retval = w25q_die_status(c, die, &sr1);
		if (retval == ERROR_OK && !(sr1 & W25Q_SR1_BUSY)) {
			LOG_WARNING("chip erase: die %u not busy after C7h (SR1 0x%02" PRIx8
				")", die, sr1);
			*idle |= 1U << die;
		}
	}
	return retval;
}

/*
 * Chip erase of the dies flagged in idle, one at a time: C2h d, 06h (WEL
 * checked on d), C7h, BUSY on d, wait for every die.
 */
static int chip_erase_dies(struct w25q_chip *c, unsigned int idle)
{
	int retval = ERROR_OK;

	for (unsigned int die = 0; retval == ERROR_OK && die < c->dies; die++) {
		unsigned int again;

		if (!(idle & (1U << die)))
			continue;
		LOG_INFO("chip erase of die %u on its own", die);
		retval = w25q_select_die(c, die);
		if (retval == ERROR_OK)
			retval = w25q_write_enable(c, die);
		if (retval == ERROR_OK)
			retval = w25q_cmd(c, W25Q_OP_CHIP_ERASE);
		if (retval == ERROR_OK)
			retval = chip_erase_busy(c, &again);
		if (retval == ERROR_OK && (again & (1U << die))) {
			LOG_ERROR("chip erase not accepted by die %u", die);
			retval = ERROR_FLASH_OPERATION_FAILED;
		}
		if (retval == ERROR_OK)
			retval = w25q_wait_ready(c, &w25q_wait_chip_erase);
	}
	return retval;
}

/* 06h reaches every die; C7h runs in every die */
int w25q_chip_erase(struct w25q_chip *c)
{
	unsigned int idle = 0;
	int retval = w25q_wait_ready(c, &w25q_wait_idle);

	for (unsigned int die = 0; retval == ERROR_OK && die < c->dies; die++)
		retval = w25q_write_enable(c, die);
	if (retval == ERROR_OK)
		retval = w25q_cmd(c, W25Q_OP_CHIP_ERASE);
	if (retval == ERROR_OK)
		retval = chip_erase_busy(c, &idle);
	if (retval == ERROR_OK && idle == (1U << c->dies) - 1) {
		LOG_ERROR("chip erase not accepted by any die");
		retval = ERROR_FLASH_OPERATION_FAILED;
	}
	if (retval == ERROR_OK) {
		LOG_INFO("chip erase running on %u die(s), typically 192 s", c->dies);
		retval = w25q_wait_ready(c, &w25q_wait_chip_erase);
	}
	if (retval == ERROR_OK && idle)
		retval = chip_erase_dies(c, idle);
	return retval;
}

int w25q_report_busy(struct w25q_chip *c, const char *what, uint64_t at,
	uint32_t count, int timeout_ms, const char *max)
{
	int retval = ERROR_OK, busy = 0;

	for (unsigned int die = 0; retval == ERROR_OK && die < c->dies; die++) {
		uint8_t sr1;

		retval = w25q_die_status(c, die, &c->sr[die][0]);
		sr1 = c->sr[die][0];
		if (retval != ERROR_OK || !(sr1 & W25Q_SR1_BUSY))
			continue;
		busy++;
		LOG_ERROR("%s of 0x%08" PRIx64 "+0x%" PRIx32 ": flash die %u still busy"
			" after %d ms (SR1 0x%02" PRIx8 ": BUSY=1, WEL=%u; the chip's maximum: %s): "
			W25Q_STUCK_ADVICE, what, at, count, die, timeout_ms,
			sr1, (sr1 & W25Q_SR1_WEL) ? 1 : 0, max);
	}
	if (retval == ERROR_OK)
		retval = w25q_select_die(c, 0);
	return retval == ERROR_OK ? busy : retval;
}
