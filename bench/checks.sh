#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Health checks (docs/health-checks.md): what INSTANCES HTTP checks every INTERVAL cost the node
# (KIND=tcp: TCP connects to the same upstreams instead).
# Two muster --headless nodes in their own processes each get INSTANCES Eureka instances; the second
# node's instances ask for an HTTP check (metadata muster.check=http) of UPSTREAMS bare QHttpServers
# (muster_bench_bare) in processes of their own. After WARMUP seconds (every check has run once), the
# CPU time of both nodes is read from /proc over WINDOW seconds; the difference is what the checks
# add. Both nodes keep no history (--history-retention off): its periodic work is another feature's
# cost, and falls at different moments in the two nodes. The script also confirms through GET /muster/api/v1/checks that every check runs and passes.
#
#   bench/checks.sh                   (BUILD_DIR=build SKIP_BUILD=1 bench/checks.sh to reuse a tree)
#
# Benchmarks are not tests: the numbers go into bench/README.md with the machine they ran on.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-"$ROOT/build-bench"}
INSTANCES=${INSTANCES:-10000}
INTERVAL=${INTERVAL:-10s}
UPSTREAMS=${UPSTREAMS:-4}
WARMUP=${WARMUP:-15}
WINDOW=${WINDOW:-60}
KIND=${KIND:-http}
SKIP_BUILD=${SKIP_BUILD:-0}
BIN="$BUILD_DIR/bin"

die() { printf 'checks: %s\n' "$*" >&2; exit 1; }

if [[ $SKIP_BUILD != 1 ]]; then
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMUSTER_BUILD_BENCH=ON \
        -DMUSTER_BUILD_TESTS=OFF >/dev/null
    cmake --build "$BUILD_DIR" --target muster muster_bench_bare muster_bench_registrar >/dev/null
fi

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

# Starts a process in the background, remembers its pid and waits for "pattern" in its output.
start() {
    local log=$1 pattern=$2
    shift 2
    "$@" >"$log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 100); do
        grep -q "$pattern" "$log" && return 0
        sleep 0.1
    done
    die "$1 did not start: $(cat "$log")"
}

cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$1/stat"; }
# The CPU time of the process's thread with that name.
thread_cpu_ms() {
    local task
    for task in /proc/"$1"/task/*; do
        [[ $(cat "$task/comm") == "$2" ]] && { cpu_ms "${task#/proc/}"; return; }
    done
    echo 0
}

URLS=()
UPSTREAM_PIDS=()
for k in $(seq 1 "$UPSTREAMS"); do
    start "$WORK/bare$k.log" 'listening' "$BIN/muster_bench_bare" --port 0
    UPSTREAM_PIDS+=("${PIDS[-1]}")
    port=$(grep -o '127\.0\.0\.1:[0-9]*' "$WORK/bare$k.log" | head -n1 | cut -d: -f2)
    [[ -n $port ]] || die "no port in $(cat "$WORK/bare$k.log")"
    if [[ $KIND == tcp ]]; then URLS+=("tcp://127.0.0.1:$port"); else URLS+=("http://127.0.0.1:$port/health"); fi
done
CHECK_URLS=$(IFS=,; echo "${URLS[*]}")

node() {
    local name=$1
    start "$WORK/$name.log" 'listening on' "$BIN/muster" --headless --name "$name" --port 0 --bind 127.0.0.1 \
        --lease-duration 3600 --data-dir "$WORK/$name" --history-retention off
    NODE_PID=${PIDS[-1]}
    NODE_PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$WORK/$name.log" | head -n1)
}

node plain
PLAIN_PID=$NODE_PID
"$BIN/muster_bench_registrar" --base "http://127.0.0.1:$NODE_PORT/eureka" --instances "$INSTANCES" --apps 500
node checked
CHECKED_PID=$NODE_PID
CHECKED_PORT=$NODE_PORT
"$BIN/muster_bench_registrar" --base "http://127.0.0.1:$NODE_PORT/eureka" --instances "$INSTANCES" --apps 500 \
    --check-urls "$CHECK_URLS" --check-interval "$INTERVAL"

sleep "$WARMUP"
PLAIN_BEFORE=$(cpu_ms "$PLAIN_PID")
CHECKED_BEFORE=$(cpu_ms "$CHECKED_PID")
CHECKS_THREAD_BEFORE=$(thread_cpu_ms "$CHECKED_PID" muster-checks)
UPSTREAM_BEFORE=0
for pid in "${UPSTREAM_PIDS[@]}"; do UPSTREAM_BEFORE=$((UPSTREAM_BEFORE + $(cpu_ms "$pid"))); done
START=$(date +%s%N)
sleep "$WINDOW"
ELAPSED_MS=$(( ($(date +%s%N) - START) / 1000000 ))
PLAIN_MS=$(( $(cpu_ms "$PLAIN_PID") - PLAIN_BEFORE ))
CHECKED_MS=$(( $(cpu_ms "$CHECKED_PID") - CHECKED_BEFORE ))
CHECKS_THREAD_MS=$(( $(thread_cpu_ms "$CHECKED_PID" muster-checks) - CHECKS_THREAD_BEFORE ))
UPSTREAM_MS=0
for pid in "${UPSTREAM_PIDS[@]}"; do UPSTREAM_MS=$((UPSTREAM_MS + $(cpu_ms "$pid"))); done
UPSTREAM_MS=$((UPSTREAM_MS - UPSTREAM_BEFORE))

curl -s "http://127.0.0.1:$CHECKED_PORT/muster/api/v1/checks" >"$WORK/checks.json"
read -r COUNT PASSING RUNS < <(jq -r '[(.checks | length), ([.checks[] | select(.verdict == "passing")] | length),
                                      ([.checks[].history | length] | add)] | @tsv' "$WORK/checks.json")
interval_ms() { case $1 in *ms) echo "${1%ms}" ;; *s) echo $((${1%s} * 1000)) ;; *m) echo $((${1%m} * 60000)) ;; esac; }
CHECKS_IN_WINDOW=$((INSTANCES * ELAPSED_MS / $(interval_ms "$INTERVAL")))
percent() { awk -v ms="$1" -v elapsed="$ELAPSED_MS" 'BEGIN { printf "%.2f", ms * 100 / elapsed }'; }
printf 'checks: %s of %s instances checked, %s passing, %s results kept (at most 20 each)\n' \
    "$COUNT" "$INSTANCES" "$PASSING" "$RUNS"
printf 'window: %d ms\n' "$ELAPSED_MS"
printf 'node without checks: %s%% of one core\n' "$(percent "$PLAIN_MS")"
printf 'node with %s %s checks every %s: %s%% of one core\n' "$INSTANCES" "$KIND" "$INTERVAL" "$(percent "$CHECKED_MS")"
printf 'of which the muster-checks thread: %s%% of one core\n' "$(percent "$CHECKS_THREAD_MS")"
printf 'per check: %s µs of CPU (%s checks in the window)\n' \
    "$(( (CHECKED_MS - PLAIN_MS) * 1000 / (CHECKS_IN_WINDOW > 0 ? CHECKS_IN_WINDOW : 1) ))" "$CHECKS_IN_WINDOW"
printf 'load average at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'SUMMARY: checks add %s%% of one core (upstreams: %s%%)\n' "$(percent $((CHECKED_MS - PLAIN_MS)))" \
    "$(percent "$UPSTREAM_MS")"
[[ $COUNT == "$INSTANCES" && $PASSING == "$INSTANCES" ]] || die "not every check runs and passes"
