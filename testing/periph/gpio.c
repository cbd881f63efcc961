// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * GPIOA-K (0x58020000 + 0x400 * n).  Layout and reset values:
 * [REF stm32h753.md 6.2] (stm32-rs corrected values).
 */

#include "periph_priv.h"

#define G_MODER		0x00
#define G_OTYPER	0x04
#define G_OSPEEDR	0x08
#define G_PUPDR		0x0C
#define G_IDR		0x10
#define G_ODR		0x14
#define G_BSRR		0x18
#define G_LCKR		0x1C
#define G_AFRL		0x20
#define G_AFRH		0x24
#define LCKK		(1u << 16)

void gpio_reset_port(struct periph *p, unsigned int n)
{
	struct gpio_port *g = &p->gpio[n];

	*g = (struct gpio_port){ 0 };
	if (n == 0) {
		g->moder = 0xABFFFFFF;
		g->ospeedr = 0x0C000000;
		g->pupdr = 0x64000000;
	} else if (n == 1) {
		g->moder = 0xFFFFFEBF;
		g->ospeedr = 0x000000C0;
		g->pupdr = 0x00000100;
	} else {
		g->moder = 0xFFFFFFFF;
	}
}

/*
 * Input data: output pins read their ODR bit (push-pull, and open-drain too:
 * nothing external pulls the line); input and AF pins read their pull
 * (up 1, down 0, none cfg.gpio_float_level); analog pins read 0 (the input
 * Schmitt trigger is off in analog mode).  Nothing outside drives a pin.
 */
static uint32_t gpio_idr(const struct periph *p, const struct gpio_port *g)
{
	uint32_t idr = 0;

	for (unsigned int i = 0; i < 16; i++) {
		unsigned int mode = (g->moder >> (2 * i)) & 3;
		unsigned int pull = (g->pupdr >> (2 * i)) & 3;
		unsigned int level;

		if (mode == 1)
			level = (g->odr >> i) & 1;
		else if (mode == 3)
			level = 0;
		else if (pull == 1)
			level = 1;
		else if (pull == 2)
			level = 0;
		else
			level = p->cfg.gpio_float_level & 1;
		idr |= level << i;
	}
	return idr;
}

/* Masks of the bits that belong to locked pins, per field width. */
static uint32_t locked_mask(const struct gpio_port *g, unsigned int width, unsigned int first)
{
	uint32_t m = 0;

	if (!(g->lckr & LCKK))
		return 0;
	for (unsigned int i = 0; i < 32 / width; i++)
		if (g->lckr & (1u << (first + i)))
			m |= ((1u << width) - 1) << (i * width);
	return m;
}

static void lock_sequence(struct gpio_port *g, uint32_t v)
{
	uint32_t lck = v & 0xFFFF;
	bool k = v & LCKK;

	if (g->lckr & LCKK)
		return;			/* locked until reset */
	switch (g->lock_step) {
	case 1:
		g->lock_step = (!k && lck == g->lock_val) ? 2 : 0;
		break;
	case 2:
		if (k && lck == g->lock_val) {
			g->lckr = LCKK | lck;	/* active after the third write */
			g->lock_step = 0;
			return;
		}
		g->lock_step = 0;
		break;
	default:
		g->lock_step = 0;
		break;
	}
	if (g->lock_step == 0 && k) {
		g->lock_step = 1;
		g->lock_val = lck;
	}
	g->lckr = lck;
}

static uint32_t gpio_read32(struct periph *p, struct gpio_port *g, uint32_t off)
{
	switch (off) {
	case G_MODER:
		return g->moder;
	case G_OTYPER:
		return g->otyper;
	case G_OSPEEDR:
		return g->ospeedr;
	case G_PUPDR:
		return g->pupdr;
	case G_IDR:
		return gpio_idr(p, g);
	case G_ODR:
		return g->odr;
	case G_LCKR:
		return g->lckr;
	case G_AFRL:
		return g->afr[0];
	case G_AFRH:
		return g->afr[1];
	default:
		return 0;		/* BSRR and reserved */
	}
}

static void field_write(uint32_t *r, uint32_t val, uint32_t mask, uint32_t locked)
{
	*r = upd(*r, val, mask & ~locked);
}

static void gpio_write32(struct gpio_port *g, uint32_t off, uint32_t val, uint32_t mask)
{
	switch (off) {
	case G_MODER:
		field_write(&g->moder, val, mask, locked_mask(g, 2, 0));
		break;
	case G_OTYPER:
		field_write(&g->otyper, val, mask & 0xFFFF, locked_mask(g, 1, 0));
		break;
	case G_OSPEEDR:
		field_write(&g->ospeedr, val, mask, locked_mask(g, 2, 0));
		break;
	case G_PUPDR:
		field_write(&g->pupdr, val, mask, locked_mask(g, 2, 0));
		break;
	case G_ODR:
		g->odr = upd(g->odr, val, mask & 0xFFFF);
		break;
	case G_BSRR:
		val &= mask;
		g->odr = (g->odr & ~(val >> 16)) | (val & 0xFFFF);	/* set wins */
		break;
	case G_LCKR:
		if (mask == 0xFFFFFFFF || (mask & LCKK))
			lock_sequence(g, upd(g->lckr, val, mask));
		break;
	case G_AFRL:
		field_write(&g->afr[0], val, mask, locked_mask(g, 4, 0));
		break;
	case G_AFRH:
		field_write(&g->afr[1], val, mask, locked_mask(g, 4, 8));
		break;
	default:
		break;
	}
}

static int gpio_read(void *ctx, uint32_t off, struct bus_access *a)
{
	struct gpio_ctx *c = ctx;

	a->data = lane_extract(gpio_read32(c->p, &c->p->gpio[c->n], off & ~3u), a, off);
	return BUS_OK;
}

static int gpio_write(void *ctx, uint32_t off, struct bus_access *a)
{
	struct gpio_ctx *c = ctx;

	gpio_write32(&c->p->gpio[c->n], off & ~3u, lane_value(a, off), lane_mask(a, off));
	return BUS_OK;
}

const struct bus_dev_ops gpio_ops = { .read = gpio_read, .write = gpio_write };

int periph_gpio_af(const struct periph *p, char port, unsigned int pin)
{
	unsigned int n;
	const struct gpio_port *g;

	if (port >= 'a' && port <= 'k')
		port -= 'a' - 'A';
	if (port < 'A' || port > 'K' || pin > 15)
		return -1;
	n = port - 'A';
	if (!rcc_clk_on(p, PERIPH_CLK_GPIOA + n))
		return -1;
	g = &p->gpio[n];
	if (((g->moder >> (2 * pin)) & 3) != 2)
		return -1;
	return (g->afr[pin / 8] >> (4 * (pin % 8))) & 0xF;
}
