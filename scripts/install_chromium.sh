#!/usr/bin/env bash
# Installs the distribution's Chromium for the browser tests (Playwright's own browser download
# needs the internet). A no-op when /usr/bin/chromium is there. Where it cannot install (no root,
# no apt), it says so and the browser tests skip, unless DISCOVERY_REQUIRE_BROWSER=1 (CI), which
# makes that a failure.
set -uo pipefail
[ -x /usr/bin/chromium ] && exit 0
echo "setup: installing chromium for the browser tests" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo -n"; fi
log="$(mktemp)"
if command -v apt-get >/dev/null 2>&1 \
    && $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1 \
    && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        chromium >>"$log" 2>&1; then
    rm -f "$log"
    exit 0
fi
cat "$log" >&2
rm -f "$log"
if [ "${DISCOVERY_REQUIRE_BROWSER:-}" = "1" ]; then
    echo "setup: could not install chromium" >&2
    exit 1
fi
echo "setup: could not install chromium; the browser tests will be skipped" >&2
