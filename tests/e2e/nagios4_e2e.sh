#!/bin/bash
# End-to-end: the shipped Nagios Core objects (icinga-conf/nagios/dmk_community_command.cfg) under a real
# Nagios Core 4 daemon (Debian's nagios4-core), on a copy of Debian's stock nagios.cfg.
#   1. `nagios4 -v` accepts the shipped file unchanged, with Debian's stock object files and a sample
#      community written the way the file's commented examples say.
#   2. The daemon runs check_dmk_community!<community> against the DMK simulator; states and output are
#      read from status.dat and must be the plugin's.
#   3. The passive dead man's switch (template dmk-keys, check_freshness): a service the cloud stops
#      feeding through the command file (PROCESS_SERVICE_CHECK_RESULT) turns CRITICAL by itself within
#      a short freshness_threshold; one it keeps feeding stays OK; a new result brings it back.
#
# Usage: nagios4_e2e.sh --plugin PATH --sim PATH
#
# Runs as root inside a private network namespace (re-executes itself through tests/run_in_netns.sh).
# Nagios drops to the nagios user, keeps every file under a temp dir, and is stopped by PID. interval_length
# is 1 in the test, so the templates' intervals count seconds instead of minutes. Every wait is bounded.
set -uo pipefail

source "$(dirname "$0")/lib.sh"

e2e_args "--plugin PATH --sim PATH" "$@"
NAGIOS=/usr/sbin/nagios4
STOCK_CFG=/etc/nagios4/nagios.cfg
[[ -x $NAGIOS && -r $STOCK_CFG ]] || die "$NAGIOS or $STOCK_CFG missing (apt-get install --no-install-recommends nagios4-core)"

e2e_begin nagios4-e2e
SHIPPED=$REPO_DIR/icinga-conf/nagios/dmk_community_command.cfg
SHIPPED_INI=/etc/monitoring-plugins/dmk_communities.ini
BASIC_SECRET=monitor:nagios-basic-secret
FRESHNESS=5

read -r P_OK P_EXPIRED P_BASIC P_DOWN < <(free_ports 4 | tr '\n' ' ')
[[ -n $P_DOWN ]] || die "no free ports"
start_sim "$sim" "$T/sim" "$P_OK:ok" "$P_EXPIRED:expired" "$P_BASIC:auth_basic=$BASIC_SECRET" ||
  die "simulator did not become ready within 20 s"
CA=$T/sim/ca.pem

# --- the ini file and a secret, owned and moded as examples/dmk_communities.ini says ---------------
mkdir -p "$T/secrets" "$T/plugins" "$T/conf.d" "$T/var/rw" "$T/var/spool/checkresults" "$T/log" "$T/run" "$T/tmp"
printf '%s\n' "$BASIC_SECRET" >"$T/secrets/basic"
chown nagios:nagios "$T/secrets/basic"
chmod 0600 "$T/secrets/basic"
chown root:nagios "$T/secrets"
chmod 0750 "$T/secrets"
cat >"$T/dmk_communities.ini" <<EOF
[healthy]
port = $P_OK
ca-file = $CA

[down]
address = 127.0.0.1
port = $P_DOWN
ca-file = $CA

[expired]
address = 127.0.0.1
port = $P_EXPIRED
ca-file = $CA

[basic]
address = 127.0.0.1
port = $P_BASIC
ca-file = $CA
auth = basic
credentials-file = $T/secrets/basic
EOF
chown root:nagios "$T/dmk_communities.ini"
chmod 0640 "$T/dmk_communities.ini"

# --- the sample community, as the shipped file's commented examples define it -------------------------
communities=(healthy down expired basic)
{
  cat <<EOF
define host {
    use                     generic-host
    host_name               dmk-sim
    address                 dmk.test
    check_command           check_tcp!$P_OK
    max_check_attempts      3
    contact_groups          admins
}
EOF
  for c in "${communities[@]}"; do
    cat <<EOF
define service {
    use                     dmk-community,generic-service
    host_name               dmk-sim
    service_description     dmk-community-$c
    check_command           check_dmk_community!$c
}
EOF
  done
  for k in stale fed; do
    cat <<EOF
define service {
    use                     dmk-keys,generic-service
    host_name               dmk-sim
    service_description     dmk-keys-$k
    check_command           dmk_keys_stale!$k
    freshness_threshold     $FRESHNESS
}
EOF
  done
} >"$T/conf.d/dmk_sample.cfg"

