#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Muster soak run: a three-node cluster in one process (muster --headless --nodes 3), driven for
# SOAK_SECONDS by bench/soak.cpp (muster_bench_soak): registrations, heartbeats, cancels, status
# overrides, full and delta fetches, Service-Center watchers, and hostile requests. Meanwhile the
# cluster's resident memory is sampled every SAMPLE_SECONDS. At the end:
#   - no error answered to a well-behaved client, every hostile request refused as documented;
#   - nothing lost: every node's registry equals the model of the writes;
#   - resident memory flat: after WARMUP_SECONDS, no minute's median sample more than 5 % above the
#     first minute's (the highest single sample is printed beside it).
# Exits 1 if any of these fails. The numbers go into bench/README.md with the machine they ran on.
#
#   bench/soak.sh                         (30 minutes)
#   SOAK_SECONDS=120 WARMUP_SECONDS=30 bench/soak.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-"$ROOT/build-bench"}
SOAK_SECONDS=${SOAK_SECONDS:-1800}
WARMUP_SECONDS=${WARMUP_SECONDS:-300}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-10}
CLIENTS=${CLIENTS:-6}
INSTANCES=${INSTANCES:-40}
PAUSE_MS=${PAUSE_MS:-20}
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_WORKDIR=${KEEP_WORKDIR:-0}
# LOG_LEVEL=info keeps one line per write in the cluster log (with KEEP_WORKDIR=1), to trace a mismatch.
MAX_GROWTH_PERCENT=5

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'soak: %s\n' "$*" >&2; exit 1; }

