#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Cluster mode benchmark: builds (Release) into build-bench/, starts a real etcd (Debian's
# etcd-server) on free loopback ports with a temporary data directory, and measures with wrk:
#   1. a muster node in memory mode and one in etcd mode (--store etcd://…), each with INSTANCES
#      instances in APPS apps: Eureka heartbeats per second (PUT, keep-alive, -t2 -c32, spread over
#      all instances), then the latency of a full fetch (GET /eureka/apps, JSON, -c1);
#      in etcd mode also how long the registrations took (each is an etcd transaction);
#   2. etcd's own put rate through its HTTP/JSON gateway (wrk, POST /v3/kv/put, bench/etcdput.lua),
#      the same path and the same machine.
# Prints a summary. Benchmarks are not tests: the numbers go into bench/README.md.
#
#   bench/etcd.sh            (environment: DURATION, ROUNDS, INSTANCES, APPS, CONNECTIONS, THREADS,
#                             BUILD_DIR, SKIP_BUILD=1, KEEP_WORKDIR=1)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
BUILD_DIR=${BUILD_DIR:-"$ROOT/build-bench"}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
INSTANCES=${INSTANCES:-10000}
APPS=${APPS:-500}
LEASE_SECS=${LEASE_SECS:-3600}
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_WORKDIR=${KEEP_WORKDIR:-0}
ETCD=${ETCD:-/usr/bin/etcd}

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

for tool in wrk curl cmake awk base64 "$ETCD"; do
    command -v "$tool" >/dev/null || die "$tool is not installed (etcd: installer/install-deps.sh)"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/muster-etcd-bench.XXXXXX")
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    if [[ $KEEP_WORKDIR == 1 ]]; then log "logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_muster LOG ARGS... : starts muster, waits for its "listening on" line, sets SERVER_PID/SERVER_PORT.
start_muster() {
    local logfile=$1
    shift
    "$BIN/muster" --headless --port 0 --bind 127.0.0.1 --lease-duration "$LEASE_SECS" "$@" >"$logfile" 2>"$logfile.err" &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    local i
    for i in $(seq 1 150); do
        SERVER_PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$logfile" | head -n1)
        [[ -n $SERVER_PORT ]] && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logfile.err" >&2; die "muster exited before listening"; }
        sleep 0.1
    done
    die "muster did not print its port within 15 s"
}

