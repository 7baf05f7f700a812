#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Muster benchmark: builds (Release) into build-bench/, then on loopback with wrk
#   1. a bare QHttpServer (bench/barehttpserver.cpp) under the heartbeat load: the HTTP stack's ceiling,
#      alternating (ROUNDS times) with
#   2. a muster node with 10 000 instances in 500 apps: heartbeats per second (PUT, keep-alive,
#      32 connections, spread over all instances); then the latency of GET /eureka/apps as JSON;
#   3. a fresh node: resident memory growth per instance at 100 000 instances in 2 000 apps.
# Prints a summary, compares it with the targets, and exits 1 if one is missed.
#
#   bench/run.sh                     (environment knobs below, e.g. DURATION=5s bench/run.sh)
#
# Benchmarks are not tests: the numbers go into bench/README.md with the machine they ran on.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
BUILD_DIR=${BUILD_DIR:-"$ROOT/build-bench"}
DURATION=${DURATION:-10s}            # each wrk run
CONNECTIONS=${CONNECTIONS:-32}       # heartbeat connections (bare server and muster alike)
THREADS=${THREADS:-2}                # wrk threads for the heartbeat runs
ROUNDS=${ROUNDS:-3}                  # alternating bare/muster heartbeat runs
INSTANCES=${INSTANCES:-10000}
APPS=${APPS:-500}
MEM_INSTANCES=${MEM_INSTANCES:-100000}
MEM_APPS=${MEM_APPS:-2000}
LEASE_SECS=${LEASE_SECS:-3600}       # long enough that nothing expires during the run
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_WORKDIR=${KEEP_WORKDIR:-0}

# Targets (from the issue).
TARGET_RATIO=0.6        # heartbeats/s >= 0.6 x the bare server's requests/s
TARGET_FETCH_MS=25      # median full fetch of 10k instances < 25 ms
TARGET_KB_PER_INST=3    # RSS growth < 3 KB per instance at 100k instances

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

for tool in wrk curl cmake awk; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/muster-bench.XXXXXX")
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    if [[ $KEEP_WORKDIR == 1 ]]; then
        log "logs kept in $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server NAME LOG CMD... : starts CMD in the background, waits for its "listening on" line,
# and sets SERVER_PID and SERVER_PORT.
start_server() {
    local name=$1 logfile=$2
    shift 2
    "$@" >"$logfile" 2>"$logfile.err" &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    local i
    for i in $(seq 1 100); do
        SERVER_PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$logfile" | head -n1)
        [[ -n $SERVER_PORT ]] && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logfile.err" >&2; die "$name exited before listening"; }
        sleep 0.1
    done
    die "$name did not print its port within 10 s"
}

stop_server() {
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    local pid kept=()
    for pid in "${PIDS[@]}"; do
        [[ $pid == "$1" ]] || kept+=("$pid")
    done
    PIDS=("${kept[@]}")
}

# median N... : the median of the numbers given (the mean of the middle two for an even count).
median() {
    printf '%s\n' $* | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# cpu_ticks PID : user + system CPU time of the whole process so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
CLK_TCK=$(getconf CLK_TCK)

# cpu_us_per_request PID TICKS_BEFORE WRK_LOG : server CPU microseconds per request of that wrk run.
cpu_us_per_request() {
    local ticks requests
    ticks=$(( $(cpu_ticks "$1") - $2 ))
    requests=$(result_field "$3" requests)
    awk -v t="$ticks" -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }'
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }

# result_field FILE KEY : the value of KEY=... on the RESULT line a Lua script printed.
result_field() {
    sed -n 's/^RESULT .*\b'"$2"'=\([^ ]*\).*/\1/p' "$1" | tail -n1
}

# run_wrk LOGFILE wrk-args... : runs wrk, shows its output, fails on non-200 answers or socket errors.
run_wrk() {
    local out=$1
    shift
    wrk "$@" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
    sed 's/^/   /' "$out" >&2
    local non200 errors
    non200=$(result_field "$out" non200)
    errors=$(result_field "$out" socket_errors)
    [[ -n $non200 ]] || die "no RESULT line from wrk ($out)"
    [[ $non200 == 0 && $errors == 0 ]] || die "wrk saw $non200 non-200 answers and $errors socket errors"
}

# ---------------------------------------------------------------------------------------------------
if [[ $SKIP_BUILD != 1 ]]; then
    log "building (Release) into $BUILD_DIR"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMUSTER_BUILD_TESTS=OFF \
        -DMUSTER_BUILD_BENCH=ON >"$WORK/cmake.log" 2>&1 || { cat "$WORK/cmake.log" >&2; die "cmake configure failed"; }
    cmake --build "$BUILD_DIR" >"$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log" >&2; die "build failed"; }
