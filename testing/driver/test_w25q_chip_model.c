// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * src/flash/nor/w25q_chip.c driven through a fake controller: its exec
 * callback turns each struct w25q_op into clock cycles on the virtual
 * chip's wire (testing/chips/w25q.c), as a (Q)SPI controller would.  No
 * QUADSPI, no target: only the chip layer and the chip model.  The oracle
 * is the model's own state (mode, busy dies, status registers, array),
 * never what the chip layer reports.  Time is the model's virtual clock:
 * alive_sleep() advances it, timeval_ms() reads it.
 */
#include <stdarg.h>
#include <string.h>

#include "chips/tests/w25q_fixture.h"
#include "common/timing.h"
#include "common/unit.h"
#include <flash/common.h>
#include "w25q_chip.h"

static char last_error[512];
static unsigned int errors;

void stub_log(char level, const char *fmt, ...)
{
	va_list ap;

	if (level != 'E')
		return;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	errors++;
}

void alive_sleep(uint64_t ms)
{
	vclock_advance(&clk, ms * 1000000ULL);
}

int64_t timeval_ms(void)
{
	return (int64_t)(vclock_now(&clk) / 1000000ULL);
}

/* ---- the fake controller: phases -> cycles ---------------------------------- */

static unsigned int execs;

static int fake_exec(void *ctx, const struct w25q_op *op)
{
	execs++;
	w25q_wire_ops.select(W, true);
	if (op->op_lines)
		wire_send(op->opcode, 8, op->op_lines);
	if (op->addr_bytes)
		wire_send(op->addr, 8 * op->addr_bytes, op->addr_lines);
	if (op->mode_lines)
		wire_send(op->mode, 8, op->mode_lines);
	if (op->dummy) {
		uint8_t out[32] = { 0 }, in[32];

		w25q_wire_ops.clock(W, op->dummy, out, 0, in, false);
	}
	if (op->data_in)
		wire_recv(op->data, op->len, op->data_lines);
	else
		for (unsigned int i = 0; i < op->len; i++)
			wire_send(op->data[i], 8, op->data_lines);
	w25q_wire_ops.select(W, false);
	return ERROR_OK;
}

static const struct w25q_ctrl fake = { .exec = fake_exec };
static struct w25q_chip C;

static void fresh(enum w25q_part part, bool die_select_broken)
{
	struct w25q_config cfg;

	w25q_fixture_config(&cfg, part);
	cfg.die_select_broken = die_select_broken;
	w25q_fixture_create(&cfg);
	memset(&C, 0, sizeof(C));
	C.ctrl = &fake;
	C.bp_whole_chip = true;
	C.die_check = true;
	errors = 0;
	last_error[0] = '\0';
}

/* single-line command bytes, as firmware would send them */
static void spi_bytes(const uint8_t *b, unsigned int n)
{
	struct w25q_op op = { .opcode = b[0], .op_lines = 1, .data_lines = n > 1 ? 1 : 0,
		.data = (uint8_t *)b + 1, .len = n - 1 };

	fake_exec(NULL, &op);
}

static void program_byte(uint32_t addr, uint8_t v)
{
	const uint8_t wren = 0x06;
	struct w25q_op op = { .opcode = 0x12, .op_lines = 1, .addr_bytes = 4, .addr_lines = 1,
		.addr = addr, .data_lines = 1, .data = &v, .len = 1 };

	spi_bytes(&wren, 1);
	fake_exec(NULL, &op);
	vclock_advance(&clk, TIMING_W25Q_PP_MAX_NS);
}

/* firmware left a quad continuous read (ECh, M = A0h) running */
static void enter_continuous_read(void)
{
	uint8_t byte;
	struct w25q_op op = { .opcode = 0xEC, .op_lines = 1, .addr_bytes = 4, .addr_lines = 4,
		.mode_lines = 4, .mode = 0xA0, .dummy = 4, .data_lines = 4, .data_in = true,
		.data = &byte, .len = 1 };

	fake_exec(NULL, &op);
}

