#!/usr/bin/env bash
# Makes Debian's Chromium available at /usr/bin/chromium for test/web (the officer page and the dashboard, driven
# by playwright-core). Playwright's own browser download cannot be used here, so the distribution's package is the
# browser. Idempotent: does nothing when /usr/bin/chromium is already there. Needs root (or sudo) and Debian's
# package archive; CI calls it before `npm test`.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM") (already installed)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium: no apt-get here; install Chromium by hand at $CHROMIUM, or test/web cannot run" >&2
  exit 1
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "chromium: installing the chromium package needs root (or sudo)" >&2
    exit 1
  fi
  as_root=(sudo)
fi

# The package lists are refreshed only when they do not know the package yet.
if ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  echo "chromium: apt-get update"
  "${as_root[@]}" apt-get update -qq
fi
# Recommends (sandbox helper, printing, notification daemon) are not needed headless; fonts come with fontconfig.
# The lock timeout waits for another apt-get (another set-up script) instead of failing at once.
echo "chromium: apt-get install chromium"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends chromium >/dev/null
echo "chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
