#!/usr/bin/env bash
# Runs every scenario file (scenarios/*.jsonl) through `hotline simulate` and
# prints one line per file: "ok FILE" or "FAILED FILE" followed by the failed
# expectations. Exits non-zero when any file fails. See docs/scenarios.md.
#
# Usage: run_scenarios.sh HOTLINE_BINARY SCENARIO_DIR DATA_DIR
set -u

if [ "$#" -ne 3 ]; then
  echo "usage: $0 HOTLINE_BINARY SCENARIO_DIR DATA_DIR" >&2
  exit 2
fi
hotline=$1
scenario_dir=$2
data_dir=$3

if [ ! -x "$hotline" ]; then
  echo "not an executable: $hotline" >&2
  exit 2
fi
if [ ! -d "$scenario_dir" ]; then
  echo "not a directory: $scenario_dir" >&2
  exit 2
fi

shopt -s nullglob
files=("$scenario_dir"/*.jsonl)
if [ "${#files[@]}" -eq 0 ]; then
  echo "no scenario files in $scenario_dir" >&2
  exit 2
fi

failed=0
for file in "${files[@]}"; do
  name=$(basename "$file")
  err=$(mktemp)
  if "$hotline" --data "$data_dir" simulate "$file" >/dev/null 2>"$err"; then
    echo "ok      $name"
  else
    failed=$((failed + 1))
    echo "FAILED  $name"
    if [ -s "$err" ]; then
      sed 's/^/        /' "$err"
    else
      echo "        (exited non-zero without a message)"
    fi
  fi
  rm -f "$err"
done

total=${#files[@]}
echo "$((total - failed)) of $total scenario files passed"
[ "$failed" -eq 0 ]
