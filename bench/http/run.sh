#!/usr/bin/env bash
# run.sh: the HTTP benchmark (`make bench`). See bench/http/README.md.
#
#   bench/http/run.sh                 both logging modes, 10 s per run
#   DURATION=5s MODES=warn bench/http/run.sh
#
# For each logging mode (MODES, default "info warn"): a fresh demo database,
# `tandem serve` on a free loopback port, idle RSS, a coordinator signed in
# with curl, then wrk against GET /account (signed in: session lookup in
# the database, page rendered) and GET /healthz, then RSS after the load.
# "info" logs a line per request to a file; "warn" logs none.
set -Eeuo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
TANDEM=${TANDEM_BIN:-$root/build/src/cli/tandem}
DURATION=${DURATION:-10s}
THREADS=${WRK_THREADS:-2}
CONNECTIONS=${WRK_CONNECTIONS:-64}
SERVER_THREADS=${SERVER_THREADS:-}       # empty: the server's default (two per core)
MODES=${MODES:-info warn}
PASSWORD=mentoring-demo
EMAIL=coordinator@demo.ac.uk

for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "run.sh: needs $tool (apt-get install $tool)" >&2; exit 1; }
done
[ -x "$TANDEM" ] || { echo "run.sh: no $TANDEM; run make first" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tandem-bench-http.XXXXXX")
pid=""
stop_server() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    wait "$pid" 2>/dev/null || true
  fi
  pid=""
}
trap 'stop_server; rm -rf "$work"' EXIT
trap 'echo "run.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR

# CPU time in seconds: all cores busy (from /proc/stat), one process, and
# this shell's finished children (wrk).
HZ=$(getconf CLK_TCK)
cpu_all() { awk -v hz="$HZ" '/^cpu / {printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz}' /proc/stat; }
cpu_pid() { awk -v hz="$HZ" '{sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz}' "/proc/$1/stat"; }
cpu_children() { # FILE: the output of `times`, run in this shell (not a subshell)
  awk 'NR == 2 {
    t = 0
    for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] }
    printf "%.2f", t }' "$1"
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# wrk's latency ("1.23ms", "850.00us", "1.01s") in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
    else print "?" }'
}

# start_server MODE: sets pid and url.
start_server() {
  local mode=$1
  local db="$work/$mode.db" out="$work/$mode.out" log="$work/$mode.log"
  "$TANDEM" demo --db "$db" >/dev/null 2>"$work/demo.log"
  # shellcheck disable=SC2086
  "$TANDEM" serve --db "$db" --bind 127.0.0.1 --port 0 --log-level "$mode" \
    ${SERVER_THREADS:+--threads $SERVER_THREADS} >"$out" 2>"$log" &
  pid=$!
  url=""
  for _ in $(seq 1 100); do
    url=$(sed -n 's|.*serving \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$out" 2>/dev/null | head -n1 || true)
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "run.sh: tandem serve exited" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$url" ] || { echo "run.sh: tandem serve did not start in 10 s" >&2; exit 1; }
}

# sign_in: sets cookie ("tandem_csrf=...; tandem_session=...").
sign_in() {
  local jar="$work/cookies" page token code
  rm -f "$jar"
  page=$(curl -sS --max-time 10 -c "$jar" "$url/signin")
  token=$(printf '%s' "$page" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n1)
  [ -n "$token" ] || { echo "run.sh: no CSRF token on /signin" >&2; exit 1; }
  code=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
    -H "Origin: $url" --data-urlencode "email=$EMAIL" \
    --data-urlencode "password=$PASSWORD" --data-urlencode "_csrf=$token" \
    "$url/signin")
  [ "$code" = 303 ] || [ "$code" = 302 ] || { echo "run.sh: sign-in answered $code" >&2; exit 1; }
  cookie=$(awk -F'\t' '$6 ~ /^tandem_/ {printf "%s%s=%s", sep, $6, $7; sep="; "}' "$jar")
  case $cookie in *tandem_session=*) ;; *) echo "run.sh: no session cookie" >&2; exit 1 ;; esac
  # The page really is the signed-in page, not a redirect to /signin.
  curl -sS --max-time 10 -H "Cookie: $cookie" "$url/account" | grep -q "$EMAIL" ||
    { echo "run.sh: /account does not show $EMAIL with the session cookie" >&2; exit 1; }
}

