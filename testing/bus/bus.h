/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The system bus of the virtual board: address decode in one place.
 *
 * Masters (the core, the AHB-AP, the APB-AP) call bus_access().  Slaves
 * (memories, peripherals, the core's own PPB registers) register regions.
 * A bus instance is one address space: the board has two, the system bus
 * (CPU and AP0 view) and APB-D (AP2 view: DBGMCU at 0xE00E1000, ...).
 *
 * A region is either plain memory (mem != NULL and no ops: read and write
 * straight to mem), memory with device-controlled writes (mem != NULL,
 * ops->write set: reads come from mem unless ops->read is set, e.g. internal
 * flash), or a pure device (mem == NULL).  The core maps mem regions into
 * Unicorn directly, so core reads of a mem region never reach ops->read;
 * AP reads always do (see bus_access()).
 */
#ifndef VB_BUS_H
#define VB_BUS_H

#include <stdbool.h>
#include <stdint.h>

struct vclock;

enum bus_master {
	BUS_MASTER_CPU = 0,
	BUS_MASTER_AHBAP,	/* debugger through AP0 */
	BUS_MASTER_APBAP,	/* debugger through AP2 */
	BUS_MASTER_BOARD,	/* the board itself: loading state, tests */
};

enum bus_status {
	BUS_OK = 0,
	BUS_ERROR,	/* slave error / decode error: AP gives STICKYERR, core a BusFault */
	BUS_HANG,	/* the access never completes (stalled bus, QSPI erratum) */
};

struct bus_access {
	uint32_t addr;
	uint8_t size;		/* 1, 2 or 4 bytes; naturally aligned */
	bool write;
	enum bus_master master;
	bool privileged;	/* HPROT[1]; AP CSW bit 25; CPU: handler or !nPRIV */
	uint32_t data;		/* write data in, or read data out, in bits [8*size-1:0] */
	uint64_t stall_ns;	/* out: extra time this access held the bus */
};

struct bus_region;

struct bus_dev_ops {
	/*
	 * offset is addr - region base.  Return a bus_status.  Fill a->data
	 * for reads; set a->stall_ns if the access takes longer than one bus
	 * cycle (the master decides what a stall means: the core advances the
	 * clock, an AP stays busy and answers WAIT).  A device that stalls
	 * must leave its own state as it will be at now + stall_ns.
	 */
	int (*read)(void *ctx, uint32_t offset, struct bus_access *a);
	int (*write)(void *ctx, uint32_t offset, struct bus_access *a);
};

#define BUS_REGION_RO		0x1	/* mem region: writes without ops->write are bus errors */
#define BUS_REGION_NOEXEC	0x2	/* core may not fetch from it */
/* When disabled: reads return 0 and writes are ignored instead of a bus error
 * (a peripheral whose clock is off).  Without it a disabled region faults. */
#define BUS_REGION_OFF_RAZWI	0x4

struct bus_region {
	const char *name;
	uint32_t base;
	uint32_t size;
	uint8_t *mem;
	const struct bus_dev_ops *ops;
	void *ctx;
	unsigned int flags;
	bool enabled;		/* false: accesses are bus errors (clock gated, absent) */
};

#define BUS_MAX_REGIONS 64
#define BUS_MAX_LISTENERS 4

typedef void (*bus_listener_fn)(void *ctx, struct bus_region *r);
/* Memory at [addr, addr+len) changed behind the core's back. */
typedef void (*bus_write_listener_fn)(void *ctx, uint32_t addr, uint32_t len);

struct bus {
	const char *name;
	struct vclock *clk;
	struct bus_region regions[BUS_MAX_REGIONS];
	unsigned int nregions;
	/* Told when a region's enabled flag changes (the core remaps Unicorn). */
	bus_listener_fn listeners[BUS_MAX_LISTENERS];
	void *listener_ctx[BUS_MAX_LISTENERS];
	unsigned int nlisteners;
	/*
	 * Told about every write into a mem region by a master other than the
	 * CPU, and about device-made changes (bus_notify_write), so the core
	 * can drop stale translated code (Unicorn does not notice by itself).
	 */
	bus_write_listener_fn wlisteners[BUS_MAX_LISTENERS];
	void *wlistener_ctx[BUS_MAX_LISTENERS];
	unsigned int nwlisteners;
	/* Fault injection: accesses in [stall_base, stall_base+stall_size) hang. */
	uint32_t stall_base, stall_size;
	uint64_t stall_from, stall_until;	/* virtual-time window of the stall */
	/* Slow device: accesses in [slow_base, slow_base+slow_size) hold the bus slow_ns longer. */
	uint32_t slow_base, slow_size;
	uint64_t slow_ns;
	uint64_t debug_writes;		/* writes by a debugger's AP (the board's host-poll test) */
};

void bus_init(struct bus *b, const char *name, struct vclock *clk);
/* Returns the region (owned by the bus) or NULL if full or overlapping. */
struct bus_region *bus_add_region(struct bus *b, const char *name, uint32_t base,
		uint32_t size, uint8_t *mem, const struct bus_dev_ops *ops, void *ctx,
		unsigned int flags);
struct bus_region *bus_find(struct bus *b, uint32_t addr);
void bus_set_enabled(struct bus *b, struct bus_region *r, bool enabled);
void bus_add_listener(struct bus *b, bus_listener_fn fn, void *ctx);
void bus_add_write_listener(struct bus *b, bus_write_listener_fn fn, void *ctx);
/* A device changed its region's mem itself (flash program/erase completed). */
void bus_notify_write(struct bus *b, uint32_t addr, uint32_t len);

/*
 * Perform one access.  Unaligned accesses are bus errors.  After the device
 * returns, any busy-poll skip it recorded is applied to the clock.
 */
int bus_access(struct bus *b, struct bus_access *a);

/* Conveniences for the board and tests (master BUS_MASTER_BOARD). */
int bus_read32(struct bus *b, uint32_t addr, uint32_t *val);
int bus_write32(struct bus *b, uint32_t addr, uint32_t val);

#endif
