#!/usr/bin/env bash
# HTTP intake load test: `hotline serve` (Release) on loopback, wrk as a
# separate client process POSTing unique registrations with a bearer token;
# then checks that every acknowledged (201) intake is durable in the database.
#
#   cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release && cmake --build build-release --target hotline
#   bench/http_load.sh [seconds=20] [connections=64] [wrk-threads=2] [server-workers=4]
# Env: HOTLINE=path/to/hotline (default build-release/src/app/hotline),
#      SERVE_ARGS="…" extra arguments to `hotline serve`, PERF=1 to record a perf profile.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-20}
connections=${2:-64}
threads=${3:-2}
workers=${4:-4}
hotline=${HOTLINE:-$here/build-release/src/app/hotline}
data=$here/data
work=$(mktemp -d /tmp/hotline-load-XXXXXX)
db=$work/hotline.db
password=correct-horse-battery
trap 'kill "$server" 2>/dev/null || true' EXIT

"$hotline" --data "$data" --db "$db" init >/dev/null
echo "$password" | "$hotline" --data "$data" --db "$db" user add --username load.agent \
  --role agent --unit office --password-stdin >/dev/null

"$hotline" --data "$data" --db "$db" serve --port 0 --workers "$workers" ${SERVE_ARGS:-} \
  >"$work/stdout" 2>"$work/server.log" &
server=$!
for _ in $(seq 100); do grep -q listening "$work/stdout" 2>/dev/null && break; sleep 0.1; done
port=$(head -1 "$work/stdout" | sed 's/.*://')
url=http://127.0.0.1:$port
token=$(curl -sf -X POST "$url/api/v1/session" \
  -d "{\"username\":\"load.agent\",\"password\":\"$password\"}" |
  sed 's/.*"token":"\([^"]*\)".*/\1/')

if [[ ${STRACE:-0} == 1 ]]; then
  timeout $((duration / 2)) strace -c -f -e trace=fsync,fdatasync,pwrite64,write,sendmsg,futex \
    -p "$server" -o "$work/strace.txt" &
fi
if [[ ${PERF:-0} == 1 ]]; then
  perf record -F 499 -g -p "$server" -o "$work/perf.data" -- sleep "$duration" 2>/dev/null &
  perf_pid=$!
fi
echo "== wrk -t$threads -c$connections -d${duration}s --latency (server: --workers $workers)"
HOTLINE_TOKEN=$token HOTLINE_ACKED=$work/acked wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
  -s "$here/bench/http_intake.lua" "$url" | tee "$work/wrk.txt"
if [[ ${PERF:-0} == 1 ]]; then wait "$perf_pid" || true; fi

# Stop the server cleanly, then count what is on disk.
kill -TERM "$server"
wait "$server" || true
acked=$(awk '/^acknowledged_201/ {print $2}' "$work/wrk.txt")
stored=$(sqlite3 "$db" "SELECT count(*) FROM events WHERE type = 'request-registered';")
cat "$work"/acked-* 2>/dev/null | sort -u >"$work/acked.txt"
missing=$(sqlite3 "$db" <<SQL
CREATE TEMP TABLE acked(number TEXT PRIMARY KEY);
.mode csv
.import $work/acked.txt acked
SELECT count(*) FROM acked WHERE number NOT IN
  (SELECT stream FROM events WHERE type = 'request-registered');
SQL
)
echo "== durability: acknowledged 201 = $acked ($(wc -l <"$work/acked.txt") distinct numbers);" \
  "request-registered events in the database = $stored (the rest were in flight when wrk stopped);" \
  "acknowledged but missing = $missing"
if [[ ${STRACE:-0} == 1 ]]; then echo "== syscalls (first half of the run):"; cat "$work/strace.txt"; fi
if [[ ${PERF:-0} == 1 ]]; then
  perf report -i "$work/perf.data" --no-children --sort dso,sym --stdio 2>/dev/null | head -60 \
    >"$work/perf.txt" || true
  echo "== perf profile: $work/perf.txt"
fi
echo "== work dir: $work"
if [[ "$missing" != 0 || "$stored" -lt "$acked" ]]; then
  echo "MISMATCH: acknowledged intakes are missing" >&2
  exit 1
fi
