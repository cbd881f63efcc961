// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * src/flash/nor/w25q_protect.c on its own.  Expected ranges are written by
 * hand from shared/reference/w25q01jv.md 3.5 and 3.6 ("ref"), in KiB, not
 * computed from the module's formula.
 */
#include <string.h>

#include "common/unit.h"
#include "w25q_protect.h"

#define KIB	1024u
#define MIB	(1024u * 1024u)

struct kib_range {
	uint32_t start, len;	/* KiB */
};

/* One BP value: ranges for (TB=0,CMP=0) (TB=1,CMP=0) (TB=0,CMP=1) (TB=1,CMP=1). */
struct ladder_row {
	struct kib_range r[4];
};

/* 128 MiB = 131072 KiB; BP >= 1100 covers everything (ref 3.6 table). */
static const struct ladder_row ladder_128m[16] = {
	{ { {      0,      0 }, {     0,      0 }, { 0, 131072 }, {     0, 131072 } } },
	{ { { 131008,     64 }, {     0,     64 }, { 0, 131008 }, {    64, 131008 } } },
	{ { { 130944,    128 }, {     0,    128 }, { 0, 130944 }, {   128, 130944 } } },
	{ { { 130816,    256 }, {     0,    256 }, { 0, 130816 }, {   256, 130816 } } },
	{ { { 130560,    512 }, {     0,    512 }, { 0, 130560 }, {   512, 130560 } } },
	{ { { 130048,   1024 }, {     0,   1024 }, { 0, 130048 }, {  1024, 130048 } } },
	{ { { 129024,   2048 }, {     0,   2048 }, { 0, 129024 }, {  2048, 129024 } } },
	{ { { 126976,   4096 }, {     0,   4096 }, { 0, 126976 }, {  4096, 126976 } } },
	{ { { 122880,   8192 }, {     0,   8192 }, { 0, 122880 }, {  8192, 122880 } } },
	{ { { 114688,  16384 }, {     0,  16384 }, { 0, 114688 }, { 16384, 114688 } } },
	{ { {  98304,  32768 }, {     0,  32768 }, { 0,  98304 }, { 32768,  98304 } } },
	{ { {  65536,  65536 }, {     0,  65536 }, { 0,  65536 }, { 65536,  65536 } } },
	{ { {      0, 131072 }, {     0, 131072 }, { 0,      0 }, {     0,      0 } } },
	{ { {      0, 131072 }, {     0, 131072 }, { 0,      0 }, {     0,      0 } } },
	{ { {      0, 131072 }, {     0, 131072 }, { 0,      0 }, {     0,      0 } } },
	{ { {      0, 131072 }, {     0, 131072 }, { 0,      0 }, {     0,      0 } } },
};

/* 64 MiB = 65536 KiB (one die, or the W25Q512JV); BP >= 1011 is all (ref 3.6). */
static const struct ladder_row ladder_64m[16] = {
	{ { {     0,     0 }, {     0,     0 }, { 0, 65536 }, {     0, 65536 } } },
	{ { { 65472,    64 }, {     0,    64 }, { 0, 65472 }, {    64, 65472 } } },
	{ { { 65408,   128 }, {     0,   128 }, { 0, 65408 }, {   128, 65408 } } },
	{ { { 65280,   256 }, {     0,   256 }, { 0, 65280 }, {   256, 65280 } } },
	{ { { 65024,   512 }, {     0,   512 }, { 0, 65024 }, {   512, 65024 } } },
	{ { { 64512,  1024 }, {     0,  1024 }, { 0, 64512 }, {  1024, 64512 } } },
	{ { { 63488,  2048 }, {     0,  2048 }, { 0, 63488 }, {  2048, 63488 } } },
	{ { { 61440,  4096 }, {     0,  4096 }, { 0, 61440 }, {  4096, 61440 } } },
	{ { { 57344,  8192 }, {     0,  8192 }, { 0, 57344 }, {  8192, 57344 } } },
	{ { { 49152, 16384 }, {     0, 16384 }, { 0, 49152 }, { 16384, 49152 } } },
	{ { { 32768, 32768 }, {     0, 32768 }, { 0, 32768 }, { 32768, 32768 } } },
	{ { {     0, 65536 }, {     0, 65536 }, { 0,     0 }, {     0,     0 } } },
	{ { {     0, 65536 }, {     0, 65536 }, { 0,     0 }, {     0,     0 } } },
	{ { {     0, 65536 }, {     0, 65536 }, { 0,     0 }, {     0,     0 } } },
	{ { {     0, 65536 }, {     0, 65536 }, { 0,     0 }, {     0,     0 } } },
	{ { {     0, 65536 }, {     0, 65536 }, { 0,     0 }, {     0,     0 } } },
};

