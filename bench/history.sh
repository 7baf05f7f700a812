#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# History benchmark (docs/history.md), on loopback with wrk:
#   1. two muster nodes with 10 000 instances each, one keeping its history and one with
#      --history-retention off: heartbeats per second, their runs alternating (ROUNDS times);
#   2. GET /muster/api/v1/history/at at 10 000 instances, for now and for a moment half-way through
#      the registrations (median of 5 each, curl);
#   3. muster_bench_history: disk per million changes and the state's rebuild time, the log alone.
# Prints a summary, compares it with the targets, and exits 1 if one is missed.
#
#   bench/history.sh                          (builds Release into build-bench/)
#   BUILD_DIR=build SKIP_BUILD=1 bench/history.sh
#
# Benchmarks are not tests: the numbers go into bench/README.md with the machine they ran on.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
BUILD_DIR=${BUILD_DIR:-"$ROOT/build-bench"}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}
INSTANCES=${INSTANCES:-10000}
APPS=${APPS:-500}
LEASE_SECS=${LEASE_SECS:-3600}
SKIP_BUILD=${SKIP_BUILD:-0}

TARGET_RATIO=0.95       # heartbeats/s with history >= 0.95 x without
TARGET_AT_MS=100        # history/at at 10 000 instances < 100 ms

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
for tool in wrk curl cmake awk; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/muster-history-bench.XXXXXX")
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

# start_node LOG ARGS... : a muster --headless node; sets SERVER_PID and SERVER_PORT.
start_node() {
    local logfile=$1
    shift
    "$BIN/muster" --headless --port 0 --bind 127.0.0.1 --lease-duration "$LEASE_SECS" "$@" \
        >"$logfile" 2>"$logfile.err" &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    local i
    for i in $(seq 1 100); do
        SERVER_PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$logfile" "$logfile.err" | head -n1)
        [[ -n $SERVER_PORT ]] && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logfile.err" >&2; die "muster exited before listening"; }
        sleep 0.1
    done
    die "muster did not print its port within 10 s"
}

median() {
    printf '%s\n' $* | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
result_field() { sed -n 's/^RESULT .*\b'"$2"'=\([^ ]*\).*/\1/p' "$1" | tail -n1; }
run_wrk() {
    local out=$1
    shift
    wrk "$@" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
    local non200 errors
    non200=$(result_field "$out" non200)
    errors=$(result_field "$out" socket_errors)
    [[ $non200 == 0 && $errors == 0 ]] || die "wrk saw $non200 non-200 answers and $errors socket errors"
}
rfc3339_now() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }

if [[ $SKIP_BUILD != 1 ]]; then
    log "building (Release) into $BUILD_DIR"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMUSTER_BUILD_TESTS=OFF \
        -DMUSTER_BUILD_BENCH=ON >"$WORK/cmake.log" 2>&1 || { cat "$WORK/cmake.log" >&2; die "cmake failed"; }
    cmake --build "$BUILD_DIR" >"$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log" >&2; die "build failed"; }
fi
BIN="$BUILD_DIR/bin"
for exe in muster muster_bench_registrar muster_bench_history; do
    [[ -x $BIN/$exe ]] || die "$BIN/$exe is missing"
done
log "machine: $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo))," \
    "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Debian $(cat /etc/debian_version)," \
    "build type $(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD_DIR/CMakeCache.txt"), load $(cut -d' ' -f1-3 /proc/loadavg)"

start_node "$WORK/on.log" --data-dir "$WORK/on"
ON_PID=$SERVER_PID
ON="http://127.0.0.1:$SERVER_PORT"
start_node "$WORK/off.log" --data-dir "$WORK/off" --history-retention off
OFF="http://127.0.0.1:$SERVER_PORT"
log "history on at $ON, off at $OFF"

HALF=$((INSTANCES / 2))
"$BIN/muster_bench_registrar" --base "$ON/eureka" --instances "$HALF" --apps "$APPS" --lease "$LEASE_SECS" \
    --out "$WORK/ids-half.txt" >&2 || die "registration failed"
