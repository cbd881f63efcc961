// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ST-LINK/V3E firmware model: answers the debug interface's USB commands
 * as the probe's firmware does, running every DP/AP access through the SWD
 * host engine on the board's wire.  The probe retries WAIT itself (bounded,
 * common/timing.h) and reports what it could not complete in a status code
 * (first reply byte, or GETLASTRWSTATUS2 after a memory command).
 *
 * Memory commands set CSW and TAR, let TAR auto-increment and write TAR
 * again at each 1 KiB boundary (ADIv5.2: auto-increment is only guaranteed
 * within 1 KiB; the MEM-AP wraps there).  The firmware must: in dapdirect
 * mode OpenOCD 0.12.0 merges consecutive word accesses into one command of
 * up to 6 KiB whatever the boundaries, and hla sends 8-bit commands of up to
 * 512 bytes at any address.
 */
#include "vstlink/fw/stlink_fw.h"
#include "proto/vbproto.h"
#include "swdhost/swdhost.h"
#include "common/timing.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ADIv5 and ARMv7-M registers the firmware uses */
#define AP_CSW			0x00
#define AP_TAR			0x04
#define AP_DRW			0x0c
#define AP_IDR			0xfc
#define ABORT_CLEAR_ALL		0x1e	/* STKCMPCLR | STKERRCLR | WDERRCLR | ORUNERRCLR */
#define CTRL_PWRUP_REQ		0x50000000u
#define CTRL_PWRUP_ACK		0xa0000000u
#define CSW_SIZE_AND_INC	0x3fu	/* Size[2:0], bit 3, AddrInc[5:4] */
#define CSW_INC_SINGLE		0x10u
/* Upper CSW bits when the host gives none: HPROT1 (privileged), MasterType
 * debug, DbgSwEnable ([ASSUMED] the firmware's own default for AP0). */
#define CSW_DEFAULT_HI		0xa2000000u
#define DHCSR			0xe000edf0u
#define DCRSR			0xe000edf4u
#define DCRDR			0xe000edf8u
#define AIRCR			0xe000ed0cu
#define DHCSR_S_REGRDY		0x00010000u
#define DCRSR_WNR		0x00010000u
#define AIRCR_SYSRESETREQ	0x05fa0004u

/* Largest data phase of a memory command (probe buffer) */
#define STFW_DATA_MAX		6144u
/* 8-bit transfers: 512 bytes per command from firmware V3J6 */
#define STFW_RW8_MAX		512u
/* RW_MISC items per packet (STLINK-V3) */
#define STFW_MISC_MAX		1227u
#define STFW_NUM_CORE_REGS	21u

struct stfw {
	const struct probe_fw_env *env;
	struct swdh h;
	bool trace;		/* VSTLINK_TRACE: one line per command on stderr */
	uint8_t mode;
	bool attached;		/* SWD entered and the DP powered up */
	uint32_t select;
	bool select_valid;
	uint32_t khz;
	uint8_t opened_ap[256 / 8];
	uint8_t last_status;	/* of the last memory command */
	uint32_t last_fault_addr;
	/* RW_MISC: items sent by RW_MISC_OUT, run by RW_MISC_IN */
	uint32_t misc_items;
	uint8_t misc_buf[4 * STFW_MISC_MAX + 4 * STFW_MISC_MAX];
	uint64_t unknown_cmds;
	unsigned int wait_retries;
};

static const uint32_t stfw_khz_list[] = TIMING_STLINK_SWD_KHZ_LIST;

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t get_le16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void swd_io_cb(void *ctx, unsigned int nbits, const uint8_t *dir, const uint8_t *out,
		uint8_t *in)
{
	struct stfw *fw = ctx;

	fw->env->swd_io(fw->env->ctx, nbits, dir, out, in);
}

/* ---- DP and AP transfers with the firmware's WAIT retries ----------------- */

