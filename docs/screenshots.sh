#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Takes the console screenshots in docs/screenshots/: the real app under Xvfb with three local nodes
# and sample data written over the Eureka and Service-Center APIs, one PNG per main view.
#   docs/screenshots.sh [build-dir]        (needs Xvfb, xdotool, imagemagick and curl)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${1:-"$ROOT/build"}/bin/muster
OUT="$ROOT/docs/screenshots"
DISPLAY_NUMBER=${DISPLAY_NUMBER:-96}
LANGUAGE=${SCREENSHOT_LANGUAGE:-en}
PORT=${PORT:-18761}
export DISPLAY=":$DISPLAY_NUMBER"

WORK=$(mktemp -d)
cleanup() {
    kill "${APP_PID:-}" "${XVFB_PID:-}" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

Xvfb "$DISPLAY" -screen 0 1400x860x24 >/dev/null 2>&1 &
XVFB_PID=$!
for _ in $(seq 1 50); do [[ -e /tmp/.X11-unix/X$DISPLAY_NUMBER ]] && break; sleep 0.1; done
mkdir -p "$WORK/config/Muster" "$OUT"
printf '[ui]\nlanguage=%s\n' "$LANGUAGE" >"$WORK/config/Muster/muster.conf"
XDG_CONFIG_HOME="$WORK/config" "$BIN" --nodes 3 --port "$PORT" --data-dir "$WORK/data" >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 100); do
    [[ $(grep -c 'listening on' "$WORK/app.log") -ge 3 ]] && break
    sleep 0.1
done

eureka() {   # app id ip port status metadata-json
    curl -s -o /dev/null -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/eureka/apps/$1" -d "{\"instance\":{
      \"instanceId\":\"$2\",\"hostName\":\"$2.local\",\"app\":\"$1\",\"ipAddr\":\"$3\",\"status\":\"$5\",
      \"port\":{\"\$\":$4,\"@enabled\":\"true\"},\"vipAddress\":\"${1,,}\",
      \"dataCenterInfo\":{\"@class\":\"com.netflix.appinfo.InstanceInfo\$DefaultDataCenterInfo\",\"name\":\"MyOwn\"},
      \"leaseInfo\":{\"renewalIntervalInSecs\":5,\"durationInSecs\":15},\"metadata\":$6}}"
}
for i in 1 2 3; do eureka ORDERS "orders-$i" "10.0.1.$i" 8080 UP "{\"zone\":\"eu-$i\",\"version\":\"2.$i.0\"}"; done
for i in 1 2; do eureka USERS "users-$i" "10.0.2.$i" 9000 UP '{"zone":"eu-1"}'; done
eureka BILLING billing-1 10.0.3.1 7000 STARTING '{"team":"payments"}'
eureka BILLING billing-2 10.0.3.2 7000 DOWN '{"team":"payments"}'
curl -s -o /dev/null -X PUT "http://127.0.0.1:$PORT/eureka/apps/ORDERS/orders-3/status?value=OUT_OF_SERVICE"
SERVICE=$(curl -s -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$((PORT + 1))/v4/default/registry/microservices" \
    -d '{"service":{"appId":"shop","serviceName":"catalog","version":"1.4.0","description":"Product catalog"}}' | jq -r .serviceId)
for i in 1 2; do
    curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
        "http://127.0.0.1:$((PORT + 1))/v4/default/registry/microservices/$SERVICE/instances" \
        -d "{\"instance\":{\"hostName\":\"catalog-$i\",\"endpoints\":[\"rest://10.0.4.$i:8443\"],\"status\":\"UP\",
             \"healthCheck\":{\"mode\":\"push\",\"interval\":5,\"times\":2}}}"
done
# A few rounds of heartbeats, with users-2 falling silent, so the timelines have something to show.
for round in $(seq 1 8); do
    for id in orders-1 orders-2 orders-3; do curl -s -o /dev/null -X PUT "http://127.0.0.1:$PORT/eureka/apps/ORDERS/$id"; done
    [[ $round -le 3 ]] && curl -s -o /dev/null -X PUT "http://127.0.0.1:$PORT/eureka/apps/USERS/users-2"
    curl -s -o /dev/null -X PUT "http://127.0.0.1:$PORT/eureka/apps/USERS/users-1"
    sleep 1.5
done

WINDOW=$(xdotool search --onlyvisible --name '^Muster$' | head -1)
xdotool windowmove "$WINDOW" 0 0 windowsize "$WINDOW" 1400 860
sleep 1
# Ctrl+1 … Ctrl+5 switch the tabs (View menu).
shoot() {   # tab-index file
    xdotool windowfocus "$WINDOW" 2>/dev/null || true
    xdotool key "ctrl+${1}"
    sleep 1.2
    import -window root -crop 1400x860+0+0 "$OUT/$2.png"
}
shoot 1 services
shoot 2 instances
xdotool mousemove 760 170 click 1      # the first instance row: the heartbeat timeline shows it
# The traffic charts poll only while shown: show the tab, send some requests for a few seconds, then shoot.
xdotool windowfocus "$WINDOW" 2>/dev/null || true
xdotool key "ctrl+3"
for second in $(seq 1 12); do
    for _ in $(seq 1 $((second * 4))); do curl -s -o /dev/null "http://127.0.0.1:$PORT/eureka/apps"; done
    for _ in $(seq 1 $((second * 2))); do
        curl -s -o /dev/null "http://127.0.0.1:$((PORT + 1))/v4/default/registry/microservices"
    done
    sleep 0.5
done
shoot 3 heartbeats
shoot 4 topology
shoot 5 events
echo "screenshots written to $OUT"
