#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what Muster needs to build, test, package and benchmark on Debian 12.
# Idempotent and quiet when nothing is missing; non-interactive (CI runs it as root with no terminal).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-httpserver-dev qt6-websockets-dev qt6-tools-dev qt6-l10n-tools qt6-svg-dev
  qt6-translations-l10n libqt6svg6 libgl-dev fonts-wqy-microhei
  zlib1g-dev libsodium-dev libhttp-parser-dev qtkeychain-qt6-dev gnome-keyring dbus-daemon
  openssl clang libclang-rt-14-dev libfuzzer-14-dev
  nodejs npm
  etcd-server etcd-client
  prometheus
  nginx wrk xvfb xauth xdotool imagemagick curl jq
  dpkg-dev adduser lintian appstream desktop-file-utils systemd man-db
  chromium
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    # npm ships inside nodesource's nodejs; do not fight it.
    if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
    if [ "$p" = nodejs ] && command -v node >/dev/null 2>&1; then continue; fi
    missing+=("$p")
  fi
done

# The interop tests (tests/interop) build Spring Boot programs with Maven and a Go program. A JDK,
# Maven or Go already on the PATH (e.g. Go in /usr/local/go) is used as it is; otherwise Debian's.
if ! command -v javac >/dev/null 2>&1; then missing+=(openjdk-17-jdk-headless); fi
if ! command -v mvn >/dev/null 2>&1; then missing+=(maven); fi
if ! command -v go >/dev/null 2>&1 && [ ! -x /usr/local/go/bin/go ]; then missing+=(golang-go); fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "muster: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The npm clients the tests drive, pinned by tests/clients/package-lock.json.
clients="$root/tests/clients"
if [ -f "$clients/package-lock.json" ]; then
  stamp="$clients/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$clients/package-lock.json" -nt "$stamp" ]; then
    echo "muster: installing npm packages for the client tests"
    (cd "$clients" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi
