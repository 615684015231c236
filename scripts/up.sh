#!/usr/bin/env bash
# Brings the whole stack up with docker compose, waits until every service is healthy, then until
# the volume is redundant (every brick connected, nothing pending heal), and prints where to play.
# On a fresh Debian 12 machine it first installs what it needs (see scripts/lib/host-setup.sh).
# Stop: `docker compose down` (add -v to start from zero).
#
# GA_UP_TIMEOUT_S (600): how long `docker compose up --wait` may take.
# GA_REDUNDANT_TIMEOUT_S (60): how long to wait, after that, for the stack to be redundant. A stack
# that serves but is not redundant still exits 0 (players can play), saying what is missing.
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

# What keeps the stack from being redundant now, one "<service>: <notice>" line each; nothing
# when it is redundant. Each service's healthcheck prints its /readyz verdict on one line:
# "ready" or "ready; <notice>; <notice>" (a notice never contains "; "). The agents' notices that
# start with "not redundant" count; a service that is not ready counts too.
redundancy_problems() {
  local service line rest notice
  for service in "$@"; do
    if ! line=$(docker compose exec -T "$service" node /opt/gluster-asteroids/healthcheck.mjs /readyz 2>&1); then
      echo "$service: not ready (${line:0:300})"
      continue
    fi
    rest=${line#ready}
    rest=${rest#; }
    while [ -n "$rest" ]; do
      notice=${rest%%; *}
      if [ "$notice" = "$rest" ]; then rest=''; else rest=${rest#*; }; fi
      case $notice in
        'not redundant'*) echo "$service: $notice" ;;
      esac
    done
  done
}

# At a first start the servers heal what one brick got alone within seconds: poll, bounded.
mapfile -t services < <(docker compose ps --services)
if [ "${#services[@]}" -eq 0 ]; then
  echo "docker compose ps lists no running service after a successful up" >&2
  exit 1
fi
deadline=$((SECONDS + ${GA_REDUNDANT_TIMEOUT_S:-60}))
problems=$(redundancy_problems "${services[@]}")
while [ -n "$problems" ] && [ "$SECONDS" -lt "$deadline" ]; do
  sleep 2
  problems=$(redundancy_problems "${services[@]}")
done

play="Play at http://localhost:${HTTP_PORT:-80}/"
if [ -z "$problems" ]; then
  echo "gluster-asteroids is up and redundant ($((SECONDS - started)) s). $play"
else
  echo "gluster-asteroids is up (serving) but NOT redundant: ${problems//$'\n'/; }"
  echo "$play"
  echo "Losing one more storage node now could lose the game. It heals by itself once every node runs;"
  echo "what each message means: docs/operations.md (\"Not redundant\")."
fi
echo "Health: docker compose ps; logs: docker compose logs -f asteroids; stop: docker compose down"
