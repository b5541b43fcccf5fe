#!/bin/bash
# run_in_netns.sh works where /etc/hosts and /etc/resolv.conf do not exist (a minimal container or chroot):
# in a private mount namespace whose /etc lacks both files (an overlay with whiteouts, the machine's /etc is
# untouched), dmk.test resolves to loopback inside run_in_netns.sh, the private resolv.conf is in place, and
# the files are still absent afterwards (the namespace's own layer held them, nothing was created in /etc).
# Needs root.
set -euo pipefail
netns=$(cd "$(dirname "$0")/.." && pwd)/run_in_netns.sh
if [ "${DMK_NO_HOSTS_INNER:-}" != 1 ]; then
  exec unshare --mount --propagation private env DMK_NO_HOSTS_INNER=1 "$0" "$@"
fi
scratch=$(mktemp -d /tmp/dmk-nohosts.XXXXXX)
trap 'umount /etc "$scratch" 2>/dev/null || true; rm -rf "$scratch"' EXIT
mount -t tmpfs -o mode=0755 dmk-nohosts "$scratch"
mkdir "$scratch/upper" "$scratch/work"
# A character device 0/0 in the upper layer is overlayfs's whiteout: the file is absent from the merged /etc.
mknod "$scratch/upper/hosts" c 0 0
mknod "$scratch/upper/resolv.conf" c 0 0
mount -t overlay dmk-nohosts -o "lowerdir=/etc,upperdir=$scratch/upper,workdir=$scratch/work" /etc
failed=0
check() {
  if eval "$2"; then echo "PASS: $1"; else echo "FAIL: $1"; failed=$((failed + 1)); fi
}
check "/etc/hosts and /etc/resolv.conf are absent before" '[ ! -e /etc/hosts ] && [ ! -e /etc/resolv.conf ]'
out=$(bash "$netns" bash -c 'getent ahosts dmk.test; echo "resolv: $(cat /etc/resolv.conf)"' 2>&1) && status=0 || status=$?
printf '%s\n' "$out"
check "run_in_netns.sh exits 0 (got $status)" '[ "$status" = 0 ]'
check "dmk.test resolves to 127.0.0.1 inside" 'grep -q "^127\.0\.0\.1 " <<<"$out" && grep -q "STREAM dmk\.test" <<<"$out"'
check "the private resolv.conf points at 127.0.0.1" 'grep -q "^resolv: nameserver 127\.0\.0\.1" <<<"$out"'
check "no message about creating files (the namespace's layer was used)" '! grep -q "creating an empty" <<<"$out"'
check "/etc/hosts and /etc/resolv.conf are still absent after" '[ ! -e /etc/hosts ] && [ ! -e /etc/resolv.conf ]'
echo "netns_no_hosts: $((6 - failed)) passed, $failed failed"
[ "$failed" = 0 ]
