#!/bin/bash
# Runs the README's first command (scripts/demo.sh) as root in a brand-new Debian 12 root file system, as a new
# user would on a fresh machine: mmdebstrap makes a minimal bookworm (variant minbase) from this machine's apt
# sources, a clone of HEAD (with its history: the release stage builds the previous release from it) is copied
# into /root/check_dmk_community there, as a new user's `git clone` would leave it, and the demo runs in a
# chroot, in private mount and PID namespaces (so /proc, /sys and /dev are mounted for that chroot only and go
# away with it, whatever happens). The root file system has no /etc/hosts, as in a minimal container image.
# Then the demo's words and exit code are checked. --full runs the README's second command (scripts/test.sh)
# instead, verbatim, with stdin closed as in CI; that takes as long as CI (not run in CI). --load N runs N
# busy loops (nice 10, one per core is a fully loaded machine) beside it, for as long as it runs.
#
# Usage: tests/fresh/fresh_debian.sh [--full] [--load N] [--keep DIR]
#   --keep DIR  build the root file system in DIR and leave it there (default: a temporary directory, removed)
# Needs root, mmdebstrap, and this machine's Debian mirror (the chroot installs what the README's command
# installs). Prints the time of each step and the test library's closing line `N passed, M failed` last; a
# failed run keeps its directory (logs and root file system) for inspection.
set -uo pipefail
source "$(dirname "$0")/../support/testlib.sh"
root_dir=$REPO_DIR
full=0
keep=
load=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --full) full=1; shift ;;
    --keep) keep=$2; shift 2 ;;
    --load) load=$2; shift 2 ;;
    *) echo "usage: $0 [--full] [--load N] [--keep DIR]" >&2; exit 2 ;;
  esac
done
if [[ $(id -u) -ne 0 ]]; then
  echo "fresh_debian: needs root (mmdebstrap, chroot, namespaces)" >&2
  exit 2
fi
for tool in mmdebstrap git unshare chroot; do
  command -v "$tool" >/dev/null || { echo "fresh_debian: $tool is missing (bash scripts/deps.sh all)" >&2; exit 2; }
done

# start_load: N busy loops at nice 10 beside the run, stopped by PID at the end.
start_load() {
  local i
  for ((i = 0; i < load; i++)); do
    nice -n 10 bash -c 'while :; do :; done' &
    register_pid "$!" "busy loop"
  done
  [[ $load -eq 0 ]] || echo "fresh_debian: $load busy loops beside the run"
}

if [[ -n $keep ]]; then
  mkdir -p "$keep" && work=$(cd "$keep" && pwd)
else
  # Not under /tmp: the demo's own temporary files are made in the chroot's /tmp.
  work=$(mktemp -d /var/tmp/dmk-fresh.XXXXXX) || die "cannot make a directory in /var/tmp"
  register_dir "$work"
fi
rootfs=$work/rootfs
log=$work/log

