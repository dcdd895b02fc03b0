#!/usr/bin/env bash
# The web application's end-to-end tests (issue 11): node's test runner runs
# web/e2e/*.test.mjs, which start a real `hotline serve` (this build, on a
# fake clock, serving web/dist) and drive Debian's Chromium through
# playwright-core. Screenshots go to docs/screens/.
#
# usage: web_e2e.sh HOTLINE_BINARY REPOSITORY_ROOT
set -euo pipefail
bin=$(realpath "$1")
root=$(realpath "$2")
skip() { echo "web_e2e skipped: $*" >&2; exit 77; }
command -v node >/dev/null || skip "node is not installed (./run test installs it)"
[[ -f "$root/web/dist/index.html" ]] || skip "web/dist is not built (./run test builds it)"
[[ -d "$root/web/node_modules/playwright-core" ]] || skip "web/node_modules is missing (npm ci)"
chromium=${HOTLINE_CHROMIUM:-/usr/bin/chromium}
[[ -x "$chromium" ]] || skip "no Chromium at $chromium (apt-get install chromium)"
cd "$root/web"
HOTLINE_BIN="$bin" HOTLINE_ROOT="$root" HOTLINE_CHROMIUM="$chromium" \
  exec node --test --test-concurrency=1 e2e/
