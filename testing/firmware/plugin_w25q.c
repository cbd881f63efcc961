// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A FLASH plugin (the ELF interface VisualGDB projects use for external
 * flash) for the W25Q01JV behind the STM32H753 QUADSPI.  It runs from AXI
 * SRAM; the debugger loads it, runs plugin_start() until it calls
 * FLASHPlugin_InitDone(), then calls the FLASHPlugin_* functions below.
 *
 * Chip access, all single line and with 4-byte address opcodes, so the
 * chip's address mode does not matter: 06h write enable, 05h status polled
 * on both dies (C2h die select, the status bits only show the active die),
 * 21h 4 KiB sector erase or DCh 64 KiB block erase, 12h page program, and
 * 0Ch fast read for the memory-mapped mode Unload leaves behind (the
 * debugger reads and checksums the bank through the memory map).
 *
 * A failure deep in the QUADSPI helpers (fw_fail()) returns to the entry
 * point of the running function, which returns a negative code.
 */
#include "fw.h"
#include "fw_mmio.h"
#include "fw_regs.h"

#define W25Q_BASE		0x90000000u
#define W25Q_SIZE		(128u * 1024 * 1024)
#define W25Q_DIE_SIZE		(64u * 1024 * 1024)
#define W25Q_DIES		2u
#define W25Q_SECTOR		4096u
#define W25Q_BLOCK		65536u
#define W25Q_PAGE		256u

#define OP_PP_4B		0x12u
#define OP_SE_4B		0x21u
#define OP_FAST_READ_4B		0x0Cu
#define OP_DIE_SELECT		0xC2u

/* at most this many sectors per EraseSectors call: one 64 KiB block */
#define ERASE_PER_CALL		(W25Q_BLOCK / W25Q_SECTOR)
/* transfer buffer after the stack (AXI SRAM is 512 KiB from 0x24000000) */
#define WORK_AREA_SIZE		(32u * 1024)

/*
 * Status polls before giving up: each is one 05h command (>= 21 QUADSPI
 * clocks); tBE1 (64 KiB) is 2000 ms max [w25q01jv.md], which at the
 * fastest clock (96 MHz) is under 10 M polls.
 */
#define BUSY_POLL_LIMIT		(1u << 26)

/* error codes the functions return */
#define ERR_NOT_READY		(-1)
#define ERR_HW			(-2)
#define ERR_ARG			(-3)
#define ERR_ID			(-4)
#define ERR_FIFO		(-5)
#define ERR_INJECTED		(-7)	/* test copy: erase always fails */

struct FLASHBankInfo {
	unsigned int BaseAddress;
	unsigned int BlockCount;
	unsigned int BlockSize;
	unsigned int WriteBlockSize;
};

struct WorkAreaInfo {
	void *Address;
	unsigned int Size;
};

struct FIFOHeader {
	char *volatile WritePointer;
	char *volatile ReadPointer;
};

/* entry points (the interface's names and signatures) */
void plugin_start(void) __attribute__((noreturn));
void FLASHPlugin_InitDone(void) __attribute__((noinline));
struct FLASHBankInfo FLASHPlugin_Probe(unsigned int base, unsigned int size,
				       unsigned int chipWidth, unsigned int busWidth);
struct WorkAreaInfo FLASHPlugin_FindWorkArea(void *endOfStack);
int FLASHPlugin_EraseSectors(unsigned int firstSector, unsigned int sectorCount);
int FLASHPlugin_ProgramSync(unsigned int startOffset, const void *pData,
			    unsigned int bytesToWrite);
int FLASHPlugin_ProgramAsync(unsigned int startOffset, struct FIFOHeader *pData,
			     const void *pEndOfData, unsigned int bytesToWrite);
int FLASHPlugin_Unload(void);

/* time limits in ms: erase, write, init, load, protect */
struct plugin_timeouts {
	unsigned int size;
	unsigned int ms[5];
};

/*
 * Longer than the interface's defaults: the virtual board runs the chip in
 * simulated time on a shared host, so one call can take seconds of real
 * time.  Erase covers one 64 KiB block (2 s max on silicon).
 */
const struct plugin_timeouts FLASHPlugin_TimeoutTable __attribute__((used)) = {
	.size = sizeof(unsigned int[5]),
	.ms = { 60000, 30000, 30000, 30000, 30000 },
};