static void check_probe_plain(void)
{
	UNIT_CASE("probe: W25Q01JV-IQ in SPI mode, idle");
	fresh(W25Q01JV_IQ, false);
	int r = w25q_probe(&C);
	UNIT_CHECK(r == ERROR_OK, "probe returned %d (%s)", r, last_error);
	UNIT_CHECK(C.part && C.part->jedec == 0xEF4021 && C.dies == 2 &&
		C.size == 128u << 20, "part %06x dies %u size 0x%x", C.part ? C.part->jedec : 0,
		C.dies, C.size);
	UNIT_CHECK(C.ready && !C.found_qpi && !C.die_select_broken, "ready %d qpi %d broken %d",
		C.ready, C.found_qpi, C.die_select_broken);
	for (unsigned int d = 0; d < 2; d++)
		for (unsigned int i = 0; i < 3; i++)
			UNIT_CHECK(C.sr[d][i] == w25q_status(W, d, i + 1),
				"die %u SR%u read %02x, chip has %02x", d, i + 1, C.sr[d][i],
				w25q_status(W, d, i + 1));
	UNIT_CHECK(w25q_active_die(W) == 0, "die %u left selected", w25q_active_die(W));
	r = w25q_end(&C);
	UNIT_CHECK(r == ERROR_OK && !w25q_qpi(W), "end: %d, QPI %d", r, w25q_qpi(W));
	UNIT_END_CASE();
}

static void check_probe_qpi_continuous(void)
{
	const uint8_t qpi = 0x38;

	UNIT_CASE("probe: chip left in QPI, powered down; back to QPI at the end");
	fresh(W25Q01JV_IQ, false);
	spi_bytes(&qpi, 1);
	w25q_enter_power_down(W);
	vclock_advance(&clk, 1000000);	/* past tDP */
	UNIT_CHECK(w25q_qpi(W) && w25q_powered_down(W), "set-up failed");
	int r = w25q_probe(&C);
	UNIT_CHECK(r == ERROR_OK && C.part, "probe returned %d (%s)", r, last_error);
	UNIT_CHECK(!w25q_qpi(W) && !w25q_powered_down(W) && C.found_qpi,
		"after probe: QPI %d, powered down %d, found_qpi %d", w25q_qpi(W),
		w25q_powered_down(W), C.found_qpi);
	UNIT_CHECK(strstr(C.found, "QPI mode (left)"), "found: '%s'", C.found);
	r = w25q_end(&C);
	UNIT_CHECK(r == ERROR_OK && w25q_qpi(W), "end: %d, QPI %d (want 1)", r, w25q_qpi(W));
	UNIT_END_CASE();

	UNIT_CASE("begin: firmware put the chip in continuous read since the probe");
	fresh(W25Q01JV_IQ, false);
	r = w25q_probe(&C);
	w25q_end(&C);
	enter_continuous_read();
	UNIT_CHECK(w25q_continuous(W), "set-up: chip not in continuous read");
	r = w25q_begin(&C);
	UNIT_CHECK(r == ERROR_OK && C.ready && !w25q_continuous(W),
		"begin %d (%s), ready %d, continuous %d", r, last_error, C.ready,
		w25q_continuous(W));
	w25q_end(&C);
	UNIT_END_CASE();
}

static void check_probe_busy_die1(void)
{
	const uint8_t wren = 0x06;
	struct w25q_op erase = { .opcode = 0xDC, .op_lines = 1, .addr_bytes = 4,
		.addr_lines = 1, .addr = 0x4010000 };

	UNIT_CASE("probe: die 1 busy with an erase firmware started");
	fresh(W25Q01JV_IQ, false);
	spi_bytes(&wren, 1);
	fake_exec(NULL, &erase);
	UNIT_CHECK(w25q_die_busy(W, 1), "set-up: die 1 not busy");
	uint64_t t0 = vclock_now(&clk);
	int r = w25q_probe(&C);
	UNIT_CHECK(r == ERROR_OK && C.part, "probe returned %d (%s)", r, last_error);
	UNIT_CHECK(!w25q_die_busy(W, 0) && !w25q_die_busy(W, 1), "a die still busy");
	UNIT_CHECK(vclock_now(&clk) - t0 >= TIMING_W25Q_BE64K_TYP_NS / 2,
		"probe took %llu ns, less than the erase",
		(unsigned long long)(vclock_now(&clk) - t0));
	UNIT_CHECK(strstr(C.found, "busy (waited)"), "found: '%s'", C.found);
	w25q_end(&C);
	UNIT_END_CASE();
}

static void check_die_select_broken(void)
{
	UNIT_CASE("probe: die select that has no effect is found");
	fresh(W25Q01JV_IQ, true);
	int r = w25q_probe(&C);
	UNIT_CHECK(r == ERROR_OK && C.die_select_broken, "probe %d, broken %d", r,
		C.die_select_broken);
	w25q_end(&C);
	fresh(W25Q512JV_IQ, false);
	r = w25q_probe(&C);
	UNIT_CHECK(r == ERROR_OK && C.dies == 1 && !C.die_select_broken &&
		C.part->jedec == 0xEF4020, "W25Q512JV: %d, dies %u", r, C.dies);
	w25q_end(&C);
	UNIT_END_CASE();
}

