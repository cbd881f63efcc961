/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Counters of the virtual board, written to DIR/stats.json on exit and on
 * SIGUSR1.  One instance, owned by the board; every layer gets a pointer and
 * only increments the counters that belong to it.  Add new counters here and
 * to the X-macro list so the JSON writer picks them up.
 */
#ifndef VB_STATS_H
#define VB_STATS_H

#include <stdint.h>

#define VB_STATS_FIELDS(X) \
	X(virtual_ns)			/* board: copied from the clock when written */ \
	X(skipped_ns)			/* board: busy-poll fast-forward total */ \
	X(joint_skips)			/* board: joint host-and-core fast-forwards */ \
	X(joint_skipped_ns)		/* board: time they skipped (part of skipped_ns) */ \
	X(rt_sleeps)			/* board: real-time mode waits for the wall clock */ \
	X(rt_lag_max_ns)		/* board: real-time mode, most virtual time behind */ \
					/* SPEED x wall when serving a probe request */ \
	X(probe_round_trips)		/* board: probe requests served */ \
	X(probe_usb_errors)		/* board: injected probe failures */ \
	X(probe_no_memory)		/* board: SWD I/O refused, probe memory too small */ \
	X(swd_bits)			/* swd: clock cycles on the wire */ \
	X(swd_transactions)		/* swd: requests with a valid header */ \
	X(swd_ok_acks) \
	X(swd_wait_acks) \
	X(swd_fault_acks) \
	X(swd_protocol_errors)		/* swd: bad parity, no response */ \
	X(swd_line_resets) \
	X(ap_accesses)			/* swd: MEM-AP bus transfers started */ \
	X(ap_bus_errors) \
	X(ap_slow_writes)		/* swd: AP writes into the --bus-slow range */ \
	X(ap_injected_waits)		/* swd: WAITs from --ap-wait-rate */ \
	X(wdata_errors_injected)	/* swd: from --wdata-error-after-wait */ \
	X(core_instructions) \
	X(core_cycles) \
	X(core_halts) \
	X(core_resets) \
	X(flash_busy_ns)		/* periph: internal flash busy time */ \
	X(flash_word_programs)		/* periph: 32-byte flash words */ \
	X(flash_sector_erases) \
	X(flash_bank_erases) \
	X(qspi_commands)		/* qspi: commands sent to the chip */ \
	X(qspi_bytes_read) \
	X(qspi_bytes_written) \
	X(qspi_page_programs)		/* chip */ \
	X(qspi_sector_erases_4k) \
	X(qspi_block_erases_32k) \
	X(qspi_block_erases_64k) \
	X(qspi_chip_erases) \
	X(qspi_busy_ns) \
	X(qspi_ignored_commands)	/* chip: commands dropped (busy, WEL=0, protected) */ \
	X(qspi_overclocked_reads)	/* chip: reads answered above the SCLK limit */ \
	X(qspi_winbond_only_commands)	/* chip: a non-Winbond part got a Winbond-only opcode */

struct vb_stats {
#define VB_STATS_DECL(name) uint64_t name;
	VB_STATS_FIELDS(VB_STATS_DECL)
#undef VB_STATS_DECL
};

#endif
