#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Bridges (docs/bridges.md), with a node's default bridge settings (one read per second):
#   1. register at one external registry → visible at the other through one bridging node: p50 and p99
#      over REGISTRATIONS registrations (muster_bench_convergence: register at A over Eureka, poll
#      GET /eureka/apps/{APP}/{ID} at C), both ways, for
#        a. a Muster node used as the Eureka server and another used as the Service-Center, and
#        b. the real Spring Cloud Eureka server (tests/interop/eureka-server, its test profile: response
#           cache refreshed every second, no read-only cache) and a Muster node used as the Service-Center
#           (skipped when its jar is not built: SKIP_REAL_EUREKA=1, or no jar);
#   2. idle CPU: a node whose bridge follows IDLE_INSTANCES external instances, beside a node that
#      holds as many of its own, over IDLE_SECS seconds with no traffic.
# Prints a summary with the targets and a SUMMARY line; exits 1 if a target is missed.
#
#   bench/bridge.sh                  (knobs below, e.g. REGISTRATIONS=200 bench/bridge.sh)
#
# Benchmarks are not tests: the numbers go into bench/README.md with the machine they ran on.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-"$ROOT/build-bench"}
REGISTRATIONS=${REGISTRATIONS:-500}
CONCURRENCY=${CONCURRENCY:-10}
POLL_MS=${POLL_MS:-2}
IDLE_INSTANCES=${IDLE_INSTANCES:-10000}
IDLE_APPS=${IDLE_APPS:-500}
IDLE_SECS=${IDLE_SECS:-60}
LEASE_SECS=${LEASE_SECS:-3600}
JVM_OPTS=${JVM_OPTS:-"-Xms256m -Xmx1g -XX:+UseG1GC"}
SKIP_BUILD=${SKIP_BUILD:-0}
SKIP_REAL_EUREKA=${SKIP_REAL_EUREKA:-0}
SKIP_CONVERGENCE=${SKIP_CONVERGENCE:-0}
KEEP_WORKDIR=${KEEP_WORKDIR:-0}

TARGET_P99_MS=2000         # register at one external → visible at the other, p99
TARGET_IDLE_CPU_PCT=5      # what a bridge following IDLE_INSTANCES adds to the node's CPU at idle

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench/bridge: %s\n' "$*" >&2; exit 1; }

for tool in curl cmake awk; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/muster-bridge-bench.XXXXXX")
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

free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 12000))   # below the ephemeral ports that outgoing connections use
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

