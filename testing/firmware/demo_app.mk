# SPDX-License-Identifier: GPL-2.0-or-later
#
# demo_app.elf (included by the firmware Makefile): sections in internal
# flash bank 1 and bank 2 and in the QSPI flash, with generated data.  The
# expected images for tests, cut from the ELF with objcopy:
#   demo_app_bank1.bin  at 0x08000000     demo_app_bank2.bin  at 0x08100000
#   demo_app_qspi.bin   at 0x90000000 (gaps 0xFF, as erased flash)

DEMO_GEN := $(OUT)/demo_data
DEMO_DATA := $(DEMO_GEN)/demo_bank2.bin $(DEMO_GEN)/demo_qspi_data.bin \
	$(DEMO_GEN)/demo_qspi_misc.bin
DEMO_OUTS := $(OUT)/demo_app.elf $(OUT)/demo_app_bank1.bin $(OUT)/demo_app_bank2.bin \
	$(OUT)/demo_app_qspi.bin

.PHONY: demo_app
demo_app: $(DEMO_OUTS)

$(DEMO_DATA) &: demo_app_data.py
	@mkdir -p $(DEMO_GEN)
	python3 demo_app_data.py $(DEMO_GEN)

$(OBJDIR)/demo_app/demo_app.o: demo_app.c demo_app.mk | toolchain
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_CFLAGS) -c $< -o $@

$(OBJDIR)/demo_app/demo_app_data.o: demo_app_data.S $(DEMO_DATA) demo_app.mk | toolchain
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_ASFLAGS) -I$(DEMO_GEN) -c $< -o $@

$(OUT)/demo_app.elf: $(OBJDIR)/demo_app/demo_app.o $(OBJDIR)/demo_app/demo_app_data.o demo_app.ld
	$(FW_CC) $(FW_ARCH) -nostdlib -nostartfiles -T demo_app.ld -Wl,--no-warn-rwx-segments \
		-Wl,-Map=$(OUT)/demo_app.map -o $@ $(filter %.o,$^)

$(OUT)/demo_app_bank1.bin: $(OUT)/demo_app.elf check_image.sh
	$(FW_OBJCOPY) -O binary -j .isr_vector -j .text $< $@
	@sh check_image.sh vectors $@

$(OUT)/demo_app_bank2.bin: $(OUT)/demo_app.elf
	$(FW_OBJCOPY) -O binary -j .bank2 $< $@

$(OUT)/demo_app_qspi.bin: $(OUT)/demo_app.elf
	$(FW_OBJCOPY) -O binary --gap-fill 0xff -j .qspi_data -j .qspi_misc $< $@
