#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian package muster_<version>_amd64.deb from a Release build of its own in
# build-package/ (no tests, no benchmarks) and prints the package's path. Run it again after a
# change: it rebuilds what changed and makes the package anew.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${MUSTER_PACKAGE_BUILD_DIR:-$root/build-package}

"$root/installer/install-deps.sh"

mkdir -p "$build"
log="$build/package.log"
rm -f "$build"/package/muster_*.deb
if ! { cmake -S "$root" -B "$build" -G Ninja -Wno-dev -DCMAKE_BUILD_TYPE=Release \
         -DMUSTER_BUILD_TESTS=OFF -DMUSTER_BUILD_BENCH=OFF \
       && cmake --build "$build" \
       && (cd "$build" && cpack); } >"$log" 2>&1; then
  cat "$log"
  echo "muster: making the package failed; the log above is also in $log" >&2
  exit 1
fi
deb=$(find "$build/package" -maxdepth 1 -name 'muster_*.deb' -print -quit)
if [ -z "$deb" ]; then
  echo "muster: cpack made no package; see $log" >&2
  exit 1
fi
echo "$deb"
