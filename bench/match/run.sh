#!/bin/sh
# run.sh: build the matching benchmark, generate instances, run it.
#
#   bench/match/run.sh [S|M|L|XL ...]      (default: S M L)
#
# Builds with plain cc/c++ -O2 against src/match and src/base/mem.c (no
# Meson), writes instances and binaries to $TANDEM_BENCH_DIR (default
# bench/match/data, which git ignores), then for each size runs
# `match-file` end to end for every objective and the harness (Tandem
# against LEMON NetworkSimplex and CostScaling and a greedy pass).
# LEMON runs are stopped after $LEMON_TIMEOUT seconds (default 120).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${TANDEM_BENCH_DIR:-$here/data}
timeout=${LEMON_TIMEOUT:-120}
sizes=${*:-S M L}
mkdir -p "$out"

CC=${CC:-cc}
CXX=${CXX:-c++}
CFLAGS="-std=c11 -O2 -D_GNU_SOURCE -I$root/src"
m="$root/src/match"
echo "building in $out"
for f in solve instance score candidates; do
  $CC $CFLAGS -c "$m/$f.c" -o "$out/$f.o"
done
$CC $CFLAGS -c "$root/src/base/mem.c" -o "$out/mem.o"
$CC $CFLAGS "$here/gen.c" "$out/score.o" "$out/candidates.o" \
  "$out/solve.o" "$out/mem.o" -o "$out/gen"
$CC $CFLAGS "$root/src/cli/cmd_match_file.c" "$here/match_file_main.c" \
  "$out/instance.o" "$out/solve.o" "$out/mem.o" -o "$out/match-file"
$CXX -std=c++17 -O2 -D_GNU_SOURCE -I"$root/src" "$here/harness.cc" \
  "$out/instance.o" "$out/solve.o" "$out/mem.o" -o "$out/harness"

for s in $sizes; do
  f="$out/$s.txt"
  [ -s "$f" ] || "$out/gen" "$s" "$f"
  echo "== $s"
  for o in cardinality total maxmin; do
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f "   end to end %e s, peak %M KB" \
        "$out/match-file" "$f" --objective "$o"
    else
      "$out/match-file" "$f" --objective "$o"
    fi
  done
  "$out/harness" "$f" --lemon-timeout "$timeout"
done
