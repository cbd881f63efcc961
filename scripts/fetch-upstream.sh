#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fetch upstream OpenOCD 0.12.0 (the release tarball in Debian's archive,
# source package openocd 0.12.0-1), verify its sha256 and cache it.
#
#   fetch-upstream.sh           print the path of the verified cached tarball
#
# Cache: $OPENOCD_TARBALL_CACHE (default ~/.cache/openocd-qspi-h7).  A cached
# file is re-verified on every use; a bad one is never used.
set -eu

exec "$(dirname "$0")/fetch-debsrc.sh" openocd 0.12.0-1 openocd_0.12.0.orig.tar.bz2 \
	af254788be98861f2bd9103fe6e60a774ec96a8c374744eef9197f6043075afa
