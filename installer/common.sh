# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by run.sh and test.sh: install what is missing, then configure and build quietly.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"

"$root/installer/install-deps.sh"

log="$build/muster-build.log"
mkdir -p "$build"
if ! { cmake -S "$root" -B "$build" -G Ninja -Wno-dev && cmake --build "$build"; } >"$log" 2>&1; then
  cat "$log"
  echo "muster: the build failed; the log above is also in $log" >&2
  exit 1
fi