static uint8_t ack_status(int ack, bool ap)
{
	switch (ack) {
	case SWDH_ACK_OK:
		return STFW_OK;
	case SWDH_ACK_WAIT:
		return ap ? STFW_AP_WAIT : STFW_DP_WAIT;
	case SWDH_ACK_FAULT:
		return ap ? STFW_AP_FAULT : STFW_DP_FAULT;
	case SWDH_PARITY_ERROR:
		return ap ? STFW_AP_PARITY_ERROR : STFW_DP_PARITY_ERROR;
	default:
		return ap ? STFW_AP_ERROR : STFW_DP_ERROR;
	}
}

/* One transfer, WAIT retried up to TIMING_STLINK_WAIT_RETRIES times. */
static int xfer(struct stfw *fw, bool ap, bool rnw, unsigned int addr, uint32_t *v)
{
	int ack = SWDH_ACK_WAIT;

	for (unsigned int i = 0; i <= fw->wait_retries && ack == SWDH_ACK_WAIT; i++)
		ack = swdh_transfer(&fw->h, ap, rnw, addr, v);
	if (ack == SWDH_ACK_FAULT || ack == SWDH_ACK_NONE || ack == SWDH_PARITY_ERROR)
		fw->select_valid = false;
	return ack;
}

static uint8_t dp_write(struct stfw *fw, unsigned int addr, uint32_t v)
{
	int ack = xfer(fw, false, false, addr & 0xc, &v);

	if (ack == SWDH_ACK_OK && (addr & 0xc) == SWDH_DP_SELECT) {
		fw->select = v;
		fw->select_valid = true;
	}
	return ack_status(ack, false);
}

/* SELECT for an AP register, or a DP register bank (addr bits 7:4). */
static uint8_t select_for(struct stfw *fw, unsigned int ap, unsigned int reg, bool dp)
{
	uint32_t want;

	if (dp) {
		if ((reg & 0xc) != 0x4)		/* only the 0x4 slot is banked */
			return STFW_OK;
		want = (fw->select & ~0xfu) | ((reg >> 4) & 0xf);
	} else {
		want = (uint32_t)ap << 24 | (reg & 0xf0) | (fw->select & 0xf);
	}
	if (fw->select_valid && fw->select == want)
		return STFW_OK;
	return dp_write(fw, SWDH_DP_SELECT, want);
}

static uint8_t dp_read_reg(struct stfw *fw, unsigned int reg, uint32_t *v)
{
	uint8_t st = select_for(fw, 0, reg, true);

	if (st != STFW_OK)
		return st;
	return ack_status(xfer(fw, false, true, reg & 0xc, v), false);
}

static uint8_t dp_write_reg(struct stfw *fw, unsigned int reg, uint32_t v)
{
	uint8_t st = select_for(fw, 0, reg, true);

	if (st != STFW_OK)
		return st;
	return dp_write(fw, reg, v);
}

/* Posted AP read, then RDBUFF for its data. */
static uint8_t ap_read_reg(struct stfw *fw, unsigned int ap, unsigned int reg, uint32_t *v)
{
	uint8_t st = select_for(fw, ap, reg, false);
	int ack;

	if (st != STFW_OK)
		return st;
	ack = xfer(fw, true, true, reg & 0xc, v);
	if (ack != SWDH_ACK_OK)
		return ack_status(ack, true);
	ack = xfer(fw, false, true, SWDH_DP_RDBUFF, v);
	return ack == SWDH_ACK_OK ? STFW_OK : ack_status(ack, true);
}

/* AP write: the firmware answers once the write is acknowledged. */
static uint8_t ap_write_reg(struct stfw *fw, unsigned int ap, unsigned int reg, uint32_t v)
{
	uint8_t st = select_for(fw, ap, reg, false);

	if (st != STFW_OK)
		return st;
	return ack_status(xfer(fw, true, false, reg & 0xc, &v), true);
}

/* After a failed memory command: clear the sticky flags so the next one can run. */
static void clear_sticky(struct stfw *fw)
{
	uint32_t v = ABORT_CLEAR_ALL;

	xfer(fw, false, false, SWDH_DP_ABORT, &v);
}