fi
BIN="$BUILD_DIR/bin"
for exe in muster muster_bench_bare muster_bench_registrar; do
    [[ -x $BIN/$exe ]] || die "$BIN/$exe is missing"
done

CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM_TOTAL=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
DEBIAN=$(cat /etc/debian_version 2>/dev/null || echo '?')
QT=$(dpkg-query -W -f='${Version}' libqt6httpserver6 2>/dev/null || echo '?')
WRK=$(dpkg-query -W -f='${Version}' wrk 2>/dev/null || echo '?')
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "machine: $(nproc) CPUs ($CPU_MODEL), $MEM_TOTAL RAM, Debian $DEBIAN, Qt HttpServer $QT, wrk $WRK;" \
    "wrk and the server share the CPUs"

# 1. Both servers run side by side: the bare QHttpServer (bench/barehttpserver.cpp) and a muster node
#    with INSTANCES instances in APPS apps. The heartbeat runs alternate between them, ROUNDS times,
#    so that a burst of other work on the machine hits both sides alike; each side's figure is the
#    median of its rounds. Both get the same script: same paths, same client cost per request.
awk -v n="$INSTANCES" -v m="$APPS" \
    'BEGIN { for (i = 0; i < n; i++) printf "APP-%d/host-%d.bench:app-%d:8080\n", i % m, i, i % m }' >"$WORK/bare-ids.txt"
start_server muster_bench_bare "$WORK/bare.log" "$BIN/muster_bench_bare" --port 0
BARE_PID=$SERVER_PID
BARE_BASE="http://127.0.0.1:$SERVER_PORT"
start_server muster "$WORK/muster.log" "$BIN/muster" --headless --port 0 --bind 127.0.0.1 \
    --lease-duration "$LEASE_SECS" --data-dir "$WORK/data"
MUSTER_PID=$SERVER_PID
BASE="http://127.0.0.1:$SERVER_PORT"
log "bare QHttpServer at $BARE_BASE, muster at $BASE/eureka/"

log "registering $INSTANCES instances in $APPS apps"
"$BIN/muster_bench_registrar" --base "$BASE/eureka" --instances "$INSTANCES" --apps "$APPS" \
    --lease "$LEASE_SECS" --out "$WORK/ids.txt" >&2 || die "registration failed"
[[ $(wc -l <"$WORK/ids.txt") == "$INSTANCES" ]] || die "the id file does not hold $INSTANCES ids"

# The first fetch after a change encodes the registry (later ones come from the response cache).
COLD_S=$(curl -sS -o "$WORK/apps.json" -w '%{time_total}' -H 'Accept: application/json' "$BASE/eureka/apps")
COLD_MS=$(awk -v s="$COLD_S" 'BEGIN { printf "%.1f", s * 1000 }')
GOT=$(grep -o '"instanceId":' "$WORK/apps.json" | wc -l)
GOT_APPS=$(grep -o '"name":"APP-[0-9]*"' "$WORK/apps.json" | sort -u | wc -l)
[[ $GOT == "$INSTANCES" && $GOT_APPS == "$APPS" ]] || die "GET /eureka/apps holds $GOT instances in $GOT_APPS apps"
log "GET /eureka/apps holds $GOT instances in $GOT_APPS apps, $(wc -c <"$WORK/apps.json") bytes; first fetch ${COLD_MS} ms"

BARE_ALL=()
RENEW_ALL=()
BARE_CPU_ALL=()
RENEW_CPU_ALL=()
for round in $(seq 1 "$ROUNDS"); do
    log "round $round/$ROUNDS, bare QHttpServer: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, PUT over $INSTANCES paths"
    ticks=$(cpu_ticks "$BARE_PID")
    run_wrk "$WORK/wrk-bare-$round.txt" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH/renew.lua" \
        "$BARE_BASE" -- "$WORK/bare-ids.txt"
    BARE_ALL+=("$(result_field "$WORK/wrk-bare-$round.txt" rps)")
    BARE_CPU_ALL+=("$(cpu_us_per_request "$BARE_PID" "$ticks" "$WORK/wrk-bare-$round.txt")")
    log "round $round/$ROUNDS, muster heartbeats: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, PUT over all $INSTANCES instances"
    ticks=$(cpu_ticks "$MUSTER_PID")
    run_wrk "$WORK/wrk-renew-$round.txt" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH/renew.lua" \
        "$BASE" -- "$WORK/ids.txt"
    RENEW_ALL+=("$(result_field "$WORK/wrk-renew-$round.txt" rps)")
    RENEW_CPU_ALL+=("$(cpu_us_per_request "$MUSTER_PID" "$ticks" "$WORK/wrk-renew-$round.txt")")
    log "round $round: bare ${BARE_ALL[-1]} req/s at ${BARE_CPU_ALL[-1]} us of server CPU each;" \
        "muster ${RENEW_ALL[-1]} req/s at ${RENEW_CPU_ALL[-1]} us each"
