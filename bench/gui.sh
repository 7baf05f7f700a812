#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The console under load: the real app in a real (Xvfb) window with its Instances tab showing, its
# node fed INSTANCES simulated Eureka clients heartbeating every INTERVAL_MS (10 000 every 5 s is
# 2 000 renewals per second). The app measures its own event loop (MUSTER_GUI_LATENCY_LOG): the
# longest stall of its GUI thread each second. Prints the worst stall while registering and while
# heartbeating, and the app's memory.
#
#   bench/gui.sh            (BUILD_DIR=build SKIP_BUILD=1 bench/gui.sh to reuse a bench-enabled tree)
#
# Benchmarks are not tests: the numbers go into bench/README.md with the machine they ran on.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-"$ROOT/build-bench"}
INSTANCES=${INSTANCES:-10000}
INTERVAL_MS=${INTERVAL_MS:-5000}
SECONDS_RUN=${SECONDS_RUN:-60}
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
cleanup() {
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
RSS_IDLE=$(rss_mb)
START_MS=$(date +%s%3N)
stdbuf -oL "$BIN/muster_bench_loadsim" --url "http://127.0.0.1:$PORT/eureka/" --instances "$INSTANCES" \
    --interval "$INTERVAL_MS" --seconds "$SECONDS_RUN" >"$WORK/loadsim.log" 2>&1 &
LOADSIM_PID=$!
# The registrations are done when the simulator starts counting heartbeats.
# The heartbeats end with the simulator's last per-second line; then it cancels every instance.
REGISTERED_MS=
HEARTBEATS_END_MS=
SECONDS_SEEN=0
RSS_PEAK=0
while kill -0 "$LOADSIM_PID" 2>/dev/null; do
    if [[ -z $REGISTERED_MS ]] && grep -q '^registered' "$WORK/loadsim.log" 2>/dev/null; then
        REGISTERED_MS=$(date +%s%3N)
    fi
    SEEN=$(grep -c '^t=' "$WORK/loadsim.log" 2>/dev/null || true)
    if (( SEEN > SECONDS_SEEN )); then SECONDS_SEEN=$SEEN; HEARTBEATS_END_MS=$(date +%s%3N); fi
    RSS=$(rss_mb); (( RSS > RSS_PEAK )) && RSS_PEAK=$RSS
    sleep 0.5
done
wait "$LOADSIM_PID" || true
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=

[[ -n $REGISTERED_MS ]] || REGISTERED_MS=$START_MS
[[ -n $HEARTBEATS_END_MS ]] || HEARTBEATS_END_MS=$REGISTERED_MS
worst_between() {
    awk -v from="$1" -v to="$2" '$1 ~ /^[0-9]+$/ && $1 >= from && $1 <= to {
        sub("worst_stall_ms=", "", $2); if ($2 + 0 > worst) worst = $2 + 0 } END { print worst + 0 }' "$WORK/latency.log"
}
END_MS=$(date +%s%3N)
echo "--- load simulator"
grep -E 'SUMMARY|median' "$WORK/loadsim.log" || tail -3 "$WORK/loadsim.log"
echo "--- console (GUI thread)"
printf 'worst stall while %d instances registered: %d ms\n' "$INSTANCES" "$(worst_between "$START_MS" "$REGISTERED_MS")"
printf 'worst stall while heartbeating (%d per second): %d ms\n' $(( INSTANCES * 1000 / INTERVAL_MS )) \
    "$(worst_between $(( REGISTERED_MS + 1000 )) "$HEARTBEATS_END_MS")"
printf 'worst stall while %d instances were cancelled: %d ms\n' "$INSTANCES" \
    "$(worst_between "$HEARTBEATS_END_MS" "$END_MS")"
grep summary "$WORK/latency.log"
[[ -n ${KEEP_LOG:-} ]] && cp "$WORK/latency.log" "$KEEP_LOG"
printf 'memory: %d MB idle, %d MB peak with %d instances\n' "$RSS_IDLE" "$RSS_PEAK" "$INSTANCES"
