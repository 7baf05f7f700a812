#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What counting requests for /metrics costs the heartbeat path: two muster nodes side by side, one
# with metrics on (the default) and one with --metrics off, INSTANCES instances each; wrk heartbeat
# runs (bench/renew.lua) alternate between them ROUNDS times while the metrics node is scraped every
# SCRAPE_SECS as Prometheus would. Each side's figure is the median of its rounds.
# Target: heartbeats/s with metrics >= 0.97 x without. A node under this load is CPU-bound, so its
# heartbeats/s go as 1 / (its CPU per heartbeat); the script prints both ratios and judges by the
# CPU one, because on a shared machine requests/s move by +-20 % between identical runs while CPU
# per request moves by a few per cent. Exits 1 when the target is missed.
#
#   bench/metrics.sh                            (builds Release into build-bench/ first)
#   BUILD_DIR=build SKIP_BUILD=1 bench/metrics.sh   (uses an existing build)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
BUILD_DIR=${BUILD_DIR:-"$ROOT/build-bench"}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-5}
INSTANCES=${INSTANCES:-10000}
APPS=${APPS:-500}
SCRAPE_SECS=${SCRAPE_SECS:-1}
LEASE_SECS=${LEASE_SECS:-3600}
SKIP_BUILD=${SKIP_BUILD:-0}
JOBS=${JOBS:-2}
TARGET_RATIO=0.97

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
for tool in wrk curl cmake awk; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/muster-bench-metrics.XXXXXX")
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_node NAME ARGS... : starts a headless node on a free port; sets NODE_PID and NODE_PORT.
start_node() {
    local name=$1
    shift
    "$BIN/muster" --headless --port 0 --bind 127.0.0.1 --lease-duration "$LEASE_SECS" \
        --data-dir "$WORK/data-$name" --name "$name" "$@" >"$WORK/$name.log" 2>"$WORK/$name.err" &
    NODE_PID=$!
    PIDS+=("$NODE_PID")
    local i
    for i in $(seq 1 100); do
        NODE_PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$WORK/$name.log" | head -n1)
        [[ -n $NODE_PORT ]] && return 0
        kill -0 "$NODE_PID" 2>/dev/null || { cat "$WORK/$name.err" >&2; die "$name exited before listening"; }
        sleep 0.1
    done
    die "$name did not print its port within 10 s"
}

median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
result_field() { sed -n 's/^RESULT .*\b'"$2"'=\([^ ]*\).*/\1/p' "$1" | tail -n1; }

# Server CPU per request: steadier than requests per second on a shared machine.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
CLK_TCK=$(getconf CLK_TCK)

# heartbeats NAME PORT ROUND PID : one wrk run; prints its requests per second and the node's CPU
# microseconds per request.
heartbeats() {
    local out="$WORK/wrk-$1-$3.txt" ticks
    ticks=$(cpu_ticks "$4")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH/renew.lua" \
        "http://127.0.0.1:$2" -- "$WORK/ids-$1.txt" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
    [[ $(result_field "$out" non200) == 0 && $(result_field "$out" socket_errors) == 0 ]] \
        || { cat "$out" >&2; die "wrk saw errors against $1"; }
    awk -v r="$(result_field "$out" rps)" -v t="$(( $(cpu_ticks "$4") - ticks ))" -v hz="$CLK_TCK" \
        -v n="$(result_field "$out" requests)" 'BEGIN { printf "%s %.2f\n", r, t / hz * 1e6 / n }'
}

if [[ $SKIP_BUILD != 1 ]]; then
    log "building (Release) into $BUILD_DIR"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMUSTER_BUILD_TESTS=OFF \
        -DMUSTER_BUILD_BENCH=ON >"$WORK/cmake.log" 2>&1 || { cat "$WORK/cmake.log" >&2; die "cmake configure failed"; }
    cmake --build "$BUILD_DIR" -j "$JOBS" >"$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log" >&2; die "build failed"; }
fi
BIN="$BUILD_DIR/bin"
for exe in muster muster_bench_registrar; do
    [[ -x $BIN/$exe ]] || die "$BIN/$exe is missing"
