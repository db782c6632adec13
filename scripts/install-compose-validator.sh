#!/usr/bin/env bash
# Makes a Compose validator available for test/infra/docker-compose.test.ts: Docker Compose v2 (`docker compose`)
# when present, otherwise Debian's docker-compose 1.29 package, a Python program whose `config` validates and
# normalises docker-compose.yml without a Docker engine. Idempotent: does nothing when either is already there.
# Needs root (or sudo) and Debian's package archive; CI calls it before `npm test`.
set -euo pipefail

if docker compose version >/dev/null 2>&1; then
  echo "compose validator: $(docker compose version) (already installed)"
  exit 0
fi
if command -v docker-compose >/dev/null 2>&1; then
  echo "compose validator: $(docker-compose version --short 2>/dev/null || echo docker-compose) (already installed)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "compose validator: no apt-get here; install Docker Compose by hand, or the compose tests stay skipped" >&2
  exit 1
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "compose validator: installing docker-compose needs root (or sudo)" >&2
    exit 1
  fi
  as_root=(sudo)
fi

# The package lists are refreshed only when they do not know the package yet.
if ! apt-cache policy docker-compose 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  "${as_root[@]}" apt-get update -qq
fi
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
echo "compose validator: installed $(docker-compose version --short 2>/dev/null || echo docker-compose)"
