#!/bin/bash
# Runs a command in a private network namespace where only loopback exists, with private copies of
# /etc/hosts and /etc/resolv.conf (a mount namespace), so no test can send a packet off this machine or
# resolve a real name. dmk.test maps to 127.0.0.1 and ::1; resolv.conf points at 127.0.0.1, where
# nothing answers unless a test starts its own DNS server.
#   usage: run_in_netns.sh COMMAND [ARGS...]
set -euo pipefail
if [ "${DMK_IN_NETNS:-}" != 1 ]; then
  exec unshare --net --mount --propagation private env DMK_IN_NETNS=1 "$0" "$@"
fi
ip link set lo up
scratch=$(mktemp -d /tmp/dmk-netns.XXXXXX)
layered=0
cleanup() {
  if [ "$layered" = 1 ]; then
    umount /etc "$scratch/layer" 2>/dev/null || true
  else
    umount /etc/hosts /etc/resolv.conf 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
printf '127.0.0.1 localhost\n::1 localhost ip6-localhost\n127.0.0.1 dmk.test\n::1 dmk.test\n127.0.0.1 v4only.test\n' > "$scratch/hosts"
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' > "$scratch/resolv.conf"
# The private files are bind-mounted over the machine's, and a bind mount needs a file to mount over. A
# minimal container or chroot may have no /etc/hosts (or resolv.conf): then /etc gets a writable layer seen
# only in this namespace (overlayfs, its upper layer on a tmpfs), where the two files are written, and the
# machine's /etc stays as it was. Mounts below /etc, if any, are hidden by that layer; the files the tests
# read are the two written here. Without overlayfs, an empty file is created in the real /etc, and said so.
if [ ! -e /etc/hosts ] || [ ! -e /etc/resolv.conf ]; then
  mkdir "$scratch/layer"
  mount -t tmpfs -o mode=0755 dmk-etc "$scratch/layer"
  mkdir "$scratch/layer/upper" "$scratch/layer/work"
  if mount -t overlay dmk-etc -o "lowerdir=/etc,upperdir=$scratch/layer/upper,workdir=$scratch/layer/work" /etc; then
    layered=1
    cp "$scratch/hosts" "$scratch/resolv.conf" /etc/
  else
    umount "$scratch/layer"
    for f in /etc/hosts /etc/resolv.conf; do
      if [ ! -e "$f" ]; then
        echo "run_in_netns: $f is missing and overlayfs is not available; creating an empty $f to mount the private copy over" >&2
        : > "$f"
      fi
    done
  fi
fi
if [ "$layered" = 0 ]; then
  mount --bind "$scratch/hosts" /etc/hosts
  mount --bind "$scratch/resolv.conf" /etc/resolv.conf
fi
export DMK_NETNS_SCRATCH="$scratch"
"$@"
