/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Debug probes whose firmware runs inside the board process (ST-LINK,
 * CMSIS-DAP).  The front-end in the debugger's process (a stlink-server
 * look-alike, a hidapi look-alike) forwards each USB command unchanged in
 * a VBP_FW_CMD request; the board hands it to the probe's firmware model,
 * which answers it as the firmware does, clocking the SWD wire through the
 * environment below.  So a probe's own retries, posted reads and buffering
 * cost modeled time where the real probe spends it.
 *
 * A firmware model knows nothing of the board: it sees only struct
 * probe_fw_env.  Each model lives in its probe's folder (testing/vNAME/fw/)
 * and is listed in vboard/probe_fw.c.
 */
#ifndef VB_PROBE_FW_H
#define VB_PROBE_FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vb_stats;

/* What the board offers the probe's firmware. */
struct probe_fw_env {
	void *ctx;
	/* Clock nbits SWD cycles (swdhost.h conventions: in bit k = line in cycle k). */
	void (*swd_io)(void *ctx, unsigned int nbits, const uint8_t *dir, const uint8_t *out,
			uint8_t *in);
	/* SWD clock; the firmware applies its own limits before calling. */
	void (*set_swd_khz)(void *ctx, uint32_t khz);
	/* nRESET pin (true = driven low). */
	void (*set_nreset)(void *ctx, bool low);
	/* Time the firmware spends without clocking the wire (the board runs meanwhile). */
	void (*delay_ns)(void *ctx, uint64_t ns);
	uint64_t (*now_ns)(void *ctx);
	struct vb_stats *stats;
	/* WAIT retries per transfer, for firmware that retries WAIT on its own
	 * (vboard --probe-wait-retries); -1: the model's default. */
	int wait_retries;
};

struct probe_fw_ops {
	const char *name;		/* e.g. "stlink-v3e" */
	uint32_t kind;			/* VBP_FW_* (vbproto.h) */
	/* USB cost of one command: round trip and per byte (common/timing.h) */
	uint64_t round_trip_ns;
	uint64_t byte_ns;
	void *(*create)(const struct probe_fw_env *env);
	void (*destroy)(void *fw);
	/* A debugger opened the probe (USB open / first command of a session). */
	void (*session_start)(void *fw);
	/*
	 * One USB command: cmd[0..n) as the host sent it (command block and any
	 * OUT data), the IN data into out[0..cap).  Returns the number of IN bytes,
	 * or -1 if the command is malformed beyond what the firmware would answer.
	 */
	int (*command)(void *fw, const uint8_t *cmd, size_t n, uint8_t *out, size_t cap);
};

/* The models the board knows (vboard/probe_fw.c); NULL if none for kind. */
const struct probe_fw_ops *probe_fw_find(uint32_t kind);

#endif