# This machine's Debian sources (one-line or deb822 files), so the new system uses the same mirror.
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [[ -s $f ]] && grep -q 'debian' "$f" && sources+=("$f")
done
if [[ ${#sources[@]} -eq 0 ]]; then
  fail "no Debian apt sources in /etc/apt/sources.list*"
  finish
fi

step=$SECONDS
rm -rf --one-file-system "$rootfs"
echo "fresh_debian: mmdebstrap --variant=minbase bookworm $rootfs ${sources[*]} (log: $log.mmdebstrap)"
if timeout 1200 mmdebstrap --variant=minbase --mode=root bookworm "$rootfs" "${sources[@]}" >"$log.mmdebstrap" 2>&1; then
  pass "fresh Debian 12 minbase root file system in $((SECONDS - step)) s"
else
  tail -n 30 "$log.mmdebstrap"
  fail "mmdebstrap (exit $?)"
  finish
fi
# What a minimal image lacks and a new user would not add: /etc/hosts (run_in_netns.sh copes). Name
# resolution for apt-get inside comes from this machine's resolv.conf.
rm -f "$rootfs/etc/hosts"
cp -L /etc/resolv.conf "$rootfs/etc/resolv.conf"
# A clone, not the work tree: what is committed, nothing a build here left behind.
git clone -q --no-hardlinks "$root_dir" "$rootfs/root/check_dmk_community" ||
  { fail "git clone $root_dir"; finish; }
echo "fresh_debian: clone of $(git -C "$root_dir" rev-parse --short HEAD) in /root/check_dmk_community"

# run_in_chroot SECONDS COMMAND: COMMAND as root in the new system, with a clean environment, in private mount
# and PID namespaces; killed after SECONDS, or when this script is stopped (with unshare goes the namespace's
# init, and with it every process and mount of the chroot). Runs in the background and is waited for, so a
# TERM or INT to this script ends the run at once instead of after it.
run_in_chroot() {
  local seconds=$1 command=$2
  timeout --kill-after=30 "$seconds" unshare --mount --pid --fork --kill-child --propagation private bash -c '
    set -e
    # The new root a mount point of its own (as / is on a machine or in a container): unshare
    # --propagation, which run_in_netns.sh uses, cannot change the propagation of a / that is not one.
    mount --bind "$1" "$1"
    mount -t proc proc "$1/proc"
    mount -t sysfs sysfs "$1/sys"
    mount --rbind /dev "$1/dev"
    exec chroot "$1" env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      LANG=C.UTF-8 TERM=dumb bash -c "cd /root/check_dmk_community && $2"' bash "$rootfs" "$command" </dev/null &
  chroot_pid=$!
  wait "$chroot_pid"
  local status=$?
  chroot_pid=
  return "$status"
}
# stop_chroot: ends a run still going (timeout passes the TERM on to unshare, which kills the namespace's
# processes) and waits for it, before the directory of its root file system is removed.
stop_chroot() {
  [[ -n $chroot_pid ]] || return 0
  kill "$chroot_pid" 2>/dev/null
  wait "$chroot_pid" 2>/dev/null
}
chroot_pid=
on_cleanup stop_chroot

if [[ $full == 1 ]]; then
  step=$SECONDS
  echo "fresh_debian: bash scripts/test.sh in the chroot (log: $log.test)"
  start_load
  run_in_chroot 10800 'bash scripts/test.sh' >"$log.test" 2>&1
  status=$?
  grep -E '^=== |^stages: ' "$log.test"
  if [[ $status -eq 0 ]] && grep -q '^stages: [0-9]* passed, 0 failed' "$log.test"; then
    pass "bash scripts/test.sh: exit 0, every stage passed, in $((SECONDS - step)) s"
  else
    tail -n 40 "$log.test"
    fail "bash scripts/test.sh: exit $status after $((SECONDS - step)) s"
  fi
  finish
fi

step=$SECONDS
echo "fresh_debian: bash scripts/demo.sh in the chroot (log: $log.demo)"
run_in_chroot 1800 'bash scripts/demo.sh' >"$log.demo" 2>&1
status=$?
demo_seconds=$((SECONDS - step))
if [[ $status -eq 0 ]]; then
  pass "bash scripts/demo.sh exits 0 in $demo_seconds s"
else
  tail -n 40 "$log.demo"
  fail "bash scripts/demo.sh exited $status after $demo_seconds s"
  finish
fi
# The demo's runs: each title line, then the command, the plugin's output and "(exit code N)".
sed -n '/^----- /,$p' "$log.demo"
# expect TITLE STATE CODE: the run titled TITLE printed "DMK COMMUNITY STATE - " and "(exit code CODE)".
expect() {
  local block
  block=$(awk -v t="----- $1" '$0 == t {on = 1; next} on && /^----- / {exit} on' "$log.demo")
  if grep -q "^DMK COMMUNITY $2 - " <<<"$block" && grep -qx "(exit code $3)" <<<"$block"; then
    pass "$1: $2, exit code $3"
  else
    fail "$1: wanted $2 and exit code $3"
  fi
}
expect "a healthy community" OK 0
expect "an expired certificate" CRITICAL 2
expect "a server that is down" CRITICAL 2
expect "a hung service (3 s timeout)" CRITICAL 2
expect "rejected credentials" CRITICAL 2
expect "a server error" CRITICAL 2
expect "a certificate that expires in 20 days" WARNING 1
expect "a certificate for another name" CRITICAL 2
expect "a DNS failure" CRITICAL 2
finish
