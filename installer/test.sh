#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and runs the whole test suite with CTest. Run with no arguments
# (as .ci/run does), it first runs the fuzz harnesses: a fixed number of inputs from a fixed seed
# (tests/fuzz/run.sh; MUSTER_FUZZ_SECONDS=0 skips them).
source "$(dirname "$0")/common.sh"
export QT_QPA_PLATFORM=offscreen
if [ $# -eq 0 ] && [ "${MUSTER_FUZZ_SECONDS:-60}" != 0 ]; then
  "$root/tests/fuzz/run.sh"
fi
exec ctest --test-dir "$build" --output-on-failure --parallel 2 "$@"