/* ---- attach --------------------------------------------------------------- */

static uint8_t attach_swd(struct stfw *fw)
{
	uint32_t v = 0;
	int ack;

	fw->attached = false;
	fw->select_valid = false;
	swdh_jtag_to_swd(&fw->h);
	ack = xfer(fw, false, true, SWDH_DP_DPIDR, &v);
	if (ack != SWDH_ACK_OK)
		return STFW_GET_IDCODE_ERROR;
	v = ABORT_CLEAR_ALL;
	if (xfer(fw, false, false, SWDH_DP_ABORT, &v) != SWDH_ACK_OK)
		return STFW_DP_ERROR;
	if (dp_write(fw, SWDH_DP_SELECT, 0) != STFW_OK)
		return STFW_DP_ERROR;
	v = CTRL_PWRUP_REQ;
	if (xfer(fw, false, false, SWDH_DP_CTRL_STAT, &v) != SWDH_ACK_OK)
		return STFW_DP_ERROR;
	for (unsigned int i = 0; i < 100; i++) {
		if (xfer(fw, false, true, SWDH_DP_CTRL_STAT, &v) != SWDH_ACK_OK)
			return STFW_DP_ERROR;
		if ((v & CTRL_PWRUP_ACK) == CTRL_PWRUP_ACK) {
			fw->attached = true;
			/* AP0, the AP of hla mode, is ready without INIT_AP [ASSUMED] */
			fw->opened_ap[0] |= 1;
			return STFW_OK;
		}
	}
	return STFW_DP_ERROR;
}

/* ---- memory --------------------------------------------------------------- */

static uint32_t csw_for(const uint8_t *cmd, unsigned int size, bool inc)
{
	uint32_t hi = (uint32_t)(cmd[9] | cmd[10] << 8 | cmd[11] << 16) << 8;
	unsigned int code = size == 1 ? 0 : size == 2 ? 1 : 2;

	if (!hi)
		hi = CSW_DEFAULT_HI;
	return (hi & ~CSW_SIZE_AND_INC) | code | (inc ? CSW_INC_SINGLE : 0);
}

static bool ap_usable(struct stfw *fw, unsigned int ap)
{
	return fw->opened_ap[ap / 8] & (1u << (ap % 8));
}

static void mem_fail(struct stfw *fw, uint8_t st, uint32_t addr)
{
	fw->last_status = st;
	fw->last_fault_addr = addr;
	if (getenv("VSTLINK_DEBUG"))
		fprintf(stderr, "vstlink firmware: memory command failed: status 0x%02x at 0x%08x\n",
			st, addr);
	if (st == STFW_AP_FAULT || st == STFW_DP_FAULT)
		clear_sticky(fw);
}

static uint8_t mem_setup(struct stfw *fw, unsigned int ap, uint32_t csw, uint32_t addr)
{
	uint8_t st;

	if (!fw->attached)
		return STFW_AP_ERROR;
	if (!ap_usable(fw, ap))
		return STFW_BAD_AP_ERROR;
	st = ap_write_reg(fw, ap, AP_CSW, csw);
	if (st == STFW_OK)
		st = ap_write_reg(fw, ap, AP_TAR, addr);
	return st;
}

/* The size bytes at address a out of the DRW word (byte lanes). */
static void lane_out(uint8_t *out, uint32_t v, uint32_t a, unsigned int size)
{
	uint32_t d = v >> (8 * (a & 3 & ~(size - 1)));

	for (unsigned int k = 0; k < size; k++)
		out[k] = d >> (8 * k);
}

/*
 * Read n items of size bytes from addr (TAR auto-incremented if inc) into
 * out: posted DRW reads, the last one's data from RDBUFF.
 */
