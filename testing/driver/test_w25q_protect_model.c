// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cross-check of src/flash/nor/w25q_protect.c against the virtual chip
 * (testing/chips/w25q.c): for every BP/TB/CMP value, set the status
 * registers through the wire (50h + 01h), program one byte at the first and
 * last byte of blocks around every ladder boundary (erased again before the
 * next BP value) and compare "the byte
 * changed in the chip's array" with "w25q_prot_decode says unprotected".
 * Both were written from shared/reference/w25q01jv.md 3.6 independently;
 * this catches either one drifting from the other.
 */
#include <string.h>

#include "chips/tests/w25q_fixture.h"
#include "common/timing.h"
#include "common/unit.h"
#include "w25q_protect.h"

#define KIB	1024u
#define MIB	(1024u * 1024u)
#define DIE	(64 * MIB)

/* volatile status write of SR1 and SR2 (ref 3.2: 50h, then 01h with 2 bytes) */
static void write_sr_volatile(uint8_t sr1, uint8_t sr2)
{
	const uint8_t vwe = 0x50, wr[3] = { 0x01, sr1, sr2 };

	wire_cmd(&vwe, 1);
	wire_cmd(wr, 3);
}

/* 06h, then 12h (4-byte page program) of one 00h byte; true if the chip took it */
static bool program_zero(uint32_t addr)
{
	const uint8_t wren = 0x06;
	unsigned int die = addr / DIE;
	bool busy;

	wire_cmd(&wren, 1);
	w25q_wire_ops.select(W, true);
	wire_send(0x12, 8, 1);
	wire_send(addr, 32, 1);
	wire_send(0x00, 8, 1);
	w25q_wire_ops.select(W, false);
	busy = w25q_die_busy(W, die);
	vclock_advance(&clk, TIMING_W25Q_PP_MAX_NS);
	UNIT_CHECK(busy == (w25q_data(W)[addr] == 0x00), "0x%x: busy %d but byte %02x", addr,
		busy, w25q_data(W)[addr]);
	return w25q_data(W)[addr] == 0x00;
}

/* Unprotect and erase the 4 KiB sectors of the probes, so that every probe
 * byte reads FFh again (cheaper than a new 128 MiB chip per BP value). */
static void reset_probes(const uint32_t *addr, unsigned int n)
{
	const uint8_t wren = 0x06;

	write_sr_volatile(0x00, W25Q_SR2_QE);
	for (unsigned int i = 0; i < n; i++) {
		wire_cmd(&wren, 1);
		w25q_wire_ops.select(W, true);
		wire_send(0x21, 8, 1);
		wire_send(addr[i], 32, 1);
		w25q_wire_ops.select(W, false);
		vclock_advance(&clk, TIMING_W25Q_SE4K_MAX_NS);
		UNIT_CHECK(w25q_data(W)[addr[i]] == 0xff, "0x%x not erased", addr[i]);
	}
}

static void fresh(enum w25q_part part, enum w25q_bp_scope scope)
{
	struct w25q_config cfg;

	w25q_fixture_config(&cfg, part);
	cfg.bp_scope = scope;
	w25q_fixture_create(&cfg);
}

/* Block starts next to every ladder boundary, of each die. */
static unsigned int probe_blocks(uint32_t chip_size, uint32_t *out)
{
	unsigned int n = 0;

	for (uint32_t base = 0; base < chip_size; base += DIE) {
		for (uint32_t b = 64 * KIB; b <= DIE; b <<= 1) {
			const uint32_t cand[4] = { b - 64 * KIB, b, DIE - b, DIE - b - 64 * KIB };

			for (unsigned int i = 0; i < 4; i++)
				if (cand[i] < DIE)	/* DIE - b - 64K wraps for b = DIE */
					out[n++] = base + cand[i];
		}
	}
	return n;
}

/*
 * part/scope: the chip model's configuration; space: the ladder space the
 * module is asked about; per_die: the space repeats for every die (DIE scope).
 */
static void cross_check(const char *name, enum w25q_part part, enum w25q_bp_scope scope,
		uint32_t space, bool per_die)
{
	uint32_t blocks[2 * 4 * 11], probes[2 * 4 * 11 * 2];
	unsigned int nblocks, nprobes = 0, mismatches = 0, accepted = 0, refused = 0;

	UNIT_CASE(name);
	fresh(part, scope);
	nblocks = probe_blocks(w25q_size(W), blocks);
	for (unsigned int k = 0; k < nblocks; k++) {
		probes[nprobes++] = blocks[k];
		probes[nprobes++] = blocks[k] + 64 * KIB - 1;
	}
	for (unsigned int i = 0; i < 64; i++) {
		struct w25q_prot_bits b = { .bp = i % 16, .tb = (i / 16) & 1, .cmp = i / 32 };
		uint8_t sr1 = 0x00, sr2 = W25Q_SR2_QE;
		uint32_t ps, pn;
		char desc[32];

		reset_probes(probes, nprobes);
		w25q_prot_to_sr(b, &sr1, &sr2);
		write_sr_volatile(sr1, sr2);
		for (unsigned int d = 0; d < w25q_dies(W); d++)
			UNIT_CHECK((w25q_status(W, d, 1) & ~3) == sr1 &&
				(w25q_status(W, d, 2) & 0x7f) == sr2,
				"die %u SR1 %02x SR2 %02x, wrote %02x %02x", d,
				w25q_status(W, d, 1), w25q_status(W, d, 2), sr1, sr2);
		w25q_prot_decode(b, space, &ps, &pn);
		w25q_prot_describe(b, desc, sizeof(desc));
		for (unsigned int k = 0; k < nprobes; k++) {
			uint32_t addr = probes[k];
			uint32_t off = per_die ? addr % DIE : addr;
			bool prot = off >= ps && off - ps < pn;
			bool took = program_zero(addr);

			accepted += took;
			refused += !took;
			if (took == prot && mismatches++ < 8)
				UNIT_CHECK(false, "%s 0x%08x: module says %s, chip %s", desc,
					addr, prot ? "protected" : "free",
					took ? "programmed" : "refused");
		}
	}
	UNIT_CHECK(mismatches == 0, "%u mismatches", mismatches);
	/* the probes must see both outcomes, or the check proves nothing */
	UNIT_CHECK(accepted > 1000 && refused > 1000, "accepted %u refused %u", accepted,
		refused);
	UNIT_END_CASE();
}

int main(void)
{
	cross_check("W25Q01JV model, bp_scope CHIP: module over 128 MiB", W25Q01JV_IQ,
		W25Q_BP_CHIP, 128 * MIB, false);
	cross_check("W25Q01JV model, bp_scope DIE: module over 64 MiB per die", W25Q01JV_IQ,
		W25Q_BP_DIE, 64 * MIB, true);
	cross_check("W25Q512JV model: module over 64 MiB", W25Q512JV_IQ, W25Q_BP_CHIP,
		64 * MIB, false);
	w25q_destroy(W);
	UNIT_SUMMARY();
}
