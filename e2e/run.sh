#!/usr/bin/env bash
# Runs the browser tests: real Chromium against a real sciatica server. It builds nothing; build
# the binary first (`cargo build --locked -p sciatica`) or point SCIATICA_BIN at one. The tests
# start and stop their own servers, each on a fresh temporary database.
#
#   e2e/run.sh                          every test
#   e2e/run.sh tests/admin.test.mjs     some of them (paths relative to e2e/)
#   E2E_JOBS=1 e2e/run.sh               one test file at a time (default: 2 at a time)
#
# Screenshots land in screenshots/ at the root of the repository.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

say() { printf 'e2e: %s\n' "$*"; }
die() { printf 'e2e: error: %s\n' "$*" >&2; exit 1; }

# The binary under test.
export SCIATICA_BIN="${SCIATICA_BIN:-$here/../target/debug/sciatica}"
[ -x "$SCIATICA_BIN" ] || die "no sciatica binary at $SCIATICA_BIN; build it with 'cargo build --locked -p sciatica' or set SCIATICA_BIN"
SCIATICA_BIN="$(cd "$(dirname "$SCIATICA_BIN")" && pwd)/$(basename "$SCIATICA_BIN")"

# Debian's Chromium (the tests never download a browser).
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ] && [ "$CHROMIUM" = /usr/bin/chromium ] && [ "$(id -u)" -eq 0 ] \
    && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi
[ -x "$CHROMIUM" ] || die "Chromium is missing at $CHROMIUM. Install Debian's (as root: apt-get install -y chromium) or set CHROMIUM to the path of a Chromium"
"$CHROMIUM" --version 2>/dev/null | head -n 1 || true

# Node.js and the two test libraries (playwright-core drives Chromium, axe-core checks
# accessibility); neither downloads anything at install time.
command -v node >/dev/null 2>&1 || die "Node.js 20 or newer (with npm) is needed"
command -v npm >/dev/null 2>&1 || die "npm is needed (it comes with Node.js)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "Node.js 20 or newer is needed, found $(node --version)"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
cd "$here"
if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
else
    npm install --no-audit --no-fund --loglevel=error
fi

# The tests; E2E_JOBS files at a time (default 2), each with its own server and browser.
if [ "$#" -eq 0 ]; then
    set -- tests/*.test.mjs
fi
jobs="${E2E_JOBS:-2}"
say "running $# test file(s), $jobs at a time, against $SCIATICA_BIN"
exec node --test --test-concurrency="$jobs" --test-reporter=spec "$@"
