// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The probe firmware models the board can serve (proto/probe_fw.h).  Each
 * probe folder provides one struct probe_fw_ops; list it here.
 */
#include "proto/probe_fw.h"
#include "common/util.h"
#include "vstlink/fw/stlink_fw.h"
#include "vcmsisdap/fw/cmsisdap.h"

#include <stddef.h>

static const struct probe_fw_ops *const probe_fw_models[] = {
	&stlink_v3e_fw_ops,
	&cmsisdap_fw_ops,
	&cmsisdap_hs_fw_ops,
};

const struct probe_fw_ops *probe_fw_find(uint32_t kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(probe_fw_models); i++)
		if (probe_fw_models[i] && probe_fw_models[i]->kind == kind)
			return probe_fw_models[i];
	return NULL;
}