static void *fail_jump[5];
static int init_result = ERR_NOT_READY;

/* ---- what fw_qspi.c and fw_board.c need -------------------------------- */

void fw_stage(uint32_t stage)
{
	(void)stage;
}

void fw_fail(void)
{
	__builtin_longjmp(fail_jump, 1);
}

/* ---- chip ----------------------------------------------------------------- */

static void die_select(uint32_t die)
{
	uint8_t d = (uint8_t)die;

	nor_write(OP_DIE_SELECT, &d, 1);
}

/* every die idle; die W25Q_DIES - 1 stays selected */
static void wait_all_dies(void)
{
	uint32_t die, n;

	for (die = 0; die < W25Q_DIES; die++) {
		die_select(die);
		for (n = 0; nor_read_reg(NOR_OP_RDSR1) & NOR_SR1_BUSY; n++)
			if (n >= BUSY_POLL_LIMIT)
				fw_fail();
	}
}

/* write enable, checked on the die that holds @offset */
static void write_enable_at(uint32_t offset)
{
	die_select(offset / W25Q_DIE_SIZE);
	nor_write_enable();
}

static void program_page(uint32_t offset, const uint8_t *data, uint32_t len)
{
	struct qspi_cmd c = {
		.ccr = QSPI_CCR_FMODE(QSPI_FMODE_IND_WRITE) |
		       QSPI_CCR_IMODE(QSPI_LINES_1) |
		       QSPI_CCR_ADMODE(QSPI_LINES_1) |
		       QSPI_CCR_ADSIZE(QSPI_SIZE_32) |
		       QSPI_CCR_DMODE(QSPI_LINES_1) |
		       QSPI_CCR_INSTRUCTION(OP_PP_4B),
		.addr = offset,
		.tx = data,
		.len = len,
	};

	wait_all_dies();
	write_enable_at(offset);
	qspi_run(&c);
	wait_all_dies();
}

/* program @len bytes at @offset, page by page */
static void program(uint32_t offset, const uint8_t *data, uint32_t len)
{
	while (len) {
		uint32_t n = W25Q_PAGE - offset % W25Q_PAGE;

		if (n > len)
			n = len;
		program_page(offset, data, n);
		offset += n;
		data += n;
		len -= n;
	}
}

static void hw_init(void)
{
	uint32_t id;

	board_qspi_pins_init();
	qspi_ctrl_init();
	nor_exit_continuous_read();
	nor_soft_reset();
	nor_read(NOR_OP_JEDEC_ID, (uint8_t *)&id, 3);
	/* EF 40 21 (-IQ) or EF 70 21 (-IM) */
	id &= 0xFFFFFFu;
	if (id != 0x2140EFu && id != 0x2170EFu) {
		init_result = ERR_ID;
		return;
	}
	wait_all_dies();
	init_result = 0;
}

void plugin_start(void)
{
	__asm__ volatile("cpsid i" ::: "memory");
	if (!__builtin_setjmp(fail_jump))
		hw_init();
	else
		init_result = ERR_HW;
	FLASHPlugin_InitDone();
	for (;;)
		fw_wfi();
}

void FLASHPlugin_InitDone(void)
{
	__asm__ volatile("" ::: "memory");
}

struct FLASHBankInfo FLASHPlugin_Probe(unsigned int base, unsigned int size,
				       unsigned int chipWidth, unsigned int busWidth)
{
	struct FLASHBankInfo info = { 0, 0, 0, 0 };

	(void)base;
	(void)size;
	(void)chipWidth;
	(void)busWidth;
	if (init_result)
		return info;
	info.BaseAddress = W25Q_BASE;
	info.BlockCount = W25Q_SIZE / W25Q_SECTOR;
	info.BlockSize = W25Q_SECTOR;
	info.WriteBlockSize = W25Q_PAGE;
	return info;
}

struct WorkAreaInfo FLASHPlugin_FindWorkArea(void *endOfStack)
{
	struct WorkAreaInfo wa;

	wa.Address = (void *)(((uintptr_t)endOfStack + 7u) & ~7u);
	wa.Size = WORK_AREA_SIZE;
	return wa;
}

