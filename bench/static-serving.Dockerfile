# Bench-only image (never shipped): the asteroids image plus wrk, Debian's HTTP load generator,
# so the static-serving benchmark drives nginx on loopback inside the container. Built by
# bench/static-serving-image.ts from the repository root:
#   docker build -f bench/static-serving.Dockerfile -t gluster-asteroids/asteroids-bench:dev .
ARG ASTEROIDS_IMAGE=gluster-asteroids/asteroids:dev
FROM ${ASTEROIDS_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends wrk \
 && rm -rf /var/lib/apt/lists/*
