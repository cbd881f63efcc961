# SPDX-License-Identifier: GPL-2.0-or-later
#
# plugin_w25q.elf (included by the firmware Makefile): a FLASH plugin for
# the W25Q01JV on the QUADSPI, the ELF kind VisualGDB projects name in
# "flash bank ... plugin ...".  Linked for AXI SRAM, no section in flash, so
# no .bin.  Two broken copies for tests:
#   plugin_w25q_erasefail.elf  FLASHPlugin_EraseSectors always returns -7
#   plugin_w25q_nounload.elf   FLASHPlugin_Unload's symbol stripped
# and one that only writes synchronously:
#   plugin_w25q_sync.elf       FLASHPlugin_ProgramAsync's symbol stripped

PLUGIN_SRCS := plugin_w25q.c fw_qspi.c fw_board.c
PLUGIN_OUTS := $(OUT)/plugin_w25q.elf $(OUT)/plugin_w25q_erasefail.elf \
	$(OUT)/plugin_w25q_nounload.elf $(OUT)/plugin_w25q_sync.elf

.PHONY: plugin_w25q
plugin_w25q: $(PLUGIN_OUTS)

# $(1): image name, $(2): extra compiler flags
define plugin_rules
$(OBJDIR)/$(1)/%.o: %.c plugin_w25q.mk Makefile | toolchain
	@mkdir -p $$(dir $$@)
	$(FW_CC) $(FW_CFLAGS) -DFW_VARIANT_plugin_w25q $(2) -c $$< -o $$@

$(OUT)/$(1).elf: $(PLUGIN_SRCS:%.c=$(OBJDIR)/$(1)/%.o) plugin_w25q.ld
	$(FW_CC) $(FW_ARCH) -nostdlib -nostartfiles -T plugin_w25q.ld \
		-Wl,--no-warn-rwx-segments -Wl,-Map=$(OUT)/$(1).map -o $$@ \
		$(PLUGIN_SRCS:%.c=$(OBJDIR)/$(1)/%.o) $(FW_LIBS)

-include $(PLUGIN_SRCS:%.c=$(OBJDIR)/$(1)/%.d)
endef
$(eval $(call plugin_rules,plugin_w25q,))
$(eval $(call plugin_rules,plugin_w25q_erasefail,-DPLUGIN_W25Q_ERASE_FAILS))

$(OUT)/plugin_w25q_nounload.elf: $(OUT)/plugin_w25q.elf
	$(FW_OBJCOPY) --strip-symbol=FLASHPlugin_Unload $< $@

$(OUT)/plugin_w25q_sync.elf: $(OUT)/plugin_w25q.elf
	$(FW_OBJCOPY) --strip-symbol=FLASHPlugin_ProgramAsync $< $@
