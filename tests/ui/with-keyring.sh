#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test inside a D-Bus session of its own with an unlocked GNOME keyring (a real Secret
# Service), so the credential store is tested against a keyring too, not only its fallback file.
#   with-keyring.sh TEST [ARGS...]
if [ -z "$MUSTER_IN_KEYRING_SESSION" ]; then
  MUSTER_IN_KEYRING_SESSION=1 exec dbus-run-session -- "$0" "$@"
fi
export HOME="${TMPDIR:-/tmp}/muster-keyring-$$"
mkdir -p "$HOME"
trap 'rm -rf "$HOME"' EXIT
printf 'muster-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
MUSTER_EXPECT_KEYRING=1 "$@"
