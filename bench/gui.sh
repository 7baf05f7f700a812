#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The console under load: the real app in a real (Xvfb) window with its Instances tab showing, its
# node fed INSTANCES simulated Eureka clients (app LOADSIM) heartbeating every INTERVAL_MS (100 000
# every 10 s is 10 000 renewals per second). Once they heartbeat steadily, a second simulator brings
# a burst of BURST more (app BURST): they register as fast as the node takes them, heartbeat for
# BURST_HOLD_S seconds and are cancelled as fast. The app measures its own event loop
# (MUSTER_GUI_LATENCY_LOG): the longest stall of its GUI thread each second. Prints the worst stall
# in each phase, and the app's memory.
#
#   bench/gui.sh            (BUILD_DIR=build SKIP_BUILD=1 bench/gui.sh to reuse a bench-enabled tree)
#   INSTANCES=10000 INTERVAL_MS=5000 BURST=0 bench/gui.sh     (the earlier, smaller run)
#   PERF_OUT=/tmp/burst.perf bench/gui.sh     (perf record -g of the app from the burst's start to its end)
#
# Benchmarks are not tests: the numbers go into bench/README.md with the machine they ran on.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-"$ROOT/build-bench"}
INSTANCES=${INSTANCES:-100000}
INTERVAL_MS=${INTERVAL_MS:-10000}
BURST=${BURST:-10000}
BURST_HOLD_S=${BURST_HOLD_S:-10}
STEADY_S=${STEADY_S:-15}           # heartbeating alone before the burst, and after it
SECONDS_RUN=${SECONDS_RUN:-120}    # how long the INSTANCES heartbeat; the burst must end within it
SKIP_BUILD=${SKIP_BUILD:-0}
BIN="$BUILD_DIR/bin"

die() { printf 'gui: %s\n' "$*" >&2; exit 1; }

if [[ $SKIP_BUILD != 1 ]]; then
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMUSTER_BUILD_BENCH=ON \
        -DMUSTER_BUILD_TESTS=OFF >/dev/null
    cmake --build "$BUILD_DIR" --target muster muster_bench_loadsim >/dev/null
fi