static void mem_read(struct stfw *fw, unsigned int ap, uint32_t csw, uint32_t addr,
		unsigned int size, bool inc, unsigned int n, uint8_t *out)
{
	uint8_t st = mem_setup(fw, ap, csw, addr);
	uint32_t v = 0;
	int ack;

	fw->last_status = STFW_OK;
	if (st != STFW_OK) {
		mem_fail(fw, st, addr);
		return;
	}
	for (unsigned int i = 0; i <= n; i++) {
		uint32_t next = addr + (inc ? i * size : 0);

		if (i && i < n && inc && !(next & 0x3ff)) {
			/* 1 KiB boundary: collect the pending read, TAR again */
			ack = xfer(fw, false, true, SWDH_DP_RDBUFF, &v);
			if (ack != SWDH_ACK_OK) {
				mem_fail(fw, ack_status(ack, true), next - size);
				return;
			}
			lane_out(out + (i - 1) * size, v, next - size, size);
			st = ap_write_reg(fw, ap, AP_TAR, next);
			if (st != STFW_OK) {
				mem_fail(fw, st, next);
				return;
			}
			ack = xfer(fw, true, true, AP_DRW, &v);
			if (ack != SWDH_ACK_OK) {
				mem_fail(fw, ack_status(ack, true), next);
				return;
			}
			continue;
		}
		if (i < n)
			ack = xfer(fw, true, true, AP_DRW, &v);
		else
			ack = xfer(fw, false, true, SWDH_DP_RDBUFF, &v);
		if (ack != SWDH_ACK_OK) {
			mem_fail(fw, ack_status(ack, true), addr + (i ? i - 1 : 0) * (inc ? size : 0));
			return;
		}
		if (i)
			lane_out(out + (i - 1) * size, v, addr + (inc ? (i - 1) * size : 0), size);
	}
}

static void mem_write(struct stfw *fw, unsigned int ap, uint32_t csw, uint32_t addr,
		unsigned int size, bool inc, unsigned int n, const uint8_t *data)
{
	uint8_t st = mem_setup(fw, ap, csw, addr);
	uint32_t v;
	int ack;

	fw->last_status = STFW_OK;
	if (st != STFW_OK) {
		mem_fail(fw, st, addr);
		return;
	}
	for (unsigned int i = 0; i < n; i++) {
		uint32_t a = addr + (inc ? i * size : 0);
		uint32_t d = 0;

		for (unsigned int k = 0; k < size; k++)
			d |= (uint32_t)data[i * size + k] << (8 * k);
		if (i && inc && !(a & 0x3ff)) {
			/* 1 KiB boundary: TAR again */
			st = ap_write_reg(fw, ap, AP_TAR, a);
			if (st != STFW_OK) {
				mem_fail(fw, st, a);
				return;
			}
		}
		v = d << (8 * (a & 3 & ~(size - 1)));
		ack = xfer(fw, true, false, AP_DRW, &v);
		if (ack != SWDH_ACK_OK) {
			mem_fail(fw, ack_status(ack, true), a);
			return;
		}
	}
	/* the last write is posted: RDBUFF waits for it and reports its fault */
	ack = xfer(fw, false, true, SWDH_DP_RDBUFF, &v);
	if (ack != SWDH_ACK_OK)
		mem_fail(fw, ack_status(ack, true), addr + (inc ? (n - 1) * size : 0));
}

static uint8_t read_word(struct stfw *fw, uint32_t addr, uint32_t *v)
{
	uint8_t b[4] = { 0 };

	mem_read(fw, 0, CSW_DEFAULT_HI | 2 | CSW_INC_SINGLE, addr, 4, true, 1, b);
	*v = get_le32(b);
	return fw->last_status;
}

static uint8_t write_word(struct stfw *fw, uint32_t addr, uint32_t v)
{
	uint8_t b[4];

	put_le32(b, v);
	mem_write(fw, 0, CSW_DEFAULT_HI | 2 | CSW_INC_SINGLE, addr, 4, true, 1, b);
	return fw->last_status;
}

/* ---- core registers (hla) ------------------------------------------------- */

