// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * MEM-APs of the STM32H753 DAP (reference 1.2): AP0 AHB-AP to the system bus,
 * AP1 AHB-AP with an unknown target, AP2 APB-AP to APB-D.  APs 3..255 are
 * absent.  Register decode in memap_read()/memap_write().
 */

#include "swd_priv.h"
#include "common/stats.h"
#include "common/vclock.h"

#include <string.h>

/* MEM-AP register offsets (ADIv5.2; reference 1.2) */
#define AP_CSW		0x00
#define AP_TAR		0x04
#define AP_TAR64	0x08
#define AP_DRW		0x0c
#define AP_BD0		0x10
#define AP_BD3		0x1c
#define AP_MBT		0x20
#define AP_BASE64	0xf0
#define AP_CFG		0xf4
#define AP_BASE		0xf8
#define AP_IDR		0xfc

/* Reset CSW values: [ASSUMED] AHB-AP: Size 32, DeviceEn, HPROT1|HPROT0
 * (privileged data); APB-AP: Size 32, DeviceEn, DbgSwEnable clear
 * (pyOCD#1321: software must set it). */
#define CSW_RESET_AHB	0x03000042u
#define CSW_RESET_APB	0x00000042u

void memap_init(struct swd *s, struct bus *sysbus, struct bus *apbd)
{
	struct swd_memap *ap;

	memset(s->ap, 0, sizeof(s->ap));
	ap = &s->ap[0];
	ap->idr = 0x84770001;
	ap->base = 0xe00fe003;
	ap->packed_ok = s->cfg.packed_transfers;
	ap->blocked_by_sysreset = true;
	ap->master = BUS_MASTER_AHBAP;
	ap->bus = sysbus;
	ap->csw_reset = CSW_RESET_AHB;

	/* AP1: IDR from pyOCD#1148/#1499; target and BASE NOT FOUND.
	 * [ASSUMED] BASE 0x00000002: format bit set, no debug entries. */
	ap = &s->ap[1];
	ap->idr = 0x84770001;
	ap->base = 0x00000002;
	ap->master = BUS_MASTER_AHBAP;
	ap->bus = NULL;
	ap->csw_reset = CSW_RESET_AHB;

	ap = &s->ap[2];
	ap->idr = 0x54770002;
	ap->base = 0xe00e0003;
	ap->apb = true;
	ap->needs_dbgswen = true;
	ap->master = BUS_MASTER_APBAP;
	ap->bus = apbd;
	ap->csw_reset = CSW_RESET_APB;
	memap_reset(s);
}

void memap_reset(struct swd *s)
{
	for (unsigned int i = 0; i < SWD_NUM_MEMAPS; i++) {
		s->ap[i].csw = s->ap[i].csw_reset;
		s->ap[i].tar = 0;
	}
}

static void csw_write(struct swd_memap *ap, uint32_t v)
{
	uint32_t size = v & CSW_SIZE_MASK;
	uint32_t inc = (v & CSW_ADDRINC_MASK) >> CSW_ADDRINC_SHIFT;
	uint32_t keep;

	/* Size: 8/16/32 only; [ASSUMED] an unsupported value keeps the old
	 * size.  APB-AP: Size is fixed at 32 bits (SoC-400 APB-AP). */
	if (ap->apb || size > 2)
		size = ap->csw & CSW_SIZE_MASK;
	/* AddrInc packed without packed support reads back as off, so
	 * OpenOCD's probe (write packed, read back bit 5) sees "disabled".
	 * Value 3 is reserved: [ASSUMED] treated the same. */
	if (inc == 3 || (inc == ADDRINC_PACKED && !ap->packed_ok))
		inc = ADDRINC_OFF;
	if (ap->apb)
		keep = CSW_DBGSWENABLE;
	else
		keep = 0xff000000u;	/* DbgSwEnable, Prot[30:24] incl. HPROT1 (bit 25) */
	ap->csw = (v & keep) | CSW_DEVICEEN | (inc << CSW_ADDRINC_SHIFT) | size;
}

static uint32_t csw_read(struct swd *s, struct swd_memap *ap, uint64_t t)
{
	uint32_t v = ap->csw;

	if (t < s->ap_busy_until)
		v |= CSW_TRINPROG;
	return v;
}

static bool transfer_blocked(struct swd *s, struct swd_memap *ap)
{
	if (!ap->bus)
		return true;
	if (ap->blocked_by_sysreset && s->sysreset)
		return true;
	if (ap->needs_dbgswen && !(ap->csw & CSW_DBGSWENABLE))
		return true;
	return false;
}

/*
 * One bus transfer at addr of size bytes.  Accumulates the time the AP stays
 * busy in *busy (VCLOCK_NEVER once a transfer hangs).  Returns false on error.
 */
