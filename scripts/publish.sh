#!/usr/bin/env bash
# Builds the two images users run (gluster-server, asteroids) from this tree and pushes them to a
# registry, each as <REGISTRY>/gluster-asteroids/<name>:<VERSION> and :latest, with OCI labels
# (title, description, source, licenses from the Dockerfiles; version, revision, created here).
#
#   REGISTRY=registry.example.com/team scripts/publish.sh        # or: npm run publish:images
#   REGISTRY=127.0.0.1:5000 VERSION=0.2.0-rc.1 scripts/publish.sh
#   PUSH=0 scripts/publish.sh                                    # build and tag only
#
# Environment:
#   REGISTRY          where to push: host[:port][/path], no scheme (required unless PUSH=0)
#   VERSION           the version tag (default: "version" of the root package.json)
#   PUSH              0 = build and tag only (default 1)
#   GA_BUILD_CA_FILE  CA bundle handed to `npm ci` in the build (as scripts/up.sh; default: the
#                     system bundle, skipped when missing or empty)
# Log in first (`docker login <host>`) when the registry needs it. Exit 2 = bad input.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly IMAGES=(gluster-server asteroids)

die_input() {
  printf 'publish: %s\n' "$*" >&2
  exit 2
}

push="${PUSH:-1}"
case "$push" in
  0 | 1) ;;
  *) die_input "PUSH is \"$push\", but it must be 0 (build and tag only) or 1 (push). Example: PUSH=0" ;;
esac

version="${VERSION:-$(node -p 'JSON.parse(require("node:fs").readFileSync("package.json", "utf8")).version')}"
# Docker's tag grammar; "latest" is always pushed as well, so it cannot be the version too.
if ! [[ "$version" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || [ "$version" = latest ]; then
  die_input "VERSION is \"$version\", but it must be a Docker tag other than \"latest\" (letters, digits, _ . -, at most 128, not starting with . or -). Example: VERSION=0.2.0"
fi

registry="${REGISTRY:-}"
registry="${registry%/}"
if [ -z "$registry" ]; then
  if [ "$push" = 1 ]; then
    die_input "REGISTRY is not set: say where to push, as host[:port][/path]. Example: REGISTRY=registry.example.com/team (or PUSH=0 to build only)"
  fi
  prefix="gluster-asteroids"
elif [[ "$registry" =~ ^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)*$ ]]; then
  prefix="$registry/gluster-asteroids"
else
  die_input "REGISTRY is \"$registry\", but it must be host[:port][/path] in lower case, without a scheme such as https://. Example: REGISTRY=registry.example.com/team"
fi

revision="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
# An image built from uncommitted changes must not claim to be exactly that commit.
if [ "$revision" != unknown ] && [ -n "$(git status --porcelain 2>/dev/null)" ]; then revision="$revision-dirty"; fi
created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

ca_file="${GA_BUILD_CA_FILE:-/etc/ssl/certs/ca-certificates.crt}"
secret=()
if [ -s "$ca_file" ]; then secret=(--secret "id=build_ca,src=$ca_file"); fi

references=()
for name in "${IMAGES[@]}"; do
  repository="$prefix/$name"
  echo "publish: building $repository:$version (revision $revision)"
  DOCKER_BUILDKIT=1 docker build "${secret[@]}" \
    --label "org.opencontainers.image.version=$version" \
    --label "org.opencontainers.image.revision=$revision" \
    --label "org.opencontainers.image.created=$created" \
    -f "images/$name/Dockerfile" -t "$repository:$version" -t "$repository:latest" .
  references+=("$repository:$version" "$repository:latest")
done

if [ "$push" = 0 ]; then
  printf 'publish: built %s (PUSH=0: not pushed)\n' "${references[@]}"
  exit 0
fi
for reference in "${references[@]}"; do
  docker push --quiet "$reference" >/dev/null
  echo "publish: pushed $reference"
done
