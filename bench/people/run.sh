#!/usr/bin/env bash
# run.sh [N]: the people search page at N students (default 100,000).
#
# A demo university of N students (tandem demo --students N --seed 1), one
# `tandem serve` (release build, --log-level warn), a coordinator signed
# in, then wrk (-t2 -c$CONNECTIONS, default 16, -d10s --latency) on the people list: unfiltered,
# a name search, a course-and-year filter, and a deep page. Target: p99
# under 50 ms. Loopback only; every run is bounded.
set -Eeuo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
TANDEM=${TANDEM_BIN:-$root/build/src/cli/tandem}
N=${1:-100000}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
[ -x "$TANDEM" ] || { echo "run.sh: no $TANDEM; run make first" >&2; exit 1; }
work=$(mktemp -d /tmp/tandem-bench-people.XXXXXX)
pid=""
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

/usr/bin/time -f "demo: %e s, %M KB peak" "$TANDEM" demo --db "$work/p.db" \
  --students "$N" --seed 1 --log-level warn >/dev/null 2>"$work/demo.time"
tail -1 "$work/demo.time"
"$TANDEM" serve --db "$work/p.db" --bind 127.0.0.1 --port 0 --log-level warn \
  >"$work/out" 2>"$work/log" &
pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's|.*serving \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$work/out" | head -n1)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/log" >&2; exit 1; }
jar=$work/jar
token=$(curl -sS -c "$jar" "$url/signin" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n1)
curl -sS -o /dev/null -b "$jar" -c "$jar" -H "Origin: $url" \
  --data-urlencode email=coordinator@demo.ac.uk --data-urlencode password=mentoring-demo \
  --data-urlencode "_csrf=$token" "$url/signin"
cookie=$(awk -F'\t' '$6 ~ /^tandem_/ {printf "%s%s=%s", sep, $6, $7; sep="; "}' "$jar")
course=$(curl -sS -H "Cookie: $cookie" "$url/people" | sed -n 's/.*<option value="\([^"]\+\)">[^<]* – .*/\1/p' | head -n1)
total=$(curl -sS -H "Cookie: $cookie" "$url/people" | sed -n 's/.*>\([0-9]*\) people\..*/\1/p' | head -n1)
echo "students listed: $total; course used: $course"
printf '| %-36s | %7s | %7s | %7s |\n' query 'req/s' 'p50' 'p99'
for q in "" "q=smith" "course=$course&year=2" "status=graduated" "page=1000" "q=2400"; do
  curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url/people?$q" | grep -q 200 ||
    { echo "run.sh: /people?$q did not answer 200" >&2; exit 1; }
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $cookie" "$url/people?$q" >"$work/wrk.txt"
  printf '| %-36s | %7s | %7s | %7s |\n' "/people?$q" \
    "$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$work/wrk.txt")" \
    "$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")" \
    "$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")"
done
