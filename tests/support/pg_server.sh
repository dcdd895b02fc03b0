#!/usr/bin/env bash
# A throw-away PostgreSQL 15 server for the tests (issue 14): initdb in a
# temporary directory, listening only on a Unix socket there, trust
# authentication, UTF-8. CTest starts it once per run (FIXTURES_SETUP) and
# stops it at the end; each test works in a schema of its own.
#
#   pg_server.sh start STATE_DIR   writes STATE_DIR/conninfo (libpq keywords)
#   pg_server.sh restart STATE_DIR  (fault tests: the server goes away and comes back)
#   pg_server.sh stop STATE_DIR
#
# PostgreSQL refuses to run as root: as root, the server runs as the
# `postgres` account the Debian package creates.
set -euo pipefail
cmd=${1:?start|stop} state=${2:?state directory}
bin=${HOTLINE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[[ -x "$bin/initdb" ]] || { echo "pg_server: no PostgreSQL server found (install postgresql-15)" >&2; exit 1; }

as_server() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  [[ -f "$state/datadir" ]] || return 0
  local data
  data=$(cat "$state/datadir")
  if [[ -f "$data/postmaster.pid" ]]; then
    as_server "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf -- "$(dirname "$data")" "$state/datadir" "$state/conninfo"
}

case "$cmd" in
  start)
    mkdir -p "$state"
    stop  # a server a killed run left behind
    # /dev/shm when there is one: the tests measure behaviour, not the disk.
    parent=/tmp
    [[ -d /dev/shm && -w /dev/shm ]] && parent=/dev/shm
    root=$(mktemp -d "$parent/hotline-pg-XXXXXX")
    chmod 755 "$root"
    data="$root/data"
    mkdir "$data"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$root" "$data"
    echo "$data" >"$state/datadir"
    as_server "$bin/initdb" -D "$data" -E UTF8 --locale=C -A trust -U hotline >"$root/initdb.log" 2>&1 ||
      { cat "$root/initdb.log" >&2; exit 1; }
    as_server "$bin/pg_ctl" -D "$data" -l "$root/server.log" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$root' -c max_connections=200 -c fsync=on" \
      start >/dev/null || { cat "$root/server.log" >&2; exit 1; }
    echo "host=$root port=5432 user=hotline dbname=postgres" >"$state/conninfo"
    echo "pg_server: $(cat "$state/conninfo")"
    ;;
  restart)
    data=$(cat "$state/datadir")
    as_server "$bin/pg_ctl" -D "$data" -m fast -w -t 60 restart >/dev/null
    ;;
  stop) stop ;;
  *) echo "usage: pg_server.sh start|restart|stop STATE_DIR" >&2; exit 2 ;;
esac