done
stop_server "$BARE_PID"
BARE_RPS=$(median "${BARE_ALL[@]}")
RENEW_RPS=$(median "${RENEW_ALL[@]}")
BARE_CPU=$(median "${BARE_CPU_ALL[@]}")
RENEW_CPU=$(median "${RENEW_CPU_ALL[@]}")
BARE_P50=$(median "$(for r in $(seq 1 "$ROUNDS"); do result_field "$WORK/wrk-bare-$r.txt" p50_ms; done)")
RENEW_P50=$(median "$(for r in $(seq 1 "$ROUNDS"); do result_field "$WORK/wrk-renew-$r.txt" p50_ms; done)")

log "full fetch: wrk -t1 -c1 -d$DURATION --latency, GET /eureka/apps, Accept: application/json, no Accept-Encoding"
run_wrk "$WORK/wrk-fetch1.txt" -t1 -c1 -d"$DURATION" --latency -s "$BENCH/fullfetch.lua" "$BASE"
FETCH1_P50=$(result_field "$WORK/wrk-fetch1.txt" p50_ms)
FETCH1_P99=$(result_field "$WORK/wrk-fetch1.txt" p99_ms)
FETCH1_RPS=$(result_field "$WORK/wrk-fetch1.txt" rps)
FETCH_BYTES=$(wc -c <"$WORK/apps.json")

log "full fetch: wrk -t1 -c4 -d$DURATION --latency (4 clients at once)"
run_wrk "$WORK/wrk-fetch4.txt" -t1 -c4 -d"$DURATION" --latency -s "$BENCH/fullfetch.lua" "$BASE"
FETCH4_P50=$(result_field "$WORK/wrk-fetch4.txt" p50_ms)
FETCH4_P99=$(result_field "$WORK/wrk-fetch4.txt" p99_ms)

log "full fetch, gzip (as the Java client asks): wrk -t1 -c1 -d$DURATION --latency"
run_wrk "$WORK/wrk-fetchgz.txt" -t1 -c1 -d"$DURATION" --latency -s "$BENCH/fullfetch.lua" "$BASE" -- /eureka/apps gzip
FETCHGZ_P50=$(result_field "$WORK/wrk-fetchgz.txt" p50_ms)
FETCHGZ_BYTES=$(curl -sS -H 'Accept: application/json' -H 'Accept-Encoding: gzip' "$BASE/eureka/apps" | wc -c)
MUSTER10K_RSS=$(rss_kb "$MUSTER_PID")
stop_server "$MUSTER_PID"

# 3. Memory: a fresh node, RSS before and after MEM_INSTANCES registrations.
start_server muster "$WORK/muster-mem.log" "$BIN/muster" --headless --port 0 --bind 127.0.0.1 \
    --lease-duration "$LEASE_SECS" --data-dir "$WORK/data-mem"
BASE="http://127.0.0.1:$SERVER_PORT"
sleep 1
RSS_BEFORE=$(rss_kb "$SERVER_PID")
log "memory: fresh muster (port $SERVER_PORT), VmRSS $RSS_BEFORE kB; registering $MEM_INSTANCES instances in $MEM_APPS apps"
"$BIN/muster_bench_registrar" --base "$BASE/eureka" --instances "$MEM_INSTANCES" --apps "$MEM_APPS" \
    --lease "$LEASE_SECS" >&2 || die "registration failed"
sleep 1
RSS_AFTER=$(rss_kb "$SERVER_PID")
HWM_AFTER=$(hwm_kb "$SERVER_PID")
MEM_COLD_S=$(curl -sS -o "$WORK/apps-mem.json" -w '%{time_total}' -H 'Accept: application/json' "$BASE/eureka/apps")
MEM_COLD_MS=$(awk -v s="$MEM_COLD_S" 'BEGIN { printf "%.0f", s * 1000 }')
MEM_GOT=$(grep -o '"instanceId":' "$WORK/apps-mem.json" | wc -l)
MEM_BYTES=$(wc -c <"$WORK/apps-mem.json")
rm -f "$WORK/apps-mem.json"
[[ $MEM_GOT == "$MEM_INSTANCES" ]] || die "GET /eureka/apps holds $MEM_GOT instances, not $MEM_INSTANCES"
sleep 1
RSS_FETCH=$(rss_kb "$SERVER_PID")
HWM_FETCH=$(hwm_kb "$SERVER_PID")
log "memory: VmRSS $RSS_AFTER kB after registering, $RSS_FETCH kB after one full fetch ($MEM_BYTES bytes, ${MEM_COLD_MS} ms)"
stop_server "$SERVER_PID"

