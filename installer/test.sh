#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and runs the whole test suite with CTest.
source "$(dirname "$0")/common.sh"
export QT_QPA_PLATFORM=offscreen
exec ctest --test-dir "$build" --output-on-failure --parallel 2 "$@"