static struct w25q_prot_bits bits(unsigned int bp, bool tb, bool cmp)
{
	struct w25q_prot_bits b = { .bp = (uint8_t)bp, .tb = tb, .cmp = cmp };

	return b;
}

static void check_ladder(const char *name, const struct ladder_row *t, uint32_t space)
{
	UNIT_CASE(name);
	for (unsigned int bp = 0; bp < 16; bp++) {
		for (unsigned int k = 0; k < 4; k++) {
			bool tb = k & 1, cmp = k & 2;
			uint32_t s = 0xdeadbeef, n = 0xdeadbeef;

			w25q_prot_decode(bits(bp, tb, cmp), space, &s, &n);
			UNIT_CHECK(s == t[bp].r[k].start * KIB && n == t[bp].r[k].len * KIB,
				"BP=%u TB=%d CMP=%d: got [0x%x +0x%x), want [0x%x +0x%x)",
				bp, tb, cmp, s, n, t[bp].r[k].start * KIB, t[bp].r[k].len * KIB);
		}
	}
	UNIT_END_CASE();
}

static bool same_range(struct w25q_prot_bits a, struct w25q_prot_bits b, uint32_t space)
{
	uint32_t s1, n1, s2, n2;

	w25q_prot_decode(a, space, &s1, &n1);
	w25q_prot_decode(b, space, &s2, &n2);
	return s1 == s2 && n1 == n2;
}

/* Every decodable range encodes, and the encoding decodes to the same range;
 * the encoding is the preferred one: CMP=0 if possible, then smallest BP,
 * then TB=0. */
static void check_round_trip(uint32_t space)
{
	char name[80];

	snprintf(name, sizeof(name), "encode(decode(bits)) round trip, space 0x%x", space);
	UNIT_CASE(name);
	for (unsigned int i = 0; i < 64; i++) {
		struct w25q_prot_bits b = bits(i % 16, (i / 16) & 1, i / 32);
		struct w25q_prot_bits e = { 0 };
		uint32_t s, n;

		w25q_prot_decode(b, space, &s, &n);
		if (!w25q_prot_encode(space, s, n, &e)) {
			UNIT_CHECK(false, "BP=%u TB=%d CMP=%d [0x%x +0x%x) not encodable",
				b.bp, b.tb, b.cmp, s, n);
			continue;
		}
		UNIT_CHECK(same_range(b, e, space), "BP=%u TB=%d CMP=%d -> BP=%u TB=%d CMP=%d",
			b.bp, b.tb, b.cmp, e.bp, e.tb, e.cmp);
		/* preference: no other encoding of the range ranks before e */
		for (unsigned int j = 0; j < 64; j++) {
			struct w25q_prot_bits o = bits(j % 16, (j / 16) & 1, j / 32);
			bool before;

			if (!same_range(o, b, space))
				continue;
			before = o.cmp < e.cmp ||
				(o.cmp == e.cmp && (o.bp < e.bp ||
					(o.bp == e.bp && o.tb < e.tb)));
			UNIT_CHECK(!before, "[0x%x +0x%x): BP=%u TB=%d CMP=%d preferred over "
				"BP=%u TB=%d CMP=%d", s, n, o.bp, o.tb, o.cmp, e.bp, e.tb, e.cmp);
		}
	}
	UNIT_END_CASE();
}

