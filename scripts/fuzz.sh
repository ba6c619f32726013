#!/usr/bin/env bash
# fuzz.sh [SECONDS]: build the libFuzzer targets with clang and run each for
# SECONDS (default 20) on its corpus. Fails on any crash or sanitizer report.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
out=build-fuzz
mkdir -p "$out"
common=(src/base/arena.c src/base/buf.c src/base/mem.c src/base/str.c
        src/base/log.c src/base/err.c)
flags=(-std=c11 -g -O1 -D_GNU_SOURCE -Isrc -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=undefined)
clang "${flags[@]}" -o "$out/fuzz_decoders" fuzz/fuzz_decoders.c \
  src/web/form.c src/web/html.c src/web/route_match.c "${common[@]}"
clang "${flags[@]}" -o "$out/fuzz_match_instance" fuzz/fuzz_match_instance.c \
  src/match/instance.c "${common[@]}"
clang "${flags[@]}" -o "$out/fuzz_multipart" fuzz/fuzz_multipart.c \
  src/web/multipart.c "${common[@]}"
# The import runs its rules against a SQLite database: the domain (all of
# it: saving a student reaches the sign-ups' merge, and so on, with the
# matching engine and libical it links), the store and the migrations
# (embedded as tools/embed.c does for the build).
cc -O1 -o "$out/embed" tools/embed.c
"$out/embed" "$out/migrations.c" store_migrations src/store/migrations/*.sql
clang "${flags[@]}" -D_DEFAULT_SOURCE -o "$out/fuzz_import" fuzz/fuzz_import.c \
  src/base/*.c src/store/*.c "$out/migrations.c" src/domain/*.c src/match/*.c \
  $(pkg-config --cflags --libs sqlite3 libpq libsodium libcurl libical) \
  -lcsv -lpthread -lm
for t in decoders match_instance multipart import; do
  work="$out/corpus-$t"
  mkdir -p "$work"
  cp -n fuzz/corpus/$t/* "$work/" 2>/dev/null || true
  echo "fuzz_$t: ${secs}s"
  "$out/fuzz_$t" -max_total_time="$secs" -max_len=4096 -print_final_stats=1 \
    "$work" 2>"$out/fuzz_$t.log" || { tail -40 "$out/fuzz_$t.log"; exit 1; }
  grep -E '^stat::number_of_executed_units|^Done' "$out/fuzz_$t.log" || true
done
