# SPDX-License-Identifier: GPL-2.0-or-later
#
# openocd-qspi-h7: upstream OpenOCD 0.12.0 + our overlay and patches, and the
# virtual board that proves it.
#
#   make            install missing Debian packages (as root), fetch and verify
#                   upstream, build OpenOCD into build/ and the virtual board
#   make demo       build, then the main job on the virtual board
#   make check      build, then the whole test suite ("N passed, M failed"),
#                   the real-time tests included
#   make check-slow build, then only the real-time tests (testing/tests/realtime:
#                   OpenOCD's own wall-clock timeouts, a few minutes)
#   make check-harsh build, then the QSPI and internal-flash suites on a harsher
#                   board (maximum flash times, other draws, smallest J-Link
#                   memory)
#   make check-asan our OpenOCD built with ASan and UBSan (build/asan/), then
#                   the QSPI, J-Link, bad-input, fast, silicon and VisualGDB
#                   suites with it
#   make campaign   build, then the seeded fault campaign (CASES=200 FIRST=1
#                   JOBS=1; testing/campaign/README.md)
#   make windows    cross-build openocd.exe and its libraries with mingw-w64 and
#                   write build/dist/openocd-qspi-h7-<VERSION>-win64.zip
#                   (reproducible: a second packing must be identical)
#   make check-windows  make windows, then the tests under Wine
#                   (testing/tests/windows: version, scripts, adapters, VisualGDB
#                   session and program through a Windows virtual J-Link)
#   make deb        build/dist/openocd-qspi-h7_<VERSION>_amd64.deb
#   make check-deb  make deb, then install it (dpkg -i, as root), run the main
#                   job with the installed binary, remove it (testing/tests/deb)
#   make install [PREFIX=/usr/local] [DESTDIR=]
#                   install as PREFIX/bin/openocd-qspi-h7 with its own scripts
#                   in PREFIX/share/openocd-qspi-h7 (no clash with openocd)
#   make clean      remove what the build compiled (keeps the unpacked upstream
#                   tree and the configure results)
#   make distclean  remove build/ entirely (the cached tarball stays)
#   make patch P=patches/NNNN-name.patch [FILES="src/..."]
#                   regenerate a patch from files edited in build/openocd-src

TOP := $(CURDIR)
BUILD := $(TOP)/build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

OPENOCD_SRC := $(BUILD)/openocd-src
OPENOCD_OBJ := $(BUILD)/openocd-build
OPENOCD_BIN := $(BUILD)/bin/openocd

# Adapters: everything Debian's libusb, hidapi and libjaylink allow is built by
# configure's auto-detection; the ones we promise are requested explicitly so
# a missing library fails the build instead of silently dropping them.
CONFIGURE_FLAGS := --prefix=$(BUILD) \
	--disable-internal-jimtcl --disable-internal-libjaylink \
	--enable-jlink --enable-stlink --enable-cmsis-dap --enable-cmsis-dap-v2 \
	--enable-ftdi --enable-xds110 --enable-nulink --enable-kitprog \
	--enable-remote-bitbang --enable-dummy