static void check_encode_examples(void)
{
	struct w25q_prot_bits e;

	UNIT_CASE("encode: chosen bits for typical ranges (128 MiB and 64 MiB)");
	UNIT_CHECK(w25q_prot_encode(128 * MIB, 0, 128 * MIB, &e) && e.bp == 12 && !e.tb &&
		!e.cmp, "all 128 MiB = BP=1100 CMP=0");
	UNIT_CHECK(w25q_prot_encode(64 * MIB, 0, 64 * MIB, &e) && e.bp == 11 && !e.tb &&
		!e.cmp, "all 64 MiB = BP=1011 CMP=0");
	UNIT_CHECK(w25q_prot_encode(128 * MIB, 12345, 0, &e) && e.bp == 0 && !e.tb && !e.cmp,
		"nothing = BP=0");
	UNIT_CHECK(w25q_prot_encode(128 * MIB, 0, 64 * MIB, &e) && e.bp == 11 && e.tb &&
		!e.cmp, "lower half = BP=1011 TB=1 CMP=0 (not the CMP=1 form)");
	UNIT_CHECK(w25q_prot_encode(128 * MIB, 64 * MIB, 64 * MIB, &e) && e.bp == 11 &&
		!e.tb && !e.cmp, "upper half = BP=1011 TB=0");
	UNIT_CHECK(w25q_prot_encode(128 * MIB, 0, 128 * MIB - 64 * KIB, &e) && e.bp == 1 &&
		!e.tb && e.cmp, "all but the top 64 KiB = BP=0001 TB=0 CMP=1");
	UNIT_CHECK(w25q_prot_encode(128 * MIB, 2 * MIB, 126 * MIB, &e) && e.bp == 6 &&
		e.tb && e.cmp, "all but the lower 2 MiB = BP=0110 TB=1 CMP=1");
	UNIT_CHECK(w25q_prot_encode(128 * MIB, 96 * MIB, 32 * MIB, &e) && e.bp == 10 &&
		!e.tb && !e.cmp, "top 32 MiB = BP=1010");
	UNIT_CHECK(w25q_prot_encode(64 * MIB, 0, 48 * MIB, &e) && e.bp == 9 && !e.tb &&
		e.cmp, "64 MiB: lower 48 MiB = BP=1001 TB=0 CMP=1");
	UNIT_END_CASE();

	UNIT_CASE("encode: impossible ranges rejected");
	UNIT_CHECK(!w25q_prot_encode(128 * MIB, 32 * MIB, 32 * MIB, &e), "middle");
	UNIT_CHECK(!w25q_prot_encode(128 * MIB, 64 * KIB, 64 * KIB, &e), "second block");
	UNIT_CHECK(!w25q_prot_encode(128 * MIB, 0, 64 * KIB + 1, &e), "unaligned length");
	UNIT_CHECK(!w25q_prot_encode(128 * MIB, 0, 4 * KIB, &e), "below the 64 KiB minimum");
	UNIT_CHECK(!w25q_prot_encode(128 * MIB, 1, 128 * MIB - 1, &e), "unaligned start");
	UNIT_CHECK(!w25q_prot_encode(128 * MIB, 0, 192 * KIB, &e), "not a ladder length");
	UNIT_CHECK(!w25q_prot_encode(128 * MIB, 128 * MIB - 64 * KIB, 128 * KIB, &e),
		"past the end of the space");
	UNIT_CHECK(!w25q_prot_encode(128 * MIB, 0xffffffffu, 2, &e), "32-bit wrap");
	UNIT_CHECK(!w25q_prot_encode(64 * MIB, 0, 128 * MIB, &e), "bigger than the space");
	UNIT_CHECK(!w25q_prot_encode(64 * MIB, 64 * MIB, 64 * MIB, &e),
		"die 1 in a 64 MiB space");
	UNIT_END_CASE();
}

/* 1 MiB space = 16 blocks: the only representable non-empty ranges, by hand
 * from the ref 3.6 rules (64K..1M from either end; CMP=1: the rest). */
