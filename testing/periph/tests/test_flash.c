// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Internal flash unit tests: OpenOCD's exact stm32h7x sequences
 * ([REF stm32h753.md 7.2]) replayed through bus_access, checked against
 * flash.bin bytes, QW timing (timing.h, DS12117) and error flags.
 */

#include "../periph.h"
#include "../../bus/bus.h"
#include "../../common/clocks.h"
#include "../../common/stats.h"
#include "../../common/timing.h"
#include "../../common/unit.h"
#include "../../common/vclock.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define B1		0x52002000u
#define B2		0x52002100u
#define KEYR		0x04
#define OPTKEYR		0x08
#define CR		0x0C
#define SR		0x10
#define CCR		0x14
#define OPTCR		0x18
#define OPTSR_CUR	0x1C
#define OPTSR_PRG	0x20
#define OPTCCR		0x24
#define WPSN_CUR	0x38
#define WPSN_PRG	0x3C
#define QW		(1u << 2)
#define FLASH_ERROR	0x07EE0000u
#define MS		1000000ULL

static struct vclock clk;
static struct bus sys, apbd;
static struct vb_stats st;
static struct vb_clocks clocks;
static struct periph *p;
static char dir[64], flash_path[96], opt_path[96];
static struct periph_config cfg;

static void make(void)
{
	if (p)
		periph_destroy(p);
	vclock_init(&clk);
	bus_init(&sys, "sys", &clk);
	bus_init(&apbd, "apbd", &clk);
	memset(&st, 0, sizeof(st));
	p = periph_create(&cfg, &clk, &st, &sys, &apbd, &clocks);
}

static void fresh(void)
{
	unlink(flash_path);
	unlink(opt_path);
	periph_config_defaults(&cfg);
	cfg.flash_path = flash_path;
	cfg.optbytes_path = opt_path;
	make();
}

static uint32_t rd(uint32_t addr)
{
	uint32_t v = 0xDEADBEEF;

	bus_read32(&sys, addr, &v);
	return v;
}

static int ap(uint32_t addr, bool write, uint32_t *v, uint64_t *stall)
{
	struct bus_access a = { .addr = addr, .size = 4, .write = write, .data = *v,
		.master = BUS_MASTER_AHBAP, .privileged = true };
	int r = bus_access(&sys, &a);

	*v = a.data;
	if (stall)
		*stall = a.stall_ns;
	return r;
}

static void wr(uint32_t addr, uint32_t v)
{
	bus_write32(&sys, addr, v);
}

/* Bytes of flash.bin as a separate reader sees them. */
static int file_bytes(uint32_t off, uint8_t *buf, size_t n)
{
	int fd = open(flash_path, O_RDONLY);
	ssize_t r;

	if (fd < 0)
		return -1;
	r = pread(fd, buf, n, off);
	close(fd);
	return r == (ssize_t)n ? 0 : -1;
}

static bool file_all(uint32_t off, size_t n, uint8_t val)
{
	uint8_t *buf = malloc(n);
	bool ok = buf && file_bytes(off, buf, n) == 0;

	for (size_t i = 0; ok && i < n; i++)
		ok = buf[i] == val;
	free(buf);
	return ok;
}

/* OpenOCD unlock: read CR; if locked write the keys; LOCK must be 0. */
static bool unlock(uint32_t base)
{
	if (!(rd(base + CR) & 1))
		return true;
	wr(base + KEYR, 0x45670123);
	wr(base + KEYR, 0xCDEF89AB);
	return !(rd(base + CR) & 1);
}

/* wait_flash_op_queue: poll SR.QW every 1 ms; on errors write SR to CCR. */
static uint32_t wait_queue(uint32_t base, unsigned int timeout_ms, unsigned int *polls)
{
	uint32_t sr = 0;
	unsigned int n = 0;

	for (unsigned int i = 0; i < timeout_ms * 2; i++) {
		sr = rd(base + SR);
		n++;
		if (!(sr & QW))
			break;
		vclock_advance(&clk, MS);
	}
	if (polls)
		*polls = n;
	if (sr & FLASH_ERROR)
		wr(base + CCR, sr);
	return sr;
}

