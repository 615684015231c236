#!/usr/bin/env bash
# Brings the whole stack up with docker compose and prints where to play.
# On a fresh Debian 12 machine it first installs what it needs (see scripts/lib/host-setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/host-setup.sh
source scripts/lib/host-setup.sh
ga_setup_host

if [ ! -f docker-compose.yml ]; then
  echo "The stack is not there yet: docker-compose.yml lands with the stack issue." >&2
  echo "What exists today is tested by scripts/test.sh." >&2
  exit 1
fi
docker compose up --build --detach --wait
echo "Play at http://localhost:${HTTP_PORT:-80}/"