static void check_small_space(void)
{
	static const struct kib_range ok[] = {
		{ 0, 1024 },
		{ 0, 64 }, { 0, 128 }, { 0, 256 }, { 0, 512 },
		{ 960, 64 }, { 896, 128 }, { 768, 256 }, { 512, 512 },
		{ 0, 960 }, { 0, 896 }, { 0, 768 },
		{ 64, 960 }, { 128, 896 }, { 256, 768 },
	};
	unsigned int found = 0;

	UNIT_CASE("1 MiB space: exactly the 15 ladder ranges encode, nothing else");
	for (uint32_t s = 0; s < 1024; s += 64) {
		for (uint32_t n = 64; s + n <= 1024; n += 64) {
			struct w25q_prot_bits e;
			bool want = false, got;

			for (unsigned int i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
				want |= ok[i].start == s && ok[i].len == n;
			got = w25q_prot_encode(1024 * KIB, s * KIB, n * KIB, &e);
			found += got;
			UNIT_CHECK(got == want, "[%uK +%uK): encode %d, want %d", s, n, got, want);
			/* one byte off either way never encodes */
			UNIT_CHECK(!w25q_prot_encode(1024 * KIB, s * KIB, n * KIB - 1, &e),
				"[%uK +%uK - 1)", s, n);
			if (s)
				UNIT_CHECK(!w25q_prot_encode(1024 * KIB, s * KIB - 1, n * KIB, &e),
					"[%uK - 1 +%uK)", s, n);
		}
	}
	UNIT_CHECK(found == 15, "%u ranges encode", found);
	UNIT_END_CASE();
}

static void check_nearest(void)
{
	uint32_t is = 1, in = 1, os = 1, on = 1;
	const uint32_t S = 128 * MIB;

	UNIT_CASE("nearest: inner and outer representable ranges");
	UNIT_CHECK(w25q_prot_nearest(S, 0, 100 * KIB, &is, &in, &os, &on) &&
		is == 0 && in == 64 * KIB && os == 0 && on == 128 * KIB,
		"[0 +100K): inner [0x%x +0x%x) outer [0x%x +0x%x)", is, in, os, on);
	UNIT_CHECK(w25q_prot_nearest(S, 100 * MIB, 28 * MIB, &is, &in, &os, &on) &&
		is == 112 * MIB && in == 16 * MIB && os == 96 * MIB && on == 32 * MIB,
		"[100M +28M): inner [0x%x +0x%x) outer [0x%x +0x%x)", is, in, os, on);
	UNIT_CHECK(w25q_prot_nearest(S, 32 * MIB, 16 * MIB, &is, &in, &os, &on) &&
		in == 0 && os == 0 && on == 64 * MIB,
		"middle [32M +16M): inner len 0x%x, outer [0x%x +0x%x)", in, os, on);
	UNIT_CHECK(w25q_prot_nearest(S, 96 * MIB, 32 * MIB, &is, &in, &os, &on) &&
		is == 96 * MIB && in == 32 * MIB && os == 96 * MIB && on == 32 * MIB,
		"exact range is both inner and outer");
	/* all but the lower 3 MiB: inner = all but the lower 4 MiB (CMP=1),
	 * outer = all but the lower 2 MiB */
	UNIT_CHECK(w25q_prot_nearest(S, 3 * MIB, 125 * MIB, &is, &in, &os, &on) &&
		is == 4 * MIB && in == 124 * MIB && os == 2 * MIB && on == 126 * MIB,
		"[3M +125M): inner [0x%x +0x%x) outer [0x%x +0x%x)", is, in, os, on);
	/* one 4 KiB sector at the top: nothing fits inside, the top 64 KiB contains */
	UNIT_CHECK(w25q_prot_nearest(S, S - 4 * KIB, 4 * KIB, &is, &in, &os, &on) &&
		in == 0 && os == S - 64 * KIB && on == 64 * KIB,
		"top sector: inner len 0x%x, outer [0x%x +0x%x)", in, os, on);
	UNIT_CHECK(w25q_prot_nearest(S, 5, 0, &is, &in, &os, &on) && in == 0 && on == 0,
		"empty wanted: inner and outer empty");
	is = in = os = on = 7;
	UNIT_CHECK(!w25q_prot_nearest(S, S - 64 * KIB, 128 * KIB, &is, &in, &os, &on) &&
		is == 7 && in == 7 && os == 7 && on == 7, "outside the space: false, untouched");
	UNIT_END_CASE();

	UNIT_CASE("nearest: inner inside, outer around, for every 64 KiB-aligned range of 1 MiB");
	for (uint32_t s = 0; s < MIB; s += 64 * KIB) {
		for (uint32_t n = 64 * KIB; s + n <= MIB; n += 64 * KIB) {
			struct w25q_prot_bits e;

			if (!w25q_prot_nearest(MIB, s, n, &is, &in, &os, &on)) {
				UNIT_CHECK(false, "[0x%x +0x%x) false", s, n);
				continue;
			}
			UNIT_CHECK(in == 0 || (is >= s && is + in <= s + n), "inner not inside");
			UNIT_CHECK(os <= s && os + on >= s + n, "outer not around");
			UNIT_CHECK(w25q_prot_encode(MIB, is, in, &e), "inner not encodable");
			UNIT_CHECK(w25q_prot_encode(MIB, os, on, &e), "outer not encodable");
			if (w25q_prot_encode(MIB, s, n, &e))
				UNIT_CHECK(is == s && in == n && os == s && on == n,
					"exact [0x%x +0x%x) not returned", s, n);
		}
	}
	UNIT_END_CASE();
}

static void check_sr_bits(void)
{
	struct w25q_prot_bits b;
	char buf[32];
	int n;

	UNIT_CASE("SR1/SR2 <-> bits (ref 3.1: BP b5..2, TB SR1 b6, CMP SR2 b6)");
	b = w25q_prot_from_sr(0x44, 0x00);
	UNIT_CHECK(b.bp == 1 && b.tb && !b.cmp, "SR1=44h");
	b = w25q_prot_from_sr(0x3c, 0x40);
	UNIT_CHECK(b.bp == 15 && !b.tb && b.cmp, "SR1=3Ch SR2=40h");
	b = w25q_prot_from_sr(0x83, 0xbf);
	UNIT_CHECK(b.bp == 0 && !b.tb && !b.cmp, "SRP/WEL/BUSY and other SR2 bits ignored");
	b = w25q_prot_from_sr(0x14, 0x00);
	UNIT_CHECK(b.bp == 5, "SR1=14h: BP=0101");
	for (unsigned int sr1 = 0; sr1 < 256; sr1++) {
		for (unsigned int sr2 = 0; sr2 < 256; sr2 += 5) {
			for (unsigned int i = 0; i < 64; i += 3) {
				uint8_t a = (uint8_t)sr1, c = (uint8_t)sr2;
				struct w25q_prot_bits w = bits(i % 16, (i / 16) & 1, i / 32), r;

				w25q_prot_to_sr(w, &a, &c);
				r = w25q_prot_from_sr(a, c);
				UNIT_CHECK(r.bp == w.bp && r.tb == w.tb && r.cmp == w.cmp,
					"round trip %02x %02x", sr1, sr2);
				UNIT_CHECK((a & 0x83) == (sr1 & 0x83) && (c & 0xbf) == (sr2 & 0xbf),
					"other bits changed: %02x %02x -> %02x %02x",
					sr1, sr2, a, c);
			}
		}
	}
	{
		uint8_t a = 0x00, c = 0x02;

		w25q_prot_to_sr(bits(11, true, false), &a, &c);
		UNIT_CHECK(a == 0x6c && c == 0x02, "BP=1011 TB=1 -> SR1=6Ch SR2=02h, got %02x %02x",
			a, c);
		a = 0xff;
		c = 0xff;
		w25q_prot_to_sr(bits(0, false, false), &a, &c);
		UNIT_CHECK(a == 0x83 && c == 0xbf, "clear -> SR1=83h SR2=BFh, got %02x %02x", a, c);
	}
	UNIT_END_CASE();

	UNIT_CASE("describe");
	n = w25q_prot_describe(bits(5, false, false), buf, sizeof(buf));
	UNIT_CHECK(n == 18 && !strcmp(buf, "BP=0101 TB=0 CMP=0"), "'%s' %d", buf, n);
	w25q_prot_describe(bits(12, true, true), buf, sizeof(buf));
	UNIT_CHECK(!strcmp(buf, "BP=1100 TB=1 CMP=1"), "'%s'", buf);
	n = w25q_prot_describe(bits(15, false, true), buf, 8);
	UNIT_CHECK(n == 18 && !strcmp(buf, "BP=1111"), "truncated '%s' %d", buf, n);
	UNIT_END_CASE();

	UNIT_CASE("status register lock (ref 3.5; /WP is IO2 when QE=1, ref 3.4)");
	UNIT_CHECK(!w25q_prot_sr_locked(0x00, 0x00, false), "default writable");
	UNIT_CHECK(!w25q_prot_sr_locked(0x7c, 0x40, true), "BP/CMP do not lock the SR");
	UNIT_CHECK(!w25q_prot_sr_locked(0x00, 0x00, true), "SRP=0: /WP ignored");
	UNIT_CHECK(w25q_prot_sr_locked(0x80, 0x00, true) != NULL, "SRP=1 /WP low QE=0: locked");
	UNIT_CHECK(!w25q_prot_sr_locked(0x80, 0x00, false), "SRP=1 /WP high: writable");
	UNIT_CHECK(!w25q_prot_sr_locked(0x80, 0x02, true), "SRP=1 QE=1: /WP is IO2");
	UNIT_CHECK(w25q_prot_sr_locked(0x00, 0x01, false) != NULL, "SRL=1 locked");
	UNIT_CHECK(w25q_prot_sr_locked(0x80, 0x03, false) != NULL, "SRL=1 SRP=1 QE=1 locked");
	UNIT_CHECK(w25q_prot_sr_locked(0x00, 0x01, false) !=
		w25q_prot_sr_locked(0x80, 0x00, true), "different reasons");
	UNIT_END_CASE();
}

/*
 * flash protect policy against sets of 64 KiB blocks in a 16-block space:
 * every current range, every [lo, hi), set and clear.  The result must be
 * the one range the block set forms, or refused when it forms two.
 */
static void check_change(void)
{
	const uint32_t u = 64 * KIB;
	unsigned int bad = 0;

	UNIT_CASE("protect policy: set/clear [lo, hi) on every current range");
	/* case k: current [cs, ce), change [lo, hi), set; ce < cs and hi <= lo skipped */
	for (uint32_t k = 0; k < 17 * 17 * 16 * 17 * 2; k++) {
		uint32_t cs = k % 17, ce = k / 17 % 17, lo = k / 289 % 16, hi = k / 4624 % 17;
		int set = k / 78608;

		if (ce < cs || hi <= lo)
			continue;
		struct w25q_prot_range cur = { ce > cs ? cs * u : 0, (ce - cs) * u }, out;
		bool in[16], one = true;
		uint32_t first = 16, last = 0, n = 0;

		for (uint32_t b = 0; b < 16; b++) {
			in[b] = b >= cs && b < ce;
			if (b >= lo && b < hi)
				in[b] = set;
			if (in[b]) {
				first = first < b ? first : b;
				last = b;
				n++;
			}
		}
		if (n && last - first + 1 != n)
			one = false;
		bool got = w25q_prot_change(cur, set, lo * u, hi * u, &out);

		if (got != one || (one && out.len != n * u) ||
				(one && n && out.start != first * u)) {
			if (bad++ < 5)
				UNIT_CHECK(false, "cur [%u,%u) %s [%u,%u): got %d 0x%x+0x%x, want %d "
					"%u+%u blocks", cs, ce, set ? "set" : "clear", lo, hi, got,
					out.start, out.len, one, first, n);
		}
	}
	UNIT_CHECK(bad == 0, "%u cases wrong", bad);
	UNIT_END_CASE();
}

int main(void)
{
	check_ladder("ladder over 128 MiB (whole W25Q01JV), every BP/TB/CMP", ladder_128m,
		128 * MIB);
	check_ladder("ladder over 64 MiB (one die / W25Q512JV), every BP/TB/CMP", ladder_64m,
		64 * MIB);
	check_round_trip(128 * MIB);
	check_round_trip(64 * MIB);
	check_round_trip(MIB);
	check_round_trip(64 * KIB);
	check_round_trip(2048u * MIB);
	check_encode_examples();
	check_small_space();
	check_nearest();
	check_sr_bits();
	check_change();
	UNIT_SUMMARY();
}