static void fill_pattern(uint8_t *buf, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)(seed + i * 7);
}

/* The loader's inner loop for one 32-byte block (CPU master, 8 words). */
static uint32_t loader_word(uint32_t base, uint32_t addr, const uint8_t *d)
{
	uint32_t sr;

	wr(base + CR, 0x00000002);
	for (int i = 0; i < 8; i++) {
		uint32_t w;
		struct bus_access a = { .addr = addr + 4 * i, .size = 4, .write = true,
			.master = BUS_MASTER_CPU, .privileged = true };

		memcpy(&w, d + 4 * i, 4);
		a.data = w;
		bus_access(&sys, &a);
	}
	do {
		sr = rd(base + SR);
		if (sr & QW)
			vclock_advance(&clk, 1000);	/* ~1 us per loader poll */
	} while (sr & QW);
	return sr;
}

static void test_create(void)
{
	struct stat sb;

	UNIT_CASE("flash.bin created erased, reset register values");
	fresh();
	UNIT_CHECK(p && stat(flash_path, &sb) == 0 && sb.st_size == 2097152, "file");
	UNIT_CHECK(file_all(0, 2097152, 0xFF), "not erased");
	UNIT_CHECK(rd(B1 + CR) == 0x31 && rd(B2 + CR) == 0x31, "CR %08x", rd(B1 + CR));
	UNIT_CHECK(rd(B1) == 0x37, "ACR %08x", rd(B1));
	UNIT_CHECK(rd(B1 + OPTCR) == 1 && rd(B2 + OPTCR) == 1, "OPTCR");
	UNIT_CHECK(((rd(B1 + OPTSR_CUR) >> 8) & 0xFF) == 0xAA, "RDP");
	UNIT_CHECK(rd(B1 + WPSN_CUR) == 0xFF && rd(B2 + WPSN_CUR) == 0xFF, "WPSN");
	UNIT_END_CASE();
}

