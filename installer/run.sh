#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and launches Muster with its embedded node.
# Extra arguments go to muster, e.g. installer/run.sh --port 8762.
source "$(dirname "$0")/common.sh"
exec "$build/bin/muster" "$@"
