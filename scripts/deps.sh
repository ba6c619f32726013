#!/usr/bin/env bash
# deps.sh [build|test]: install the Debian packages Tandem needs, if missing.
# As root it runs apt-get; otherwise it prints the one sudo line to run.
set -euo pipefail
build_pkgs=(gcc make pkg-config meson ninja-build libmicrohttpd-dev
  libsqlite3-dev libpq-dev libsodium-dev libjansson-dev libcurl4-openssl-dev
  libcsv-dev libxlsxwriter-dev libcmark-gfm-dev libical-dev)
test_pkgs=(libcmocka-dev clang libclang-rt-14-dev chromium sqlite3 wrk curl)
want=("${build_pkgs[@]}")
[ "${1:-build}" = test ] && want+=("${test_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$p")
done
# Node.js may come from Debian (nodejs + npm) or from NodeSource (nodejs
# alone, with npm inside): what matters is that both commands exist.
if [ "${1:-build}" = test ]; then
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "Tandem needs these Debian packages. Run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