int FLASHPlugin_EraseSectors(unsigned int firstSector, unsigned int sectorCount)
{
	uint32_t offset = firstSector * W25Q_SECTOR;
	uint32_t n = sectorCount;
	uint8_t op = OP_SE_4B;

	if (init_result)
		return init_result;
#ifdef PLUGIN_W25Q_ERASE_FAILS
	return ERR_INJECTED;
#endif
	if (!sectorCount || firstSector >= W25Q_SIZE / W25Q_SECTOR ||
	    sectorCount > W25Q_SIZE / W25Q_SECTOR - firstSector)
		return ERR_ARG;
	if (__builtin_setjmp(fail_jump))
		return ERR_HW;

	if (offset % W25Q_BLOCK == 0 && n >= ERASE_PER_CALL) {
		op = NOR_OP_BE64K_4B;
		n = ERASE_PER_CALL;
	} else {
		n = 1;
	}
	wait_all_dies();
	write_enable_at(offset);
	nor_cmd_addr32(op, offset);
	wait_all_dies();
	return (int)n;
}

int FLASHPlugin_ProgramSync(unsigned int startOffset, const void *pData,
			    unsigned int bytesToWrite)
{
	if (init_result)
		return init_result;
	if (startOffset >= W25Q_SIZE || bytesToWrite > W25Q_SIZE - startOffset)
		return ERR_ARG;
	if (__builtin_setjmp(fail_jump))
		return ERR_HW;
	program(startOffset, pData, bytesToWrite);
	return (int)bytesToWrite;
}

/*
 * The debugger fills the FIFO between pData + 1 and pEndOfData and moves
 * WritePointer; we program what it holds and move ReadPointer (0 on an
 * error).  A WritePointer of 0 means the debugger gave up.
 */
int FLASHPlugin_ProgramAsync(unsigned int startOffset, struct FIFOHeader *pData,
			     const void *pEndOfData, unsigned int bytesToWrite)
{
	char *start = (char *)(pData + 1);
	char *end = (char *)pEndOfData;
	uint32_t done = 0;
	char *cur;

	if (init_result || startOffset >= W25Q_SIZE ||
	    bytesToWrite > W25Q_SIZE - startOffset || end <= start) {
		pData->ReadPointer = 0;
		return init_result ? init_result : ERR_ARG;
	}
	if (__builtin_setjmp(fail_jump)) {
		pData->ReadPointer = 0;
		return ERR_HW;
	}
	/*
	 * cur is where we read; ReadPointer only moves to block boundaries
	 * (WriteBlockSize = one page) as the debugger checks, so it may lag
	 * behind cur when startOffset is not page aligned.
	 */
	cur = pData->ReadPointer;
	while (done < bytesToWrite) {
		char *wp = pData->WritePointer;
		uint32_t offset = startOffset + done;
		uint32_t avail, n;

		if (!wp)
			return ERR_FIFO;
		if (wp == cur)
			continue;
		if (cur < start || cur >= end || wp < start || wp > end) {
			pData->ReadPointer = 0;
			return ERR_FIFO;
		}
		avail = wp > cur ? (uint32_t)(wp - cur) : (uint32_t)(end - cur);
		n = W25Q_PAGE - offset % W25Q_PAGE;
		if (n > avail)
			n = avail;
		if (n > bytesToWrite - done)
			n = bytesToWrite - done;
		program_page(offset, (const uint8_t *)cur, n);
		done += n;
		cur += n;
		if (cur >= end)
			cur = start;
		pData->ReadPointer = start + (uint32_t)(cur - start) / W25Q_PAGE * W25Q_PAGE;
	}
	return (int)done;
}

int FLASHPlugin_Unload(void)
{
	if (__builtin_setjmp(fail_jump))
		return ERR_HW;
	if (init_result)
		return 0;
	wait_all_dies();
	qspi_mem_mapped(QSPI_CCR_IMODE(QSPI_LINES_1) |
			QSPI_CCR_ADMODE(QSPI_LINES_1) |
			QSPI_CCR_ADSIZE(QSPI_SIZE_32) | QSPI_CCR_DCYC(8) |
			QSPI_CCR_DMODE(QSPI_LINES_1) |
			QSPI_CCR_INSTRUCTION(OP_FAST_READ_4B), 0);
	return 0;
}