# --- a copy of Debian's stock nagios.cfg, its paths moved into $T ---------------------------------
# The stock object files (commands, contacts, timeperiods, templates) and /etc/nagios-plugins/config
# stay as Debian ships them; localhost.cfg (a ping check of this machine) is left out.
sed -E -e "s#/var/lib/nagios4#$T/var#g" -e "s#/var/log/nagios4#$T/log#g" -e "s#/var/run/nagios4#$T/run#g" \
  -e "s#^cfg_dir=/etc/nagios4/conf.d#cfg_dir=$T/conf.d#" -e '/^cfg_file=.*localhost\.cfg/d' \
  -e "s#^resource_file=.*#resource_file=$T/resource.cfg#" -e "s#^temp_path=.*#temp_path=$T/tmp#" \
  -e 's#^use_syslog=.*#use_syslog=0#' -e 's#^check_for_updates=.*#check_for_updates=0#' \
  -e 's#^interval_length=.*#interval_length=1#' -e 's#^status_update_interval=.*#status_update_interval=1#' \
  -e 's#^check_result_reaper_frequency=.*#check_result_reaper_frequency=1#' \
  -e 's#^retain_state_information=.*#retain_state_information=0#' \
  -e 's#^max_(service|host)_check_spread=.*#max_\1_check_spread=1#' \
  -e 's#^enable_notifications=.*#enable_notifications=0#' \
  "$STOCK_CFG" >"$T/nagios.cfg"
printf 'cfg_file=%s\nservice_freshness_check_interval=1\nadditional_freshness_latency=1\n' \
  "$T/dmk_community_command.cfg" >>"$T/nagios.cfg"
check "the copy of the stock nagios.cfg keeps no /var path" test -z "$(grep -E '^[a-z_]+=/var/' "$T/nagios.cfg" || true)"

# 1. nagios4 -v on the shipped file exactly as shipped, $USER1$ as in Debian's resource.cfg.
cp "$SHIPPED" "$T/dmk_community_command.cfg"
cp /etc/nagios4/resource.cfg "$T/resource.cfg"
chown -R nagios:nagios "$T/var" "$T/log" "$T/run" "$T/tmp"
verify=$("$NAGIOS" -v "$T/nagios.cfg" 2>&1)
rc=$?
equals "nagios4 -v accepts the shipped definitions with the sample community (exit 0)" "$rc" 0
contains "nagios4 -v: no errors" "$verify" 'Total Errors:[[:space:]]+0'
contains "nagios4 -v: no warnings" "$verify" 'Total Warnings:[[:space:]]+0'
contains "nagios4 -v: read the shipped commands" "$verify" 'Checked [0-9]+ commands'
[[ $rc -eq 0 ]] || { echo "$verify" | tail -n 30; die "nagios4 -v rejected the configuration"; }

# 2. The daemon: the plugin (a copy nagios can execute), the shipped file with the ini path pointed at
# the test's file.
install -m 0755 "$plugin" "$T/plugins/check_dmk_community"
ln -s /usr/lib/nagios/plugins/check_dummy "$T/plugins/check_dummy"
printf '$USER1$=%s\n' "$T/plugins" >"$T/resource.cfg"
sed "s#$SHIPPED_INI#$T/dmk_communities.ini#g" "$SHIPPED" >"$T/dmk_community_command.cfg"
check "the live copy differs from the shipped file only in the ini path" \
  test "$(diff "$SHIPPED" "$T/dmk_community_command.cfg" | grep -c '^>')" -eq 1
"$NAGIOS" -v "$T/nagios.cfg" >"$T/verify-live.log" 2>&1 || { cat "$T/verify-live.log"; die "nagios4 -v rejected the live copy"; }

daemon_start NAGIOS_PID nagios4 "$T/nagios.out" "$NAGIOS" "$T/nagios.cfg"
CMD=$T/var/rw/nagios.cmd
STATUS=$T/var/status.dat
command_file_ready() { [[ -p $CMD && -s $STATUS ]]; }
wait_until 30 command_file_ready || { cat "$T/nagios.out" "$T/log/nagios.log" 2>/dev/null | tail -n 30; die "nagios4 did not create its command file and status.dat within 30 s"; }
pass "nagios4 runs, with its command file and status.dat"
equals "nagios4 dropped privileges to nagios" "$(ps -o user= -p "$NAGIOS_PID" | tr -d ' ')" nagios

# nagios_cmd LINE: writes one external command (with its timestamp) into the command file, bounded.
nagios_cmd() {
  timeout 5 bash -c 'printf "[%s] %s\n" "$(date +%s)" "$2" >"$1"' _ "$CMD"  "$1"
}
# svc_field SERVICE FIELD: FIELD of dmk-sim's SERVICE in status.dat.
svc_field() {
  awk -v svc="$1" -v field="$2" '
    /^servicestatus \{/ { inblock = 1; host = ""; desc = ""; value = ""; next }
    inblock && /^\t}/ { if (host == "dmk-sim" && desc == svc) { print value; exit } inblock = 0; next }
    inblock {
      line = $0; sub(/^\t/, "", line); eq = index(line, "=")
      key = substr(line, 1, eq - 1); val = substr(line, eq + 1)
      if (key == "host_name") host = val
      else if (key == "service_description") desc = val
      else if (key == field) value = val
    }' "$STATUS"
}
checked_since() {
  local last
  last=$(svc_field "$1" last_check)
  ((${last:-0} >= $2)) && [[ $(svc_field "$1" has_been_checked) == 1 ]]
}
state_is() { [[ $(svc_field "$1" current_state) == "$2" ]]; }

# --- the plugin against the simulator, each check forced once ---------------------------------------
t0=$(date +%s)
for c in "${communities[@]}"; do
  check "SCHEDULE_FORCED_SVC_CHECK for dmk-community-$c accepted by the command file" \
    nagios_cmd "SCHEDULE_FORCED_SVC_CHECK;dmk-sim;dmk-community-$c;$t0"