# start_muster NAME PORT [muster options...] : sets PID.
start_muster() {
    local name=$1 port=$2
    shift 2
    "$BIN/muster" --headless --port "$port" --bind 127.0.0.1 --name "$name" --lease-duration "$LEASE_SECS" \
        --register-with-peers off --data-dir "$WORK/data-$name" "$@" >"$WORK/$name.log" 2>&1 &
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

# start_eureka NAME PORT : the real Eureka server with its test profile; sets PID.
start_eureka() {
    local name=$1 port=$2
    # shellcheck disable=SC2086
    java $JVM_OPTS -jar "$EUREKA_JAR" --server.port="$port" --server.address=127.0.0.1 \
        --eureka.server.my-url="http://127.0.0.1:$port/eureka/" \
        --eureka.client.service-url.defaultZone="http://127.0.0.1:$port/eureka/" >"$WORK/$name.log" 2>&1 &
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

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
CLK_TCK=$(getconf CLK_TCK)
conv_field() { sed -n 's/^RESULT convergence .*\b'"$2"'=\([^ ]*\).*/\1/p' "$1" | tail -n1; }
bridge_field() {   # bridge_field BASE INDEX FIELD
    curl -sS "$1/muster/api/v1/bridges" | python3 -c \
        "import json, sys; print(json.load(sys.stdin)['bridges'][$2]['$3'])"
}

# wait_in_sync BASE COUNT : every bridge of the node in sync.
wait_in_sync() {
    local _ i ok
    for _ in $(seq 1 600); do
        ok=1
        for ((i = 0; i < $2; i++)); do
            [[ $(bridge_field "$1" "$i" state) == "in sync" ]] || ok=0
        done
        [[ $ok == 1 ]] && return 0
        sleep 0.1
    done
    die "the bridges of $1 are not in sync after 60 s"
}

# converge NAME A C [driver options] : REGISTRATIONS at A, each timed until C serves it; writes $WORK/NAME.txt.
converge() {
    "$BIN/muster_bench_convergence" --a "$2" --c "$3" --registrations "$REGISTRATIONS" \
        --concurrency "$CONCURRENCY" --poll-ms "$POLL_MS" "${@:4}" >"$WORK/$1.txt" 2>&1 \
        || { tail -n 20 "$WORK/$1.txt" >&2; die "$1: not every registration became visible"; }
    grep '^RESULT convergence' "$WORK/$1.txt" >&2
}

# ---------------------------------------------------------------------------------------------------
if [[ $SKIP_BUILD != 1 ]]; then
    log "building (Release) into $BUILD_DIR"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMUSTER_BUILD_TESTS=OFF \
        -DMUSTER_BUILD_BENCH=ON >"$WORK/cmake.log" 2>&1 || { cat "$WORK/cmake.log" >&2; die "cmake configure failed"; }
    cmake --build "$BUILD_DIR" --target muster muster_bench_registrar muster_bench_convergence \
        >"$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log" >&2; die "build failed"; }
    if [[ $SKIP_REAL_EUREKA != 1 ]] && command -v mvn >/dev/null; then
        (cd "$ROOT/tests/interop" && mvn -q -B package -DskipTests -Dmuster.interop.out="$BUILD_DIR/interop") \
            >"$WORK/mvn.log" 2>&1 || { tail -n 40 "$WORK/mvn.log" >&2; die "mvn package failed"; }
    fi
fi
BIN="$BUILD_DIR/bin"
EUREKA_JAR=${EUREKA_JAR:-"$BUILD_DIR/interop/eureka-server/eureka-server.jar"}
for exe in muster muster_bench_registrar muster_bench_convergence; do
    [[ -x $BIN/$exe ]] || die "$BIN/$exe is missing"
done
[[ -f $EUREKA_JAR ]] || SKIP_REAL_EUREKA=1

CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM_TOTAL=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "machine: $(nproc) CPUs ($CPU_MODEL), $MEM_TOTAL RAM; load $LOAD_START"

# start_trio EUREKA_KIND : an Eureka side (a Muster node, or the real server with "real"), a Muster node as
# the Service-Center, and a node bridged to both; sets E_BASE, S_BASE and TRIO (their pids).
start_trio() {
    local ep sp mp
    ep=$(free_port); sp=$(free_port); mp=$(free_port)
    if [[ $1 == real ]]; then start_eureka "real-eureka-$ep" "$ep"; else start_muster "ext-eureka-$ep" "$ep"; fi
    TRIO=("$PID")
    start_muster "ext-servicecenter-$sp" "$sp"; TRIO+=("$PID")
    start_muster "bridging-$mp" "$mp" --bridge "eureka=http://127.0.0.1:$ep/eureka/" --bridge "servicecomb=http://127.0.0.1:$sp"
    TRIO+=("$PID")
    wait_in_sync "http://127.0.0.1:$mp" 2
    E_BASE="http://127.0.0.1:$ep"
    S_BASE="http://127.0.0.1:$sp"
    log "$1 Eureka side at $E_BASE, Service-Center side at $S_BASE, bridging node at http://127.0.0.1:$mp"
}
stop_trio() { local pid; for pid in "${TRIO[@]}"; do stop_pid "$pid"; done; }

# 1. Each direction on fresh registries, so that no instance is there before it is registered.
#    The Service-Center holds Eureka ids (host:app:port) as their SHA-1 (docs/bridges.md).
KINDS=(muster)
[[ $SKIP_REAL_EUREKA == 1 ]] || KINDS+=(real)
[[ $SKIP_CONVERGENCE != 1 ]] || KINDS=()
for kind in "${KINDS[@]}"; do
    start_trio "$kind"
    converge "$kind-e2s" "$E_BASE" "$S_BASE" --c-hashed-ids
    stop_trio
    start_trio "$kind"
    converge "$kind-s2e" "$S_BASE" "$E_BASE"
    stop_trio
done

# 2. Idle CPU: a bridge following IDLE_INSTANCES, beside a node holding as many of its own.
EP=$(free_port); start_muster idle-external "$EP"; E_PID=$PID
"$BIN/muster_bench_registrar" --base "http://127.0.0.1:$EP/eureka" --instances "$IDLE_INSTANCES" --apps "$IDLE_APPS" \
    --lease "$LEASE_SECS" --out "$WORK/idle-ids.txt" >&2 || die "registration failed"
OP=$(free_port); start_muster idle-own "$OP"; O_PID=$PID
"$BIN/muster_bench_registrar" --base "http://127.0.0.1:$OP/eureka" --instances "$IDLE_INSTANCES" --apps "$IDLE_APPS" \
    --lease "$LEASE_SECS" --out "$WORK/own-ids.txt" >&2 || die "registration failed"
MP=$(free_port); start_muster idle-bridging "$MP" --bridge "eureka=http://127.0.0.1:$EP/eureka/"; M_PID=$PID
for _ in $(seq 1 600); do
    [[ $(bridge_field "http://127.0.0.1:$MP" 0 pulled) == "$IDLE_INSTANCES" ]] && break
    sleep 0.1
done
[[ $(bridge_field "http://127.0.0.1:$MP" 0 pulled) == "$IDLE_INSTANCES" ]] || die "the bridge did not pull $IDLE_INSTANCES"
wait_in_sync "http://127.0.0.1:$MP" 1
sleep 5   # the writes of the first sync settle
log "idle for $IDLE_SECS s: a bridge following $IDLE_INSTANCES instances, and a node holding $IDLE_INSTANCES of its own"
M0=$(cpu_ticks "$M_PID"); O0=$(cpu_ticks "$O_PID"); E0=$(cpu_ticks "$E_PID")
sleep "$IDLE_SECS"
M1=$(cpu_ticks "$M_PID"); O1=$(cpu_ticks "$O_PID"); E1=$(cpu_ticks "$E_PID")
pct() { awk -v t="$1" -v hz="$CLK_TCK" -v s="$IDLE_SECS" 'BEGIN { printf "%.2f", 100 * t / hz / s }'; }
IDLE_BRIDGING=$(pct $((M1 - M0)))
IDLE_OWN=$(pct $((O1 - O0)))
IDLE_EXTERNAL=$(pct $((E1 - E0)))
IDLE_ADDED=$(awk -v a="$IDLE_BRIDGING" -v b="$IDLE_OWN" 'BEGIN { printf "%.2f", a - b }')
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------------------------------
MISSED=0
verdict() { if awk -v v="$1" -v t="$2" 'BEGIN { exit !(v < t) }'; then echo met; else echo MISSED; fi; }
note_missed() { [[ $(verdict "$1" "$2") == met ]] || MISSED=1; }
row() {   # row LABEL FILE
    local p50 p99
    p50=$(conv_field "$2" p50_ms); p99=$(conv_field "$2" p99_ms)
    note_missed "$p99" "$TARGET_P99_MS"
    printf '| %-58s | %9s | %9s | %-6s |\n' "$1" "$p50" "$p99" "$(verdict "$p99" "$TARGET_P99_MS")"
}
echo
echo "machine: $(nproc) CPUs ($CPU_MODEL), $MEM_TOTAL RAM; load $LOAD_START at the start, $LOAD_END at the end"
echo "register → visible through the bridge, $REGISTRATIONS registrations, $CONCURRENCY at a time (target p99 < $TARGET_P99_MS ms)"
printf '| %-58s | %9s | %9s | %-6s |\n' "path" "p50 ms" "p99 ms" "p99"
if [[ $SKIP_CONVERGENCE != 1 ]]; then
    row "Muster as Eureka → node → Muster as Service-Center" "$WORK/muster-e2s.txt"
    row "Muster as Service-Center → node → Muster as Eureka" "$WORK/muster-s2e.txt"
fi
if [[ $SKIP_REAL_EUREKA != 1 && $SKIP_CONVERGENCE != 1 ]]; then
    row "real Eureka server → node → Muster as Service-Center" "$WORK/real-e2s.txt"
    row "Muster as Service-Center → node → real Eureka server" "$WORK/real-s2e.txt"
fi
note_missed "$IDLE_ADDED" "$TARGET_IDLE_CPU_PCT"
echo
echo "idle CPU over $IDLE_SECS s, % of one core: bridging node $IDLE_BRIDGING, node with its own $IDLE_INSTANCES $IDLE_OWN," \
     "the external registry it reads $IDLE_EXTERNAL; added by the bridge $IDLE_ADDED" \
     "(target < $TARGET_IDLE_CPU_PCT: $(verdict "$IDLE_ADDED" "$TARGET_IDLE_CPU_PCT"))"
echo "SUMMARY muster_e2s_p99_ms=$(conv_field "$WORK/muster-e2s.txt" p99_ms 2>/dev/null) muster_s2e_p99_ms=$(conv_field "$WORK/muster-s2e.txt" p99_ms 2>/dev/null)" \
     "idle_cpu_added_pct=$IDLE_ADDED"
exit "$MISSED"
