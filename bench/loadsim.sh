#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The console's load simulator (registry/client/loadsimulator.h) against a muster node in its own
# process: INSTANCES simulated clients heartbeating every INTERVAL_MS, for SECONDS. Prints the
# heartbeats answered per second, the simulator's and the node's CPU, and a SUMMARY line.
#
#   bench/loadsim.sh                  (BUILD_DIR=build SKIP_BUILD=1 bench/loadsim.sh to reuse a tree
#                                      configured with -DMUSTER_BUILD_BENCH=ON)
#
# Benchmarks are not tests: the numbers go into bench/README.md with the machine they ran on.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-"$ROOT/build-bench"}
INSTANCES=${INSTANCES:-10000}
INTERVAL_MS=${INTERVAL_MS:-5000}
SECONDS_RUN=${SECONDS_RUN:-20}
POOLS=${POOLS:-4}
MAX_IN_FLIGHT=${MAX_IN_FLIGHT:-512}
SKIP_BUILD=${SKIP_BUILD:-0}
BIN="$BUILD_DIR/bin"

die() { printf 'loadsim: %s\n' "$*" >&2; exit 1; }

if [[ $SKIP_BUILD != 1 ]]; then
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMUSTER_BUILD_BENCH=ON \
        -DMUSTER_BUILD_TESTS=OFF >/dev/null
    cmake --build "$BUILD_DIR" --target muster muster_bench_loadsim >/dev/null
fi

WORK=$(mktemp -d)
NODE_PID=
cleanup() {
    [[ -n $NODE_PID ]] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN/muster" --headless --port 0 --bind 127.0.0.1 --lease-duration 3600 >"$WORK/node.log" 2>&1 &
NODE_PID=$!
PORT=
for _ in $(seq 1 100); do
    PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$WORK/node.log" | head -n1)
    [[ -n $PORT ]] && break
    sleep 0.1
done
[[ -n $PORT ]] || die "the node did not print its port"

node_cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$NODE_PID/stat"; }
CPU_BEFORE=$(node_cpu_ms)
START=$(date +%s%N)
STATUS=0
"$BIN/muster_bench_loadsim" --url "http://127.0.0.1:$PORT/eureka/" --instances "$INSTANCES" \
    --interval "$INTERVAL_MS" --seconds "$SECONDS_RUN" --pools "$POOLS" --max-in-flight "$MAX_IN_FLIGHT" || STATUS=$?
ELAPSED_MS=$(( ($(date +%s%N) - START) / 1000000 ))
CPU_AFTER=$(node_cpu_ms)
printf 'node CPU over the whole run (register, heartbeats, cancels): %d%% of one core\n' \
    $(( (CPU_AFTER - CPU_BEFORE) * 100 / ELAPSED_MS ))
exit "$STATUS"
