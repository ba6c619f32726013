#!/usr/bin/env bash
# pg.sh: the HTTP benchmark on PostgreSQL (issue: PostgreSQL, several nodes).
#
#   bench/http/pg.sh            (after `make`; DURATION=10s by default)
#
# 1. one node on SQLite, the signed-in page (GET /account) at 64 connections;
# 2. one node on PostgreSQL (a throwaway server from scripts/pg.sh on
#    loopback), the same page and load; then again with the node's session
#    cache off (--session-cache 0), as for sessions idle longer than it
#    keeps them;
# 3. two nodes on the same PostgreSQL, a session made on the first, the load
#    split between them (two wrk processes, 32 connections each, in place of
#    a load balancer), summed.
# Everything runs on this machine's cores: the server(s), PostgreSQL and wrk
# share them, which bounds what a second node can add here.
set -Eeuo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
TANDEM=${TANDEM_BIN:-$root/build/src/cli/tandem}
DURATION=${DURATION:-10s}
[ -x "$TANDEM" ] || { echo "pg.sh: no $TANDEM; run make first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "pg.sh: needs wrk" >&2; exit 1; }

work=$(mktemp -d /tmp/tandem-bench-pg.XXXXXX)
pgdir=$(mktemp -d /tmp/tandem-bench-pgdata.XXXXXX) # its own: initdb runs as postgres
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  "$root/scripts/pg.sh" stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# serve DB NAME [ARGS...]: start a node; sets url (not in a subshell, so
# that pids keeps the server's pid).
serve() {
  local db=$1 name=$2
  shift 2
  # shellcheck disable=SC2086
  "$TANDEM" serve --db "$db" --bind 127.0.0.1 --port 0 --log-level warn \
    ${SERVER_THREADS:+--threads $SERVER_THREADS} "$@" \
    >"$work/$name.out" 2>"$work/$name.log" &
  pids+=($!)
  for _ in $(seq 1 100); do
    url=$(sed -n 's|.*serving \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$work/$name.out" | head -n1)
    [ -n "$url" ] && return
    sleep 0.1
  done
  cat "$work/$name.log" >&2
  exit 1
}

# session URL: sign in as the coordinator; print the Cookie header value.
session() {
  local url=$1 jar=$work/jar token
  rm -f "$jar"
  token=$(curl -sS -c "$jar" "$url/signin" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n1)
  curl -sS -o /dev/null -b "$jar" -c "$jar" -H "Origin: $url" \
    --data-urlencode email=coordinator@demo.ac.uk --data-urlencode password=mentoring-demo \
    --data-urlencode "_csrf=$token" "$url/signin"
  awk -F'\t' '$6 ~ /^tandem_/ {printf "%s%s=%s", sep, $6, $7; sep="; "}' "$jar"
}

# load URL COOKIE CONNECTIONS OUT: wrk on /account, after checking it is 200.
load() {
  curl -sS -H "Cookie: $2" "$1/account" | grep -q coordinator@demo.ac.uk ||
    { echo "pg.sh: $1/account is not the signed-in page" >&2; exit 1; }
  wrk -t1 -c"$3" -d"$DURATION" --latency -H "Cookie: $2" "$1/account" >"$4"
}
rps() { awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }
non2xx() { awk '/Non-2xx/ {print $NF}' "$1"; }

echo "machine: $(nproc) cores; wrk -c64 -d$DURATION on GET /account (signed in)"
"$TANDEM" demo --db "$work/bench.db" >/dev/null 2>&1
serve "$work/bench.db" sqlite; u=$url
c=$(session "$u")
load "$u" "$c" 64 "$work/sqlite.txt"
kill -TERM "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; pids=()
printf '| %-32s | %8s | %7s |\n' setup 'req/s' 'p99'
printf '| %-32s | %8s | %7s |\n' "one node, SQLite" "$(rps "$work/sqlite.txt")" "$(p99 "$work/sqlite.txt")"

base=$("$root/scripts/pg.sh" start "$pgdir")
psql "$base/postgres" -qc "CREATE DATABASE bench"
"$TANDEM" demo --db "$base/bench" >/dev/null 2>&1
serve "$base/bench" pg1; u1=$url
c=$(session "$u1")
load "$u1" "$c" 64 "$work/pg1.txt"
printf '| %-32s | %8s | %7s |\n' "one node, PostgreSQL" "$(rps "$work/pg1.txt")" "$(p99 "$work/pg1.txt")"

# The same without the session cache: every request reads its session,
# as a session idle for longer than the cache keeps it does.
serve "$base/bench" pg0 --session-cache 0; u0=$url
load "$u0" "$c" 64 "$work/pg0.txt"
kill -TERM "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'
printf '| %-32s | %8s | %7s |\n' "one node, PostgreSQL, no cache" "$(rps "$work/pg0.txt")" "$(p99 "$work/pg0.txt")"

serve "$base/bench" pg2; u2=$url
load "$u1" "$c" 32 "$work/pg2a.txt" & a=$!
load "$u2" "$c" 32 "$work/pg2b.txt" & b=$!
wait $a $b
total=$(( $(rps "$work/pg2a.txt") + $(rps "$work/pg2b.txt") ))
printf '| %-32s | %8s | %7s |\n' "two nodes, one PostgreSQL" "$total" "$(p99 "$work/pg2a.txt")/$(p99 "$work/pg2b.txt")"
for f in pg1 pg0 pg2a pg2b; do
  [ -z "$(non2xx "$work/$f.txt")" ] || echo "pg.sh: $f had non-2xx answers: $(non2xx "$work/$f.txt")" >&2
done
awk -v s="$(rps "$work/sqlite.txt")" -v p="$(rps "$work/pg1.txt")" -v t="$total" \
    -v z="$(rps "$work/pg0.txt")" 'BEGIN {
  printf "PostgreSQL / SQLite, one node: %.2f (target: within 2x, i.e. >= 0.50)\n", p / s
  printf "  without the session cache: %.2f\n", z / s
  printf "two nodes / one node, PostgreSQL: %.2f (target 1.5x where the cores allow)\n", t / p }'
