#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes the Debian package from this build tree with CPack, checks it with lintian, appstreamcli,
# desktop-file-validate and systemd-analyze, installs it, runs the installed binary and a headless
# node as the service's user with the installed configuration, then removes it and checks that
# only the conffile is left; a purge takes that away too. Installing needs root.
set -euo pipefail
build=$1

fail() { echo "package test: $*" >&2; exit 1; }
step() { echo "== $* ($(( SECONDS - started ))s)"; }

[ "$(id -u)" -eq 0 ] || fail "needs root to install the package with dpkg (CI runs as root); run it as root, e.g. sudo ctest -L package"
for tool in cpack lintian appstreamcli desktop-file-validate systemd-analyze dpkg-shlibdeps setpriv curl man; do
  command -v "$tool" >/dev/null || fail "$tool is missing; installer/install-deps.sh installs it"
done
status=$(dpkg-query -W -f='${db:Status-Status}' muster 2>/dev/null || true)
if [ -n "$status" ] && [ "$status" != not-installed ]; then
  fail "a muster package is installed already; this test would remove it (dpkg --purge muster first)"
fi

started=$SECONDS
work=$(mktemp -d)
chmod 755 "$work"
node_pid=
cleanup() {
  [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null
  dpkg --purge muster >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

step "making the package"
cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 \
  || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(find "$work/out" -maxdepth 1 -name 'muster_*_amd64.deb' -print -quit)
[ -n "$deb" ] || { cat "$work/cpack.log"; fail "cpack made no muster_<version>_amd64.deb"; }
echo "$(basename "$deb"): $(dpkg-deb -f "$deb" Depends)"

step "lintian"
lintian_status=0
lintian --fail-on error --display-info "$deb" >"$work/lintian.log" 2>&1 || lintian_status=$?
grep -v 'running with root privileges' "$work/lintian.log" || true
[ "$lintian_status" -eq 0 ] || fail "lintian reports errors (above)"

step "AppStream metadata and desktop entry"
dpkg-deb -x "$deb" "$work/root"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/io.github.muster_registry.Muster.metainfo.xml" \
  || fail "appstreamcli rejects the metainfo"
desktop-file-validate "$work/root/usr/share/applications/io.github.muster_registry.Muster.desktop" \
  || fail "desktop-file-validate rejects the desktop entry"

step "installing"
dpkg -L muster >/dev/null 2>&1 && fail "muster is known to dpkg before the install"
dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i failed"; }
dpkg -L muster >"$work/files"
getent passwd muster >/dev/null || fail "the postinst made no user muster"
[ "$(dpkg-query -W -f='${Conffiles}' muster | awk '{print $1}')" = /etc/muster/muster.ini ] \
  || fail "/etc/muster/muster.ini is not the package's conffile"

step "systemd-analyze verify"
unit=$(grep -E '/lib/systemd/system/muster\.service$' "$work/files") || fail "the package has no muster.service"
# It looks up the unit's Documentation= (man:muster(1)), unless dpkg was told to leave out man pages.
man_check=--man=yes
[ -e /usr/share/man/man1/muster.1.gz ] || man_check=--man=no
systemd-analyze verify "$man_check" "$unit" || fail "systemd-analyze verify rejects $unit"
for key in 'ExecStart=/usr/bin/muster --headless --config /etc/muster/muster.ini' 'User=muster' \
           'StateDirectory=muster' 'NoNewPrivileges=yes' 'ProtectSystem=strict' 'ProtectHome=yes' 'PrivateTmp=yes'; do
  grep -qxF "$key" "$unit" || fail "$unit lacks $key"
done

step "running /usr/bin/muster"
version=$(/usr/bin/muster --version)
[ "$version" = "muster $(dpkg-deb -f "$deb" Version)" ] || fail "muster --version says '$version'"
# Read whole before grep: grep -q stops at the first match, and under pipefail the writer's SIGPIPE
# would fail the check however the text read.
help_zh=$(LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= /usr/bin/muster --help)
grep -q '不打开窗口' <<<"$help_zh" \
  || fail "the installed muster does not speak Simplified Chinese under LANG=zh_CN.UTF-8"
man -l "$work/root/usr/share/man/man1/muster.1.gz" >/dev/null 2>&1 || fail "the man page does not format"

step "a headless node as user muster with /etc/muster/muster.ini"
install -d -o muster -g muster "$work/state"
setpriv --reuid=muster --regid=muster --init-groups /usr/bin/muster --headless --config /etc/muster/muster.ini --port 0 \
  --data-dir "$work/state" >"$work/node.log" 2>&1 &
node_pid=$!
url=
for _ in $(seq 100); do
  url=$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+/eureka/' "$work/node.log" | grep -oE 'http://[^ ]+' || true)
  [ -n "$url" ] && break
  kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.log"; fail "the node stopped before it listened"; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/node.log"; fail "the node did not announce its address"; }
base=${url%/eureka/}
node_json=$(curl -fsS "$base/muster/api/v1/node")
grep -q '"name":"muster"' <<<"$node_json" || fail "the node at $base does not answer as muster"
curl -fsS -X PUT -H 'Content-Type: application/json' "$base/muster/api/v1/pinned/apps/PKG/pkg-1" \
  -d '{"instance": {"hostName": "pkg.test", "ipAddr": "10.0.0.1", "port": 8080}}' >/dev/null \
  || fail "the node does not take a pinned instance"
[ -n "$(find "$work/state" -name journal.json -user muster -size +0)" ] || fail "the node wrote no journal.json to its data directory"
kill -TERM "$node_pid"
wait "$node_pid" || fail "the node did not stop cleanly on SIGTERM"
node_pid=

step "removing"
dpkg -r muster >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -r failed"; }
[ "$(dpkg-query -W -f='${db:Status-Status}' muster)" = config-files ] || fail "muster is not left with its config files only"
left=$(while read -r path; do
         [ "$path" = /etc/muster/muster.ini ] && continue
         if [ -f "$path" ] || [ -L "$path" ]; then echo "$path"; fi
       done <"$work/files")
[ -z "$left" ] || fail "dpkg -r left $left"
[ -f /etc/muster/muster.ini ] || fail "dpkg -r took away the conffile /etc/muster/muster.ini"
for dir in /usr/share/doc/muster /usr/share/icons/hicolor/scalable/apps/io.github.muster_registry.Muster.svg; do
  [ ! -e "$dir" ] || fail "dpkg -r left $dir"
done

step "purging"
dpkg --purge muster >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg --purge failed"; }
for path in /etc/muster /var/lib/muster; do
  [ ! -e "$path" ] || fail "dpkg --purge left $path"
done
! getent passwd muster >/dev/null || fail "dpkg --purge left the user muster"
step "done"
