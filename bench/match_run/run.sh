#!/usr/bin/env bash
# run.sh [N]: "button to draft page" for the demo's First-year peer
# mentoring scheme at N students (default 30,000: 1,000 mentors, 3,000
# mentees). See bench/match_run/README.md.
#
# The demo database is built once per N, seed and source of the demo and
# the migrations, and kept in bench/.cache (CACHE to move it); each run
# works on a copy. A `tandem serve` (release build, --log-level warn), the
# coordinator signed in with curl, then RUNS times (default 5): POST the
# scheme's "Run matching" form (303 to the draft) and GET the draft page;
# min / median / max of each and of both together. Then, with the server
# stopped, `tandem match --scheme ID --dry-run` RUNS times, timed the same
# way. Target: under 2 s from the button to the draft page.
set -Eeuo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
TANDEM=${TANDEM_BIN:-$root/build/src/cli/tandem}
N=${1:-30000}
SEED=${SEED:-2026}
RUNS=${RUNS:-5}
CACHE=${CACHE:-$root/bench/.cache}
SCHEME_NAME="First-year peer mentoring"

for tool in curl sqlite3; do
  command -v "$tool" >/dev/null || { echo "run.sh: needs $tool" >&2; exit 1; }
done
[ -x "$TANDEM" ] || { echo "run.sh: no $TANDEM; run make first" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tandem-bench-match-run.XXXXXX")
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

# min / median / max of the numbers in a file, one a line (milliseconds).
stats() {
  sort -n "$1" | awk '{v[NR] = $1} END {
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%8.0f %8.0f %8.0f", v[1], m, v[NR] }'
}
now_ms() { date +%s%3N; }

# --------------------------------------------------------- the database
key=$(cat "$root"/src/domain/demo*.c "$root"/src/store/migrations/*.sql |
  sha256sum | cut -c1-16)
cached="$CACHE/match-run-$N-$SEED-$key.db"
if [ ! -f "$cached" ]; then
  mkdir -p "$CACHE"
  [ -f "$CACHE/.gitignore" ] || echo '*' >"$CACHE/.gitignore"
  rm -f "$CACHE"/match-run-"$N"-"$SEED"-*.db
  /usr/bin/time -f "demo: built in %e s, %M KB peak" "$TANDEM" demo \
    --db "$work/build.db" --students "$N" --seed "$SEED" --log-level warn \
    >/dev/null 2>"$work/demo.time"
  tail -1 "$work/demo.time"
  sqlite3 "$work/build.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
  mv "$work/build.db" "$cached.part" && mv "$cached.part" "$cached"
  rm -f "$work"/build.db-*
else
  echo "demo: cached ($cached)"
fi
db="$work/m.db"
cp "$cached" "$db"
scheme=$(sqlite3 "$db" "SELECT id FROM schemes WHERE name = '$SCHEME_NAME'")
[ -n "$scheme" ] || { echo "run.sh: the demo has no '$SCHEME_NAME'" >&2; exit 1; }
echo "scheme $scheme ($SCHEME_NAME): $(sqlite3 "$db" "SELECT COUNT(*) FROM applications WHERE scheme_id = $scheme AND state = 'accepted'") accepted mentors, $(sqlite3 "$db" "SELECT COUNT(*) FROM mentee_signups WHERE scheme_id = $scheme AND state = 'active'") mentees signed up"

# ------------------------------------------------------------ the server
"$TANDEM" serve --db "$db" --bind 127.0.0.1 --port 0 --log-level warn \
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
page=$(curl -sS -w '\n%{http_code}' -H "Cookie: $cookie" "$url/schemes/$scheme/runs")
[ "${page##*$'\n'}" = 200 ] || { echo "run.sh: GET /schemes/$scheme/runs answered ${page##*$'\n'}" >&2; exit 1; }
csrf=$(printf '%s' "$page" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n1)
[ -n "$csrf" ] || { echo "run.sh: no form on /schemes/$scheme/runs" >&2; exit 1; }

: >"$work/post" ; : >"$work/get" ; : >"$work/both"
for i in $(seq 1 "$RUNS"); do
  t0=$(now_ms)
  head=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -H "Cookie: $cookie" \
    -H "Origin: $url" --data-urlencode "_csrf=$csrf" "$url/schemes/$scheme/runs")
  t1=$(now_ms)
  case "$head" in
    "303 "*/runs/*) ;;
    *) echo "run.sh: POST /schemes/$scheme/runs answered '$head'" >&2; exit 1 ;;
  esac
  draft=${head#303 }
  code=$(curl -sS -o "$work/draft.html" -w '%{http_code}' -H "Cookie: $cookie" "$draft")
  t2=$(now_ms)
  [ "$code" = 200 ] || { echo "run.sh: GET $draft answered $code" >&2; exit 1; }
  echo $((t1 - t0)) >>"$work/post"
  echo $((t2 - t1)) >>"$work/get"
  echo $((t2 - t0)) >>"$work/both"
  run=${draft##*/}
  printf 'run %s: POST %5d ms, draft page %5d ms (%s KB), solve %s ms, %s matched of %s\n' \
    "$run" $((t1 - t0)) $((t2 - t1)) $(( $(stat -c %s "$work/draft.html") / 1024 )) \
    "$(sqlite3 "$db" "SELECT solve_ms FROM match_runs WHERE id = $run")" \
    "$(sqlite3 "$db" "SELECT matched FROM match_runs WHERE id = $run")" \
    "$(sqlite3 "$db" "SELECT mentees FROM match_runs WHERE id = $run")"
done
stop_server

# ------------------------------------------------------------ the CLI
: >"$work/cli"
for i in $(seq 1 "$RUNS"); do
  t0=$(now_ms)
  "$TANDEM" match --db "$db" --scheme "$scheme" --dry-run --log-level warn >"$work/cli.out"
  t1=$(now_ms)
  echo $((t1 - t0)) >>"$work/cli"
done
sed -n '2,9p' "$work/cli.out"

printf '\n%-40s %8s %8s %8s\n' "ms, $RUNS runs" min median max
printf '%-40s %s\n' "POST /schemes/$scheme/runs (303)" "$(stats "$work/post")"
printf '%-40s %s\n' "GET the draft page" "$(stats "$work/get")"
printf '%-40s %s\n' "button to draft page" "$(stats "$work/both")"
printf '%-40s %s\n' "tandem match --dry-run" "$(stats "$work/cli")"