static void test_erase_program(void)
{
	uint8_t data[64], buf[64];
	unsigned int polls;
	uint32_t sr, v;
	uint64_t t0;

	UNIT_CASE("sector erase (OpenOCD sequence) and its time");
	fresh();
	fill_pattern(data, sizeof(data), 1);
	periph_flash_load(p, 0x20000, data, sizeof(data));	/* bank 1 sector 1 */
	periph_flash_load(p, 0x40000, data, sizeof(data));	/* sector 2 */
	UNIT_CHECK(unlock(B1), "unlock");
	wr(B1 + CR, 0x34 | 1 << 8);
	t0 = vclock_now(&clk);
	wr(B1 + CR, 0xB4 | 1 << 8);
	UNIT_CHECK(rd(B1 + SR) & QW, "QW not set");
	sr = wait_queue(B1, 10000, &polls);
	UNIT_CHECK(!(sr & QW) && (sr & (1u << 16)), "SR %08x", sr);
	/* x64 typ 1 s; the polls see it within one 1 ms period */
	UNIT_CHECK(vclock_now(&clk) - t0 >= 1000 * MS && vclock_now(&clk) - t0 <= 1001 * MS,
		   "erase took %llu ns", (unsigned long long)(vclock_now(&clk) - t0));
	UNIT_CHECK(polls < 20, "busy-poll fast-forward: %u polls", polls);
	UNIT_CHECK(file_all(0x20000, 64, 0xFF), "sector 1 not erased");
	UNIT_CHECK(file_bytes(0x40000, buf, 64) == 0 && !memcmp(buf, data, 64), "sector 2");
	UNIT_CHECK(st.flash_sector_erases == 1 && st.flash_busy_ns == 1000 * MS, "stats");
	wr(B1 + CR, 1);
	UNIT_CHECK(rd(B1 + CR) == 0x135, "lock keeps other bits: %08x", rd(B1 + CR));
	UNIT_END_CASE();

	UNIT_CASE("program 32-byte words like the loader (x8 timing)");
	UNIT_CHECK(unlock(B1), "unlock");
	fill_pattern(data, sizeof(data), 0x40);
	{
		struct bus_access a = { .addr = 0x08020000, .size = 4, .write = true,
			.data = 0x11223344, .master = BUS_MASTER_CPU };

		wr(B1 + CR, 2);
		bus_access(&sys, &a);
		UNIT_CHECK((rd(B1 + SR) & 0x7) == 0x2, "WBNE after 1 word: %08x", rd(B1 + SR));
		for (int i = 1; i < 7; i++) {
			a.addr = 0x08020000 + 4 * i;
			bus_access(&sys, &a);
		}
		UNIT_CHECK(!(rd(B1 + SR) & QW), "QW before the 8th word");
		a.addr = 0x0802001C;
		t0 = vclock_now(&clk);
		bus_access(&sys, &a);
		UNIT_CHECK((rd(B1 + SR) & 0x7) == 0x5, "QW|BSY %08x", rd(B1 + SR));
		vclock_advance(&clk, 289999);
		UNIT_CHECK(rd(B1 + SR) & QW, "done before 290 us");
		vclock_advance(&clk, 1);
		sr = rd(B1 + SR);
		UNIT_CHECK(!(sr & QW) && !(sr & FLASH_ERROR), "SR after 290 us %08x", sr);
	}
	sr = loader_word(B1, 0x08020020, data);
	UNIT_CHECK(!(sr & FLASH_ERROR), "loader SR %08x", sr);
	sr = loader_word(B1, 0x08020040, data + 32);
	UNIT_CHECK(file_bytes(0x20020, buf, 64) == 0 && !memcmp(buf, data, 64), "data");
	UNIT_CHECK(rd(0x08020000) == 0x11223344, "first word");
	UNIT_CHECK(st.flash_word_programs == 3, "programs %llu",
		   (unsigned long long)st.flash_word_programs);
	wr(B1 + CR, 1);

	/* fallback without working area: CR = 0x32 then AP writes, x64 = 100 us */
	UNIT_CHECK(unlock(B1), "unlock 2");
	wr(B1 + CR, 0x32);
	t0 = vclock_now(&clk);
	for (int i = 0; i < 8; i++) {
		v = 0xA0A0A0A0 + i;
		ap(0x08020060 + 4 * i, true, &v, NULL);
	}
	vclock_advance(&clk, 99999);
	UNIT_CHECK(rd(B1 + SR) & QW, "x64 done early");
	vclock_advance(&clk, 1);
	UNIT_CHECK(!(rd(B1 + SR) & QW), "x64 not done at 100 us");
	wr(B1 + CR, 1);
	UNIT_CHECK(rd(B1 + CR) & 1, "lock");
	v = 0;
	UNIT_CHECK(ap(0x0802007C, false, &v, NULL) == BUS_OK && v == 0xA0A0A0A7, "AP read %08x",
		   v);
	UNIT_END_CASE();

	UNIT_CASE("mass erase of bank 2 (0x38/0xB8) leaves bank 1");
	periph_flash_load(p, 0x100000, data, 64);
	periph_flash_load(p, 0x1FFFC0, data, 64);
	UNIT_CHECK(unlock(B2), "unlock bank 2");
	UNIT_CHECK(rd(B1 + CR) & 1, "bank 1 unlocked too");
	wr(B2 + CR, 0x38);
	t0 = vclock_now(&clk);
	wr(B2 + CR, 0xB8);
	UNIT_CHECK(!(rd(B1 + SR) & QW), "bank 1 busy");
	sr = wait_queue(B2, 30000, NULL);
	UNIT_CHECK(!(sr & QW) && vclock_now(&clk) - t0 >= 5000 * MS, "bank erase time");
	UNIT_CHECK(file_all(0x100000, 0x100000, 0xFF), "bank 2 not erased");
	UNIT_CHECK(file_bytes(0x20020, buf, 64) == 0 && !memcmp(buf, data, 64), "bank 1 hit");
	UNIT_CHECK(st.flash_bank_erases == 1, "stats");
	wr(B2 + CR, 1);
	UNIT_END_CASE();

	UNIT_CASE("flash.bin persists across destroy/create");
	periph_destroy(p);
	p = NULL;
	make();
	v = 0;
	UNIT_CHECK(ap(0x08020020, false, &v, NULL) == BUS_OK && !memcmp(&v, data, 4), "data");
	UNIT_END_CASE();
}

