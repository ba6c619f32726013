#!/bin/sh
# run.sh [N] [SEED]: time `tandem import students` of N (default 100000)
# students into an empty SQLite database, then the same file again (all
# unchanged), then `tandem export students`. Uses the release build
# (build/src/cli/tandem, or $TANDEM_BIN). Data goes to $TANDEM_BENCH_DIR
# (default bench/import/data, which git ignores).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
n=${1:-100000}
seed=${2:-1}
out=${TANDEM_BENCH_DIR:-$here/data}
bin=${TANDEM_BIN:-$root/build/src/cli/tandem}
mkdir -p "$out"
python3 "$here/gen.py" "$n" "$seed" "$out"
echo "students.csv: $(wc -c <"$out/students.csv") bytes, $n rows"
rm -f "$out/bench.db" "$out/bench.db-wal" "$out/bench.db-shm"
"$bin" init --db "$out/bench.db" --log-level warn >/dev/null
"$bin" import courses "$out/courses.csv" --db "$out/bench.db" --log-level warn
t() { # t LABEL COMMAND...: wall seconds and peak memory of one run
  label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %U s user, %S s sys, %M KB peak" "$@"
}
t "import (empty database)" "$bin" import students "$out/students.csv" \
  --db "$out/bench.db" --log-level warn
t "import again (unchanged)" "$bin" import students "$out/students.csv" \
  --db "$out/bench.db" --log-level warn
t "export" "$bin" export students "$out/export.csv" --db "$out/bench.db" \
  --log-level warn
cmp -s "$out/export.csv" "$out/students.csv" && echo "export = input" ||
  echo "export differs from the input (normalisation): $(diff "$out/export.csv" "$out/students.csv" | grep -c '^<') lines"
