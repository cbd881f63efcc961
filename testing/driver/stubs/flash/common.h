/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host stand-in for OpenOCD's flash/common.h: the error codes (same values). */
#ifndef VB_STUB_FLASH_COMMON_H
#define VB_STUB_FLASH_COMMON_H

#include <helper/log.h>

#define ERROR_FLASH_OPERATION_FAILED	(-902)
#define ERROR_FLASH_BANK_NOT_PROBED	(-907)
#define ERROR_FLASH_OPER_UNSUPPORTED	(-908)
#define ERROR_FLASH_PROTECTED		(-909)

#endif