static uint8_t wait_regrdy(struct stfw *fw)
{
	uint32_t dhcsr = 0;

	for (unsigned int i = 0; i < TIMING_STLINK_REGRDY_POLLS; i++) {
		uint8_t st = read_word(fw, DHCSR, &dhcsr);

		if (st != STFW_OK)
			return st;
		if (dhcsr & DHCSR_S_REGRDY)
			return STFW_OK;
	}
	return STFW_FAULT;
}

static uint8_t core_reg_read(struct stfw *fw, unsigned int regsel, uint32_t *v)
{
	uint8_t st = write_word(fw, DCRSR, regsel & 0x7f);

	if (st == STFW_OK)
		st = wait_regrdy(fw);
	if (st == STFW_OK)
		st = read_word(fw, DCRDR, v);
	return st;
}

static uint8_t core_reg_write(struct stfw *fw, unsigned int regsel, uint32_t v)
{
	uint8_t st = write_word(fw, DCRDR, v);

	if (st == STFW_OK)
		st = write_word(fw, DCRSR, DCRSR_WNR | (regsel & 0x7f));
	if (st == STFW_OK)
		st = wait_regrdy(fw);
	return st;
}

/* ---- RW_MISC --------------------------------------------------------------- */

#define MISC_ADDRESS	1
#define MISC_WRITE	2
#define MISC_READ	3
#define MISC_APNUM	5

/* Runs the stored items; out: a value word per item, then a status word per item. */
static int misc_run(struct stfw *fw, uint8_t *out, size_t cap)
{
	uint32_t n = fw->misc_items;
	const uint8_t *ops = fw->misc_buf;
	const uint8_t *vals = fw->misc_buf + ((n + 3) & ~3u);
	unsigned int ap = 0;
	uint32_t addr = 0;

	if (8 * (size_t)n > cap)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t v = get_le32(vals + 4 * i), res = 0;
		uint8_t st = STFW_OK;
		uint8_t b[4];

		switch (ops[i]) {
		case MISC_APNUM:
			ap = v & 0xff;
			if (!ap_usable(fw, ap))
				st = STFW_BAD_AP_ERROR;
			break;
		case MISC_ADDRESS:
			addr = v;
			break;
		case MISC_WRITE:
			put_le32(b, v);
			mem_write(fw, ap, CSW_DEFAULT_HI | 2 | CSW_INC_SINGLE, addr, 4, true, 1, b);
			st = fw->last_status;
			break;
		case MISC_READ:
			mem_read(fw, ap, CSW_DEFAULT_HI | 2 | CSW_INC_SINGLE, v, 4, true, 1, b);
			st = fw->last_status;
			res = get_le32(b);
			break;
		default:
			st = STFW_FAULT;
			break;
		}
		put_le32(out + 4 * i, res);
		put_le32(out + 4 * (n + i), st);
	}
	fw->misc_items = 0;
	return 8 * n;
}

/* ---- commands ------------------------------------------------------------- */

static int reply_status(uint8_t *out, uint8_t st, unsigned int len)
{
	memset(out, 0, len);
	out[0] = st;
	return len;
}

static int cmd_unknown(struct stfw *fw, const uint8_t *cmd)
{
	fw->unknown_cmds++;
	fprintf(stderr, "vstlink firmware: unknown command %02x %02x %02x %02x\n",
		cmd[0], cmd[1], cmd[2], cmd[3]);
	return -1;
}

/* Memory command: addr at 2, length at 6, AP at 8, CSW[31:8] at 9. */
static int mem_command(struct stfw *fw, const uint8_t *cmd, size_t n, uint8_t *out, size_t cap)
{
	uint32_t addr = get_le32(cmd + 2);
	unsigned int len = get_le16(cmd + 6), ap = cmd[8];
	unsigned int size = 4;
	bool inc = true, write = false;

	switch (cmd[1]) {
	case STFW_D_READMEM8:
	case STFW_D_WRITEMEM8:
		size = 1;
		if (len > STFW_RW8_MAX)
			return cmd_unknown(fw, cmd);
		write = cmd[1] == STFW_D_WRITEMEM8;
		break;
	case STFW_D_READMEM16:
	case STFW_D_WRITEMEM16:
		size = 2;
		write = cmd[1] == STFW_D_WRITEMEM16;
		break;
	case STFW_D_WRITEMEM32_NOINC:
	case STFW_D_READMEM32_NOINC:
		inc = false;
		write = cmd[1] == STFW_D_WRITEMEM32_NOINC;
		break;
	default:
		write = cmd[1] == STFW_D_WRITEMEM32;
		break;
	}
	if (len > STFW_DATA_MAX || len % size || addr % size) {
		/* the probe refuses the command without touching the target */
		fw->last_status = STFW_FAULT;
		fw->last_fault_addr = addr;
		if (write)
			return 0;
		memset(out, 0, len > cap ? cap : len);
		return len + (len == 1);
	}
	if (write) {
		if (n < STFW_CMD_LEN + len)
			return -1;
		mem_write(fw, ap, csw_for(cmd, size, inc), addr, size, inc, len / size,
			cmd + STFW_CMD_LEN);
		return 0;
	}
	if (len + 1 > cap)
		return -1;
	memset(out, 0, len + 1);
	mem_read(fw, ap, csw_for(cmd, size, inc), addr, size, inc, len / size, out);
	/* a one-byte read sends two bytes */
	return len + (len == 1);
}

