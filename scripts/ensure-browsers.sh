#!/usr/bin/env bash
# Makes sure the browsers the test suite drives are installed: Debian's chromium and firefox-esr,
# and a Devanagari font for the Hindi UI
# (no browser downloads; see README "Tests"). Installs them with apt-get when running as root,
# otherwise fails loudly with the command to run. Never lets the suite skip browser tests.
set -euo pipefail

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
[ -x "${FIREFOX_PATH:-/usr/bin/firefox-esr}" ] || missing+=(firefox-esr)
# A Devanagari font, so Hindi screenshots show letters, not boxes.
dpkg -s fonts-lohit-deva >/dev/null 2>&1 || missing+=(fonts-lohit-deva)
# The browser policy tests start each browser in a mount namespace of its own, with its policy
# bound over the machine-wide policy directory (tests/browser/support/machine-policy.ts).
command -v unshare >/dev/null 2>&1 || missing+=(util-linux)
command -v mount >/dev/null 2>&1 || missing+=(mount)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The browser tests need: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing ${missing[*]} (Debian packages) for the browser tests..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  for p in "${missing[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || { echo "apt-get did not install $p" >&2; exit 1; }
  done
fi

if ! unshare --mount --propagation private true 2>/dev/null; then
  echo "The browser policy tests need a mount namespace per browser (unshare --mount): run the tests as root." >&2
  exit 1
fi