sleep 0.2
MIDDLE=$(rfc3339_now)
sleep 0.2
for base in "$ON" "$OFF"; do
    "$BIN/muster_bench_registrar" --base "$base/eureka" --instances "$INSTANCES" --apps "$APPS" --lease "$LEASE_SECS" \
        --out "$WORK/ids.txt" >&2 || die "registration failed"
done

ON_ALL=()
OFF_ALL=()
for round in $(seq 1 "$ROUNDS"); do
    run_wrk "$WORK/wrk-on-$round.txt" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$BENCH/renew.lua" "$ON" -- "$WORK/ids.txt"
    ON_ALL+=("$(result_field "$WORK/wrk-on-$round.txt" rps)")
    run_wrk "$WORK/wrk-off-$round.txt" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$BENCH/renew.lua" "$OFF" -- "$WORK/ids.txt"
    OFF_ALL+=("$(result_field "$WORK/wrk-off-$round.txt" rps)")
    log "round $round: history on ${ON_ALL[-1]} heartbeats/s, off ${OFF_ALL[-1]}"
done
ON_RPS=$(median "${ON_ALL[@]}")
OFF_RPS=$(median "${OFF_ALL[@]}")
RATIO=$(awk -v a="$ON_RPS" -v b="$OFF_RPS" 'BEGIN { printf "%.3f", a / b }')

NOW=$(rfc3339_now)
at_ms() {
    local times=() i seconds
    for i in 1 2 3 4 5; do
        seconds=$(curl -sS -o "$WORK/at.json" -w '%{time_total}' "$ON/muster/api/v1/history/at?time=$1")
        times+=("$(awk -v s="$seconds" 'BEGIN { printf "%.1f", s * 1000 }')")
    done
    median "${times[@]}"
}
AT_NOW_MS=$(at_ms "$NOW")
AT_NOW_COUNT=$(grep -o '"instanceId":' "$WORK/at.json" | wc -l)
AT_MIDDLE_MS=$(at_ms "$MIDDLE")
AT_MIDDLE_COUNT=$(grep -o '"instanceId":' "$WORK/at.json" | wc -l)
[[ $AT_NOW_COUNT == "$INSTANCES" ]] || die "history/at now holds $AT_NOW_COUNT instances, not $INSTANCES"
[[ $AT_MIDDLE_COUNT == "$HALF" ]] || die "history/at half-way holds $AT_MIDDLE_COUNT instances, not $HALF"
HISTORY_BYTES=$(du -sb "$WORK/on/history" | cut -f1)
HEARTBEATS=$(awk -v a="$ON_RPS" -v r="$ROUNDS" -v d="${DURATION%s}" 'BEGIN { printf "%d", a * r * d }')

"$BIN/muster_bench_history" --instances "$INSTANCES" >"$WORK/log.txt" || die "muster_bench_history failed"
cat "$WORK/log.txt" >&2

echo
echo "heartbeats/s, history on:          $ON_RPS (rounds: ${ON_ALL[*]})"
echo "heartbeats/s, history off:         $OFF_RPS (rounds: ${OFF_ALL[*]})"
echo "ratio on/off:                      $RATIO (target >= $TARGET_RATIO)"
echo "history on the node's disk:        $HISTORY_BYTES bytes after $INSTANCES registrations and ~$HEARTBEATS heartbeats"
echo "history/at, now ($AT_NOW_COUNT instances):    $AT_NOW_MS ms (target < $TARGET_AT_MS)"
echo "history/at, half-way ($AT_MIDDLE_COUNT):       $AT_MIDDLE_MS ms"
echo "the log alone:                     $(sed -n 's/^RESULT //p' "$WORK/log.txt")"

failed=0
awk -v r="$RATIO" -v t="$TARGET_RATIO" 'BEGIN { exit !(r >= t) }' || { echo "MISSED: ratio $RATIO < $TARGET_RATIO"; failed=1; }
awk -v m="$AT_NOW_MS" -v t="$TARGET_AT_MS" 'BEGIN { exit !(m < t) }' || { echo "MISSED: history/at $AT_NOW_MS ms"; failed=1; }
exit $failed
