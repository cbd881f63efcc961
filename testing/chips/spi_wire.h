/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The wire between a (Q)SPI controller and a serial flash chip: chip select
 * and clock cycles on IO0..IO3, nothing more.  The controller turns its
 * phases (instruction, address, alternate bytes, dummy, data, on 1/2/4
 * lines, SDR or DDR) into cycles; the chip decodes cycles as a real chip
 * samples its pins.  A phase sent on the wrong number of lines therefore
 * reaches the chip as the bits the chip would really sample, and a chip that
 * does not drive a line leaves it floating.  Neither side knows the other's
 * implementation, and the chip knows nothing about debuggers.
 *
 * Between controller and chip sits the board's pin routing (GPIO alternate
 * functions, clock enable): when a signal is not routed the chip does not see
 * chip select, and the controller reads floating lines.
 */
#ifndef VB_SPI_WIRE_H
#define VB_SPI_WIRE_H

#include <stdbool.h>
#include <stdint.h>

/* Levels of IO0..IO3 in bits 0..3 of a cycle byte (IO0 = bit 0). */
#define SPI_IO_MASK		0x0f
/* In a chip's reply, bits 4..7 tell which lines the chip drove. */
#define SPI_IO_DRIVEN_SHIFT	4
/*
 * Level read on a line nobody drives: 0, 1, or SPI_IO_FLOAT_HOLD (the line
 * keeps the last level driven on it, as a bus-hold keeper or the line's
 * capacitance would).  Board option --float-level 1|0|hold.
 * [ASSUMED]: no source fixes the level (the STM32H7's QUADSPI pins come out
 * of reset with no pull, RM0433 GPIO PUPDR; pull resistors are the board's
 * choice).  Pulled down is the harsher level: a chip that does not answer
 * (QPI, deep power-down, absent) reads as status 00h, "ready, write enable
 * clear", and ID 000000, so a driver waiting for BUSY to clear goes on at
 * once and must find the fault from the ID, WEL or its data; pulled up,
 * every status poll reads BUSY and times out, a fault no driver can miss.
 * The default stays pulled up (kind) until the product passes its QSPI
 * suites with --float-level 0 (testing/README.md).
 */
#define SPI_IO_FLOAT_DEFAULT	1
#define SPI_IO_FLOAT_HOLD	2

struct spi_wire_ops {
	/* nCS edge: active = true on the falling edge (selected). */
	void (*select)(void *chip, bool active);
	/*
	 * n transfer slots while selected.  In SDR a slot is one clock cycle;
	 * in DDR (ddr = true) a slot is one clock edge (two per cycle).  out[i]
	 * bits 0..3 are the levels the controller drives in slot i on the lines
	 * in oe (bit k = IOk driven).  The chip fills in[i]: levels in bits 0..3,
	 * the lines it drove in bits 4..7 (0 when it drives nothing).  The chip
	 * samples only what it expects: a single-line instruction is IO0 alone.
	 */
	void (*clock)(void *chip, unsigned int n, const uint8_t *out, uint8_t oe,
			uint8_t *in, bool ddr);
	/*
	 * Optional hint (may be NULL).  Absolute virtual time until which the
	 * chip promises that repeating the command just completed would give
	 * the same answer and change nothing (e.g. a status read while an
	 * erase runs: its end time).  0 = no promise.  A controller in
	 * automatic polling mode uses it to skip identical polls; it must still
	 * send real cycles for the first poll after that time.
	 */
	uint64_t (*stable_until)(void *chip);
	/*
	 * Optional (may be NULL).  The SCLK frequency in Hz of the transaction
	 * about to start; the controller calls it before select(true) of each
	 * command.  A chip uses it to apply its per-instruction clock limits
	 * (above them the data it drives is wrong).  Never called, or 0 = the
	 * frequency is unknown: the chip applies no limit.
	 */
	void (*set_clock)(void *chip, uint64_t sclk_hz);
};

struct spi_wire {
	const struct spi_wire_ops *ops;
	void *chip;		/* NULL: nothing on this chip select */
};

#endif