WORK=$(mktemp -d)
XVFB_PID=
APP_PID=
LOADSIM_PID=
BURST_PID=
PERF_PID=
cleanup() {
    [[ -n $PERF_PID ]] && kill -INT "$PERF_PID" 2>/dev/null && wait "$PERF_PID" 2>/dev/null
    [[ -n $BURST_PID ]] && kill "$BURST_PID" 2>/dev/null && wait "$BURST_PID" 2>/dev/null
    [[ -n $LOADSIM_PID ]] && kill "$LOADSIM_PID" 2>/dev/null && wait "$LOADSIM_PID" 2>/dev/null
    [[ -n $APP_PID ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
    [[ -n $XVFB_PID ]] && kill "$XVFB_PID" 2>/dev/null && wait "$XVFB_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

DISPLAY_NUMBER=${DISPLAY_NUMBER:-97}
Xvfb ":$DISPLAY_NUMBER" -screen 0 1400x900x24 >/dev/null 2>&1 &
XVFB_PID=$!
for _ in $(seq 1 50); do [[ -e /tmp/.X11-unix/X$DISPLAY_NUMBER ]] && break; sleep 0.1; done

# A fresh settings file that opens on the Instances tab: the view with the most to repaint.
mkdir -p "$WORK/config/Muster"
printf '[window]\ntab=1\n' >"$WORK/config/Muster/muster.conf"

DISPLAY=":$DISPLAY_NUMBER" XDG_CONFIG_HOME="$WORK/config" MUSTER_GUI_LATENCY_LOG="$WORK/latency.log" \
    "$BIN/muster" --port 0 --lease-duration 3600 --data-dir "$WORK/data" >"$WORK/app.log" 2>&1 &
APP_PID=$!
PORT=
for _ in $(seq 1 100); do
    PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$WORK/app.log" | head -n1)
    [[ -n $PORT ]] && break
    sleep 0.1
done
[[ -n $PORT ]] || { cat "$WORK/app.log" >&2; die "the console's node did not print its port"; }

rss_mb() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$APP_PID/status"; }
now_ms() { date +%s%3N; }
RSS_IDLE=$(rss_mb)
START_MS=$(now_ms)
stdbuf -oL "$BIN/muster_bench_loadsim" --url "http://127.0.0.1:$PORT/eureka/" --instances "$INSTANCES" \
    --interval "$INTERVAL_MS" --seconds "$SECONDS_RUN" >"$WORK/loadsim.log" 2>&1 &
LOADSIM_PID=$!
# Each phase ends when its simulator says so: "registered" when the registrations are done, its
# per-second lines while it heartbeats, "stopped" once its cancels are done.
REGISTERED_MS=
HEARTBEATS_END_MS=
BURST_START_MS=
BURST_REGISTERED_MS=
BURST_HEARTBEATS_END_MS=
BURST_END_MS=
SECONDS_SEEN=0
BURST_SECONDS_SEEN=0
RSS_PEAK=0
while kill -0 "$LOADSIM_PID" 2>/dev/null; do
    NOW=$(now_ms)
    if [[ -z $REGISTERED_MS ]] && grep -q '^registered' "$WORK/loadsim.log" 2>/dev/null; then
        REGISTERED_MS=$NOW
    fi
    SEEN=$(grep -c '^t=' "$WORK/loadsim.log" 2>/dev/null || true)
    if (( SEEN > SECONDS_SEEN )); then SECONDS_SEEN=$SEEN; HEARTBEATS_END_MS=$NOW; fi
    if (( BURST > 0 )) && [[ -z $BURST_START_MS && -n $REGISTERED_MS ]] && (( NOW - REGISTERED_MS >= STEADY_S * 1000 )); then
        BURST_START_MS=$(now_ms)
        stdbuf -oL "$BIN/muster_bench_loadsim" --url "http://127.0.0.1:$PORT/eureka/" --app BURST \
            --instances "$BURST" --interval "$INTERVAL_MS" --seconds "$BURST_HOLD_S" >"$WORK/burst.log" 2>&1 &
        BURST_PID=$!
        if [[ -n ${PERF_OUT:-} ]]; then
            perf record -q -g -F 499 -p "$APP_PID" -o "$PERF_OUT" >/dev/null 2>&1 &
            PERF_PID=$!
        fi
    fi
    if [[ -n $BURST_PID ]]; then
        if [[ -z $BURST_REGISTERED_MS ]] && grep -q '^registered' "$WORK/burst.log" 2>/dev/null; then
            BURST_REGISTERED_MS=$NOW
        fi
        SEEN=$(grep -c '^t=' "$WORK/burst.log" 2>/dev/null || true)
        if (( SEEN > BURST_SECONDS_SEEN )); then BURST_SECONDS_SEEN=$SEEN; BURST_HEARTBEATS_END_MS=$NOW; fi
        if ! kill -0 "$BURST_PID" 2>/dev/null; then
            wait "$BURST_PID" || true
            BURST_PID=
            BURST_END_MS=$NOW
            if [[ -n $PERF_PID ]]; then kill -INT "$PERF_PID"; wait "$PERF_PID" || true; PERF_PID=; fi
        fi
    fi
    RSS=$(rss_mb); (( RSS > RSS_PEAK )) && RSS_PEAK=$RSS
    sleep 0.2
done
wait "$LOADSIM_PID" || true
LOADSIM_PID=
[[ -z $BURST_PID ]] || die "the burst did not end while the $INSTANCES instances heartbeated: raise SECONDS_RUN"
# The console may still be applying what the node sent last.
END_MS=$(( $(now_ms) + 3000 ))
while (( $(now_ms) < END_MS )); do sleep 0.5; done
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=

[[ -n $REGISTERED_MS ]] || REGISTERED_MS=$START_MS
[[ -n $HEARTBEATS_END_MS ]] || HEARTBEATS_END_MS=$REGISTERED_MS
# The worst of a field (stall: wall time the loop was late; busy: the GUI thread's CPU time between
# two of its ticks, which a loaded machine does not inflate) over the lines between two times.
worst_between() {
    awk -v from="$1" -v to="$2" -v field="$3" '$1 ~ /^[0-9]+$/ && $1 >= from && $1 <= to {
        for (i = 2; i <= NF; ++i) if (index($i, field "=") == 1) { v = substr($i, length(field) + 2) + 0; if (v > worst) worst = v }
    } END { print worst + 0 }' "$WORK/latency.log"
}
phase() {
    printf 'worst stall %-58s %5d ms (busy %4d ms)\n' "$1:" "$(worst_between "$2" "$3" worst_stall_ms)" \
        "$(worst_between "$2" "$3" worst_busy_ms)"
}
RENEWALS=$(( INSTANCES * 1000 / INTERVAL_MS ))
echo "--- load simulator ($INSTANCES instances, app LOADSIM)"
grep -E 'SUMMARY|stopped' "$WORK/loadsim.log" || tail -3 "$WORK/loadsim.log"
if (( BURST > 0 )); then
    echo "--- burst ($BURST instances, app BURST)"
    grep -E '^registered|SUMMARY|stopped' "$WORK/burst.log" || tail -3 "$WORK/burst.log"
fi
echo "--- console (GUI thread); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
phase "while $INSTANCES instances registered" "$START_MS" "$REGISTERED_MS"
if (( BURST > 0 )) && [[ -n $BURST_END_MS ]]; then
    phase "heartbeating ($RENEWALS per second), before the burst" $(( REGISTERED_MS + 1000 )) "$BURST_START_MS"
    phase "while a burst of $BURST registered" "$BURST_START_MS" "$BURST_REGISTERED_MS"
    phase "heartbeating with the burst's instances" $(( BURST_REGISTERED_MS + 1000 )) "$BURST_HEARTBEATS_END_MS"
    if (( BURST_END_MS > HEARTBEATS_END_MS )); then
        echo "(the burst outlasted the heartbeats: raise SECONDS_RUN to see its cancels alone)"
    fi
    phase "while the burst's $BURST were cancelled, and after" "$BURST_HEARTBEATS_END_MS" "$HEARTBEATS_END_MS"
else
    phase "heartbeating ($RENEWALS per second)" $(( REGISTERED_MS + 1000 )) "$HEARTBEATS_END_MS"
fi
phase "while $INSTANCES instances were cancelled" "$HEARTBEATS_END_MS" "$END_MS"
grep summary "$WORK/latency.log"
[[ -n ${KEEP_LOG:-} ]] && cp "$WORK/latency.log" "$KEEP_LOG"
printf 'memory: %d MB idle, %d MB peak with %d instances\n' "$RSS_IDLE" "$RSS_PEAK" $(( INSTANCES + BURST ))
