#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a user-visible string has no Simplified Chinese translation: runs lupdate over the
# sources into a copy of the committed .ts file and looks for unfinished or vanished messages.
set -euo pipefail
lupdate=$1; root=$2; ts=$root/translations/muster_zh_CN.ts
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp "$ts" "$work/muster_zh_CN.ts"
sources=()
for dir in app ui; do [ -d "$root/$dir" ] && sources+=("$root/$dir"); done
# The self-preservation sentence the console shares with the node (app/CMakeLists.txt translates it too).
sources+=("$root/registry/api/selfpreservationtext.cpp")
"$lupdate" -silent -no-obsolete -locations none -extensions cpp,h "${sources[@]}" -ts "$work/muster_zh_CN.ts"
bad=$(grep -c -E 'type="(unfinished|vanished|obsolete)"' "$work/muster_zh_CN.ts" || true)
if [ "$bad" != "0" ]; then
  echo "translations/muster_zh_CN.ts is incomplete: $bad message(s) need a translation:"
  grep -B2 -E 'type="(unfinished|vanished|obsolete)"' "$work/muster_zh_CN.ts" | grep '<source>'
  exit 1
fi
echo "translations/muster_zh_CN.ts is complete: $(grep -c '<message>' "$work/muster_zh_CN.ts") messages"
