# Sourced first thing by the scripts the README tells a newcomer to run (they apt-get install and make
# private network namespaces, so they need root): as root it does nothing; as another user it runs the
# script again through sudo when sudo exists, and otherwise stops with what to do. A fresh Debian 12
# machine has root and no sudo; a desktop has a user with sudo: the same command works on both.
#   usage, before any cd:  . "$(dirname "$0")/as_root.sh"
if [ "${EUID:-$(id -u)}" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo -- bash "$0" "$@"
  fi
  echo "$0 needs root (it installs packages and makes network namespaces) and sudo is not installed:" \
       "run it as root, e.g. su -c 'bash $0'" >&2
  exit 1
fi
