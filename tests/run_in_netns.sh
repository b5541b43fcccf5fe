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
trap 'umount /etc/hosts /etc/resolv.conf 2>/dev/null || true; rm -rf "$scratch"' EXIT
printf '127.0.0.1 localhost\n::1 localhost ip6-localhost\n127.0.0.1 dmk.test\n::1 dmk.test\n127.0.0.1 v4only.test\n' > "$scratch/hosts"
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' > "$scratch/resolv.conf"
mount --bind "$scratch/hosts" /etc/hosts
mount --bind "$scratch/resolv.conf" /etc/resolv.conf
export DMK_NETNS_SCRATCH="$scratch"
"$@"
