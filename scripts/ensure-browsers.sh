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
  source "$(dirname "$0")/install-debian-packages.sh"
  install_debian_packages "The browser tests need: ${missing[*]}. Install them with" "for the browser tests" "${missing[@]}"
fi

if ! unshare --mount --propagation private true 2>/dev/null; then
  echo "The browser policy tests need a mount namespace per browser (unshare --mount): run the tests as root." >&2
  exit 1
fi