static void check_protection(void)
{
	UNIT_CASE("set_bp: top 64 KiB on both dies, then an inexpressible change");
	fresh(W25Q01JV_IQ, false);
	int r = w25q_probe(&C);
	r = r == ERROR_OK ? w25q_set_bp(&C, true, 0x7FF0000, 0x8000000) : r;
	UNIT_CHECK(r == ERROR_OK, "set_bp %d (%s)", r, last_error);
	for (unsigned int d = 0; d < 2; d++)
		UNIT_CHECK((w25q_status(W, d, 1) & 0x7C) == 0x04 &&
			!(w25q_status(W, d, 2) & 0x40), "die %u SR1 %02x SR2 %02x", d,
			w25q_status(W, d, 1), w25q_status(W, d, 2));
	UNIT_CHECK(w25q_offset_protected(&C, 0x7FF0000) && !w25q_offset_protected(&C, 0x7FEFFFF),
		"decoded range wrong");
	errors = 0;
	r = w25q_set_bp(&C, true, 0, 0x10000);
	UNIT_CHECK(r == ERROR_FLASH_OPER_UNSUPPORTED && errors,
		"bottom and top at once: %d, %u errors", r, errors);
	UNIT_CHECK((w25q_status(W, 0, 1) & 0x7C) == 0x04, "SR1 changed: %02x",
		w25q_status(W, 0, 1));
	r = w25q_set_bp(&C, false, 0x7FF0000, 0x8000000);
	UNIT_CHECK(r == ERROR_OK && !(w25q_status(W, 1, 1) & 0x7C), "clear: %d SR1 %02x", r,
		w25q_status(W, 1, 1));
	w25q_end(&C);
	UNIT_END_CASE();
}

static void check_chip_erase(void)
{
	UNIT_CASE("chip erase: both dies erased, waited for");
	fresh(W25Q512JV_IQ, false);
	program_byte(0x123, 0x00);
	program_byte(0x3FFFFFF, 0x00);
	UNIT_CHECK(w25q_data(W)[0x123] == 0 && w25q_data(W)[0x3FFFFFF] == 0, "set-up");
	int r = w25q_probe(&C);
	r = r == ERROR_OK ? w25q_chip_erase(&C) : r;
	UNIT_CHECK(r == ERROR_OK, "chip erase %d (%s)", r, last_error);
	UNIT_CHECK(w25q_data(W)[0x123] == 0xFF && w25q_data(W)[0x3FFFFFF] == 0xFF &&
		!w25q_die_busy(W, 0), "not erased, or still busy");
	w25q_end(&C);
	UNIT_END_CASE();
}

static void check_raw_and_ops(void)
{
	const uint8_t rdid[1] = { 0x9F };
	uint8_t id[3] = { 0 };
	struct w25q_op op;

	UNIT_CASE("raw command and the operations the algorithms send");
	fresh(W25Q01JV_IM, false);
	int r = w25q_probe(&C);
	r = r == ERROR_OK ? w25q_raw(&C, rdid, 1, id, 3) : r;
	UNIT_CHECK(r == ERROR_OK && id[0] == 0xEF && id[1] == 0x70 && id[2] == 0x21,
		"9Fh: %d %02x %02x %02x", r, id[0], id[1], id[2]);
	/* IM parts leave the factory with QE = 0: single-line fast read */
	w25q_op_read(&C, &op);
	UNIT_CHECK(op.opcode == 0x0C && op.data_lines == 1 && op.dummy == 8 &&
		op.addr_bytes == 4, "IM read op %02x lines %u", op.opcode, op.data_lines);
	fresh(W25Q01JV_IQ, false);
	r = w25q_probe(&C);
	w25q_op_read(&C, &op);
	UNIT_CHECK(r == ERROR_OK && op.opcode == 0x6C && op.data_lines == 4,
		"IQ read op %02x lines %u", op.opcode, op.data_lines);
	w25q_op_erase(0x1000, &op);
	UNIT_CHECK(op.opcode == 0x21 && op.addr_bytes == 4, "4 KiB erase %02x", op.opcode);
	w25q_op_erase(0x10000, &op);
	UNIT_CHECK(op.opcode == 0xDC, "64 KiB erase %02x", op.opcode);
	w25q_end(&C);
	UNIT_END_CASE();
}

int main(void)
{
	check_probe_plain();
	check_probe_qpi_continuous();
	check_probe_busy_die1();
	check_die_select_broken();
	check_protection();
	check_chip_erase();
	check_raw_and_ops();
	w25q_destroy(W);
	UNIT_SUMMARY();
}