static bool bus_xfer(struct swd *s, struct swd_memap *ap, uint32_t addr, unsigned int size,
		bool write, uint32_t *data, uint64_t *busy)
{
	struct bus_access a = {
		/* [ASSUMED] an unaligned TAR is aligned down */
		.addr = addr & ~(uint32_t)(size - 1),
		.size = size,
		.write = write,
		.master = ap->master,
		.privileged = ap->apb ? true : !!(ap->csw & CSW_HPROT1),
		.data = write ? *data : 0,
	};
	int ret;

	if (transfer_blocked(s, ap)) {
		s->st->ap_bus_errors++;
		*busy += s->cfg.ap_access_ns;
		return false;
	}
	s->st->ap_accesses++;
	ret = bus_access(ap->bus, &a);
	if (ret == BUS_HANG) {
		*busy = VCLOCK_NEVER;
		return false;
	}
	*busy += s->cfg.ap_access_ns + a.stall_ns;
	if (write && ap->bus->slow_size && a.addr >= ap->bus->slow_base &&
	    a.addr - ap->bus->slow_base < ap->bus->slow_size)
		s->st->ap_slow_writes++;
	if (ret != BUS_OK) {
		s->st->ap_bus_errors++;
		return false;
	}
	if (!write)
		*data = a.data;
	return true;
}

/* TAR auto-increment: only TAR[9:0] counts, wrapping in the 1 KiB block
 * (reference 1.2; ADIv5.2 minimum auto-increment block). */
static void tar_advance(struct swd_memap *ap, uint32_t by)
{
	ap->tar = (ap->tar & ~0x3ffu) | ((ap->tar + by) & 0x3ffu);
}

/* Finish an AP transfer: busy time and error become visible to the DP. */
static void xfer_done(struct swd *s, uint64_t t, uint64_t busy, bool ok)
{
	if (busy == VCLOCK_NEVER)
		s->ap_busy_until = VCLOCK_NEVER;
	else
		s->ap_busy_until = t + busy;
	if (!ok)
		s->ap_err_pending = true;
}

/*
 * DRW access.  Non-packed: one transfer of CSW.Size at TAR, data in byte lanes
 * 8*(TAR&3) upward.  Packed: 4/size transfers, each at the current TAR using
 * the lane of its address, TAR advancing by size after each.  A failing
 * transfer stops the sequence and leaves TAR at the failing address.
 */
static uint32_t drw_access(struct swd *s, struct swd_memap *ap, bool write, uint32_t v,
		uint64_t t)
{
	unsigned int size = 1u << (ap->csw & CSW_SIZE_MASK);
	unsigned int inc = (ap->csw & CSW_ADDRINC_MASK) >> CSW_ADDRINC_SHIFT;
	unsigned int n = (inc == ADDRINC_PACKED) ? 4 / size : 1;
	uint32_t mask = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
	uint32_t result = 0;
	uint64_t busy = 0;
	bool ok = true;

	swd_sync_to(s, t);
	for (unsigned int i = 0; i < n && ok; i++) {
		unsigned int lane = 8 * (ap->tar & 3 & ~(size - 1));
		uint32_t d = (v >> lane) & mask;

		ok = bus_xfer(s, ap, ap->tar, size, write, &d, &busy);
		if (!ok)
			break;
		if (!write)
			result |= (d & mask) << lane;
		if (inc != ADDRINC_OFF)
			tar_advance(ap, size);
	}
	swd_resync(s, &t);
	xfer_done(s, t, busy, ok);
	return ok ? result : 0;
}

/* BD0-BD3: word transfer at TAR[31:4] | n*4, TAR unchanged.  [ASSUMED]
 * always 32-bit (OpenOCD only uses them with CSW.Size = 32). */
static uint32_t bd_access(struct swd *s, struct swd_memap *ap, unsigned int addr,
		bool write, uint32_t v, uint64_t t)
{
	uint32_t d = v;
	uint64_t busy = 0;
	bool ok;

	swd_sync_to(s, t);
	ok = bus_xfer(s, ap, (ap->tar & ~0xfu) | (addr & 0xc), 4, write, &d, &busy);
	swd_resync(s, &t);
	xfer_done(s, t, busy, ok);
	return ok && !write ? d : 0;
}

uint32_t memap_read(struct swd *s, unsigned int apsel, unsigned int addr, uint64_t t)
{
	struct swd_memap *ap;

	if (apsel >= SWD_NUM_MEMAPS)
		return 0;	/* absent AP: RAZ */
	ap = &s->ap[apsel];
	switch (addr) {
	case AP_CSW:
		return csw_read(s, ap, t);
	case AP_TAR:
		return ap->tar;
	case AP_DRW:
		return drw_access(s, ap, false, 0, t);
	case AP_BD0 ... AP_BD3:
		return bd_access(s, ap, addr, false, 0, t);
	case AP_CFG:
		return 0;	/* little-endian, no large address/data */
	case AP_BASE:
		return ap->base;
	case AP_IDR:
		return ap->idr;
	case AP_TAR64:
	case AP_MBT:
	case AP_BASE64:
	default:
		return 0;
	}
}

void memap_write(struct swd *s, unsigned int apsel, unsigned int addr, uint32_t v, uint64_t t)
{
	struct swd_memap *ap;

	if (apsel >= SWD_NUM_MEMAPS)
		return;		/* absent AP: WI */
	ap = &s->ap[apsel];
	switch (addr) {
	case AP_CSW:
		csw_write(ap, v);
		break;
	case AP_TAR:
		ap->tar = v;
		break;
	case AP_DRW:
		drw_access(s, ap, true, v, t);
		break;
	case AP_BD0 ... AP_BD3:
		bd_access(s, ap, addr, true, v, t);
		break;
	default:
		break;		/* TAR64, MBT, read-only and reserved: WI */
	}
}
