// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Virtual J-Link: library context, logging, library version information.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vjlink/vjlink.h"

/* Version of libjaylink whose ABI this library provides. */
#define VJLINK_PKG_MAJOR	0
#define VJLINK_PKG_MINOR	3
#define VJLINK_PKG_MICRO	1
#define VJLINK_PKG_STRING	"0.3.1"
#define VJLINK_LIB_CURRENT	2
#define VJLINK_LIB_REVISION	0
#define VJLINK_LIB_AGE		2
#define VJLINK_LIB_STRING	"2:0:2"

/* ---- context ----------------------------------------------------------------- */

JAYLINK_API int jaylink_init(struct jaylink_context **ctx)
{
	struct jaylink_context *c;

	if (!ctx)
		return JAYLINK_ERR_ARG;
	c = calloc(1, sizeof(*c));
	if (!c)
		return JAYLINK_ERR_MALLOC;
	c->log_level = JAYLINK_LOG_LEVEL_WARNING;
	strcpy(c->log_domain, JAYLINK_LOG_DOMAIN_DEFAULT);
	*ctx = c;
	return JAYLINK_OK;
}

JAYLINK_API int jaylink_exit(struct jaylink_context *ctx)
{
	size_t i;

	if (!ctx)
		return JAYLINK_ERR_ARG;
	for (i = 0; i < ctx->num_devs; i++)
		jaylink_unref_device(ctx->devs[i]);
	free(ctx->devs);
	free(ctx);
	return JAYLINK_OK;
}

JAYLINK_API bool jaylink_library_has_cap(enum jaylink_capability cap)
{
	return cap == JAYLINK_CAP_HIF_USB;
}

/* ---- logging ----------------------------------------------------------------- */

static int vjlink_log_to_stderr(const struct jaylink_context *ctx,
		enum jaylink_log_level level, const char *fmt, va_list args,
		void *user_data)
{
	int n;

	n = fprintf(stderr, "%s", ctx ? ctx->log_domain : JAYLINK_LOG_DOMAIN_DEFAULT);
	n += vfprintf(stderr, fmt, args);
	n += fprintf(stderr, "\n");
	return n;
}

void vjlink_log(const struct jaylink_context *ctx, enum jaylink_log_level level,
		const char *fmt, ...)
{
	va_list args;
	enum jaylink_log_level threshold;

	threshold = ctx ? ctx->log_level : JAYLINK_LOG_LEVEL_WARNING;
	if (level > threshold)
		return;
	va_start(args, fmt);
	if (ctx && ctx->log_callback)
		ctx->log_callback(ctx, level, fmt, args, ctx->log_user_data);
	else
		vjlink_log_to_stderr(ctx, level, fmt, args, NULL);
	va_end(args);
}

JAYLINK_API int jaylink_log_set_level(struct jaylink_context *ctx,
		enum jaylink_log_level level)
{
	if (!ctx || level > JAYLINK_LOG_LEVEL_DEBUG_IO)
		return JAYLINK_ERR_ARG;
	ctx->log_level = level;
	return JAYLINK_OK;
}

JAYLINK_API int jaylink_log_get_level(const struct jaylink_context *ctx,
		enum jaylink_log_level *level)
{
	if (!ctx || !level)
		return JAYLINK_ERR_ARG;
	*level = ctx->log_level;
	return JAYLINK_OK;
}

/* A NULL callback restores the built-in one (stderr). */
JAYLINK_API int jaylink_log_set_callback(struct jaylink_context *ctx,
		jaylink_log_callback callback, void *user_data)
{
	if (!ctx)
		return JAYLINK_ERR_ARG;
	ctx->log_callback = callback;
	ctx->log_user_data = callback ? user_data : NULL;
	return JAYLINK_OK;
}

JAYLINK_API int jaylink_log_set_domain(struct jaylink_context *ctx,
		const char *domain)
{
	if (!ctx || !domain || strlen(domain) > JAYLINK_LOG_DOMAIN_MAX_LENGTH)
		return JAYLINK_ERR_ARG;
	strcpy(ctx->log_domain, domain);
	return JAYLINK_OK;
}

JAYLINK_API const char *jaylink_log_get_domain(const struct jaylink_context *ctx)
{
	return ctx ? ctx->log_domain : NULL;
}

/* ---- version ----------------------------------------------------------------- */

JAYLINK_API int jaylink_version_package_get_major(void)
{
	return VJLINK_PKG_MAJOR;
}

JAYLINK_API int jaylink_version_package_get_minor(void)
{
	return VJLINK_PKG_MINOR;
}

JAYLINK_API int jaylink_version_package_get_micro(void)
{
	return VJLINK_PKG_MICRO;
}

JAYLINK_API const char *jaylink_version_package_get_string(void)
{
	return VJLINK_PKG_STRING;
}

JAYLINK_API int jaylink_version_library_get_current(void)
{
	return VJLINK_LIB_CURRENT;
}

JAYLINK_API int jaylink_version_library_get_revision(void)
{
	return VJLINK_LIB_REVISION;
}

JAYLINK_API int jaylink_version_library_get_age(void)
{
	return VJLINK_LIB_AGE;
}

JAYLINK_API const char *jaylink_version_library_get_string(void)
{
	return VJLINK_LIB_STRING;
}
