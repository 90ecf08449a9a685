#!/usr/bin/env bash
# Prepares the Testcontainers path of the CI run (sourced by .ci/run): a Docker engine, and a
# PostgreSQL image built on this machine, since no image registry is reachable from CI.
#
#  - installs Debian's docker.io (and debootstrap) when dockerd is missing, and starts dockerd;
#  - builds backfill/postgres:15-bookworm from a debootstrapped Debian root file system with
#    PostgreSQL in it, unless the image already exists (the Docker daemon keeps it between runs; the
#    root file system tarball is cached in ~/.cache/backfill-coordinator as well);
#  - exports what the tests need: the image name, Ryuk off (its image cannot be pulled here; the tests
#    stop their own containers), and BACKFILL_TESTCONTAINERS=postgres so the warehouse contract tests
#    take their PostgreSQL from Testcontainers.
#
# Any failure leaves the Testcontainers path off (with the reason printed) and the run continues on
# the local PostgreSQL server, unless BACKFILL_REQUIRE_DOCKER=1 (.ci/run sets it by default).
# Sourced by .ci/run under `set -euo pipefail`: docker_prepare runs as an `if` condition, so a failing
# step returns from it (and is reported) instead of ending the run.
CI_DOCKERD_PID=

POSTGRES_IMAGE=${BACKFILL_TC_POSTGRES_IMAGE:-backfill/postgres:15-bookworm}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/backfill-coordinator
MIRROR=${BACKFILL_DEBIAN_MIRROR:-http://deb.debian.org/debian}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

docker_prepare() {
  local t0; t0=$(date +%s)
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
    echo "ci: installing docker.io and debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io debootstrap >/tmp/ci-apt.log 2>&1 \
      || { apt-get update -q >/tmp/ci-apt.log 2>&1 \
           && DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io debootstrap >>/tmp/ci-apt.log 2>&1; } \
      || { echo "ci: cannot install docker.io (see /tmp/ci-apt.log)"; return 1; }
  fi
  echo "ci: docker install check took $(( $(date +%s) - t0 )) s"

  t0=$(date +%s)
  if ! docker info >/dev/null 2>&1; then
    echo "ci: starting dockerd"
    nohup dockerd >/tmp/ci-dockerd.log 2>&1 &
    # .ci/run stops the engine it started when the run ends; an engine that was already up stays up.
    CI_DOCKERD_PID=$!
    for _ in $(seq 1 60); do
      docker info >/dev/null 2>&1 && break
      sleep 1
    done
    docker info >/dev/null 2>&1 || { echo "ci: dockerd did not start (see /tmp/ci-dockerd.log)"; return 1; }
  fi
  echo "ci: dockerd ready after $(( $(date +%s) - t0 )) s"

  t0=$(date +%s)
  if ! docker image inspect "$POSTGRES_IMAGE" >/dev/null 2>&1; then
    build_postgres_image || return 1
  fi
  echo "ci: PostgreSQL image $POSTGRES_IMAGE ready after $(( $(date +%s) - t0 )) s"
}

# A minimal Debian with PostgreSQL, imported as an image whose entry point behaves like the official
# one's (see postgres-image/docker-entrypoint.sh).
build_postgres_image() {
  local rootfs_tar="$CACHE/postgres-rootfs-bookworm.tar"
  mkdir -p "$CACHE"
  if [ ! -s "$rootfs_tar" ]; then
    local root; root=$(mktemp -d /tmp/ci-pg-rootfs.XXXXXX)
    echo "ci: debootstrapping a Debian root file system with PostgreSQL into $root"
    debootstrap --variant=minbase --include=postgresql,locales bookworm "$root" "$MIRROR" \
      >/tmp/ci-debootstrap.log 2>&1 || { echo "ci: debootstrap failed (see /tmp/ci-debootstrap.log)"; rm -rf "$root"; return 1; }
    # The package's own cluster is not used: the entry point creates one per container.
    chroot "$root" sh -c 'pg_dropcluster --stop $(ls /etc/postgresql) main' >/dev/null 2>&1 || true
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc "$root"/usr/share/man
    install -m 0755 "$HERE/postgres-image/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
    tar -C "$root" -cf "$rootfs_tar.tmp" . && mv "$rootfs_tar.tmp" "$rootfs_tar"
    rm -rf "$root"
  fi
  echo "ci: importing $rootfs_tar as $POSTGRES_IMAGE"
  docker import \
    --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
    --change 'CMD ["postgres"]' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'EXPOSE 5432' \
    "$rootfs_tar" "$POSTGRES_IMAGE" >/dev/null || { echo "ci: docker import failed"; return 1; }
}

if docker_prepare; then
  export BACKFILL_TESTCONTAINERS=postgres
  export BACKFILL_TC_POSTGRES_IMAGE="$POSTGRES_IMAGE"
  export TESTCONTAINERS_RYUK_DISABLED=true
  # Its start-up checks run an alpine container, which cannot be pulled here either.
  export TESTCONTAINERS_CHECKS_DISABLE=true
  # Inside a container (as CI is) Testcontainers would find the Docker host's address by running alpine;
  # the engine runs on this machine, so its published ports are on the loopback address.
  export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
else
  echo "ci: the Testcontainers path is off for this run"
  if [ "${BACKFILL_REQUIRE_DOCKER:-0}" = 1 ]; then
    exit 1
  fi
fi
