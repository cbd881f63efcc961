/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Winbond W25Q JV serial NOR flash with stacked dies (W25Q512JV, W25Q01JV,
 * W25Q02JV): the parts' facts and the command sequences they need, for any
 * (Q)SPI controller.  The chip layer knows nothing of the controller: it
 * describes each command as a struct w25q_op and hands it to the
 * controller's exec callback, which sends it and moves the data.
 *
 * Facts from the W25Q01JV and W25Q512JV datasheets and the parts' SFDP
 * tables (BFPT, 4BAIT):
 * - 64 MiB dies behind one chip select; C2h selects the die that answers
 *   status reads (05h/35h/15h) and 3-byte addresses;
 * - 06h reaches every die; program and erase clear WEL on their die only;
 * - the 4-byte opcodes (0Ch/6Ch, 12h, 21h/DCh) take a 32-bit address
 *   whatever the address mode (ADS, ADP) or extended address register say.
 */

#ifndef OPENOCD_FLASH_NOR_W25Q_CHIP_H
#define OPENOCD_FLASH_NOR_W25Q_CHIP_H

#include <stdbool.h>
#include <stdint.h>

#define W25Q_MAX_DIES		4
#define W25Q_DIE_SIZE		0x04000000U
#define W25Q_DIE_SHIFT		26
#define W25Q_PAGE_SIZE		256U

/* instructions */
#define W25Q_OP_WREN		0x06
#define W25Q_OP_WRDI		0x04
#define W25Q_OP_RDSR1		0x05
#define W25Q_OP_DIE_SELECT	0xC2
#define W25Q_OP_CHIP_ERASE	0xC7
#define W25Q_OP_EN4B		0xB7
#define W25Q_OP_EX4B		0xE9
#define W25Q_OP_FAST_READ_4B	0x0C	/* 1-1-1, 8 dummy clocks */
#define W25Q_OP_READ_1_1_4_4B	0x6C	/* 1-1-4, 8 dummy clocks */
#define W25Q_OP_PROGRAM_4B	0x12
#define W25Q_OP_ERASE_4K_4B	0x21
#define W25Q_OP_ERASE_64K_4B	0xDC
#define W25Q_OP_READ_BLOCK_LOCK	0x3D
#define W25Q_OP_BLOCK_LOCK	0x36
#define W25Q_OP_BLOCK_UNLOCK	0x39

/*
 * One command on the wire.  Phases with 0 lines (or 0 bytes) are left
 * out; lines are 1 or 4.  data_in: the chip drives the data phase.
 */
struct w25q_op {
	uint8_t opcode;
	uint8_t op_lines;
	uint8_t addr_bytes;	/* 0, 3 or 4 */
	uint8_t addr_lines;
	uint32_t addr;
	uint8_t mode_lines;	/* one mode byte after the address (continuous read) */
	uint8_t mode;
	uint8_t dummy;		/* dummy clocks */
	uint8_t data_lines;
	bool data_in;
	uint8_t *data;
	unsigned int len;
};

/* The controller the chip hangs on. */
struct w25q_ctrl {
	/* send op and move its data; ERROR_OK or an OpenOCD error */
	int (*exec)(void *ctx, const struct w25q_op *op);
	void *ctx;
};

struct w25q_part_info {
	uint32_t jedec;		/* 9Fh: manufacturer, type, capacity */
	const char *name;
	uint32_t size;
	unsigned int dies;
	bool qe_fixed;		/* Q/N ordering codes: QE always 1 */
	/* clock limits: 03h Read Data (fR), every other instruction (FR) */
	uint32_t read_max_hz;
	uint32_t fast_max_hz;
};

/* One kind of wait: for messages, and the host's bound. */
struct w25q_wait {
	const char *what;
	const char *max;	/* the chip's maximum time, for messages */
	int timeout_ms;		/* that maximum with a margin */
};

extern const struct w25q_wait w25q_wait_firmware;
extern const struct w25q_wait w25q_wait_chip_erase;
extern const struct w25q_wait w25q_wait_sr_write;

struct w25q_chip {
	const struct w25q_ctrl *ctrl;
	const struct w25q_part_info *part;	/* NULL until identified */
	unsigned int dies;
	uint32_t size;
	uint8_t sr[W25Q_MAX_DIES][3];	/* SR1..SR3 per die, last read */
	char found[160];		/* state found at probe, for messages */
	bool found_qpi;			/* this operation took the chip out of QPI */
	bool ready;			/* the chip answers in SPI mode */
	bool die_select_broken;		/* C2h does not select die 1 */

	/* options */
	bool soft_reset;		/* 66h/99h at probe */
	bool die_check;			/* die-select self-test at probe */
	bool bp_whole_chip;		/* BP ladder over the chip, else per die */
};

/* ---- commands ------------------------------------------------------------ */

