#!/bin/bash
# run_in_netns.sh works where /etc/hosts and /etc/resolv.conf do not exist (a minimal container or chroot):
# in a private mount namespace whose /etc lacks both files (an overlay with whiteouts, the machine's /etc is
# untouched), dmk.test resolves to loopback inside run_in_netns.sh, the private resolv.conf is in place, and
# the files are still absent afterwards (the namespace's own layer held them, nothing was created in /etc).
# Needs root.
set -uo pipefail
netns=$(cd "$(dirname "$0")/.." && pwd)/run_in_netns.sh
if [ "${DMK_NO_HOSTS_INNER:-}" != 1 ]; then
  exec unshare --mount --propagation private env DMK_NO_HOSTS_INNER=1 "$0" "$@"
fi
source "$(dirname "$0")/../support/testlib.sh"
make_temp_dir nohosts
scratch=$T
mount -t tmpfs -o mode=0755 dmk-nohosts "$scratch" || die "cannot mount a tmpfs on $scratch"
on_cleanup umount "$scratch"
mkdir "$scratch/upper" "$scratch/work"
# A character device 0/0 in the upper layer is overlayfs's whiteout: the file is absent from the merged /etc.
mknod "$scratch/upper/hosts" c 0 0
mknod "$scratch/upper/resolv.conf" c 0 0
mount -t overlay dmk-nohosts -o "lowerdir=/etc,upperdir=$scratch/upper,workdir=$scratch/work" /etc ||
  die "cannot mount an overlay over /etc"
on_cleanup umount /etc
check "/etc/hosts and /etc/resolv.conf are absent before" eval '[ ! -e /etc/hosts ] && [ ! -e /etc/resolv.conf ]'
out=$(bash "$netns" bash -c 'getent ahosts dmk.test; echo "resolv: $(cat /etc/resolv.conf)"' 2>&1) && status=0 || status=$?
printf '%s\n' "$out"
check "run_in_netns.sh exits 0 (got $status)" eval '[ "$status" = 0 ]'
check "dmk.test resolves to 127.0.0.1 inside" eval 'grep -q "^127\.0\.0\.1 " <<<"$out" && grep -q "STREAM dmk\.test" <<<"$out"'
check "the private resolv.conf points at 127.0.0.1" eval 'grep -q "^resolv: nameserver 127\.0\.0\.1" <<<"$out"'
check "no message about creating files (the namespace's layer was used)" eval '! grep -q "creating an empty" <<<"$out"'
check "/etc/hosts and /etc/resolv.conf are still absent after" eval '[ ! -e /etc/hosts ] && [ ! -e /etc/resolv.conf ]'
finish