static int debug_command(struct stfw *fw, const uint8_t *cmd, size_t n, uint8_t *out, size_t cap)
{
	uint32_t v = 0;
	uint8_t st;

	switch (cmd[1]) {
	case STFW_D_ENTER:
		if (cmd[2] != STFW_ENTER_SWD)
			return reply_status(out, STFW_GET_IDCODE_ERROR, 2);
		fw->mode = STFW_MODE_DEBUG;
		return reply_status(out, attach_swd(fw), 2);
	case STFW_D_EXIT:
		fw->mode = STFW_MODE_MASS;
		fw->attached = false;
		memset(fw->opened_ap, 0, sizeof(fw->opened_ap));
		return 0;
	case STFW_D_READ_IDCODES:
		reply_status(out, STFW_OK, 12);
		st = fw->attached ? ack_status(xfer(fw, false, true, SWDH_DP_DPIDR, &v), false)
			: STFW_DP_ERROR;
		out[0] = st;
		put_le32(out + 4, v);
		return 12;
	case STFW_D_SET_COM_FREQ: {
		uint32_t want = get_le32(cmd + 4), got = stfw_khz_list[ARRAY_SIZE(stfw_khz_list) - 1];

		if (cmd[2])	/* JTAG */
			return reply_status(out, STFW_FAULT, 8);
		for (size_t i = 0; i < ARRAY_SIZE(stfw_khz_list); i++)
			if (stfw_khz_list[i] <= want) {
				got = stfw_khz_list[i];
				break;
			}
		fw->khz = got;
		fw->env->set_swd_khz(fw->env->ctx, got);
		reply_status(out, STFW_OK, 8);
		put_le32(out + 4, got);
		return 8;
	}
	case STFW_D_GET_COM_FREQ:
		reply_status(out, STFW_OK, 52);
		out[8] = ARRAY_SIZE(stfw_khz_list);
		for (size_t i = 0; i < ARRAY_SIZE(stfw_khz_list); i++)
			put_le32(out + 12 + 4 * i, stfw_khz_list[i]);
		return 52;
	case STFW_D_DRIVE_NRST:
		if (cmd[2] == 2) {
			fw->env->set_nreset(fw->env->ctx, true);
			fw->env->delay_ns(fw->env->ctx, TIMING_STLINK_NRST_PULSE_NS);
			fw->env->set_nreset(fw->env->ctx, false);
		} else {
			fw->env->set_nreset(fw->env->ctx, cmd[2] == 0);
		}
		return reply_status(out, STFW_OK, 2);
	case STFW_D_INIT_AP:
		if (!fw->attached)
			return reply_status(out, STFW_AP_ERROR, 2);
		st = ap_read_reg(fw, cmd[2], AP_IDR, &v);
		if (st == STFW_OK && !v)
			st = STFW_BAD_AP_ERROR;
		if (st == STFW_OK)
			fw->opened_ap[cmd[2] / 8] |= 1u << (cmd[2] % 8);
		return reply_status(out, st, 2);
	case STFW_D_CLOSE_AP:
		fw->opened_ap[cmd[2] / 8] &= ~(1u << (cmd[2] % 8));
		return reply_status(out, STFW_OK, 2);
	case STFW_D_READ_DAP_REG: {
		unsigned int port = get_le16(cmd + 2), reg = get_le16(cmd + 4);

		if (!fw->attached)
			st = STFW_DP_ERROR;
		else if (port == STFW_DP_PORT)
			st = dp_read_reg(fw, reg, &v);
		else if (port > 0xff)
			st = STFW_BAD_AP_ERROR;
		else
			st = ap_read_reg(fw, port, reg, &v);
		reply_status(out, st, 8);
		put_le32(out + 4, v);
		return 8;
	}
	case STFW_D_WRITE_DAP_REG: {
		unsigned int port = get_le16(cmd + 2), reg = get_le16(cmd + 4);

		v = get_le32(cmd + 6);
		if (!fw->attached)
			st = STFW_DP_ERROR;
		else if (port == STFW_DP_PORT)
			st = dp_write_reg(fw, reg, v);
		else if (port > 0xff)
			st = STFW_BAD_AP_ERROR;
		else
			st = ap_write_reg(fw, port, reg, v);
		return reply_status(out, st, 2);
	}
	case STFW_D_READMEM8:
	case STFW_D_WRITEMEM8:
	case STFW_D_READMEM16:
	case STFW_D_WRITEMEM16:
	case STFW_D_READMEM32:
	case STFW_D_WRITEMEM32:
	case STFW_D_READMEM32_NOINC:
	case STFW_D_WRITEMEM32_NOINC:
		return mem_command(fw, cmd, n, out, cap);
	case STFW_D_LASTRWSTATUS2:
		reply_status(out, fw->last_status, 12);
		put_le32(out + 4, fw->last_fault_addr);
		fw->last_status = STFW_OK;
		return 12;
	case STFW_D_LASTRWSTATUS:
		reply_status(out, fw->last_status, 2);
		fw->last_status = STFW_OK;
		return 2;
	case STFW_D_READDEBUGREG:
		st = read_word(fw, get_le32(cmd + 2), &v);
		reply_status(out, st, 8);
		put_le32(out + 4, v);
		return 8;
	case STFW_D_WRITEDEBUGREG:
		return reply_status(out, write_word(fw, get_le32(cmd + 2), get_le32(cmd + 6)), 2);
	case STFW_D_READREG:
		st = core_reg_read(fw, cmd[2], &v);
		reply_status(out, st, 8);
		put_le32(out + 4, v);
		return 8;
	case STFW_D_WRITEREG:
		return reply_status(out, core_reg_write(fw, cmd[2], get_le32(cmd + 3)), 2);
	case STFW_D_READALLREGS:
		reply_status(out, STFW_OK, 4 + 4 * STFW_NUM_CORE_REGS);
		for (unsigned int r = 0; r < STFW_NUM_CORE_REGS; r++) {
			st = core_reg_read(fw, r, &v);
			if (st != STFW_OK) {
				out[0] = st;
				break;
			}
			put_le32(out + 4 + 4 * r, v);
		}
		return 4 + 4 * STFW_NUM_CORE_REGS;
	case STFW_D_RESETSYS:
		return reply_status(out, write_word(fw, AIRCR, AIRCR_SYSRESETREQ), 2);
	case STFW_D_RW_MISC_OUT: {
		uint32_t items = get_le32(cmd + 2);
		size_t need = ((items + 3) & ~3u) + 4 * (size_t)items;

		if (items > STFW_MISC_MAX || n < STFW_CMD_LEN + need)
			return -1;
		memcpy(fw->misc_buf, cmd + STFW_CMD_LEN, need);
		fw->misc_items = items;
		return 0;
	}
	case STFW_D_RW_MISC_IN:
		return misc_run(fw, out, cap);
	default:
		return cmd_unknown(fw, cmd);
	}
}

