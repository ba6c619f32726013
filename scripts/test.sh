#!/usr/bin/env bash
# test.sh: every test of Tandem, as `make test` and CI run it.
#  1. unit tests (cmocka) in a build with AddressSanitizer and UBSan
#  2. the banned-call check
#  3. HTTP tests against a real `tandem serve` (the sanitizer build)
#  4. browser tests in headless Chromium, with axe-core on every page
#  5. the store and domain unit tests, the HTTP tests and the browser tests
#     again on PostgreSQL (a throwaway server on loopback, scripts/pg.sh)
#  6. the fuzzers, briefly
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
B=build-test
if [ ! -f $B/build.ninja ]; then
  meson setup $B --buildtype=debug -Db_sanitize=address,undefined \
    -Db_lundef=false -Dtests=true
fi
ninja -C $B

step() { printf '\n==> %s\n' "$*"; }

# The release build too: it is what `make run` serves, and its -O2 finds
# warnings (format truncation, for one) that the debug build cannot.
step "release build (make run's)"
[ -f build/build.ninja ] || meson setup build --buildtype=release -Dtests=false
ninja -C build

step "unit tests"
meson test -C $B --suite unit --print-errorlogs --num-processes 2

step "banned calls"
scripts/check-banned.sh

step "node packages for the HTTP and browser tests"
npm ci --no-audit --no-fund --loglevel=error

export TANDEM_BIN=$PWD/$B/src/cli/tandem
step "HTTP tests"
node --test --test-concurrency=2 tests/http/

if compgen -G "tests/e2e/*.test.mjs" >/dev/null; then
  step "browser tests"
  node --test --test-concurrency=1 tests/e2e/
fi

step "PostgreSQL: a throwaway server on loopback"
pgdir=$(mktemp -d /tmp/tandem-pg.XXXXXX)
trap 'scripts/pg.sh stop "$pgdir"' EXIT
export TANDEM_TEST_PG
TANDEM_TEST_PG=$(scripts/pg.sh start "$pgdir")
psql "$TANDEM_TEST_PG/postgres" -qc "CREATE DATABASE unit"

step "unit tests of the store and the domain, on PostgreSQL"
TANDEM_TEST_DB="$TANDEM_TEST_PG/unit" meson test -C $B --suite pg \
  --print-errorlogs --num-processes 2

step "HTTP tests, on PostgreSQL"
node --test --test-concurrency=2 tests/http/

if compgen -G "tests/e2e/*.test.mjs" >/dev/null; then
  step "browser tests, on PostgreSQL"
  node --test --test-concurrency=1 tests/e2e/
fi
unset TANDEM_TEST_PG

step "fuzzing (${FUZZ_SECONDS:-20} s per target)"
scripts/fuzz.sh "${FUZZ_SECONDS:-20}"

step "all tests passed"