# bench PATH LABEL: wrk, then prints a result row and the raw output to $work.
bench() {
  local path=$1 label=$2
  local raw="$work/wrk-$mode-$label.txt" check="$work/check-$mode-$label.txt"
  # A short run that counts every answer that is not 200 (a redirect to
  # /signin would look like success to wrk), then the measured run,
  # without the Lua hook so wrk spends its CPU on requests.
  wrk -t1 -c8 -d2s -H "Cookie: $cookie" -s "$here/status.lua" "$url$path" >"$check"
  grep -q '^not 200: 0$' "$check" || { cat "$check" >&2; echo "run.sh: $path answered other than 200" >&2; exit 1; }
  local all0 srv0 kid0 all1 srv1 kid1
  times >"$work/times0"
  all0=$(cpu_all) srv0=$(cpu_pid "$pid") kid0=$(cpu_children "$work/times0")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $cookie" "$url$path" >"$raw"
  times >"$work/times1"
  all1=$(cpu_all) srv1=$(cpu_pid "$pid") kid1=$(cpu_children "$work/times1")
  if grep -q 'Non-2xx\|Socket errors' "$raw"; then
    echo "run.sh: errors under load on $path:" >&2; grep 'Non-2xx\|Socket errors' "$raw" >&2
  fi
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$raw")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$raw")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$raw")")
  local secs srv wrkc other
  secs=$(awk '/requests in/ {sub(/s,$/, "", $4); print $4}' "$raw")
  srv=$(awk -v a="$srv0" -v b="$srv1" -v t="$secs" 'BEGIN {printf "%.2f", (b - a) / t}')
  wrkc=$(awk -v a="$kid0" -v b="$kid1" -v t="$secs" 'BEGIN {printf "%.2f", (b - a) / t}')
  other=$(awk -v a="$all0" -v b="$all1" -v s="$srv" -v w="$wrkc" -v t="$secs" 'BEGIN {o = (b - a) / t - s - w; printf "%.2f", o < 0 ? 0 : o}')
  local nreq cpureq
  nreq=$(awk '/requests in/ {print $1}' "$raw")
  cpureq=$(awk -v a="$srv0" -v b="$srv1" -v n="$nreq" 'BEGIN {printf "%.1f", (b - a) / n * 1e6}')
  printf '| %-5s | %-14s | %7s | %6s | %6s | %6s | %5s | %5s | %6s |\n' "$mode" "GET $path" "$rps" "$p50" "$p99" "$srv" "$wrkc" "$other" "$cpureq"
  rows+=("$mode|$path|$rps|$p50|$p99")
}

echo "tandem:   $TANDEM"
echo "machine:  $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
echo "columns:  server, wrk, other = cores each kept busy during the run (other: anything else on the machine);"
echo "          us/req = the server's CPU time per request (user + system, microseconds)"
echo "wrk:      -t$THREADS -c$CONNECTIONS -d$DURATION --latency (on the same cores as the server)"
echo
rows=()
mems=()
for mode in $MODES; do
  start_server "$mode"
  sleep 1
  echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (anything above ~0.5 is another process on these cores)"
  idle=$(rss_kb "$pid")
  sign_in
  printf '| %-5s | %-14s | %7s | %6s | %6s | %6s | %5s | %5s | %6s |\n' log request 'req/s' 'p50 ms' 'p99 ms' server wrk other 'us/req'
  echo '|-------|----------------|---------|--------|--------|--------|-------|-------|--------|'
  bench /account account
  bench /healthz healthz
  after=$(rss_kb "$pid")
  peak=$(hwm_kb "$pid")
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status")
  loglines=$(wc -l <"$work/$mode.log")
  stop_server
  echo "  RSS idle $(mb "$idle") MB, after load $(mb "$after") MB (peak $(mb "$peak") MB); $threads threads; $loglines log lines"
  echo
  mems+=("$mode|$(mb "$idle")|$(mb "$after")|$(mb "$peak")")
done

# Against the targets: >= 10,000 req/s and p99 < 20 ms on /account, idle RSS < 30 MB.
fail=0
for r in "${rows[@]}"; do
  IFS='|' read -r m p rps p50 p99 <<<"$r"
  [ "$p" = /account ] || continue
  awk -v r="$rps" -v l="$p99" 'BEGIN {exit !(r >= 10000 && l < 20)}' ||
    { echo "target missed ($m): /account $rps req/s, p99 $p99 ms (want >= 10000, < 20)"; fail=1; }
done
for r in "${mems[@]}"; do
  IFS='|' read -r m idle after peak <<<"$r"
  awk -v i="$idle" 'BEGIN {exit !(i < 30)}' || { echo "target missed ($m): idle RSS $idle MB (want < 30)"; fail=1; }
done
[ "$fail" = 0 ] && echo "all targets met"
exit 0