(( WARMUP_SECONDS < SOAK_SECONDS )) || die "WARMUP_SECONDS must be shorter than SOAK_SECONDS"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/muster-soak.XXXXXX")
CLUSTER_PID=
cleanup() {
    if [[ -n $CLUSTER_PID ]] && kill -0 "$CLUSTER_PID" 2>/dev/null; then
        kill -TERM "$CLUSTER_PID" 2>/dev/null || true
        wait "$CLUSTER_PID" 2>/dev/null || true
    fi
    if [[ $KEEP_WORKDIR == 1 ]]; then log "logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ $SKIP_BUILD != 1 ]]; then
    log "building (Release) into $BUILD_DIR"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMUSTER_BUILD_TESTS=OFF \
        -DMUSTER_BUILD_BENCH=ON >"$WORK/cmake.log" 2>&1 || { cat "$WORK/cmake.log" >&2; die "cmake configure failed"; }
    cmake --build "$BUILD_DIR" --target muster muster_bench_soak >"$WORK/build.log" 2>&1 \
        || { tail -n 40 "$WORK/build.log" >&2; die "build failed"; }
fi
BIN="$BUILD_DIR/bin"
for exe in muster muster_bench_soak; do
    [[ -x $BIN/$exe ]] || die "$BIN/$exe is missing"
done

CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM_TOTAL=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
log "machine: $(nproc) CPUs ($CPU_MODEL), $MEM_TOTAL RAM, Debian $(cat /etc/debian_version 2>/dev/null || echo '?')"

"$BIN/muster" --headless --nodes 3 --port 0 --bind 127.0.0.1 --data-dir "$WORK/data" --log-level "${LOG_LEVEL:-warning}" \
    >"$WORK/cluster.log" 2>"$WORK/cluster.err" &
CLUSTER_PID=$!
declare -a URLS=()
for _ in $(seq 1 100); do
    mapfile -t URLS < <(sed -n 's|^muster: node muster-[0-9]* listening on \(http://127\.0\.0\.1:[0-9]*\)/eureka/|\1|p' \
                        "$WORK/cluster.log")
    [[ ${#URLS[@]} == 3 ]] && break
    kill -0 "$CLUSTER_PID" 2>/dev/null || { cat "$WORK/cluster.err" >&2; die "muster exited before listening"; }
    sleep 0.1
done
[[ ${#URLS[@]} == 3 ]] || die "the three nodes did not start within 10 s"
for url in "${URLS[@]}"; do
    for _ in $(seq 1 100); do
        curl -fsS "$url/muster/api/v1/node" 2>/dev/null | grep -q '"ready":true' && break
        sleep 0.1
    done
done
log "nodes ${URLS[*]} (pid $CLUSTER_PID); load for ${SOAK_SECONDS}s, memory sampled every ${SAMPLE_SECONDS}s"

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$CLUSTER_PID/status"; }
# The audit trails are bounded (10 000 entries a node) and fill slowly: their sizes beside the memory
# tell a buffer filling from a leak.
audit_sizes() {
    local url
    for url in "${URLS[@]}"; do
        curl -fsS "$url/muster/api/v1/audit?limit=1" 2>/dev/null | grep -o '"size":[0-9]*' | cut -d: -f2 || echo '?'
    done | paste -sd' '
}
(
    start=$(date +%s)
    while kill -0 "$CLUSTER_PID" 2>/dev/null; do
        echo "$(( $(date +%s) - start )) $(rss_kib) $(audit_sizes)"
        sleep "$SAMPLE_SECONDS"
    done
) >"$WORK/rss.txt" 2>/dev/null &
SAMPLER_PID=$!

set +e
"$BIN/muster_bench_soak" --nodes "$(IFS=,; echo "${URLS[*]}")" --seconds "$SOAK_SECONDS" --clients "$CLIENTS" \
    --instances "$INSTANCES" --pause-ms "$PAUSE_MS" >"$WORK/soak.out" 2>"$WORK/soak.err"
DRIVER_STATUS=$?
set -e
kill "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
cat "$WORK/soak.err" >&2
RESULT=$(grep '^RESULT soak' "$WORK/soak.out" || true)
[[ -n $RESULT ]] || die "the driver printed no result (exit $DRIVER_STATUS)"
kill -0 "$CLUSTER_PID" 2>/dev/null || die "the cluster died during the run"

# Memory: the first sample after warm-up is the baseline; the largest later sample is compared with it.
read -r BASE_AT BASE_KIB < <(awk -v w="$WARMUP_SECONDS" '$1 >= w { print $1, $2; exit }' "$WORK/rss.txt")
[[ -n ${BASE_KIB:-} ]] || die "no memory sample after the warm-up"
MAX_KIB=$(awk -v w="$WARMUP_SECONDS" '$1 >= w && $2 > m { m = $2 } END { print m }' "$WORK/rss.txt")
LAST_KIB=$(tail -n1 "$WORK/rss.txt" | cut -d' ' -f2)
BASE_AUDIT=$(awk -v w="$WARMUP_SECONDS" '$1 >= w { print $3 "," $4 "," $5; exit }' "$WORK/rss.txt")
LAST_AUDIT=$(tail -n1 "$WORK/rss.txt" | awk '{ print $3 "," $4 "," $5 }')
FIRST_KIB=$(head -n1 "$WORK/rss.txt" | cut -d' ' -f2)
GROWTH=$(awk -v b="$BASE_KIB" -v m="$MAX_KIB" 'BEGIN { printf "%.2f", (m - b) * 100 / b }')
SAMPLES=$(wc -l <"$WORK/rss.txt")
# The level: the median of each minute's samples after the warm-up, against the first minute's. A
# sample also holds the moment's requests in flight and what the allocator has not handed back yet
# (up to a few MiB for tens of seconds); a level that rises is what a leak or a creep looks like.
read -r LEVEL_BASE LEVEL_MAX LEVEL_GROWTH < <(awk -v w="$WARMUP_SECONDS" -v n="$(( 60 / SAMPLE_SECONDS ))" '
    function median(   i, j, t) {
        for (i = 2; i <= k; ++i) for (j = i; j > 1 && v[j - 1] > v[j]; --j) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
        return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
    }
    function close_window(   m) { m = median(); if (first == "") first = m; if (m > top) top = m; k = 0 }
    $1 >= w { v[++k] = $2; if (k == n) close_window() }
    END { if (k == n) close_window(); if (first == "") exit; printf "%d %d %.2f\n", first, top, (top - first) * 100 / first }
' "$WORK/rss.txt")
[[ -n ${LEVEL_GROWTH:-} ]] || die "not a minute of memory samples after the warm-up"

echo "$RESULT"
echo "RESULT memory startKiB=$FIRST_KIB baselineKiB=$BASE_KIB (at ${BASE_AT}s) maxAfterWarmupKiB=$MAX_KIB" \
     "lastKiB=$LAST_KIB growthPercent=$GROWTH levelKiB=$LEVEL_BASE maxLevelKiB=$LEVEL_MAX" \
     "levelGrowthPercent=$LEVEL_GROWTH samples=$SAMPLES auditAtBaseline=$BASE_AUDIT auditLast=$LAST_AUDIT"
FAILED=0
if [[ $DRIVER_STATUS != 0 ]]; then log "FAIL: the driver reported errors or a mismatch"; FAILED=1; fi
if awk -v g="$LEVEL_GROWTH" -v l="$MAX_GROWTH_PERCENT" 'BEGIN { exit !(g > l) }'; then
    log "FAIL: resident memory's level (each minute's median) rose ${LEVEL_GROWTH} % after the warm-up (limit $MAX_GROWTH_PERCENT %)"
    FAILED=1
fi
log "the highest single sample after the warm-up was ${GROWTH} % above the first (not a limit: it includes transients)"
[[ $FAILED == 0 ]] && log "PASS" 
exit "$FAILED"
