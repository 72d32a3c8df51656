# Sourced by the scripts that make sure the tests' system tools are there (ensure-browsers.sh,
# ensure-cluster-tools.sh): one way to install Debian packages for the suite.
#
# install_debian_packages REFUSAL PURPOSE PACKAGE...
#   As root: installs the packages with apt-get and checks dpkg has each of them.
#   Otherwise: prints "REFUSAL: sudo apt-get install -y PACKAGE..." and exits 1, so the suite
#   never runs without them.
install_debian_packages() {
  local refusal="$1" purpose="$2"
  shift 2
  if [ "$(id -u)" -ne 0 ]; then
    echo "$refusal: sudo apt-get install -y $*" >&2
    exit 1
  fi
  local noun=package
  [ $# -gt 1 ] && noun=packages
  echo "Installing $* (Debian $noun) $purpose..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "$@" >/dev/null
  local p
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || { echo "apt-get did not install $p" >&2; exit 1; }
  done
}