int w25q_cmd(struct w25q_chip *c, uint8_t opcode);
int w25q_cmd_addr(struct w25q_chip *c, uint8_t opcode, uint32_t addr);
int w25q_read_reg(struct w25q_chip *c, uint8_t opcode, uint8_t *val);
int w25q_write_reg(struct w25q_chip *c, uint8_t opcode, uint8_t val);
/* 3Dh: block lock bit of the sector or block at addr (4-byte address mode) */
int w25q_read_lock_bit(struct w25q_chip *c, uint32_t addr, uint8_t *lock);
int w25q_select_die(struct w25q_chip *c, unsigned int die);
int w25q_die_status(struct w25q_chip *c, unsigned int die, uint8_t *sr1);
/* SR1..SR3 of every die into c->sr; leaves die 0 selected */
int w25q_read_all_status(struct w25q_chip *c);
/* every die idle, bounded by wait; leaves die 0 selected */
int w25q_wait_ready(struct w25q_chip *c, const struct w25q_wait *wait);
/* 06h, then WEL checked on die */
int w25q_write_enable(struct w25q_chip *c, unsigned int die);
/* raw command of "stmqspi cmd": opcode, up to 4 address bytes, data */
int w25q_raw(struct w25q_chip *c, const uint8_t *bytes, unsigned int num_write,
		uint8_t *data, unsigned int num_read);

/* ---- commands the algorithms send (for the controller to encode) ---------- */

void w25q_op_rdsr1(struct w25q_op *op);
void w25q_op_die_select(struct w25q_op *op);
void w25q_op_wren(struct w25q_op *op);
void w25q_op_program(struct w25q_op *op);
/* 6Ch when QE = 1 on every die, else 0Ch */
void w25q_op_read(const struct w25q_chip *c, struct w25q_op *op);
/* 21h for 4 KiB, DCh for 64 KiB */
void w25q_op_erase(uint32_t size, struct w25q_op *op);
bool w25q_read_quad(const struct w25q_chip *c);

/* ---- state left by firmware, identification ------------------------------ */

/*
 * Probe: bring the chip to plain SPI and idle (continuous read, QPI,
 * power-down, suspend, busy left by firmware) and identify it.  c->part
 * NULL: no part of the table answers.  Then the status of every die and
 * the die-select self-test.
 */
int w25q_probe(struct w25q_chip *c);
/* Before an operation: the part probed still answers, recovered if not. */
int w25q_begin(struct w25q_chip *c);
/*
 * After an operation: write enable dropped on every die and QPI entered
 * again if the chip was found in it.  Nothing if the chip is not ready.
 */
int w25q_end(struct w25q_chip *c);

/* ---- protection (w25q_chip_prot.c) ---------------------------------------- */

unsigned int w25q_die_of(const struct w25q_chip *c, uint32_t offset);
bool w25q_die_wps(const struct w25q_chip *c, unsigned int die);
/* BP-protected range of one die, in chip offsets (WPS = 0) */
void w25q_die_protected(const struct w25q_chip *c, unsigned int die, uint32_t *start,
		uint32_t *len);
bool w25q_offset_protected(const struct w25q_chip *c, uint32_t offset);

enum w25q_lock_op {
	W25Q_LOCK_READ,
	W25Q_LOCK_SET,
	W25Q_LOCK_CLEAR,
};
/*
 * WPS = 1 block locks of sectors first..last (sector_size bytes each) on
 * WPS dies: read (lock[i - first] = 0/1), set or clear them (lock[] = what
 * they are meant to be now).  Sectors on dies with WPS = 0: lock[] = -1.
 */
int w25q_locks(struct w25q_chip *c, uint32_t sector_size, unsigned int first,
		unsigned int last, enum w25q_lock_op op, int8_t *lock);
/*
 * New BP/TB/CMP protection covering [lo, hi) set or cleared, on every die.
 * ERROR_FLASH_OPER_UNSUPPORTED when the ladder cannot express the result.
 */
int w25q_set_bp(struct w25q_chip *c, bool set, uint32_t lo, uint32_t hi);
/* NULL, or why the status registers of some die cannot be written */
const char *w25q_sr_locked(const struct w25q_chip *c, unsigned int *die);

/* ---- chip erase ------------------------------------------------------------ */

/* C7h on every die (each alone where one did not take it), waited for */
int w25q_chip_erase(struct w25q_chip *c);

/*
 * After a target algorithm ran past its bound: report every die still busy,
 * with its status and the chip's maximum time (max) for what was running.
 * Returns the number of busy dies (c->sr[die][0] their SR1), or an error if
 * the status could not be read.
 */
int w25q_report_busy(struct w25q_chip *c, const char *what, uint64_t at,
		uint32_t count, int timeout_ms, const char *max);

#endif /* OPENOCD_FLASH_NOR_W25Q_CHIP_H */
