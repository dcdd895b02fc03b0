#!/usr/bin/env bash
# The web application's end-to-end tests (issue 11): node's test runner runs
# web/e2e/*.test.mjs, which start a real `hotline serve` (this build, on a
# fake clock, serving web/dist) and drive Debian's Chromium through
# playwright-core. Screenshots and measured figures (*.json) go to
# $HOTLINE_SCREENS when set (`./run screens` sets it to docs/screens to refresh
# the committed ones), else to SCREENS_DIR (ctest: build-test/tests/web_e2e_screens),
# else to $TMPDIR/hotline-screens: a test run does not write into the checkout.
#
# usage: web_e2e.sh HOTLINE_BINARY REPOSITORY_ROOT [SCREENS_DIR]
set -euo pipefail
bin=$(realpath "$1")
root=$(realpath "$2")
# Resolved here: a relative path means the caller's directory, not web/.
screens=$(realpath -m "${HOTLINE_SCREENS:-${3:-${TMPDIR:-/tmp}/hotline-screens}}")
skip() { echo "web_e2e skipped: $*" >&2; exit 77; }
command -v node >/dev/null || skip "node is not installed (./run test installs it)"
[[ -f "$root/web/dist/index.html" ]] || skip "web/dist is not built (./run test builds it)"
[[ -d "$root/web/node_modules/playwright-core" ]] || skip "web/node_modules is missing (npm ci)"
chromium=${HOTLINE_CHROMIUM:-/usr/bin/chromium}
[[ -x "$chromium" ]] || skip "no Chromium at $chromium (apt-get install chromium)"
cd "$root/web"
echo "web_e2e: screenshots and figures in $screens" >&2
HOTLINE_BIN="$bin" HOTLINE_ROOT="$root" HOTLINE_CHROMIUM="$chromium" HOTLINE_SCREENS="$screens" \
  exec node --test --test-concurrency=1 e2e/
