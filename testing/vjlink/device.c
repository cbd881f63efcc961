// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Virtual J-Link: discovery, device objects, open/close.
 *
 * Discovery connects to the board, exchanges VBP_HELLO to learn the serial
 * number and disconnects again; jaylink_open() makes the connection that
 * carries the session.  No board -> no device (and a message saying why).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vjlink/vjlink.h"

/* ---- device objects ------------------------------------------------------------ */

static struct jaylink_device *vjlink_device_new(struct jaylink_context *ctx,
		const struct vbp_hello_resp *hello)
{
	struct jaylink_device *dev = calloc(1, sizeof(*dev));

	if (!dev)
		return NULL;
	dev->ctx = ctx;
	dev->refcnt = 1;
	dev->serial = hello->serial;
	snprintf(dev->product, sizeof(dev->product), "%s", hello->product);
	return dev;
}

JAYLINK_API struct jaylink_device *jaylink_ref_device(struct jaylink_device *dev)
{
	if (!dev)
		return NULL;
	dev->refcnt++;
	return dev;
}

JAYLINK_API void jaylink_unref_device(struct jaylink_device *dev)
{
	if (!dev || !dev->refcnt)
		return;
	if (--dev->refcnt == 0)
		free(dev);
}

static void vjlink_forget_devices(struct jaylink_context *ctx)
{
	size_t i;

	for (i = 0; i < ctx->num_devs; i++)
		jaylink_unref_device(ctx->devs[i]);
	free(ctx->devs);
	ctx->devs = NULL;
	ctx->num_devs = 0;
}

/* ---- discovery ------------------------------------------------------------------- */

static int vjlink_probe_board(struct jaylink_context *ctx)
{
	struct vjlink_link link = { .fd = -1 };
	struct vbp_hello_resp hello;
	struct jaylink_device *dev;

	if (vjlink_link_open(ctx, &link, &hello) != JAYLINK_OK)
		return JAYLINK_OK;	/* no board: no device, already logged */
	vjlink_link_close(&link);
	dev = vjlink_device_new(ctx, &hello);
	ctx->devs = calloc(1, sizeof(*ctx->devs));
	if (!dev || !ctx->devs) {
		free(dev);
		free(ctx->devs);
		ctx->devs = NULL;
		return JAYLINK_ERR_MALLOC;
	}
	ctx->devs[0] = dev;
	ctx->num_devs = 1;
	vjlink_dbg(ctx, "vjlink: found virtual J-Link S/N %u (%s)", dev->serial,
		dev->product);
	return JAYLINK_OK;
}

/* ifaces == 0 means every host interface, as for the real library. */
JAYLINK_API int jaylink_discovery_scan(struct jaylink_context *ctx, uint32_t ifaces)
{
	if (!ctx)
		return JAYLINK_ERR_ARG;
	if (!ifaces)
		ifaces = JAYLINK_HIF_USB | JAYLINK_HIF_TCP;
	if (ifaces & ~(uint32_t)(JAYLINK_HIF_USB | JAYLINK_HIF_TCP))
		return JAYLINK_ERR_ARG;
	vjlink_forget_devices(ctx);
	if (!(ifaces & JAYLINK_HIF_USB))
		return JAYLINK_OK;	/* the virtual probe is a USB device only */
	return vjlink_probe_board(ctx);
}

/* NULL-terminated array, each entry referenced once for the caller. */
JAYLINK_API int jaylink_get_devices(struct jaylink_context *ctx,
		struct jaylink_device ***devs, size_t *count)
{
	struct jaylink_device **list;
	size_t i;

	if (!ctx || !devs)
		return JAYLINK_ERR_ARG;
	list = calloc(ctx->num_devs + 1, sizeof(*list));
	if (!list)
		return JAYLINK_ERR_MALLOC;
	for (i = 0; i < ctx->num_devs; i++)
		list[i] = jaylink_ref_device(ctx->devs[i]);
	*devs = list;
	if (count)
		*count = ctx->num_devs;
	return JAYLINK_OK;
}

JAYLINK_API void jaylink_free_devices(struct jaylink_device **devs, bool unref)
{
	size_t i;

	if (!devs)
		return;
	if (unref)
		for (i = 0; devs[i]; i++)
			jaylink_unref_device(devs[i]);
	free(devs);
}

/* ---- device properties --------------------------------------------------------- */