stop_pid() {
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

median() {
    printf '%s\n' $* | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

result_field() { sed -n 's/^RESULT .*\b'"$2"'=\([^ ]*\).*/\1/p' "$1" | tail -n1; }

run_wrk() {
    local out=$1
    shift
    wrk "$@" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
    sed 's/^/   /' "$out" >&2
    local non200 errors
    non200=$(result_field "$out" non200)
    errors=$(result_field "$out" socket_errors)
    [[ -n $non200 ]] || die "no RESULT line from wrk ($out)"
    [[ $non200 == 0 && $errors == 0 ]] || die "wrk saw $non200 failed answers and $errors socket errors"
}

if [[ $SKIP_BUILD != 1 ]]; then
    log "building (Release) into $BUILD_DIR"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMUSTER_BUILD_TESTS=OFF \
        -DMUSTER_BUILD_BENCH=ON >"$WORK/cmake.log" 2>&1 || { cat "$WORK/cmake.log" >&2; die "cmake configure failed"; }
    cmake --build "$BUILD_DIR" >"$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log" >&2; die "build failed"; }
fi
BIN="$BUILD_DIR/bin"
for exe in muster muster_bench_registrar; do
    [[ -x $BIN/$exe ]] || die "$BIN/$exe is missing"
done

CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
ETCD_VERSION=$("$ETCD" --version | awk '/etcd Version/ { print $3 }')
log "machine: $(nproc) CPUs ($CPU_MODEL), etcd $ETCD_VERSION; wrk, muster and etcd share the CPUs"

ETCD_CLIENT=$(free_port)
ETCD_PEER=$(free_port)
"$ETCD" --name bench --data-dir "$WORK/etcd" --log-level error \
    --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
    --initial-cluster "bench=http://127.0.0.1:$ETCD_PEER" >"$WORK/etcd.log" 2>&1 &
ETCD_PID=$!
PIDS+=("$ETCD_PID")
for i in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$ETCD_CLIENT/health" | grep -q '"health":"true"' && break
    sleep 0.2
done
curl -sf "http://127.0.0.1:$ETCD_CLIENT/health" | grep -q '"health":"true"' || die "etcd did not become healthy"
ETCD_URL="etcd://127.0.0.1:$ETCD_CLIENT"
log "etcd $ETCD_VERSION at http://127.0.0.1:$ETCD_CLIENT, data in $WORK/etcd"

# cpu_ticks PID : user + system CPU time of the process so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
CLK_TCK=$(getconf CLK_TCK)

# etcd's count of lease keep-alives so far.
lease_renewals() {
    curl -sf "http://127.0.0.1:$ETCD_CLIENT/metrics" | awk '/^etcd_debugging_lease_renewed_total/ { print $2 }'
}

# bench_mode NAME ARGS... : a node with INSTANCES instances; heartbeat rounds, then full fetch -c1.
bench_mode() {
    local name=$1
    shift
    start_muster "$WORK/muster-$name.log" "$@"
    local pid=$SERVER_PID base="http://127.0.0.1:$SERVER_PORT"
    log "$name: muster at $base, registering $INSTANCES instances in $APPS apps"
    local t0 t1
    t0=$(date +%s.%N)
    "$BIN/muster_bench_registrar" --base "$base/eureka" --instances "$INSTANCES" --apps "$APPS" \
        --lease "$LEASE_SECS" --out "$WORK/ids-$name.txt" >&2 || die "$name: registration failed"
    t1=$(date +%s.%N)
    eval "REG_S_$name=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
    local got
    got=$(curl -sS -H 'Accept: application/json' "$base/eureka/apps" | grep -o '"instanceId":' | wc -l)
    [[ $got == "$INSTANCES" ]] || die "$name: GET /eureka/apps holds $got instances, not $INSTANCES"
    local rps=() p50=() r renewed0 renew_t0 muster_ticks0 etcd_ticks0 requests=0
    renewed0=$(lease_renewals)
    renew_t0=$(date +%s.%N)
    muster_ticks0=$(cpu_ticks "$pid")
    etcd_ticks0=$(cpu_ticks "$ETCD_PID")
    for r in $(seq 1 "$ROUNDS"); do
        log "$name round $r/$ROUNDS: heartbeats, wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
        run_wrk "$WORK/wrk-renew-$name-$r.txt" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
            -s "$BENCH/renew.lua" "$base" -- "$WORK/ids-$name.txt"
        rps+=("$(result_field "$WORK/wrk-renew-$name-$r.txt" rps)")
        requests=$((requests + $(result_field "$WORK/wrk-renew-$name-$r.txt" requests)))
        p50+=("$(result_field "$WORK/wrk-renew-$name-$r.txt" p50_ms)")
    done
    eval "KEEPALIVES_$name=$(awk -v a="$renewed0" -v b="$(lease_renewals)" -v t0="$renew_t0" -v t1="$(date +%s.%N)" \
        'BEGIN { printf "%.0f", (b - a) / (t1 - t0) }')"
    eval "MUSTER_CPU_$name=$(awk -v t="$(( $(cpu_ticks "$pid") - muster_ticks0 ))" -v hz="$CLK_TCK" -v n="$requests" \
        'BEGIN { printf "%.1f", t / hz * 1e6 / n }')"
    eval "ETCD_CPU_$name=$(awk -v t="$(( $(cpu_ticks "$ETCD_PID") - etcd_ticks0 ))" -v hz="$CLK_TCK" -v n="$requests" \
        'BEGIN { printf "%.1f", t / hz * 1e6 / n }')"
    eval "RENEW_$name=$(median "${rps[@]}")"
    eval "RENEW_ROUNDS_$name='${rps[*]}'"
    eval "RENEW_P50_$name=$(median "${p50[@]}")"
    log "$name: full fetch, wrk -t1 -c1 -d$DURATION"
    run_wrk "$WORK/wrk-fetch-$name.txt" -t1 -c1 -d"$DURATION" --latency -s "$BENCH/fullfetch.lua" "$base"
    eval "FETCH_P50_$name=$(result_field "$WORK/wrk-fetch-$name.txt" p50_ms)"
    eval "FETCH_P99_$name=$(result_field "$WORK/wrk-fetch-$name.txt" p99_ms)"
    if [[ $name == etcd ]]; then
        curl -sS "$base/muster/api/v1/node" >"$WORK/node-etcd.json"
        grep -q '"stale":false' "$WORK/node-etcd.json" || die "the etcd-mode node reports a stale cache"
    fi
    stop_pid "$pid"
}

bench_mode memory
bench_mode etcd --store "$ETCD_URL" --etcd-prefix /bench/

log "etcd's own puts: wrk -t$THREADS -c$CONNECTIONS -d$DURATION POST /v3/kv/put (bench/etcdput.lua), 1000 keys"
for i in $(seq 1 1000); do printf 'put-bench/key-%d' "$i" | base64 -w0; echo; done >"$WORK/keys.txt"
PUT_ALL=()
for r in $(seq 1 "$ROUNDS"); do
    run_wrk "$WORK/wrk-put-$r.txt" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH/etcdput.lua" \
        "http://127.0.0.1:$ETCD_CLIENT" -- "$WORK/keys.txt"
    PUT_ALL+=("$(result_field "$WORK/wrk-put-$r.txt" rps)")
done
PUT_RPS=$(median "${PUT_ALL[@]}")
PUT_P50=$(median "$(for r in $(seq 1 "$ROUNDS"); do result_field "$WORK/wrk-put-$r.txt" p50_ms; done)")

row() { printf '  %-58s %s\n' "$1" "$2"; }
echo
echo "Muster cluster-mode benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) CPUs ($CPU_MODEL); etcd $ETCD_VERSION (one member, data on local disk); loopback"
echo "         wrk, muster and etcd share the CPUs; each wrk run lasts $DURATION; $INSTANCES instances in $APPS apps"
echo
row "memory mode: heartbeats/s (median of $ROUNDS; p50)" "$RENEW_memory req/s ($RENEW_P50_memory ms)"
row "  rounds" "$RENEW_ROUNDS_memory"
row "etcd mode: heartbeats/s (median of $ROUNDS; p50)" "$RENEW_etcd req/s ($RENEW_P50_etcd ms)"
row "  rounds" "$RENEW_ROUNDS_etcd"
row "server CPU per heartbeat: muster memory / muster etcd" "$MUSTER_CPU_memory / $MUSTER_CPU_etcd us"
row "etcd CPU per heartbeat during the etcd-mode runs" "$ETCD_CPU_etcd us (memory-mode runs: $ETCD_CPU_memory us)"
row "etcd mode: lease keep-alives etcd received per second" "$KEEPALIVES_etcd /s (memory mode: $KEEPALIVES_memory /s)"
row "memory mode: full fetch JSON -c1 p50 / p99" "$FETCH_P50_memory / $FETCH_P99_memory ms"
row "etcd mode: full fetch JSON -c1 p50 / p99" "$FETCH_P50_etcd / $FETCH_P99_etcd ms"
row "registering $INSTANCES instances (12 in flight): memory / etcd" "$REG_S_memory / $REG_S_etcd s"
row "etcd puts through the gateway, -t$THREADS -c$CONNECTIONS (median; p50)" "$PUT_RPS req/s ($PUT_P50 ms)"
row "  rounds" "${PUT_ALL[*]}"
echo
echo "SUMMARY renew_memory=$RENEW_memory renew_etcd=$RENEW_etcd fetch_p50_memory_ms=$FETCH_P50_memory" \
     "fetch_p50_etcd_ms=$FETCH_P50_etcd register_memory_s=$REG_S_memory register_etcd_s=$REG_S_etcd etcd_put_rps=$PUT_RPS" \
     "keepalives_per_s=$KEEPALIVES_etcd muster_cpu_us_memory=$MUSTER_CPU_memory muster_cpu_us_etcd=$MUSTER_CPU_etcd" \
     "etcd_cpu_us_per_heartbeat=$ETCD_CPU_etcd"
