#!/usr/bin/env bash
# clang-tidy over the project's own sources with .clang-tidy (warnings are
# errors). Usage: tools/tidy.sh BUILD_DIR (a configured build with
# compile_commands.json).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-test}
files=$(git ls-files 'src/*.cc')
printf '%s\n' $files | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet 2>/dev/null
echo "tidy: ok"
