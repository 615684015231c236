#!/usr/bin/env bash
# Brings the whole stack up with docker compose, waits until every service is healthy, and prints
# where to play. On a fresh Debian 12 machine it first installs what it needs
# (see scripts/lib/host-setup.sh). Stop: `docker compose down` (add -v to start from zero).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/host-setup.sh
source scripts/lib/host-setup.sh
ga_setup_host

if [ ! -s "${GA_BUILD_CA_FILE:-/etc/ssl/certs/ca-certificates.crt}" ]; then export GA_BUILD_CA_FILE=/dev/null; fi
started=$SECONDS
if ! docker compose up --build --detach --wait --wait-timeout "${GA_UP_TIMEOUT_S:-600}"; then
  echo "The stack did not become healthy. What each service says:" >&2
  docker compose ps >&2
  docker compose logs --tail 20 >&2
  exit 1
fi
echo "gluster-asteroids is up ($((SECONDS - started)) s). Play at http://localhost:${HTTP_PORT:-80}/"
echo "Health: docker compose ps; logs: docker compose logs -f asteroids; stop: docker compose down"