OVERLAY_FILES := $(shell find src tcl contrib doc -type f 2>/dev/null)
PATCHES := $(sort $(wildcard patches/*.patch))

STOCK_OPENOCD := $(BUILD)/stock/usr/bin/openocd

.PHONY: all deps openocd board demo check check-slow check-harsh campaign asan check-asan clean distclean patch bench stock loaders loaders-check
.PHONY: windows check-windows deb check-deb install check-all
all: openocd board stock

deps:
	@scripts/deps.sh

# The list of inputs itself: removing a patch or an overlay file must
# rebuild the tree too (a removed prerequisite does not make a target old).
INPUT_LIST := $(shell mkdir -p $(BUILD) && printf '%s\n' $(PATCHES) $(OVERLAY_FILES) \
	> $(BUILD)/.inputs.new && (cmp -s $(BUILD)/.inputs.new $(BUILD)/.inputs || \
	mv $(BUILD)/.inputs.new $(BUILD)/.inputs) && echo $(BUILD)/.inputs)

$(BUILD)/.tree-stamp: scripts/prepare-tree.sh scripts/fetch-upstream.sh VERSION \
		$(OVERLAY_FILES) $(PATCHES) $(INPUT_LIST) | deps
	@mkdir -p $(BUILD)
	scripts/prepare-tree.sh $(TOP) $(BUILD)
	@touch $@

# The configure flags as a file that changes only when they do, so that
# editing other rules of this Makefile does not re-run configure.
FLAGS_FILE := $(shell mkdir -p $(BUILD) && echo '$(CONFIGURE_FLAGS)' > $(BUILD)/.cflags.new && \
	(cmp -s $(BUILD)/.cflags.new $(BUILD)/.cflags || mv $(BUILD)/.cflags.new $(BUILD)/.cflags) && \
	echo $(BUILD)/.cflags)

$(OPENOCD_OBJ)/config.status: $(BUILD)/.tree-stamp $(FLAGS_FILE)
	@mkdir -p $(OPENOCD_OBJ)
	@if [ ! -f $@ ] || [ $(OPENOCD_SRC)/configure -nt $@ ] || \
	    [ $(FLAGS_FILE) -nt $@ ] || ! grep -q -- '--enable-cmsis-dap-v2' $@; then \
		echo "configure: $(CONFIGURE_FLAGS)"; \
		cd $(OPENOCD_OBJ) && $(OPENOCD_SRC)/configure $(CONFIGURE_FLAGS) \
			> configure.log 2>&1 || { tail -40 configure.log; exit 1; }; \
	fi
	@touch $@

openocd: $(OPENOCD_OBJ)/config.status
	$(MAKE) -C $(OPENOCD_OBJ) -j$(JOBS) > $(BUILD)/openocd-make.log 2>&1 || \
		{ grep -E -B2 -A6 'error|Error' $(BUILD)/openocd-make.log | head -60; exit 1; }
	$(MAKE) -C $(OPENOCD_OBJ) install > $(BUILD)/openocd-install.log 2>&1 || \
		{ tail -30 $(BUILD)/openocd-install.log; exit 1; }
	@$(OPENOCD_BIN) --version 2>&1 | head -1

board: | deps
	$(MAKE) -C testing BUILD=$(BUILD) -j$(JOBS)

# Debian's stock openocd 0.12.0-1, unpacked: the baseline of every comparison.
stock: $(STOCK_OPENOCD)
$(STOCK_OPENOCD): scripts/fetch-stock.sh | deps
	scripts/fetch-stock.sh $(BUILD)

# Target algorithms: regenerate the committed .inc files (needs arm-none-eabi-gcc);
# loaders-check fails when a committed .inc does not match its sources.
loaders:
	$(MAKE) -C contrib/loaders/flash/stmqspi_w25q

loaders-check:
	$(MAKE) -C contrib/loaders/flash/stmqspi_w25q check

demo: all
	testing/demo.sh

check: all
	VB_SLOW=1 testing/run-tests

check-slow: all
	VB_SLOW=1 testing/run-tests realtime/

# The QSPI and internal-flash suites again on a harsher board: every flash
# operation at its maximum time (make check runs them drawn between typical
# and maximum), other seeded draws, and the J-Link with the smallest free
# memory published (testing/README.md).
HARSH_ARGS := --seed 5 --probe-class ob --flash-timing max
HARSH_SUITES := stmqspi/ fast/ algo/ silicon/ board/30 boardcfg/20
check-harsh: all
	VB_EXTRA_ARGS="$(HARSH_ARGS)" testing/run-tests $(HARSH_SUITES)

bench: all
	testing/bench/run

# Our OpenOCD built with AddressSanitizer and UndefinedBehaviorSanitizer
# (build/asan/), and the QSPI, J-Link, bad-input and fast suites run with it:
# any sanitizer report aborts OpenOCD, so the test fails.
ASAN_OBJ := $(BUILD)/asan
ASAN_CC_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
ASAN_SUITES ?= stmqspi/ badinput/ jlink/ fast/ silicon/ visualgdb/
asan: openocd
	@mkdir -p $(ASAN_OBJ)
	@if [ ! -f $(ASAN_OBJ)/config.status ] || [ $(OPENOCD_SRC)/configure -nt $(ASAN_OBJ)/config.status ]; then \
		echo "configure (sanitizers): $(ASAN_CC_FLAGS)"; \
		cd $(ASAN_OBJ) && $(OPENOCD_SRC)/configure \
			$(patsubst --prefix=%,--prefix=$(ASAN_OBJ)/install,$(CONFIGURE_FLAGS)) \
			--disable-werror CFLAGS="-O1 -g $(ASAN_CC_FLAGS)" LDFLAGS="$(ASAN_CC_FLAGS)" \
			> configure.log 2>&1 || { tail -40 configure.log; exit 1; }; \
	fi
	$(MAKE) -C $(ASAN_OBJ) -j$(JOBS) > $(ASAN_OBJ)/make.log 2>&1 || \
		{ grep -E -B2 -A6 'error|Error' $(ASAN_OBJ)/make.log | head -60; exit 1; }
	$(MAKE) -C $(ASAN_OBJ) install > $(ASAN_OBJ)/install.log 2>&1 || \
		{ tail -30 $(ASAN_OBJ)/install.log; exit 1; }

check-asan: asan board
	VB_OPENOCD=$(ASAN_OBJ)/install/bin/openocd \
	ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		testing/run-tests $(ASAN_SUITES)

# Seeded fault campaign (testing/campaign/README.md): CASES seeds from FIRST,
# JOBS at once; results in build/campaign/.  A quick subset runs in make check.
CASES ?= 200
FIRST ?= 1
JOBS ?= 1
campaign: all
	testing/campaign/campaign.py --cases $(CASES) --first $(FIRST) --jobs $(JOBS)

# ---- releases -------------------------------------------------------------
VERSION := $(shell cat VERSION)
WIN_ZIP := $(BUILD)/dist/openocd-qspi-h7-$(VERSION)-win64.zip
DEB := $(BUILD)/dist/openocd-qspi-h7_$(VERSION)_$(shell dpkg --print-architecture 2>/dev/null || echo amd64).deb
PREFIX ?= /usr/local
# The cross-build is heavy: at most 2 jobs, at low priority.
WIN_JOBS ?= 2

windows: $(BUILD)/.tree-stamp
	@scripts/deps.sh windows
	JOBS=$(WIN_JOBS) nice -n 10 scripts/build-windows.sh $(TOP) $(BUILD)
	scripts/dist-windows.sh $(TOP) $(BUILD) --check

check-windows: all windows
	$(MAKE) -C testing BUILD=$(BUILD) vjlink-win
	testing/run-tests windows/

deb: openocd
	scripts/build-deb.sh $(TOP) $(BUILD)

check-deb: all deb
	testing/run-tests deb/

# Every test CI runs, in CI's order (each target prints its own summary line).
check-all:
	$(MAKE) check
	$(MAKE) check-harsh
	$(MAKE) check-windows
	$(MAKE) check-deb

install: openocd
	scripts/stage-linux.sh $(TOP) $(BUILD) $(PREFIX) $(BUILD)/install-stage
	mkdir -p $(DESTDIR)/
	cp -R $(BUILD)/install-stage/. $(DESTDIR)/
	@echo "installed $(DESTDIR)$(PREFIX)/bin/openocd-qspi-h7; udev rules: $(PREFIX)/share/openocd-qspi-h7/udev/"

clean:
	-$(MAKE) -C $(OPENOCD_OBJ) clean >/dev/null 2>&1
	-$(MAKE) -C testing BUILD=$(BUILD) clean
	rm -rf $(BUILD)/bin $(BUILD)/share $(BUILD)/lib $(BUILD)/tests $(BUILD)/dist $(BUILD)/pkg \
		$(BUILD)/deb $(BUILD)/install-stage $(BUILD)/win64/install $(BUILD)/win64/dist

distclean:
	rm -rf $(BUILD)

patch:
	@test -n "$(P)" || { echo "usage: make patch P=patches/NNNN-name.patch [FILES=...]"; exit 1; }
	scripts/mkpatch.sh $(P) $(FILES)
