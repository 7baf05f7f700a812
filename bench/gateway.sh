#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The gateway beside Debian's nginx as a reverse proxy over the same upstreams: UPSTREAMS tiny
# upstream servers (nginx answering 200 "ok" from memory, one worker), a proxy nginx with one worker
# and an upstream block listing them (keep-alive to upstreams), and a muster node whose gateway
# routes to the same servers registered as one service. wrk (THREADS, CONNECTIONS, DURATION) runs
# against the upstream directly, then nginx and the gateway in alternation ROUNDS times; each
# figure is the median of its rounds. Added p50 = proxy p50 - direct p50.
# Each round also runs one connection (-t1 -c1) against each: at CONNECTIONS the proxies are
# saturated and their p50 is mostly time queued behind the other connections, so the latency a
# proxy adds to a request is measured where nothing queues.
# Target: gateway requests/s >= 0.5 x nginx's (at CONNECTIONS), and under 1 ms added at p50
# (one connection). Exits 1 when missed.
#
#   bench/gateway.sh                                (builds Release into build-bench/ first)
#   BUILD_DIR=build SKIP_BUILD=1 bench/gateway.sh   (uses an existing build)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-"$ROOT/build-bench"}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}
UPSTREAMS=${UPSTREAMS:-2}
SKIP_BUILD=${SKIP_BUILD:-0}
JOBS=${JOBS:-2}

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
for tool in wrk curl nginx cmake awk; do
    command -v "$tool" >/dev/null || die "$tool is not installed (installer/install-deps.sh)"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/muster-bench-gateway.XXXXXX")
chmod 755 "$WORK"
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

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# nginx_config NAME BODY : a one-worker nginx in the foreground, everything under $WORK.
nginx_config() {
    local name=$1 body=$2 user_line=""
    [[ $(id -u) -eq 0 ]] && user_line="user root;"
    mkdir -p "$WORK/$name"
    cat >"$WORK/$name/nginx.conf" <<CONF
$user_line
worker_processes 1;
daemon off;
pid $WORK/$name/nginx.pid;
error_log $WORK/$name/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/$name/body;
    proxy_temp_path $WORK/$name/proxy;
    fastcgi_temp_path $WORK/$name/fastcgi;
    uwsgi_temp_path $WORK/$name/uwsgi;
    scgi_temp_path $WORK/$name/scgi;
    keepalive_requests 1000000;
$body
}
CONF
    nginx -c "$WORK/$name/nginx.conf" -e "$WORK/$name/error.log" &
    PIDS+=("$!")
}

wait_port() {
    local i
    for i in $(seq 1 100); do
        curl -s -o /dev/null "http://127.0.0.1:$1$2" && return 0
        sleep 0.1
    done
    die "nothing answers on port $1"
}

if [[ $SKIP_BUILD != 1 ]]; then
    log "building Release into $BUILD_DIR"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -Wno-dev >/dev/null
    cmake --build "$BUILD_DIR" --target muster -j "$JOBS" >/dev/null
fi
BIN="$BUILD_DIR/bin"
[[ -x $BIN/muster ]] || die "no muster in $BIN"

log "starting $UPSTREAMS upstream servers (nginx, one worker, 200 ok from memory)"
UPSTREAM_PORTS=()
servers=""
for i in $(seq 1 "$UPSTREAMS"); do
    port=$(free_port)
    UPSTREAM_PORTS+=("$port")
    servers+="    server { listen 127.0.0.1:$port; location / { return 200 \"ok\n\"; } }"$'\n'
done
nginx_config upstreams "$servers"
for port in "${UPSTREAM_PORTS[@]}"; do wait_port "$port" /; done

log "starting the proxy nginx (one worker, upstream block, keep-alive to upstreams)"
NGINX_PORT=$(free_port)
members=""
for port in "${UPSTREAM_PORTS[@]}"; do members+="server 127.0.0.1:$port; "; done
nginx_config proxy "    upstream echo { $members keepalive 64; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location /echo/ {
            proxy_pass http://echo/;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
        }
    }"
wait_port "$NGINX_PORT" /echo/

log "starting muster with its gateway"
GATEWAY_PORT=$(free_port)
"$BIN/muster" --headless --port 0 --data-dir "$WORK/data" --lease-duration 3600 \
    --gateway-port "$GATEWAY_PORT" >"$WORK/muster.log" 2>"$WORK/muster.err" &
MUSTER_PID=$!
PIDS+=("$MUSTER_PID")
NODE_PORT=""
for i in $(seq 1 100); do
    NODE_PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$WORK/muster.log" | head -n1)
    [[ -n $NODE_PORT ]] && break
    sleep 0.1
done
[[ -n $NODE_PORT ]] || die "muster did not start: $(cat "$WORK/muster.err")"
n=0
for port in "${UPSTREAM_PORTS[@]}"; do
    n=$((n + 1))
    curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' \
        "http://127.0.0.1:$NODE_PORT/eureka/apps/ECHO" --data-binary @- <<JSON || die "registering upstream $n failed"
{"instance": {"instanceId": "echo-$n", "app": "ECHO", "hostName": "localhost", "ipAddr": "127.0.0.1",
 "port": {"\$": $port, "@enabled": "true"}, "status": "UP", "vipAddress": "echo",
 "dataCenterInfo": {"@class": "com.netflix.appinfo.InstanceInfo\$DefaultDataCenterInfo", "name": "MyOwn"}}}
JSON
done
for i in $(seq 1 100); do
    [[ $(curl -s "http://127.0.0.1:$GATEWAY_PORT/echo/") == ok ]] && break
    sleep 0.1
done
[[ $(curl -s "http://127.0.0.1:$GATEWAY_PORT/echo/") == ok ]] || die "the gateway does not route to the upstreams"

# run NAME URL [THREADS CONNECTIONS] : one wrk run; prints "requests/s p50-ms".
run() {
    local out="$WORK/wrk-$1.txt"
    wrk -t"${3:-$THREADS}" -c"${4:-$CONNECTIONS}" -d"$DURATION" --latency "$2" >"$out"
    local errors
    errors=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$out")
    [[ -z $errors ]] || die "$1: $errors answers were not 2xx"
    awk '
        /Requests\/sec:/ { rps = $2 }
        $1 == "50%" { v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
                      ms = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : v }
        END { printf "%s %.3f\n", rps, ms }' "$out"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -a direct_rps direct_p50 nginx_rps nginx_p50 gateway_rps gateway_p50 direct1_p50 nginx1_p50 gateway1_p50
for round in $(seq 1 "$ROUNDS"); do
    log "round $round of $ROUNDS: direct, nginx, gateway (wrk -t$THREADS -c$CONNECTIONS -d$DURATION, then -t1 -c1)"
    read -r r p < <(run "direct-$round" "http://127.0.0.1:${UPSTREAM_PORTS[0]}/")
    direct_rps+=("$r"); direct_p50+=("$p")
    read -r r p < <(run "nginx-$round" "http://127.0.0.1:$NGINX_PORT/echo/")
    nginx_rps+=("$r"); nginx_p50+=("$p")
    read -r r p < <(run "gateway-$round" "http://127.0.0.1:$GATEWAY_PORT/echo/")
    gateway_rps+=("$r"); gateway_p50+=("$p")
    read -r r p < <(run "direct1-$round" "http://127.0.0.1:${UPSTREAM_PORTS[0]}/" 1 1)
    direct1_p50+=("$p")
    read -r r p < <(run "nginx1-$round" "http://127.0.0.1:$NGINX_PORT/echo/" 1 1)
    nginx1_p50+=("$p")
    read -r r p < <(run "gateway1-$round" "http://127.0.0.1:$GATEWAY_PORT/echo/" 1 1)
    gateway1_p50+=("$p")
done

D_RPS=$(median "${direct_rps[@]}"); D_P50=$(median "${direct_p50[@]}")
N_RPS=$(median "${nginx_rps[@]}"); N_P50=$(median "${nginx_p50[@]}")
G_RPS=$(median "${gateway_rps[@]}"); G_P50=$(median "${gateway_p50[@]}")
D1_P50=$(median "${direct1_p50[@]}"); N1_P50=$(median "${nginx1_p50[@]}"); G1_P50=$(median "${gateway1_p50[@]}")
RSS=$(awk '/VmHWM/ { print $2 }' "/proc/$MUSTER_PID/status")
awk -v drps="$D_RPS" -v dp="$D_P50" -v nrps="$N_RPS" -v np="$N_P50" -v grps="$G_RPS" -v gp="$G_P50" -v rss="$RSS" \
    -v d1="$D1_P50" -v n1="$N1_P50" -v g1="$G1_P50" -v c="$CONNECTIONS" '
BEGIN {
    printf "| target | requests/s (%d conn.) | p50 (ms, %d conn.) | added p50 (ms, %d conn.) | p50 (ms, 1 conn.) | added p50 (ms, 1 conn.) |\n", c, c, c
    printf "|---|---|---|---|---|---|\n"
    printf "| upstream directly | %.0f | %.3f | | %.3f | |\n", drps, dp, d1
    printf "| nginx (1 worker) | %.0f | %.3f | %.3f | %.3f | %.3f |\n", nrps, np, np - dp, n1, n1 - d1
    printf "| muster gateway | %.0f | %.3f | %.3f | %.3f | %.3f |\n", grps, gp, gp - dp, g1, g1 - d1
    ratio = grps / nrps
    printf "\ngateway / nginx requests/s: %.2f (target >= 0.5); gateway added p50 at one connection: %.3f ms (target < 1); muster peak RSS %d KiB\n", ratio, g1 - d1, rss
    exit (ratio >= 0.5 && g1 - d1 < 1) ? 0 : 1
}'
