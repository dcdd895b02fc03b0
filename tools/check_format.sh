#!/usr/bin/env bash
# Fails when a C++ file differs from clang-format's output (.clang-format).
set -euo pipefail
cd "$(dirname "$0")/.."
bad=0
while IFS= read -r f; do
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "not formatted: $f"
    bad=1
  fi
done < <(git ls-files '*.cc' '*.h')
if ((bad)); then
  echo "run: clang-format -i \$(git ls-files '*.cc' '*.h')"
  exit 1
fi
echo "format: ok"
