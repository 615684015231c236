#!/usr/bin/env bash
# Runs every test: lint, type checks, unit, integration and container tests (real images built
# from this tree, real Docker engine), then the e2e HA suite on its own. On a fresh Debian 12 machine it first installs what it
# needs (see scripts/lib/host-setup.sh); elsewhere that step changes nothing.
#
# Usage: scripts/test.sh [vitest arguments...]   e.g. scripts/test.sh --project unit
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/host-setup.sh
source scripts/lib/host-setup.sh
ga_setup_host
ga_ensure_chromium
ga_ensure_firefox
ga_ensure_nginx
ga_ensure_registry
ga_ensure_tcpdump

# A clean install when CI asks for it or the lockfile changed since the last install.
if [ "${CI:-}" = true ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[test] npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "[test] lint (biome)"
npm run --silent lint
echo "[test] typecheck (tsc -b, tests included)"
npm run --silent typecheck

mkdir -p .artifacts
echo "[test] vitest: unit, integration, containers, then ha"
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json=.artifacts/vitest-report.json "$@"
status=$?
set -e
node scripts/print-test-summary.mjs .artifacts/vitest-report.json
exit "$status"