# ---------------------------------------------------------------------------------------------------
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
RATIO=$(calc '%.3f' "$RENEW_RPS / $BARE_RPS")
CPU_RATIO=$(calc '%.3f' "$BARE_CPU / $RENEW_CPU")
KB_INST=$(calc '%.2f' "($RSS_AFTER - $RSS_BEFORE) / $MEM_INSTANCES")
KB_INST_FETCH=$(calc '%.2f' "($RSS_FETCH - $RSS_BEFORE) / $MEM_INSTANCES")
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo MISSED; fi; }
V_RATIO=$(verdict "$RATIO >= $TARGET_RATIO")
V_FETCH=$(verdict "$FETCH1_P50 < $TARGET_FETCH_MS")
V_MEM=$(verdict "$KB_INST < $TARGET_KB_PER_INST")

row() { printf '  %-52s %-40s %-14s %s\n' "$1" "$2" "$3" "$4"; }
echo
echo "Muster benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) CPUs ($CPU_MODEL), $MEM_TOTAL RAM, Debian $DEBIAN, Qt HttpServer $QT, wrk $WRK"
echo "         wrk and the server share the CPUs; loopback; each wrk run lasts $DURATION"
echo "load average: $LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo
row "measure" "value" "target" "verdict"
row "bare QHttpServer, PUT, -t$THREADS -c$CONNECTIONS (median of $ROUNDS)" "$BARE_RPS req/s (p50 $BARE_P50 ms)" "" ""
row "  rounds" "${BARE_ALL[*]}" "" ""
row "muster heartbeats over $INSTANCES inst. (median of $ROUNDS)" "$RENEW_RPS req/s (p50 $RENEW_P50 ms)" "" ""
row "  rounds" "${RENEW_ALL[*]}" "" ""
row "heartbeats / bare" "$RATIO" ">= $TARGET_RATIO" "$V_RATIO"
row "server CPU per request: bare / muster (median)" "$BARE_CPU / $RENEW_CPU us" "" ""
row "  rounds, bare" "${BARE_CPU_ALL[*]}" "" ""
row "  rounds, muster" "${RENEW_CPU_ALL[*]}" "" ""
row "bare CPU / muster CPU per request (info)" "$CPU_RATIO" "" ""
row "full fetch JSON ($FETCH_BYTES B), -c1: p50 / p99" "$FETCH1_P50 / $FETCH1_P99 ms ($FETCH1_RPS req/s)" "p50 < $TARGET_FETCH_MS ms" "$V_FETCH"
row "full fetch JSON, -c4: p50 / p99" "$FETCH4_P50 / $FETCH4_P99 ms" "" ""
row "full fetch gzip ($FETCHGZ_BYTES B), -c1: p50" "$FETCHGZ_P50 ms" "" ""
row "first fetch after registering (encodes; curl)" "$COLD_MS ms" "" ""
row "muster VmRSS, $INSTANCES instances, after the runs" "$MUSTER10K_RSS kB" "" ""
row "VmRSS before / after $MEM_INSTANCES registrations" "$RSS_BEFORE / $RSS_AFTER kB (peak $HWM_AFTER kB)" "" ""
row "VmRSS growth per instance" "$KB_INST KB" "< $TARGET_KB_PER_INST KB" "$V_MEM"
row "VmRSS after one full fetch ($MEM_BYTES B, $MEM_COLD_MS ms)" "$RSS_FETCH kB (peak $HWM_FETCH kB)" "" ""
row "VmRSS growth per instance incl. the cached fetch" "$KB_INST_FETCH KB" "" ""
echo
echo "SUMMARY bare_rps=$BARE_RPS renew_rps=$RENEW_RPS bare_rounds=$(IFS=,; echo "${BARE_ALL[*]}") renew_rounds=$(IFS=,; echo "${RENEW_ALL[*]}") ratio=$RATIO bare_cpu_us=$BARE_CPU renew_cpu_us=$RENEW_CPU cpu_ratio=$CPU_RATIO fetch_p50_ms=$FETCH1_P50 fetch_p99_ms=$FETCH1_P99" \
     "fetch4_p50_ms=$FETCH4_P50 fetch4_p99_ms=$FETCH4_P99 fetchgz_p50_ms=$FETCHGZ_P50 cold_fetch_ms=$COLD_MS" \
     "rss_before_kb=$RSS_BEFORE rss_after_kb=$RSS_AFTER rss_fetch_kb=$RSS_FETCH kb_per_instance=$KB_INST" \
     "kb_per_instance_fetch=$KB_INST_FETCH mem_cold_fetch_ms=$MEM_COLD_MS"

[[ $V_RATIO == met && $V_FETCH == met && $V_MEM == met ]] || { echo "bench: a target was missed" >&2; exit 1; }
