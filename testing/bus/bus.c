// SPDX-License-Identifier: GPL-2.0-or-later
/* System bus address decode. */

#include "bus.h"
#include "../common/vclock.h"

#include <string.h>

void bus_init(struct bus *b, const char *name, struct vclock *clk)
{
	memset(b, 0, sizeof(*b));
	b->name = name;
	b->clk = clk;
}

struct bus_region *bus_add_region(struct bus *b, const char *name, uint32_t base,
		uint32_t size, uint8_t *mem, const struct bus_dev_ops *ops, void *ctx,
		unsigned int flags)
{
	struct bus_region *r;
	uint64_t end = (uint64_t)base + size;

	if (b->nregions == BUS_MAX_REGIONS || size == 0)
		return NULL;
	for (unsigned int i = 0; i < b->nregions; i++) {
		struct bus_region *o = &b->regions[i];

		if (base < (uint64_t)o->base + o->size && end > o->base)
			return NULL;
	}
	r = &b->regions[b->nregions++];
	r->name = name;
	r->base = base;
	r->size = size;
	r->mem = mem;
	r->ops = ops;
	r->ctx = ctx;
	r->flags = flags;
	r->enabled = true;
	return r;
}

struct bus_region *bus_find(struct bus *b, uint32_t addr)
{
	for (unsigned int i = 0; i < b->nregions; i++) {
		struct bus_region *r = &b->regions[i];

		if (addr >= r->base && addr - r->base < r->size)
			return r;
	}
	return NULL;
}

void bus_set_enabled(struct bus *b, struct bus_region *r, bool enabled)
{
	if (r->enabled == enabled)
		return;
	r->enabled = enabled;
	for (unsigned int i = 0; i < b->nlisteners; i++)
		b->listeners[i](b->listener_ctx[i], r);
}

void bus_add_listener(struct bus *b, bus_listener_fn fn, void *ctx)
{
	if (b->nlisteners < BUS_MAX_LISTENERS) {
		b->listeners[b->nlisteners] = fn;
		b->listener_ctx[b->nlisteners++] = ctx;
	}
}

void bus_add_write_listener(struct bus *b, bus_write_listener_fn fn, void *ctx)
{
	if (b->nwlisteners < BUS_MAX_LISTENERS) {
		b->wlisteners[b->nwlisteners] = fn;
		b->wlistener_ctx[b->nwlisteners++] = ctx;
	}
}

void bus_notify_write(struct bus *b, uint32_t addr, uint32_t len)
{
	for (unsigned int i = 0; i < b->nwlisteners; i++)
		b->wlisteners[i](b->wlistener_ctx[i], addr, len);
}

static uint32_t mem_load(const uint8_t *p, unsigned int size)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < size; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static void mem_store(uint8_t *p, unsigned int size, uint32_t v)
{
	for (unsigned int i = 0; i < size; i++)
		p[i] = v >> (8 * i);
}

static bool in_stall_window(struct bus *b, uint32_t addr)
{
	uint64_t now = b->clk ? b->clk->now : 0;

	if (!b->stall_size || addr < b->stall_base || addr - b->stall_base >= b->stall_size)
		return false;
	return now >= b->stall_from && now < b->stall_until;
}

int bus_access(struct bus *b, struct bus_access *a)
{
	struct bus_region *r;
	uint32_t off;
	int ret;

	a->stall_ns = 0;
	if ((a->size != 1 && a->size != 2 && a->size != 4) || (a->addr & (a->size - 1)))
		return BUS_ERROR;
	r = bus_find(b, a->addr);
	if (!r)
		return BUS_ERROR;
	if (!r->enabled) {
		if (!(r->flags & BUS_REGION_OFF_RAZWI))
			return BUS_ERROR;
		a->data = 0;
		return BUS_OK;
	}
	if (in_stall_window(b, a->addr))
		return BUS_HANG;
	off = a->addr - r->base;
	if (off + a->size > r->size)
		return BUS_ERROR;

	if (a->write) {
		if (a->master == BUS_MASTER_AHBAP || a->master == BUS_MASTER_APBAP)
			b->debug_writes++;
		if (r->ops && r->ops->write)
			ret = r->ops->write(r->ctx, off, a);
		else if (r->mem && !(r->flags & BUS_REGION_RO)) {
			mem_store(r->mem + off, a->size, a->data);
			ret = BUS_OK;
			if (a->master != BUS_MASTER_CPU)
				bus_notify_write(b, a->addr, a->size);
		} else
			ret = BUS_ERROR;
	} else {
		if (r->ops && r->ops->read)
			ret = r->ops->read(r->ctx, off, a);
		else if (r->mem) {
			a->data = mem_load(r->mem + off, a->size);
			ret = BUS_OK;
		} else
			ret = BUS_ERROR;
	}
	if (b->slow_size && a->addr >= b->slow_base && a->addr - b->slow_base < b->slow_size)
		a->stall_ns += b->slow_ns;
	if (b->clk)
		vclock_apply_skip(b->clk);
	return ret;
}

int bus_read32(struct bus *b, uint32_t addr, uint32_t *val)
{
	struct bus_access a = { .addr = addr, .size = 4, .master = BUS_MASTER_BOARD,
		.privileged = true };
	int ret = bus_access(b, &a);

	*val = a.data;
	return ret;
}

int bus_write32(struct bus *b, uint32_t addr, uint32_t val)
{
	struct bus_access a = { .addr = addr, .size = 4, .write = true, .data = val,
		.master = BUS_MASTER_BOARD, .privileged = true };

	return bus_access(b, &a);
}
