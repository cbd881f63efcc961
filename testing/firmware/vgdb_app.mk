# SPDX-License-Identifier: GPL-2.0-or-later
#
# vgdb_app.elf, the firmware of the VisualGDB session test
# (testing/tests/visualgdb/): sections in internal flash bank 1 and bank 2
# and in the QSPI flash, one across the W25Q01JV's die boundary.
# Standalone:
#   make -C testing/firmware -f vgdb_app.mk BUILD=<abs dir>
# writes $(BUILD)/testing/firmware/vgdb_app.elf.

BUILD ?= $(abspath ../../build)
VGDB_OUT := $(BUILD)/testing/firmware
VGDB_OBJ := $(VGDB_OUT)/obj/vgdb_app
VGDB_GEN := $(VGDB_OUT)/vgdb_data
VGDB_DATA := $(VGDB_GEN)/vgdb_bank2.bin $(VGDB_GEN)/vgdb_qspi_head.bin \
	$(VGDB_GEN)/vgdb_qspi_dies.bin

CROSS ?= arm-none-eabi-
VGDB_CC := $(CROSS)gcc
VGDB_ARCH := -mcpu=cortex-m7 -mthumb -mfloat-abi=soft
VGDB_CFLAGS := $(VGDB_ARCH) -std=gnu11 -O2 -g -ffreestanding -fno-common -Wall \
	-Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror

.PHONY: vgdb_app
vgdb_app: $(VGDB_OUT)/vgdb_app.elf

$(VGDB_DATA) &: vgdb_app_data.py demo_app_data.py
	@mkdir -p $(VGDB_GEN)
	python3 vgdb_app_data.py $(VGDB_GEN)

$(VGDB_OBJ)/vgdb_app.o: vgdb_app.c vgdb_app.mk
	@command -v $(VGDB_CC) >/dev/null 2>&1 || { \
		echo "vgdb_app: $(VGDB_CC) not found; install gcc-arm-none-eabi" >&2; exit 1; }
	@mkdir -p $(dir $@)
	$(VGDB_CC) $(VGDB_CFLAGS) -c $< -o $@

$(VGDB_OBJ)/vgdb_app_data.o: vgdb_app_data.S $(VGDB_DATA) vgdb_app.mk
	@mkdir -p $(dir $@)
	$(VGDB_CC) $(VGDB_ARCH) -g -I$(VGDB_GEN) -c $< -o $@

$(VGDB_OUT)/vgdb_app.elf: $(VGDB_OBJ)/vgdb_app.o $(VGDB_OBJ)/vgdb_app_data.o vgdb_app.ld
	$(VGDB_CC) $(VGDB_ARCH) -nostdlib -nostartfiles -T vgdb_app.ld \
		-Wl,--no-warn-rwx-segments -Wl,-Map=$(VGDB_OUT)/vgdb_app.map -o $@ \
		$(filter %.o,$^) -lgcc