static void test_stall_and_power_loss(void)
{
	uint8_t data[32];
	uint64_t stall = 0, t0;
	uint32_t v = 0;

	UNIT_CASE("array read of a busy bank stalls; other bank does not");
	fresh();
	fill_pattern(data, 32, 9);
	periph_flash_load(p, 0x30000, data, 32);
	unlock(B1);
	wr(B1 + CR, 0x34);
	t0 = vclock_now(&clk);
	wr(B1 + CR, 0xB4);				/* sector 0 */
	vclock_advance(&clk, 250 * MS);
	UNIT_CHECK(ap(0x08100000, false, &v, &stall) == BUS_OK && stall == 0, "bank 2 stalled");
	UNIT_CHECK(ap(0x08030000, false, &v, &stall) == BUS_OK && stall == 750 * MS,
		   "stall %llu", (unsigned long long)stall);
	UNIT_CHECK(!memcmp(&v, data, 4), "data after stall");
	UNIT_CHECK(!(rd(B1 + SR) & QW) && st.flash_sector_erases == 1, "not finished");
	(void)t0;
	UNIT_END_CASE();

	UNIT_CASE("power loss halfway through an erase: first half erased");
	periph_flash_load(p, 0x20000, NULL, 0);
	{
		static uint8_t sec[0x20000];

		memset(sec, 0x00, sizeof(sec));
		periph_flash_load(p, 0x20000, sec, sizeof(sec));
	}
	wr(B1 + CR, 0x34 | 1 << 8);
	wr(B1 + CR, 0xB4 | 1 << 8);
	vclock_advance(&clk, 500 * MS);
	periph_power_loss(p);
	periph_power_on_reset(p);
	UNIT_CHECK(file_all(0x20000, 0x10000, 0xFF), "first half not erased");
	UNIT_CHECK(file_all(0x30000, 0x10000, 0x00), "second half touched");
	UNIT_CHECK(!(rd(B1 + SR) & QW) && (rd(B1 + CR) & 1), "state after POR");
	UNIT_END_CASE();
}

