#!/usr/bin/env bash
# HTTP intake load on PostgreSQL (issue 14): a PostgreSQL 15 server of its
# own (tests/support/pg_server.sh, on /dev/shm: the numbers are the
# platform's, not a disk's), NODES `hotline serve` nodes on one schema
# behind HAProxy, wrk as a separate client POSTing unique registrations;
# then every acknowledged (201) intake is looked for in the database.
#
#   bench/pg_load.sh [nodes=1] [seconds=20] [connections=64] [wrk-threads=2] [workers=16]
# Env: HOTLINE=path/to/hotline (default build-release/src/app/hotline).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
nodes=${1:-1}
duration=${2:-20}
connections=${3:-64}
threads=${4:-2}
workers=${5:-16}
hotline=${HOTLINE:-$here/build-release/src/app/hotline}
data=$here/data
work=$(mktemp -d /tmp/hotline-pgload-XXXXXX)
password=correct-horse-battery
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$here/tests/support/pg_server.sh" stop "$work/pg" >/dev/null 2>&1 || true
}
trap cleanup EXIT

"$here/tests/support/pg_server.sh" start "$work/pg" >/dev/null
conninfo=$(cat "$work/pg/conninfo")
host=$(sed 's/.*host=\([^ ]*\).*/\1/' <<<"$conninfo")
db="postgresql://hotline@/postgres?host=$host&port=5432&schema=load"
"$hotline" --data "$data" --db "$db" --state-dir "$work/node0" init >/dev/null
export HOTLINE_KEY_FILE=$work/node0/hotline.key
echo "$password" | "$hotline" --data "$data" --db "$db" --state-dir "$work/node0" user add \
  --username load.agent --role agent --unit office --password-stdin >/dev/null

servers=""
for n in $(seq "$nodes"); do
  "$hotline" --data "$data" --db "$db" --state-dir "$work/node$n" serve --port 0 \
    --workers "$workers" --max-connections-per-address 4096 >"$work/node$n.out" 2>"$work/node$n.log" &
  pids+=($!)
  for _ in $(seq 100); do grep -q listening "$work/node$n.out" 2>/dev/null && break; sleep 0.1; done
  port=$(head -1 "$work/node$n.out" | sed 's/.*://')
  servers+="  server node$n 127.0.0.1:$port maxconn 256"$'\n'
done
front=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/haproxy.cfg" <<CFG
global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  option http-keep-alive
frontend hotline
  bind 127.0.0.1:$front
  default_backend nodes
backend nodes
  balance roundrobin
$servers
CFG
haproxy -f "$work/haproxy.cfg" -db >/dev/null 2>&1 &
pids+=($!)
sleep 0.5
url=http://127.0.0.1:$front
token=$(curl -sf -X POST "$url/api/v1/session" \
  -d "{\"username\":\"load.agent\",\"password\":\"$password\"}" |
  sed 's/.*"token":"\([^"]*\)".*/\1/')

echo "== $nodes node(s) on one PostgreSQL, HAProxy; wrk -t$threads -c$connections -d${duration}s (--workers $workers)"
HOTLINE_TOKEN=$token HOTLINE_ACKED=$work/acked wrk -t"$threads" -c"$connections" -d"${duration}s" \
  --latency -s "$here/bench/http_intake.lua" "$url" | tee "$work/wrk.txt"

cat "$work"/acked-* 2>/dev/null | sort -u >"$work/acked.txt"
psql "$conninfo" -Atc "SELECT stream FROM load.events WHERE type = 'request-registered'" |
  sort -u >"$work/stored.txt"
missing=$(comm -23 "$work/acked.txt" "$work/stored.txt" | wc -l)
echo "== durability: $(wc -l <"$work/acked.txt") acknowledged numbers, $(wc -l <"$work/stored.txt")" \
  "registered in PostgreSQL, acknowledged but missing = $missing"
[[ "$missing" == 0 ]] || { echo "MISMATCH" >&2; exit 1; }
