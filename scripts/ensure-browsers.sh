#!/usr/bin/env bash
# Makes sure the browsers the test suite drives are installed: Debian's chromium and firefox-esr
# (no browser downloads; see README "Tests"). Installs them with apt-get when running as root,
# otherwise fails loudly with the command to run. Never lets the suite skip browser tests.
set -euo pipefail

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
[ -x "${FIREFOX_PATH:-/usr/bin/firefox-esr}" ] || missing+=(firefox-esr)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "The browser tests need: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} (Debian packages) for the browser tests..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
for b in "${missing[@]}"; do
  command -v "$b" >/dev/null || { echo "apt-get did not install $b" >&2; exit 1; }
done