static void test_errors(void)
{
	uint32_t v, sr;

	UNIT_CASE("wrong key locks until reset");
	fresh();
	wr(B1 + KEYR, 0x45670123);
	wr(B1 + KEYR, 0x12345678);
	UNIT_CHECK(!unlock(B1), "unlocked after a wrong key");
	UNIT_CHECK(unlock(B2), "bank 2 affected");
	periph_system_reset(p);
	UNIT_CHECK(unlock(B1), "still locked after reset");
	UNIT_END_CASE();

	UNIT_CASE("PGSERR, STRBERR, INCERR and CCR clearing");
	wr(0x08000000, 0);				/* PG = 0 */
	sr = rd(B1 + SR);
	UNIT_CHECK(sr & (1u << 18), "PGSERR %08x", sr);
	UNIT_CHECK(rd(0x08000000) == 0xFFFFFFFF, "written without PG");
	wr(B1 + CCR, sr);
	UNIT_CHECK(!(rd(B1 + SR) & FLASH_ERROR), "CCR");
	wr(B1 + CR, 2);
	wr(0x08000000, 1);
	wr(0x08000000, 2);
	UNIT_CHECK(rd(B1 + SR) & (1u << 19), "STRBERR");
	UNIT_CHECK(!(rd(B1 + SR) & 2), "WBNE after STRBERR");
	wr(0x08000000, 1);
	wr(0x08000020, 2);
	UNIT_CHECK(rd(B1 + SR) & (1u << 21), "INCERR");
	wr(B1 + CCR, 0xFFFFFFFF);
	UNIT_CHECK(rd(B1 + SR) == 0, "SR %08x", rd(B1 + SR));
	UNIT_END_CASE();

	UNIT_CASE("force write pads with 0xFF; over-programming breaks ECC");
	wr(0x08000040, 0x00000000);
	wr(0x08000044, 0x12345678);
	wr(B1 + CR, 2 | (1u << 6));			/* FW */
	wait_queue(B1, 5, NULL);
	UNIT_CHECK(rd(0x08000044) == 0x12345678 && rd(0x08000048) == 0xFFFFFFFF, "FW");
	for (int i = 0; i < 8; i++)
		wr(0x08000040 + 4 * i, 0x0F0F0F0F);
	sr = wait_queue(B1, 5, NULL);
	v = 0;
	UNIT_CHECK(ap(0x08000040, false, &v, NULL) == BUS_ERROR, "no ECC error");
	UNIT_CHECK(rd(B1 + SR) & (1u << 26), "DBECCERR");
	for (int i = 0; i < 8; i++)
		wr(0x08000040 + 4 * i, 0);
	wait_queue(B1, 5, NULL);
	UNIT_CHECK(ap(0x08000040, false, &v, NULL) == BUS_OK && v == 0, "zeroing word");
	wr(B1 + CCR, 0xFFFFFFFF);
	wr(B1 + CR, 1);
	UNIT_END_CASE();
}

/* stm32x_write_option(reg, value) */
static uint32_t write_option(uint32_t base, uint32_t reg, uint32_t value, unsigned int *ms)
{
	uint32_t sr = 0;
	unsigned int n = 0;

	if (rd(base + OPTCR) & 1) {
		wr(base + OPTKEYR, 0x08192A3B);
		wr(base + OPTKEYR, 0x4C5D6E7F);
	}
	if (rd(base + OPTCR) & 1)
		return 0xFFFFFFFF;
	wr(base + reg, value);
	wr(base + OPTCCR, 0x40000000);
	wr(base + OPTCR, 0x00000002);
	for (n = 0; n < 10000; n++) {
		sr = rd(base + OPTSR_CUR);
		if (!(sr & 1))
			break;
		vclock_advance(&clk, MS);
	}
	if (ms)
		*ms = n;
	wr(base + OPTCR, 1);
	return sr;
}

