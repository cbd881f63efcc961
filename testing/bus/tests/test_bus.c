// SPDX-License-Identifier: GPL-2.0-or-later
#include "bus/bus.h"
#include "common/vclock.h"
#include "common/unit.h"

static uint32_t last_write;

static int dev_read(void *ctx, uint32_t off, struct bus_access *a)
{
	a->data = 0x1000 + off;
	a->stall_ns = 50;
	return BUS_OK;
}

static int dev_write(void *ctx, uint32_t off, struct bus_access *a)
{
	last_write = a->data;
	return BUS_OK;
}

static const struct bus_dev_ops dev_ops = { dev_read, dev_write };

int main(void)
{
	struct vclock c;
	struct bus b;
	uint8_t ram[16] = { 0 }, rom[16] = { 1, 2, 3, 4 };
	struct bus_region *dev, *rr;
	uint32_t v;

	vclock_init(&c);
	bus_init(&b, "sys", &c);
	UNIT_CASE("bus: regions decode, overlap refused");
	UNIT_CHECK(bus_add_region(&b, "ram", 0x1000, 16, ram, NULL, NULL, 0), "ram");
	rr = bus_add_region(&b, "rom", 0x2000, 16, rom, NULL, NULL, BUS_REGION_RO);
	UNIT_CHECK(rr, "rom");
	dev = bus_add_region(&b, "dev", 0x3000, 0x100, NULL, &dev_ops, NULL, BUS_REGION_OFF_RAZWI);
	UNIT_CHECK(dev, "dev");
	UNIT_CHECK(!bus_add_region(&b, "bad", 0x100f, 4, ram, NULL, NULL, 0), "overlap accepted");
	UNIT_END_CASE();

	UNIT_CASE("bus: memory, read-only, device, unmapped, unaligned");
	UNIT_CHECK(bus_write32(&b, 0x1004, 0xdeadbeef) == BUS_OK, "ram write");
	UNIT_CHECK(ram[4] == 0xef && ram[7] == 0xde, "little endian");
	UNIT_CHECK(bus_read32(&b, 0x2000, &v) == BUS_OK && v == 0x04030201, "rom read %08x", v);
	UNIT_CHECK(bus_write32(&b, 0x2000, 0) == BUS_ERROR, "rom write must fault");
	UNIT_CHECK(bus_read32(&b, 0x3008, &v) == BUS_OK && v == 0x1008, "dev read");
	UNIT_CHECK(bus_write32(&b, 0x3008, 77) == BUS_OK && last_write == 77, "dev write");
	UNIT_CHECK(bus_read32(&b, 0x5000, &v) == BUS_ERROR, "unmapped must fault");
	UNIT_CHECK(bus_read32(&b, 0x1002, &v) == BUS_ERROR, "unaligned must fault");
	UNIT_END_CASE();

	UNIT_CASE("bus: disabled regions fault or read as zero");
	bus_set_enabled(&b, dev, false);
	UNIT_CHECK(bus_read32(&b, 0x3008, &v) == BUS_OK && v == 0, "razwi read %08x", v);
	bus_set_enabled(&b, rr, false);
	UNIT_CHECK(bus_read32(&b, 0x2000, &v) == BUS_ERROR, "disabled memory must fault");
	UNIT_END_CASE();

	UNIT_CASE("bus: stall window hangs accesses only inside its time window");
	b.stall_base = 0x1000;
	b.stall_size = 16;
	b.stall_from = 100;
	b.stall_until = 200;
	UNIT_CHECK(bus_read32(&b, 0x1004, &v) == BUS_OK, "before window");
	c.now = 150;
	UNIT_CHECK(bus_read32(&b, 0x1004, &v) == BUS_HANG, "inside window");
	c.now = 200;
	UNIT_CHECK(bus_read32(&b, 0x1004, &v) == BUS_OK, "after window");
	UNIT_END_CASE();
	UNIT_SUMMARY();
}
