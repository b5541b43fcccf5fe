#!/bin/bash
# docs/icinga.md's "Without systemd (containers)" block, run as it stands: Debian's icinga2 (prepare-dirs,
# `icinga2 daemon -d`, `service icinga2 reload`), NRPE (`nrpe -f`, SIGHUP) and Nagios Core 4 (`nagios4 -d`,
# `service nagios4 start|reload`) on Debian's stock configuration, as in a container where nothing prepared /run.
#
# Usage: no_systemd_e2e.sh
# Runs as root inside a private network and mount namespace (re-executes itself through
# tests/run_in_netns.sh). There /run is an empty tmpfs, and the daemons' state, log and cache directories
# are bind-mounted copies under a temp dir, so nothing of the machine's own state changes. The daemons are
# stopped by the PIDs in their pid files; every wait is bounded.
set -uo pipefail

source "$(dirname "$0")/lib.sh"

e2e_args "" "$@"
for tool in /usr/lib/icinga2/prepare-dirs /usr/sbin/icinga2 /usr/sbin/nrpe /usr/sbin/nagios4 /usr/sbin/service; do
  [[ -x $tool ]] || die "$tool missing (scripts/deps.sh all)"
done
e2e_begin no-systemd
pid_of() { [[ -r $1 ]] && tr -dc '0-9' <"$1"; }
# The daemons are started by their init scripts: their PIDs are read from the pid files they write.
stop_daemons() {
  stop_pid "$(pid_of /run/nagios4/nagios4.pid)" nagios4
  stop_pid "$(pid_of /run/nagios/nrpe.pid)" nrpe
  stop_pid "$(pid_of /run/icinga2/icinga2.pid)" icinga2
}
on_cleanup stop_daemons

# --- a container's view: empty /run, the daemons' state dirs private copies ----------------------------
mount -t tmpfs -o mode=0755 tmpfs /run || die "cannot mount a tmpfs on /run"
n=0
for dir in /var/lib/icinga2 /var/log/icinga2 /var/cache/icinga2 /var/lib/nagios4 /var/log/nagios4 /var/cache/nagios4; do
  [[ -d $dir ]] || continue
  n=$((n + 1))
  cp -a "$dir" "$T/state-$n" && mount --bind "$T/state-$n" "$dir" || die "cannot shadow $dir"
done
check "no /run/icinga2, /run/nagios, /run/nagios4 before the block (as in a fresh container)" \
  test ! -e /run/icinga2 -a ! -e /run/nagios -a ! -e /run/nagios4
check "no systemd to be seen (/run/systemd/system)" test ! -d /run/systemd/system

# --- the block of docs/icinga.md: the start, then (once the pid files exist) the reloads -------------------------
sed -n '/^## Without systemd (containers)$/,/^## /p' "$REPO_DIR/docs/icinga.md" |
  sed -n '/^```sh$/,/^```$/p' | sed '1d;$d' >"$T/block.sh"
check "README: the 'Without systemd (containers)' block found" grep -q 'prepare-dirs' "$T/block.sh"
sed -n '1,/^# After a configuration change:$/p' "$T/block.sh" >"$T/start.sh"
sed -n '/^# After a configuration change:$/,$p' "$T/block.sh" >"$T/reload.sh"
check "README: the block has a start part and a reload part" test -s "$T/start.sh" -a -s "$T/reload.sh"
sed 's/^/# README: /' "$T/block.sh"
# run_part NAME FILE: runs FILE with bash -e, bounded (the NRPE it starts in the background outlives it).
run_part() {
  if timeout 120 bash -e "$2" >"$T/$1.log" 2>&1; then
    pass "README: the $1 part ran without an error (bash -e)"
  else
    fail "README: the $1 part failed"
    grep -v 'information/' "$T/$1.log" | tail -n 20
  fi
}
alive() { [[ -n $1 ]] && kill -0 "$1" 2>/dev/null; }
pid_files() { alive "$(pid_of /run/icinga2/icinga2.pid)" && alive "$(pid_of /run/nagios/nrpe.pid)" && alive "$(pid_of /run/nagios4/nagios4.pid)"; }
run_part start "$T/start.sh"
wait_for 30 "all three daemons wrote their pid files and run" pid_files
icinga_pid=$(pid_of /run/icinga2/icinga2.pid)
nrpe_pid=$(pid_of /run/nagios/nrpe.pid)
nagios_pid=$(pid_of /run/nagios4/nagios4.pid)
run_part reload "$T/reload.sh"

# --- what runs now --------------------------------------------------------------------------------------
check "icinga2 ran (pid file /run/icinga2/icinga2.pid: ${icinga_pid:-none})" test -n "$icinga_pid"
reloaded() { grep -qE 'Received request to shut down|Reload requested|Restarting' /var/log/icinga2/icinga2.log 2>/dev/null; }
wait_for 30 "icinga2 reloaded (service icinga2 reload; bounded 30 s)" reloaded
after_reload() { alive "$(pid_of /run/icinga2/icinga2.pid)"; }
wait_for 30 "icinga2 still runs after the reload" after_reload

check "nrpe still runs after its SIGHUP (pid ${nrpe_pid:-none})" alive "$nrpe_pid"
nrpe_answers() { /usr/lib/nagios/plugins/check_nrpe -H 127.0.0.1 -t 2 2>/dev/null | grep '^NRPE v4' >/dev/null; }
wait_for 20 "nrpe answers check_nrpe after its SIGHUP" nrpe_answers


nagios_reloaded() { grep -q 'Caught SIGHUP, restarting' /var/log/nagios4/nagios.log 2>/dev/null; }
wait_for 30 "nagios4 reloaded (service nagios4 reload; bounded 30 s)" nagios_reloaded
check "nagios4 still runs after the reload (pid ${nagios_pid:-none})" alive "$(pid_of /run/nagios4/nagios4.pid)"

stop_daemons
check "all three stopped" test -z "$(pgrep -x 'icinga2|nrpe|nagios4' --ns $$ 2>/dev/null || true)"
finish