JAYLINK_API int jaylink_device_get_host_interface(const struct jaylink_device *dev,
		enum jaylink_host_interface *iface)
{
	if (!dev || !iface)
		return JAYLINK_ERR_ARG;
	*iface = JAYLINK_HIF_USB;
	return JAYLINK_OK;
}

JAYLINK_API int jaylink_device_get_serial_number(const struct jaylink_device *dev,
		uint32_t *serial_number)
{
	if (!dev || !serial_number)
		return JAYLINK_ERR_ARG;
	*serial_number = dev->serial;
	return JAYLINK_OK;
}

JAYLINK_API int jaylink_device_get_usb_address(const struct jaylink_device *dev,
		enum jaylink_usb_address *address)
{
	if (!dev || !address)
		return JAYLINK_ERR_ARG;
	*address = JAYLINK_USB_ADDRESS_0;
	return JAYLINK_OK;
}

/* The caller frees *ports. */
JAYLINK_API int jaylink_device_get_usb_bus_ports(const struct jaylink_device *dev,
		uint8_t *bus, uint8_t **ports, size_t *length)
{
	if (!dev || !bus || !ports || !length)
		return JAYLINK_ERR_ARG;
	*ports = malloc(1);
	if (!*ports)
		return JAYLINK_ERR_MALLOC;
	(*ports)[0] = VJLINK_USB_PORT;
	*bus = VJLINK_USB_BUS;
	*length = 1;
	return JAYLINK_OK;
}

/* Network properties exist only for TCP/IP devices. */
JAYLINK_API int jaylink_device_get_ipv4_address(const struct jaylink_device *dev,
		char *address)
{
	if (!dev || !address)
		return JAYLINK_ERR_ARG;
	return JAYLINK_ERR_NOT_SUPPORTED;
}

JAYLINK_API int jaylink_device_get_mac_address(const struct jaylink_device *dev,
		uint8_t *address)
{
	if (!dev || !address)
		return JAYLINK_ERR_ARG;
	return JAYLINK_ERR_NOT_SUPPORTED;
}

/* Known without opening only for devices found over TCP/IP. */
JAYLINK_API int jaylink_device_get_hardware_version(const struct jaylink_device *dev,
		struct jaylink_hardware_version *version)
{
	if (!dev || !version)
		return JAYLINK_ERR_ARG;
	return JAYLINK_ERR_NOT_SUPPORTED;
}

JAYLINK_API int jaylink_device_get_product_name(const struct jaylink_device *dev,
		char *name)
{
	if (!dev || !name)
		return JAYLINK_ERR_ARG;
	return JAYLINK_ERR_NOT_SUPPORTED;
}

JAYLINK_API int jaylink_device_get_nickname(const struct jaylink_device *dev,
		char *nickname)
{
	if (!dev || !nickname)
		return JAYLINK_ERR_ARG;
	return JAYLINK_ERR_NOT_SUPPORTED;
}

/* ---- open / close ----------------------------------------------------------------- */

JAYLINK_API int jaylink_open(struct jaylink_device *dev,
		struct jaylink_device_handle **devh)
{
	struct jaylink_device_handle *h;
	struct vbp_hello_resp hello;
	int ret;

	if (!dev || !devh)
		return JAYLINK_ERR_ARG;
	h = calloc(1, sizeof(*h));
	if (!h)
		return JAYLINK_ERR_MALLOC;
	h->link.fd = -1;
	ret = vjlink_link_open(dev->ctx, &h->link, &hello);
	if (ret != JAYLINK_OK) {
		free(h);
		return ret;
	}
	if (hello.serial != dev->serial)
		vjlink_warn(dev->ctx, "vjlink: board serial changed from %u to %u since "
			"discovery", dev->serial, hello.serial);
	h->dev = jaylink_ref_device(dev);
	h->iface = JAYLINK_TIF_JTAG;	/* probe default after power-up */
	*devh = h;
	return JAYLINK_OK;
}

JAYLINK_API int jaylink_close(struct jaylink_device_handle *devh)
{
	if (!devh)
		return JAYLINK_ERR_ARG;
	vjlink_link_close(&devh->link);
	jaylink_unref_device(devh->dev);
	free(devh);
	return JAYLINK_OK;
}

JAYLINK_API struct jaylink_device *jaylink_get_device(struct jaylink_device_handle *devh)
{
	return devh ? devh->dev : NULL;
}
