#!/usr/bin/env bash
# Makes sure the cluster test (tests/cluster/dask-scan.test.ts) has Dask distributed: Debian's
# python3-distributed for the system Python (/usr/bin/python3). Installs it with apt-get when
# running as root, otherwise fails loudly with the command to run. Never lets the test skip.
set -euo pipefail

PY=/usr/bin/python3
if [ -x "$PY" ] && "$PY" -c 'import distributed, dask.bag' >/dev/null 2>&1; then exit 0; fi

source "$(dirname "$0")/install-debian-packages.sh"
install_debian_packages "The cluster test needs Dask distributed. Install it with" "for the cluster test" python3-distributed
"$PY" -c 'import distributed' || { echo "apt-get did not install python3-distributed" >&2; exit 1; }
