#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Make sure the Debian packages the build and the tests need are installed.
# As root, missing packages are installed with apt-get; otherwise they are
# listed and the script fails.
#
#   deps.sh             what make needs
#   deps.sh windows     also the mingw-w64 cross compiler, Wine and zip
#                       (make windows, make check-windows)
set -eu

PKGS="build-essential pkg-config autoconf automake libtool texinfo rsync bzip2 \
apt-utils dpkg-dev libjim-dev libjaylink-dev libusb-1.0-0-dev libhidapi-dev \
libunicorn-dev gcc-arm-none-eabi gdb-multiarch netcat-openbsd telnet python3 \
libftdi1-2 libgpiod2 libcapstone4 libhidapi-hidraw0 libjaylink0 libjim0.81 \
faketime clang libclang-rt-14-dev"
case ${1:-} in
windows) PKGS="$PKGS gcc-mingw-w64-x86-64 wine wine64 zip unzip" ;;
"") ;;
*) echo "usage: deps.sh [windows]" >&2; exit 2 ;;
esac

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "error: missing Debian packages:$missing" >&2
	echo "       install them as root: apt-get install$missing" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# A stale or empty package list makes apt-get install fail: refresh once.
apt-get update -qq >/dev/null 2>&1 || { echo "error: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
	echo "error: apt-get install failed for:$missing" >&2
	exit 1
}