done
declare -A expected=([healthy]=0 [down]=2 [expired]=2 [basic]=0)
declare -A words=([healthy]='^DMK COMMUNITY OK - healthy:' [down]='^DMK COMMUNITY CRITICAL - down:.*(refused|TCP)'
  [expired]='^DMK COMMUNITY CRITICAL - expired:.*expired' [basic]='^DMK COMMUNITY OK - basic:')
for c in "${communities[@]}"; do
  if ! wait_until 30 checked_since "dmk-community-$c" "$t0"; then
    fail "dmk-community-$c: a result in status.dat (bounded 30 s)"
    continue
  fi
  out=$(svc_field "dmk-community-$c" plugin_output)
  echo "# dmk-community-$c: state $(svc_field "dmk-community-$c" current_state): $out | $(svc_field "dmk-community-$c" performance_data)"
  equals "dmk-community-$c: Nagios' state is the plugin's exit code" "$(svc_field "dmk-community-$c" current_state)" "${expected[$c]}"
  contains "dmk-community-$c: Nagios shows the plugin's status line" "$out" "${words[$c]}"
  contains "dmk-community-$c: Nagios parsed the perfdata" "$(svc_field "dmk-community-$c" performance_data)" "time=[0-9.]+s"
done
# The same command line by hand, as nagios, gives the same state and words (numbers aside).
by_hand=$(runuser -u nagios -- "$T/plugins/check_dmk_community" -H dmk.test --community expired \
  --extra-opts="expired@$T/dmk_communities.ini" -t 10 | head -n1 | sed -E 's/ ?\|.*//; s/[0-9]+/N/g')
equals "dmk-community-expired: status.dat holds what the plugin prints by hand" \
  "$(svc_field dmk-community-expired plugin_output | sed -E 's/[0-9]+/N/g')" "$by_hand"
lacks "basic: the secret is not in status.dat" "$(cat "$STATUS")" "${BASIC_SECRET#*:}"

# --- 3. the passive dead man's switch ---------------------------------------------------------------
feed() { nagios_cmd "PROCESS_SERVICE_CHECK_RESULT;dmk-sim;dmk-keys-$1;0;DMK KEYS OK - $1: key made"; }
fed_at=$(date +%s)
check "PROCESS_SERVICE_CHECK_RESULT for dmk-keys-stale accepted" feed stale
check "PROCESS_SERVICE_CHECK_RESULT for dmk-keys-fed accepted" feed fed
wait_for 15 "dmk-keys-stale: the cloud's result arrived" checked_since dmk-keys-stale "$fed_at"
equals "dmk-keys-stale: OK after the cloud's result" "$(svc_field dmk-keys-stale current_state)" 0
equals "dmk-keys-stale: the cloud's words" "$(svc_field dmk-keys-stale plugin_output)" "DMK KEYS OK - stale: key made"
# The cloud keeps reporting for dmk-keys-fed, every 2 s, and stops for dmk-keys-stale.
( for _ in $(seq 20); do feed fed; sleep 2; done ) &
FEEDER_PID=$!
register_pid "$FEEDER_PID" feeder
wait_for 30 "dmk-keys-stale: CRITICAL by itself once ${FRESHNESS} s pass without a result" \
  state_is dmk-keys-stale 2
stale_after=$(($(date +%s) - fed_at))
echo "# dmk-keys-stale turned CRITICAL ${stale_after} s after the last result (threshold ${FRESHNESS} s)"
check "dmk-keys-stale: not before the threshold (${stale_after} s >= ${FRESHNESS} s)" test "$stale_after" -ge "$FRESHNESS"
contains "dmk-keys-stale: the alert says what is missing" "$(svc_field dmk-keys-stale plugin_output)" \
  "^DMK KEYS CRITICAL - stale: the cloud reported no successful key within the freshness threshold \\(dead man.s switch\\)$"
contains "nagios.log: Nagios forced the check because the result was stale" "$(cat "$T/log/nagios.log")" \
  "results of service 'dmk-keys-stale' on host 'dmk-sim' are stale"
equals "dmk-keys-fed: still OK while the cloud keeps reporting" "$(svc_field dmk-keys-fed current_state)" 0
equals "dmk-keys-fed: the cloud's words" "$(svc_field dmk-keys-fed plugin_output)" "DMK KEYS OK - fed: key made"
lacks "nagios.log: dmk-keys-fed was never stale" "$(cat "$T/log/nagios.log")" "service 'dmk-keys-fed' on host 'dmk-sim' are stale"
daemon_stop FEEDER_PID feeder
check "PROCESS_SERVICE_CHECK_RESULT for dmk-keys-stale accepted again" feed stale
wait_for 15 "dmk-keys-stale: OK again once the cloud reports" state_is dmk-keys-stale 0

check "no 'Error' line in nagios.log" test -z "$(grep -E '^\[[0-9]+\] Error' "$T/log/nagios.log" || true)"
daemon_stop NAGIOS_PID nagios4
check "nagios4 stopped" true
finish
