#!/usr/bin/env bash
# pg.sh start|restart|stop DIR: a throwaway PostgreSQL 15 server for the
# tests, on a free loopback port, with its data in DIR. `start` installs
# Debian's postgresql if it is missing, runs initdb as an unprivileged
# user (postgres when we are root), and prints the server's base URL
# (postgres://tandem@127.0.0.1:PORT). Durability is off: it is for tests.
set -euo pipefail
cmd=${1:?usage: pg.sh start|restart|stop DIR}
dir=${2:?usage: pg.sh start|restart|stop DIR}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] && [ "$cmd" = start ]; then
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  else
    echo "PostgreSQL is needed for the tests: sudo apt-get install -y postgresql" >&2
    exit 1
  fi
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $cmd in
start)
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  as_owner "$bindir/initdb" -D "$dir/data" -A trust -U tandem -E UTF8 \
    --locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  for try in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 20000))
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off \
            -c max_connections=300 -c shared_buffers=128MB" start >/dev/null; then
      echo "$port" >"$dir/port"
      echo "postgres://tandem@127.0.0.1:$port"
      exit 0
    fi
  done
  cat "$dir/server.log" >&2
  exit 1
  ;;
restart)
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 restart \
    -o "-c listen_addresses=127.0.0.1 -p $(cat "$dir/port") -k $dir -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off \
        -c max_connections=300 -c shared_buffers=128MB" >/dev/null
  ;;
stop)
  [ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: pg.sh start|restart|stop DIR" >&2
  exit 2
  ;;
esac
