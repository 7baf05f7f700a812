#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Muster beside the real Eureka server (Spring Cloud Netflix, tests/interop/eureka-server with its
# "bench" profile: Spring Cloud's defaults), on the same machine with the same load generators:
#   1. heartbeats per second over INSTANCES instances (wrk + renew.lua, alternating rounds, after a
#      warm-up run each so that the JVM has compiled its hot paths);
#   2. full-fetch latency, GET /eureka/apps as JSON with INSTANCES instances (wrk + fullfetch.lua, -c1);
#   3. resident memory per instance: RSS growth over MEM_INSTANCES registrations on a fresh server
#      (the JVM after a full GC, jcmd GC.run; its live heap is reported too);
#   4. register at one → visible at the other (muster_bench_convergence): p50 and p99 over
#      REGISTRATIONS registrations for two Muster peers, two Eureka servers, and a mixed pair (both ways),
#      each on servers started for it.
# Prints a summary with the targets and a SUMMARY line; exits 1 if a target is missed.
#
#   bench/eureka.sh                  (knobs below, e.g. DURATION=5s ROUNDS=2 bench/eureka.sh)
#
# Benchmarks are not tests: the numbers go into bench/README.md with the machine they ran on.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
BUILD_DIR=${BUILD_DIR:-"$ROOT/build-bench"}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}
INSTANCES=${INSTANCES:-10000}
APPS=${APPS:-500}
MEM_INSTANCES=${MEM_INSTANCES:-100000}
MEM_APPS=${MEM_APPS:-2000}
REGISTRATIONS=${REGISTRATIONS:-1000}
CONCURRENCY=${CONCURRENCY:-10}
POLL_MS=${POLL_MS:-2}
LEASE_SECS=${LEASE_SECS:-3600}
JVM_OPTS=${JVM_OPTS:-"-Xms256m -Xmx2g -XX:+UseG1GC"}
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_WORKDIR=${KEEP_WORKDIR:-0}

# Targets (from the issue).
TARGET_HB_RATIO=5          # Muster's heartbeats/s >= 5 x the Eureka server's
TARGET_FETCH_RATIO=10      # Muster's full fetch >= 10 x faster (p50)
TARGET_MEM_RATIO=0.25      # Muster's memory per instance < 1/4 of the Eureka server's
TARGET_PEER_P99_MS=20      # Muster peers: register → visible at the other, p99

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench/eureka: %s\n' "$*" >&2; exit 1; }

for tool in wrk curl cmake awk java mvn jcmd; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/muster-eureka-bench.XXXXXX")
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

# free_port : a loopback port nothing answers on.
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

# start_muster NAME PORT [muster options...] : sets PID.
start_muster() {
    local name=$1 port=$2
    shift 2
    "$BIN/muster" --headless --port "$port" --bind 127.0.0.1 --name "$name" --lease-duration "$LEASE_SECS" \
        --data-dir "$WORK/data-$name" "$@" >"$WORK/$name.log" 2>&1 &
    PID=$!
    PIDS+=("$PID")
    local _
    for _ in $(seq 1 100); do
        grep -qs "listening on http://127.0.0.1:$port/eureka/" "$WORK/$name.log" && return 0
        kill -0 "$PID" 2>/dev/null || { cat "$WORK/$name.log" >&2; die "$name exited"; }
        sleep 0.1
    done
    die "$name did not listen within 10 s"
}

# start_eureka NAME PORT [peer service URL] : sets PID.
start_eureka() {
    local name=$1 port=$2 peer=${3:-}
    local zone=${peer:-"http://127.0.0.1:$port/eureka/"}
    local peering=(--eureka.client.register-with-eureka=false --eureka.client.fetch-registry=false)
    [[ -z $peer ]] || peering=(--eureka.client.register-with-eureka=true --eureka.client.fetch-registry=true)
    # shellcheck disable=SC2086
    java $JVM_OPTS -jar "$EUREKA_JAR" --spring.profiles.active=bench --server.port="$port" \
        --server.address=127.0.0.1 --eureka.server.my-url="http://127.0.0.1:$port/eureka/" \
        --eureka.client.service-url.defaultZone="$zone" "${peering[@]}" >"$WORK/$name.log" 2>&1 &
    PID=$!
    PIDS+=("$PID")
    local _
    for _ in $(seq 1 1200); do
        grep -qs "Started EurekaServerApplication" "$WORK/$name.log" && return 0
        kill -0 "$PID" 2>/dev/null || { tail -n 40 "$WORK/$name.log" >&2; die "$name exited"; }
        sleep 0.1
    done
    die "$name did not start within 120 s"
}

