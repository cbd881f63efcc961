// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harness: block protection of the W25Q (w25q_protect.c) with
 * status register values and ranges as a chip or a user may hand them over.
 * Properties: decoded ranges lie inside the space; SR1/SR2 bits other than
 * BP/TB/CMP survive an encode; whatever bits a range request gives, they
 * decode to a range that covers the request.
 */
#include <stdlib.h>
#include <string.h>

#include "w25q_protect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t spaces[] = { 0x10000, 0x400000, 0x4000000, 0x8000000 };
	uint8_t sr1, sr2, o1, o2;
	uint32_t space, start, len;
	struct w25q_prot_bits b;

	if (size < 3)
		return 0;
	sr1 = data[0];
	sr2 = data[1];
	space = spaces[data[2] % 4];
	b = w25q_prot_from_sr(sr1, sr2);
	w25q_prot_decode(b, space, &start, &len);
	if (len > space || start > space - len)
		abort();
	o1 = sr1;
	o2 = sr2;
	w25q_prot_to_sr(b, &o1, &o2);
	if (o1 != sr1 || o2 != sr2)
		abort();
	o1 = 0;
	o2 = 0;
	w25q_prot_to_sr(b, &o1, &o2);
	if ((o1 & ~(W25Q_SR1_BP_MASK | W25Q_SR1_TB)) || (o2 & ~W25Q_SR2_CMP))
		abort();

	/* A range request: exact encodings decode back; nearest ranges nest. */
	if (size >= 11) {
		uint32_t want_start, want_len, is, il, os, ol;
		struct w25q_prot_bits e = { 0 };
		char text[64];

		memcpy(&want_start, data + 3, 4);
		memcpy(&want_len, data + 7, 4);
		if (w25q_prot_encode(space, want_start, want_len, &e)) {
			w25q_prot_decode(e, space, &start, &len);
			if (len != want_len || (len && start != want_start))
				abort();
		}
		if (w25q_prot_nearest(space, want_start, want_len, &is, &il, &os, &ol)) {
			if (want_len > space || want_start > space - want_len)
				abort();	/* said it fits, it does not */
			if (il && (is < want_start || is + il > want_start + want_len))
				abort();
			if (want_len && (os > want_start || os + ol < want_start + want_len))
				abort();
		}
		if (w25q_prot_describe(e, text, sizeof(text)) >= (int)sizeof(text))
			abort();
		(void)w25q_prot_sr_locked(sr1, sr2, data[2] & 0x80);
	}
	return 0;
}