done
BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD_DIR/CMakeCache.txt")
log "machine: $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), build $BUILD_TYPE," \
    "load at start $(cut -d' ' -f1-3 /proc/loadavg); wrk and both nodes share the CPUs"

start_node metrics-on
ON_PID=$NODE_PID ON_PORT=$NODE_PORT
start_node metrics-off --metrics off
OFF_PID=$NODE_PID OFF_PORT=$NODE_PORT
[[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$OFF_PORT/metrics") == 404 ]] || die "--metrics off still serves /metrics"
for side in on off; do
    port=$([[ $side == on ]] && echo "$ON_PORT" || echo "$OFF_PORT")
    log "registering $INSTANCES instances in $APPS apps at metrics-$side"
    "$BIN/muster_bench_registrar" --base "http://127.0.0.1:$port/eureka" --instances "$INSTANCES" --apps "$APPS" \
        --lease "$LEASE_SECS" --out "$WORK/ids-metrics-$side.txt" >&2 || die "registration failed"
done

# The scraper: what a Prometheus server with a 1 s interval does to the metrics node.
( while sleep "$SCRAPE_SECS"; do curl -s -o /dev/null "http://127.0.0.1:$ON_PORT/metrics"; done ) &
PIDS+=("$!")

ON_ALL=()
OFF_ALL=()
ON_CPU_ALL=()
OFF_CPU_ALL=()
run_on() { read -r rps cpu < <(heartbeats metrics-on "$ON_PORT" "$1" "$ON_PID"); ON_ALL+=("$rps"); ON_CPU_ALL+=("$cpu"); }
run_off() { read -r rps cpu < <(heartbeats metrics-off "$OFF_PORT" "$1" "$OFF_PID"); OFF_ALL+=("$rps"); OFF_CPU_ALL+=("$cpu"); }
for round in $(seq 1 "$ROUNDS"); do
    # Alternate which side goes first, so a trend in the machine's load hits both alike.
    if (( round % 2 )); then
        run_on "$round"; run_off "$round"
    else
        run_off "$round"; run_on "$round"
    fi
    log "round $round/$ROUNDS: metrics on ${ON_ALL[-1]} heartbeats/s at ${ON_CPU_ALL[-1]} us of node CPU each;" \
        "off ${OFF_ALL[-1]} at ${OFF_CPU_ALL[-1]} us"
done
ON=$(median "${ON_ALL[@]}")
OFF=$(median "${OFF_ALL[@]}")
ON_CPU=$(median "${ON_CPU_ALL[@]}")
OFF_CPU=$(median "${OFF_CPU_ALL[@]}")
RATIO=$(awk -v a="$ON" -v b="$OFF" 'BEGIN { printf "%.3f", a / b }')
CPU_RATIO=$(awk -v a="$ON_CPU" -v b="$OFF_CPU" 'BEGIN { printf "%.3f", b / a }')
SCRAPE_MS=$(curl -s -o "$WORK/metrics.txt" -w '%{time_total}' "http://127.0.0.1:$ON_PORT/metrics" | awk '{ printf "%.1f", $1 * 1000 }')
log "a scrape: $(wc -c <"$WORK/metrics.txt") bytes, $(grep -vc '^#' "$WORK/metrics.txt") series, ${SCRAPE_MS} ms"
printf 'metrics on:  %s heartbeats/s (rounds: %s)\n' "$ON" "${ON_ALL[*]}"
printf 'metrics off: %s heartbeats/s (rounds: %s)\n' "$OFF" "${OFF_ALL[*]}"
printf 'node CPU per heartbeat: on %s us, off %s us (rounds: on %s; off %s)\n' "$ON_CPU" "$OFF_CPU" \
    "${ON_CPU_ALL[*]}" "${OFF_CPU_ALL[*]}"
printf 'ratio of heartbeats/s: %s; of CPU per heartbeat (off/on): %s (target >= %s); load at end %s\n' \
    "$RATIO" "$CPU_RATIO" "$TARGET_RATIO" "$(cut -d' ' -f1-3 /proc/loadavg)"
awk -v r="$CPU_RATIO" -v t="$TARGET_RATIO" 'BEGIN { exit !(r >= t) }' \
    || die "a heartbeat with metrics costs more than 1/$TARGET_RATIO x one without"