stop_pid() {
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

median() {
    printf '%s\n' $* | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
CLK_TCK=$(getconf CLK_TCK)
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
result_field() { sed -n 's/^RESULT .*\b'"$2"'=\([^ ]*\).*/\1/p' "$1" | tail -n1; }
conv_field() { sed -n 's/^RESULT convergence .*\b'"$2"'=\([^ ]*\).*/\1/p' "$1" | tail -n1; }

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

# register BASE N APPS IDFILE : N instances over APPS apps, 204 each.
register() {
    "$BIN/muster_bench_registrar" --base "$1/eureka" --instances "$2" --apps "$3" --lease "$LEASE_SECS" \
        --out "$4" >&2 || die "registration at $1 failed"
}

# fetch_count BASE : instances in GET /eureka/apps as JSON.
fetch_count() { curl -sS -H 'Accept: application/json' "$1/eureka/apps" | grep -o '"instanceId":' | wc -l; }

# ---------------------------------------------------------------------------------------------------
if [[ $SKIP_BUILD != 1 ]]; then
    log "building (Release) into $BUILD_DIR, and the Eureka server jar"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMUSTER_BUILD_TESTS=OFF \
        -DMUSTER_BUILD_BENCH=ON >"$WORK/cmake.log" 2>&1 || { cat "$WORK/cmake.log" >&2; die "cmake configure failed"; }
    cmake --build "$BUILD_DIR" --target muster muster_bench_registrar muster_bench_convergence \
        >"$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log" >&2; die "build failed"; }
    (cd "$ROOT/tests/interop" && mvn -q -B package -DskipTests -Dmuster.interop.out="$BUILD_DIR/interop") \
        >"$WORK/mvn.log" 2>&1 || { tail -n 40 "$WORK/mvn.log" >&2; die "mvn package failed"; }
fi
BIN="$BUILD_DIR/bin"
EUREKA_JAR="$BUILD_DIR/interop/eureka-server/eureka-server.jar"
for exe in muster muster_bench_registrar muster_bench_convergence; do
    [[ -x $BIN/$exe ]] || die "$BIN/$exe is missing"
done
[[ -f $EUREKA_JAR ]] || die "$EUREKA_JAR is missing"

CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM_TOTAL=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
JAVA_VERSION=$(java -version 2>&1 | sed -n '2p')
SPRING_CLOUD=$(jar tf "$EUREKA_JAR" 2>/dev/null | grep -o 'spring-cloud-netflix-eureka-server-[0-9.]*\.jar' | head -n1 || true)
EUREKA_CORE=$(jar tf "$EUREKA_JAR" 2>/dev/null | grep -o 'eureka-core-[0-9.]*\.jar' | head -n1 || true)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "machine: $(nproc) CPUs ($CPU_MODEL), $MEM_TOTAL RAM; $JAVA_VERSION; JVM options: $JVM_OPTS;" \
    "$SPRING_CLOUD, $EUREKA_CORE"

# 1 + 2. One Muster node and one Eureka server side by side, each with INSTANCES instances.
MP=$(free_port)
start_muster muster "$MP"
M_PID=$PID
M_BASE="http://127.0.0.1:$MP"
EP=$(free_port)
start_eureka eureka "$EP"
E_PID=$PID
E_BASE="http://127.0.0.1:$EP"
log "muster at $M_BASE (pid $M_PID), Eureka server at $E_BASE (pid $E_PID)"

log "registering $INSTANCES instances in $APPS apps at each"
register "$M_BASE" "$INSTANCES" "$APPS" "$WORK/m-ids.txt"
register "$E_BASE" "$INSTANCES" "$APPS" "$WORK/e-ids.txt"
[[ $(fetch_count "$M_BASE") == "$INSTANCES" ]] || die "muster does not list $INSTANCES instances"
# The Eureka server's read-only cache is filled on the first read and refreshed every 30 s.
for _ in $(seq 1 70); do
    [[ $(fetch_count "$E_BASE") == "$INSTANCES" ]] && break
    sleep 1
done
[[ $(fetch_count "$E_BASE") == "$INSTANCES" ]] || die "the Eureka server does not list $INSTANCES instances"

log "warm-up: heartbeats for $WARMUP at each (the JVM compiles its hot paths)"
run_wrk "$WORK/warm-m.txt" -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$BENCH/renew.lua" "$M_BASE" -- "$WORK/m-ids.txt"
run_wrk "$WORK/warm-e.txt" -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$BENCH/renew.lua" "$E_BASE" -- "$WORK/e-ids.txt"

M_ALL=() E_ALL=() M_CPU_ALL=() E_CPU_ALL=() M_P99_ALL=() E_P99_ALL=()
for round in $(seq 1 "$ROUNDS"); do
    for side in m e; do
        if [[ $side == m ]]; then pid=$M_PID base=$M_BASE; else pid=$E_PID base=$E_BASE; fi
        log "round $round/$ROUNDS, $side: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, PUT over $INSTANCES instances"
        ticks=$(cpu_ticks "$pid")
        run_wrk "$WORK/hb-$side-$round.txt" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
            -s "$BENCH/renew.lua" "$base" -- "$WORK/$side-ids.txt"
        rps=$(result_field "$WORK/hb-$side-$round.txt" rps)
        p99=$(result_field "$WORK/hb-$side-$round.txt" p99_ms)
        cpu=$(awk -v t="$(($(cpu_ticks "$pid") - ticks))" -v hz="$CLK_TCK" \
            -v n="$(result_field "$WORK/hb-$side-$round.txt" requests)" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
        if [[ $side == m ]]; then M_ALL+=("$rps") M_CPU_ALL+=("$cpu") M_P99_ALL+=("$p99");
        else E_ALL+=("$rps") E_CPU_ALL+=("$cpu") E_P99_ALL+=("$p99"); fi
    done
    log "round $round: muster ${M_ALL[-1]} req/s (${M_CPU_ALL[-1]} us CPU each), Eureka ${E_ALL[-1]} req/s (${E_CPU_ALL[-1]} us each)"
done
M_HB=$(median "${M_ALL[@]}") E_HB=$(median "${E_ALL[@]}")
M_HB_CPU=$(median "${M_CPU_ALL[@]}") E_HB_CPU=$(median "${E_CPU_ALL[@]}")
M_HB_P99=$(median "${M_P99_ALL[@]}") E_HB_P99=$(median "${E_P99_ALL[@]}")

for side in m e; do
    if [[ $side == m ]]; then base=$M_BASE; else base=$E_BASE; fi
    log "full fetch at $side: wrk -t1 -c1 -d$DURATION GET /eureka/apps (JSON, $INSTANCES instances)"
    run_wrk "$WORK/ff-$side.txt" -t1 -c1 -d"$DURATION" --latency -s "$BENCH/fullfetch.lua" "$base" -- /eureka/apps
done
M_FF=$(result_field "$WORK/ff-m.txt" p50_ms) M_FF99=$(result_field "$WORK/ff-m.txt" p99_ms)
E_FF=$(result_field "$WORK/ff-e.txt" p50_ms) E_FF99=$(result_field "$WORK/ff-e.txt" p99_ms)
M_FF_BYTES=$(curl -sS -H 'Accept: application/json' "$M_BASE/eureka/apps" | wc -c)
E_FF_BYTES=$(curl -sS -H 'Accept: application/json' "$E_BASE/eureka/apps" | wc -c)
stop_pid "$M_PID"
stop_pid "$E_PID"

# 3. Memory: fresh servers, MEM_INSTANCES registrations each.
measure_memory() {   # SIDE BASE PID : sets MEM_BEFORE MEM_AFTER (kB), HEAP (the JVM's, after GC)
    local side=$1 base=$2 pid=$3
    [[ $side == e ]] && jcmd "$pid" GC.run >/dev/null 2>&1
    MEM_BEFORE=$(rss_kb "$pid")
    register "$base" "$MEM_INSTANCES" "$MEM_APPS" "$WORK/mem-$side-ids.txt"
    HEAP=""
    if [[ $side == e ]]; then
        jcmd "$pid" GC.run >/dev/null 2>&1
        HEAP=$(jcmd "$pid" GC.heap_info 2>/dev/null | sed -n 's/.*total \([0-9]*\)K, used \([0-9]*\)K.*/\2/p' | head -n1)
    fi
    MEM_AFTER=$(rss_kb "$pid")
}
MP=$(free_port)
start_muster muster-mem "$MP"
measure_memory m "http://127.0.0.1:$MP" "$PID"
M_MEM_BEFORE=$MEM_BEFORE M_MEM_AFTER=$MEM_AFTER
stop_pid "$PID"
EP=$(free_port)
start_eureka eureka-mem "$EP"
EPID=$PID
jcmd "$EPID" GC.run >/dev/null 2>&1
E_HEAP_BEFORE=$(jcmd "$EPID" GC.heap_info 2>/dev/null | sed -n 's/.*total \([0-9]*\)K, used \([0-9]*\)K.*/\2/p' | head -n1)
measure_memory e "http://127.0.0.1:$EP" "$EPID"
E_MEM_BEFORE=$MEM_BEFORE E_MEM_AFTER=$MEM_AFTER E_HEAP_AFTER=$HEAP
stop_pid "$EPID"
per_instance() { awk -v a="$2" -v b="$1" -v n="$MEM_INSTANCES" 'BEGIN { printf "%.2f", (a - b) / n }'; }
M_KB=$(per_instance "$M_MEM_BEFORE" "$M_MEM_AFTER")
E_KB=$(per_instance "$E_MEM_BEFORE" "$E_MEM_AFTER")
E_HEAP_KB=$(per_instance "${E_HEAP_BEFORE:-0}" "${E_HEAP_AFTER:-0}")

# 4. Register at one → visible at the other.
converge() {   # NAME A_BASE C_BASE : runs the driver, sets P50 P99 N
    "$BIN/muster_bench_convergence" --a "$2" --c "$3" --registrations "$REGISTRATIONS" --concurrency "$CONCURRENCY" \
        --poll-ms "$POLL_MS" >"$WORK/conv-$1.txt" 2>&1 || { cat "$WORK/conv-$1.txt" >&2; die "convergence $1 failed"; }
    sed 's/^/   /' "$WORK/conv-$1.txt" >&2
    P50=$(conv_field "$WORK/conv-$1.txt" p50_ms) P99=$(conv_field "$WORK/conv-$1.txt" p99_ms)
}
ready() {   # BASE : GET /eureka/apps answers 200
    local _
    for _ in $(seq 1 300); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: application/json' "$1/eureka/apps") == 200 ]] && return 0
        sleep 0.1
    done
    die "$1 is not ready"
}

A=$(free_port) B=$(free_port)
start_muster peer-a "$A" --peer "http://127.0.0.1:$B/eureka/"
PA=$PID
start_muster peer-b "$B" --peer "http://127.0.0.1:$A/eureka/"
PB=$PID
ready "http://127.0.0.1:$A"; ready "http://127.0.0.1:$B"
log "two Muster peers: $REGISTRATIONS registrations at A, $CONCURRENCY at a time, each until visible at B"
converge mm "http://127.0.0.1:$A" "http://127.0.0.1:$B"
MM_P50=$P50 MM_P99=$P99
stop_pid "$PA"; stop_pid "$PB"

A=$(free_port) B=$(free_port)
start_eureka eureka-a "$A" "http://127.0.0.1:$B/eureka/"
PA=$PID
start_eureka eureka-b "$B" "http://127.0.0.1:$A/eureka/"
PB=$PID
ready "http://127.0.0.1:$A"; ready "http://127.0.0.1:$B"
log "two Eureka servers: the same"
converge ee "http://127.0.0.1:$A" "http://127.0.0.1:$B"
EE_P50=$P50 EE_P99=$P99
stop_pid "$PA"; stop_pid "$PB"

# The mixed pair, once for each direction: the driver registers the same ids each time, and a second
# run on the same pair would find them at B already.
mixed_pair() {   # NAME : starts a fresh Muster node (sets PA, MA) and Eureka server (PB, EB), peers of each other
    local a b
    a=$(free_port) b=$(free_port)
    start_muster "$1-m" "$a" --peer "http://127.0.0.1:$b/eureka/"
    PA=$PID MA="http://127.0.0.1:$a"
    start_eureka "$1-e" "$b" "http://127.0.0.1:$a/eureka/"
    PB=$PID EB="http://127.0.0.1:$b"
    ready "$MA"; ready "$EB"
}
mixed_pair mixed1
log "mixed pair: at Muster, visible at the Eureka server"
converge me "$MA" "$EB"
ME_P50=$P50 ME_P99=$P99
stop_pid "$PA"; stop_pid "$PB"
mixed_pair mixed2
log "mixed pair: at the Eureka server, visible at Muster"
converge em "$EB" "$MA"
EM_P50=$P50 EM_P99=$P99
stop_pid "$PA"; stop_pid "$PB"

# ---------------------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo MISSED; fi; }
HB_RATIO=$(ratio "$M_HB" "$E_HB")
FF_RATIO=$(ratio "$E_FF" "$M_FF")
MEM_RATIO=$(ratio "$M_KB" "$E_KB")
V_HB=$(verdict "$HB_RATIO >= $TARGET_HB_RATIO")
V_FF=$(verdict "$FF_RATIO >= $TARGET_FETCH_RATIO")
V_MEM=$(verdict "$MEM_RATIO < $TARGET_MEM_RATIO")
V_PEER=$(verdict "$MM_P99 < $TARGET_PEER_P99_MS")

row() { printf '  %-62s %-22s %-22s %-10s %s\n' "$1" "$2" "$3" "$4" "$5"; }
echo
echo "Muster beside the Eureka server, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) CPUs ($CPU_MODEL), $MEM_TOTAL RAM; $JAVA_VERSION; JVM: $JVM_OPTS"
echo "Eureka server: $SPRING_CLOUD, $EUREKA_CORE (Spring Boot 3.5.7), profile bench (Spring Cloud's defaults)"
echo "load average: $LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo
row "measure" "Muster" "Eureka server" "ratio" "target"
row "heartbeats/s, $INSTANCES instances, -t$THREADS -c$CONNECTIONS (median of $ROUNDS)" "$M_HB" "$E_HB" "$HB_RATIO" ">= $TARGET_HB_RATIO: $V_HB"
row "  rounds" "${M_ALL[*]}" "${E_ALL[*]}" "" ""
row "  server CPU per heartbeat (us)" "$M_HB_CPU" "$E_HB_CPU" "" ""
row "  heartbeat p99 latency (ms)" "$M_HB_P99" "$E_HB_P99" "" ""
row "full fetch JSON, $INSTANCES instances, -c1: p50 (ms)" "$M_FF" "$E_FF" "$FF_RATIO" ">= $TARGET_FETCH_RATIO: $V_FF"
row "  p99 (ms)" "$M_FF99" "$E_FF99" "" ""
row "  body (bytes)" "$M_FF_BYTES" "$E_FF_BYTES" "" ""
row "RSS growth per instance, $MEM_INSTANCES instances (KiB)" "$M_KB" "$E_KB" "$MEM_RATIO" "< $TARGET_MEM_RATIO: $V_MEM"
row "  RSS before / after (kB)" "$M_MEM_BEFORE / $M_MEM_AFTER" "$E_MEM_BEFORE / $E_MEM_AFTER" "" ""
row "  JVM live heap per instance after full GC (KiB)" "" "$E_HEAP_KB" "" ""
row "register → visible at peer, $REGISTRATIONS, $CONCURRENCY at a time: p50 / p99 (ms)" "" "" "" ""
row "  two Muster peers" "$MM_P50 / $MM_P99" "" "" "p99 < $TARGET_PEER_P99_MS: $V_PEER"
row "  two Eureka servers" "" "$EE_P50 / $EE_P99" "" ""
row "  mixed: at Muster → visible at the Eureka server" "$ME_P50 / $ME_P99" "" "" ""
row "  mixed: at the Eureka server → visible at Muster" "" "$EM_P50 / $EM_P99" "" ""
echo
echo "SUMMARY m_hb=$M_HB e_hb=$E_HB hb_ratio=$HB_RATIO m_hb_cpu_us=$M_HB_CPU e_hb_cpu_us=$E_HB_CPU" \
     "m_ff_p50_ms=$M_FF e_ff_p50_ms=$E_FF ff_ratio=$FF_RATIO m_kb=$M_KB e_kb=$E_KB e_heap_kb=$E_HEAP_KB" \
     "mm_p50=$MM_P50 mm_p99=$MM_P99 ee_p50=$EE_P50 ee_p99=$EE_P99 me_p50=$ME_P50 me_p99=$ME_P99" \
     "em_p50=$EM_P50 em_p99=$EM_P99"

[[ $V_HB == met && $V_FF == met && $V_MEM == met && $V_PEER == met ]] || { echo "bench/eureka: a target was missed" >&2; exit 1; }
