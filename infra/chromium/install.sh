#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (idempotent). The tests drive
# it with playwright-core at /usr/bin/chromium; `npx playwright install` cannot
# work here (it downloads a browser build from a host we cannot reach).
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then
  echo "chromium: present at /usr/bin/chromium"
  exit 0
fi
echo "chromium: installing from apt"
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
echo "chromium: installed at /usr/bin/chromium"