static void test_options(void)
{
	unsigned int ms;
	uint32_t sr, v;
	uint8_t data[32];
	uint64_t t0;

	UNIT_CASE("write_option WPSN_PRG protects a sector (WRPERR)");
	fresh();
	fill_pattern(data, 32, 3);
	periph_flash_load(p, 0x100000, data, 32);
	t0 = vclock_now(&clk);
	sr = write_option(B2, WPSN_PRG, 0xFE, &ms);
	t0 = vclock_now(&clk) - t0;
	UNIT_CHECK(!(sr & (1u << 30)), "OPTCHANGEERR %08x", sr);
	UNIT_CHECK(t0 >= 300 * MS && t0 <= 301 * MS, "option time %llu ns",
		   (unsigned long long)t0);
	UNIT_CHECK(ms < 10, "busy-poll fast-forward: %u polls", ms);
	UNIT_CHECK(rd(B2 + WPSN_CUR) == 0xFE && rd(B1 + WPSN_CUR) == 0xFF, "WPSN_CUR");
	UNIT_CHECK(rd(B1 + OPTCR) & 1, "relock");
	unlock(B2);
	wr(B2 + CR, 0x34);
	wr(B2 + CR, 0xB4);
	sr = wait_queue(B2, 10000, NULL);
	UNIT_CHECK(sr & (1u << 17), "WRPERR %08x", sr);
	UNIT_CHECK(!(rd(B2 + SR) & FLASH_ERROR), "not cleared by CCR");
	v = 0;
	UNIT_CHECK(ap(0x08100000, false, &v, NULL) == BUS_OK && !memcmp(&v, data, 4), "erased");
	wr(B2 + CR, 1);
	UNIT_END_CASE();

	UNIT_CASE("option bytes persist in optbytes_path");
	periph_destroy(p);
	p = NULL;
	make();
	UNIT_CHECK(rd(B2 + WPSN_CUR) == 0xFE, "WPSN_CUR %08x", rd(B2 + WPSN_CUR));
	write_option(B2, WPSN_PRG, 0xFF, NULL);
	UNIT_CHECK(rd(B2 + WPSN_CUR) == 0xFF, "unprotect");
	UNIT_END_CASE();

	UNIT_CASE("RDP lock blocks debugger reads; unlock mass-erases");
	v = rd(B1 + OPTSR_PRG);
	sr = write_option(B1, OPTSR_PRG, v & ~0xFF00u, NULL);	/* stm32h7x lock */
	UNIT_CHECK(((rd(B1 + OPTSR_CUR) >> 8) & 0xFF) == 0, "RDP %08x", rd(B1 + OPTSR_CUR));
	UNIT_CHECK(ap(0x08100000, false, &v, NULL) == BUS_ERROR, "AP read allowed");
	v = rd(B1 + OPTSR_PRG);
	sr = write_option(B1, OPTSR_PRG, (v & ~0xFF00u) | 0xAA00, NULL);
	UNIT_CHECK(((sr >> 8) & 0xFF) == 0xAA, "RDP back %08x", sr);
	UNIT_CHECK(file_all(0, 2097152, 0xFF), "no mass erase");
	UNIT_CHECK(ap(0x08100000, false, &v, NULL) == BUS_OK && v == 0xFFFFFFFF, "read");
	UNIT_END_CASE();

	UNIT_CASE("max timing option");
	cfg.flash_timing_max = true;
	make();
	unlock(B1);
	wr(B1 + CR, 2);
	for (int i = 0; i < 8; i++)
		wr(0x08000000 + 4 * i, 0);
	vclock_advance(&clk, 579999);
	UNIT_CHECK(rd(B1 + SR) & QW, "x8 max done early");
	vclock_advance(&clk, 1);
	UNIT_CHECK(!(rd(B1 + SR) & QW), "x8 max not done at 580 us");
	periph_destroy(p);
	p = NULL;
	UNIT_END_CASE();

	UNIT_CASE("jitter timing option: x8 program times in [290, 580] us, seeded");
	{
		uint64_t t[2][16];

		for (int run = 0; run < 2; run++) {
			fresh();
			cfg.flash_timing_jitter = true;
			cfg.flash_seed = 42;
			make();
			unlock(B1);
			wr(B1 + CR, 2);
			for (int w = 0; w < 16; w++) {
				uint64_t before = st.flash_busy_ns;

				for (int i = 0; i < 8; i++)
					wr(0x08000000 + 32 * w + 4 * i, 0);
				vclock_advance(&clk, 580000);
				UNIT_CHECK(!(rd(B1 + SR) & QW), "not done at max");
				t[run][w] = st.flash_busy_ns - before;
			}
		}
		bool differ = false;

		for (int w = 0; w < 16; w++) {
			UNIT_CHECK(t[0][w] >= 290000 && t[0][w] <= 580000, "time %llu",
				   (unsigned long long)t[0][w]);
			differ |= t[0][w] != t[0][0];
		}
		UNIT_CHECK(differ, "all 16 times equal");
		UNIT_CHECK(!memcmp(t[0], t[1], sizeof(t[0])), "same seed, same times");
		periph_destroy(p);
		p = NULL;
	}
	UNIT_END_CASE();
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/periph-test-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(flash_path, sizeof(flash_path), "%s/flash.bin", dir);
	snprintf(opt_path, sizeof(opt_path), "%s/options.bin", dir);
	test_create();
	test_erase_program();
	test_stall_and_power_loss();
	test_errors();
	test_options();
	unlink(flash_path);
	unlink(opt_path);
	rmdir(dir);
	UNIT_SUMMARY();
}