static int stfw_command(void *p, const uint8_t *cmd, size_t n, uint8_t *out, size_t cap)
{
	struct stfw *fw = p;

	if (n < STFW_CMD_LEN || cap < 64)
		return -1;
	fw->env->delay_ns(fw->env->ctx, TIMING_STLINK_FW_CMD_NS);
	if (fw->trace)
		fprintf(stderr, "vstlink trace: %02x %02x addr 0x%08x len %u, %zu bytes out\n",
			cmd[0], cmd[1], get_le32(cmd + 2), cmd[6] | cmd[7] << 8, n - STFW_CMD_LEN);
	switch (cmd[0]) {
	case STFW_GET_VERSION:
		/* V3 reports 3.0.0 here: the real version comes with GET_VERSION_EX */
		out[0] = 0x30;
		out[1] = 0x00;
		put_le16(out + 2, STFW_VID);
		put_le16(out + 4, STFW_PID_V3E);
		return 6;
	case STFW_GET_VERSION_EX:
		memset(out, 0, 12);
		out[0] = 3;
		out[1] = 0;			/* no SWIM on a V3E */
		out[2] = STFW_VER_JTAG;
		out[3] = STFW_VER_MSD;
		out[4] = 0;			/* no bridge interface */
		put_le16(out + 8, STFW_VID);
		put_le16(out + 10, STFW_PID_V3E);
		return 12;
	case STFW_GET_MODE:
		out[0] = fw->mode;
		out[1] = 0;
		return 2;
	case STFW_GET_VOLTAGE:
		/* 3.3 V: 2 * adc1 * 1.2 / adc0 */
		put_le32(out, 1500);
		put_le32(out + 4, 2062);
		return 8;
	case STFW_DFU:
		if (cmd[1] == 0x07)	/* DFU exit */
			return 0;
		return cmd_unknown(fw, cmd);
	case STFW_DEBUG:
		return debug_command(fw, cmd, n, out, cap);
	default:
		return cmd_unknown(fw, cmd);
	}
}

static void *stfw_create(const struct probe_fw_env *env)
{
	struct stfw *fw = calloc(1, sizeof(*fw));

	if (!fw)
		return NULL;
	fw->env = env;
	fw->trace = getenv("VSTLINK_TRACE");
	fw->mode = STFW_MODE_MASS;
	fw->khz = TIMING_STLINK_DEFAULT_KHZ;
	fw->last_status = STFW_OK;
	fw->wait_retries = env->wait_retries >= 0 ? (unsigned int)env->wait_retries :
		TIMING_STLINK_WAIT_RETRIES;
	swdh_init(&fw->h, swd_io_cb, fw);
	fw->h.idle_after = TIMING_STLINK_IDLE_CYCLES;
	env->set_swd_khz(env->ctx, fw->khz);
	return fw;
}

static void stfw_destroy(void *p)
{
	free(p);
}

/* The probe stays as it is between host sessions (USB re-open). */
static void stfw_session_start(void *p)
{
	struct stfw *fw = p;

	fw->env->set_swd_khz(fw->env->ctx, fw->khz);
}

const struct probe_fw_ops stlink_v3e_fw_ops = {
	.name = "stlink-v3e",
	.kind = VBP_FW_STLINK,
	.round_trip_ns = TIMING_STLINK_ROUND_TRIP_NS,
	.byte_ns = TIMING_STLINK_BYTE_NS,
	.create = stfw_create,
	.destroy = stfw_destroy,
	.session_start = stfw_session_start,
	.command = stfw_command,
};
