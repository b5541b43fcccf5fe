#!/bin/bash
# End-to-end: the shipped Icinga 2 config (icinga-conf/) runs the real plugin against the DMK simulator
# under a real Icinga 2 daemon (Debian's icinga2-bin), and Icinga records what the plugin said.
#
# Usage: icinga2_e2e.sh --plugin PATH --sim PATH [--installed]
#   --installed  use /usr/lib/nagios/plugins/check_dmk_community, the CheckCommand from
#                /usr/share/icinga2/include/plugins-contrib.d/ (include <plugins-contrib>) and the
#                templates from the package's examples directory instead of the repo's copies (the
#                packaging test).
#
# Runs as root inside a private network namespace (re-executes itself through tests/run_in_netns.sh). The
# daemon gets its own config/state/log directories under a temp dir, drops to the nagios user as
# Debian's does, and serves its REST API on 127.0.0.1 only. Every wait is bounded; the daemons and
# capture servers are stopped by PID.
#
# Facts relied on (docs/plugin-contract.md):
#   [exit]     exit code is the state: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
#   [timeout]  past the CheckCommand timeout Icinga records UNKNOWN "<Timeout exceeded.>" and the
#              plugin's words are lost, so the plugin's -t must finish first.
#   [perfdata] Icinga reads perfdata after '|'; its writers parse each value and log
#              "Ignoring invalid perfdata" for what they reject.
#   [stderr]   Icinga merges stderr into the output: no stray stderr line may appear.
#   [argv]     secrets are never arguments: Icinga records the command line in every check result.
set -uo pipefail

source "$(dirname "$0")/lib.sh"

e2e_args "--plugin PATH --sim PATH [--installed]" "$@"
if [[ $installed -eq 1 ]]; then
  [[ -r /usr/share/icinga2/include/plugins-contrib.d/dmk_community.conf ]] ||
    die "--installed: /usr/share/icinga2/include/plugins-contrib.d/dmk_community.conf is missing"
fi

e2e_begin icinga2-e2e
NODE=dmk-e2e-master
API_USER=e2e-root
API_PASS=e2e-root-password
CLOUD_PASS=e2e-cloud-keys-password
BASIC_SECRET=monitor:e2e-basic-secret
BEARER_TOKEN=e2e-bearer-token-4711

read -r P_OK P_EXPIRED P_HANG P_BASIC P_BEARER P_DOWN P_GONE P_API P_GRAPHITE P_WEBHOOK < <(free_ports 10 | tr '\n' ' ')
[[ -n $P_WEBHOOK ]] || die "no free ports"

# --- the simulated community servers -----------------------------------------------------------
start_sim "$sim" "$T/sim" "$P_OK:ok" "$P_EXPIRED:expired" "$P_HANG:hang" \
  "$P_BASIC:auth_basic=$BASIC_SECRET" "$P_BEARER:auth_bearer=$BEARER_TOKEN" ||
  die "simulator did not become ready within 20 s"
CA=$T/sim/ca.pem

# --- capture servers: Graphite (perfdata as Icinga parsed it) and a chat webhook ------------------
daemon_start GRAPHITE_PID graphite-capture "$T/graphite-capture.log" \
  /usr/bin/python3 "$E2E_DIR/capture_server.py" graphite "$P_GRAPHITE" "$T/graphite.txt" --max-seconds 600
daemon_start WEBHOOK_PID webhook-capture "$T/webhook-capture.log" \
  /usr/bin/python3 "$E2E_DIR/capture_server.py" webhook "$P_WEBHOOK" "$T/webhook.txt" --max-seconds 600
wait_until 10 listening "$P_GRAPHITE" || die "graphite capture did not listen"
wait_until 10 listening "$P_WEBHOOK" || die "webhook capture did not listen"

# --- files the checks read, owned and moded as in production (the checks run as nagios) ---------
mkdir -p "$T/secrets" "$T/plugins"
printf '%s\n' "$BASIC_SECRET" >"$T/secrets/e2e-basic"
chown nagios:nagios "$T/secrets/e2e-basic"
chmod 0600 "$T/secrets/e2e-basic"
chown root:nagios "$T/secrets"
chmod 0750 "$T/secrets"
cat >"$T/dmk_communities.ini" <<EOF
; per-community settings, as in icinga-conf/examples/dmk_communities.ini
[e2e-basic]
port = $P_BASIC
address = 127.0.0.1
ca-file = $CA
auth = basic
credentials-file = $T/secrets/e2e-basic
EOF
chown root:nagios "$T/dmk_communities.ini"
chmod 0640 "$T/dmk_communities.ini"
printf 'url = "http://127.0.0.1:%s/hook"\n' "$P_WEBHOOK" >"$T/webhook.curlrc"
chown nagios:nagios "$T/webhook.curlrc"
chmod 0600 "$T/webhook.curlrc"

# The daemon runs as nagios: it gets copies it can read wherever the checkout is. --installed: the
# templates as the package ships them (its examples directory), not the repository's.
if [[ $installed -eq 1 ]]; then
  CONF=$(stage_installed_examples "$T/examples") || die "--installed: the package's examples are missing"
else
  CONF=$(stage_repo_files "$T/repo")
fi
if [[ $installed -eq 1 ]]; then
  plugin_dir=/usr/lib/nagios/plugins
  command_include='include <plugins-contrib>'
else
  plugin_dir=$T/plugins
  install -m 0755 "$plugin" "$plugin_dir/check_dmk_community"
  ln -s /usr/lib/nagios/plugins/check_tcp "$plugin_dir/check_tcp"
  command_include="include \"$CONF/dmk_community.conf\""
fi

# --- Icinga 2: own directories, API on 127.0.0.1, Graphite writer, notifications ----------------
N=$T/icinga
icinga_node_init "$N" "$NODE" "$P_API" "$API_USER" "$API_PASS" || die "could not make API certificates"
# The notification script, where the NotificationCommands look for it (ConfigDir/scripts).
mkdir -p "$N/etc/scripts"
install -m 0755 "$CONF/scripts/dmk-notify" "$N/etc/scripts/dmk-notify"
printf 'user = "dmk-cloud-keys:%s"\n' "$CLOUD_PASS" >"$T/api-cloud.curlrc"
chmod 0600 "$T/api-cloud.curlrc"

{
  echo "/* Generated by tests/e2e/icinga2_e2e.sh. */"
  icinga_conf_base "$N" "$plugin_dir"
  cat <<EOF
const DmkCloudKeysPassword = "$CLOUD_PASS"
$command_include
include "$CONF/templates/*.conf"

object NotificationComponent "notification" { }
object GraphiteWriter "graphite" {
  host = "127.0.0.1"
  port = $P_GRAPHITE
}

/* The sample communities: one server (dmk.test resolves to the simulator) with one entry each. */
object Host "dmk-sim" {
  import "dmk-community-server"
  address = "dmk.test"
  vars.tcp_port = $P_OK

  vars.dmk_communities["healthy"] = {
    dmk_port = $P_OK
    dmk_ca_file = "$CA"
    dmk_keys_freshness = 15s
  }
  vars.dmk_communities["down"] = {
    dmk_port = $P_DOWN
    dmk_address = "127.0.0.1"
    dmk_ca_file = "$CA"
  }
  vars.dmk_communities["expired"] = {
    dmk_port = $P_EXPIRED
    dmk_address = "127.0.0.1"
    dmk_ca_file = "$CA"
  }
  vars.dmk_communities["hang"] = {
    dmk_port = $P_HANG
    dmk_address = "127.0.0.1"
    dmk_ca_file = "$CA"
    dmk_timeout = 3
  }
  /* Everything but the host name from the ini file: port, address, CA, auth and the secret's path. */
  vars.dmk_communities["e2e-basic"] = {
    dmk_extra_opts = "e2e-basic@$T/dmk_communities.ini"
  }
  /* The secret through the environment, and -v twice. */
  vars.dmk_communities["bearer-env"] = {
    dmk_port = $P_BEARER
    dmk_address = "127.0.0.1"
    dmk_ca_file = "$CA"
    dmk_auth = "bearer"
    dmk_credentials_pass = "$BEARER_TOKEN"
    dmk_verbose = 2
  }
}

/* A server that is gone: its host check fails, so it pages once as a host and its community stays
 * quiet (implicit host dependency). */
object Host "dmk-gone" {
  import "dmk-community-server"
  address = "dmk.test"
  vars.tcp_port = $P_GONE
  vars.dmk_communities["gone"] = {
    dmk_port = $P_GONE
    dmk_ca_file = "$CA"
    dmk_keys_monitored = false
  }
}

object User "e2e-chat" {
  display_name = "e2e chat channel"
  groups = [ "dmk-chat" ]
  vars.dmk_webhook_config = "$T/webhook.curlrc"
}
EOF
} >"$N/etc/icinga2.conf"
icinga_launch "$N" "the e2e config"
# The Graphite writer connects on its first reconnect tick, about 10 s after start; results before that
# are not sent.
graphite_connected() { grep -q 'Finished reconnecting to Graphite' "$N/log/icinga2.log"; }
wait_for 30 "Icinga's Graphite writer connected to the capture" graphite_connected
equals "daemon dropped privileges to nagios" \
  "$(ps -o user= -p "$(pgrep -P "${icinga_pids[$N]}" -n icinga2 || echo "${icinga_pids[$N]}")" | tr -d ' ')" nagios

# --- force every community check at once, then wait for each --------------------------------------
communities=(healthy down expired hang e2e-basic bearer-env)
t0=$(date +%s.%N)
for c in "${communities[@]}"; do
  check "force check of dmk-community-$c accepted" icinga_force_check "$N" Service "dmk-sim!dmk-community-$c"
done
for c in "${communities[@]}"; do
  wait_for 45 "Icinga recorded a result for dmk-community-$c" \
    icinga_result_after "$N" Service "dmk-sim!dmk-community-$c" "$t0"
done

declare -A state recorded output perf cmd duration
for c in "${communities[@]}"; do
  json=$(icinga_object "$N" Service "dmk-sim!dmk-community-$c")
  state[$c]=$(jq -r '.last_check_result.exit_status // "none"' <<<"$json" | cut -d. -f1)
  recorded[$c]=$(jq -r '.state // "none"' <<<"$json" | cut -d. -f1)
  output[$c]=$(jq -r '.last_check_result.output // ""' <<<"$json")
  perf[$c]=$(jq -r '(.last_check_result.performance_data // []) | join(" ")' <<<"$json")
  cmd[$c]=$(jq -c '.last_check_result.command // []' <<<"$json")
  duration[$c]=$(jq -r '(.last_check_result.execution_end // 0) - (.last_check_result.execution_start // 0)' <<<"$json")
  echo "# dmk-community-$c: exit ${state[$c]}: $(head -n1 <<<"${output[$c]}") | ${perf[$c]}"
done

# [exit] per community: the exit code, the state Icinga recorded from it, and the plugin's words.
declare -A expected=([healthy]=0 [down]=2 [expired]=2 [hang]=2 [e2e-basic]=0 [bearer-env]=0)
for c in "${communities[@]}"; do
  equals "$c: Icinga's service state is the plugin's exit code" "${recorded[$c]}" "${expected[$c]}"
done
equals "healthy: Icinga state OK" "${state[healthy]}" 0
contains "healthy: status line names the community" "${output[healthy]}" '^DMK COMMUNITY OK - healthy:'
equals "down: Icinga state CRITICAL" "${state[down]}" 2
contains "down: status line says the TCP connection was refused" "${output[down]}" '^DMK COMMUNITY CRITICAL - down:.*(refused|TCP)'
equals "expired: Icinga state CRITICAL" "${state[expired]}" 2
contains "expired: status line says the certificate expired" "${output[expired]}" '^DMK COMMUNITY CRITICAL - expired:.*expired'
equals "hang: Icinga state CRITICAL (the plugin's own timeout)" "${state[hang]}" 2
contains "hang: the plugin's own words come through" "${output[hang]}" '^DMK COMMUNITY CRITICAL - hang: .*(no response|timed out|timeout)'
# [timeout] the plugin's -t 3 ended the check, not Icinga's CheckCommand timeout (30 s).
lacks "hang: Icinga did not kill the plugin" "${output[hang]}" "Timeout exceeded"
check "hang: finished within the plugin's -t 3 plus margin (took ${duration[hang]} s)" \
  awk -v d="${duration[hang]}" 'BEGIN { exit !(d >= 2.5 && d < 10) }'
equals "e2e-basic: Icinga state OK (auth basic, everything from the ini file)" "${state[e2e-basic]}" 0
contains "e2e-basic: status line names the community" "${output[e2e-basic]}" '^DMK COMMUNITY OK - e2e-basic:'
equals "bearer-env: Icinga state OK (token from the environment)" "${state[bearer-env]}" 0
contains "bearer-env: status line names the community" "${output[bearer-env]}" '^DMK COMMUNITY OK - bearer-env:'

# [argv] the command lines Icinga ran (recorded in the check result).
contains "e2e-basic: the ini section is passed as one --extra-opts=SECTION@FILE argument" \
  "${cmd[e2e-basic]}" "\"--extra-opts=e2e-basic@$T/dmk_communities.ini\""
contains "hang: -t 3 from dmk_timeout is on the command line" "${cmd[hang]}" '"-t","3"'
contains "healthy: -t 10 by default (below the CheckCommand's 30 s)" "${cmd[healthy]}" '"-t","10"'
contains "healthy: the host's address is -H" "${cmd[healthy]}" '"-H","dmk.test"'
contains "healthy: the dictionary key is --community" "${cmd[healthy]}" '"--community","healthy"'
contains "bearer-env: --credentials-env DMK_CREDENTIALS" "${cmd[bearer-env]}" '"--credentials-env","DMK_CREDENTIALS"'
equals "bearer-env: dmk_verbose = 2 gives -v twice" "$(jq '[.[] | select(. == "-v")] | length' <<<"${cmd[bearer-env]}")" 2
lacks "healthy: no --credentials-env without a secret" "${cmd[healthy]}" "--credentials-env"
for c in "${communities[@]}"; do
  lacks "$c: the bearer token is not in argv" "${cmd[$c]}" "$BEARER_TOKEN"
  lacks "$c: the basic secret is not in argv" "${cmd[$c]}" "${BASIC_SECRET#*:}"
  lacks "$c: the bearer token is not in the output" "${output[$c]}" "$BEARER_TOKEN"
  lacks "$c: the basic secret is not in the output" "${output[$c]}" "${BASIC_SECRET#*:}"
done

# [perfdata] Icinga split the perfdata off the output, and its Graphite writer parsed the values.
for c in "${communities[@]}"; do
  contains "$c: Icinga recorded perfdata with time=" "${perf[$c]}" "(^| )'?time'?="
  lacks "$c: no perfdata left in the output text" "$(head -n1 <<<"${output[$c]}")" "|"
done
# [stderr] merged into the output by Icinga: nothing but the plugin's stdout lines.
for c in "${communities[@]}"; do
  contains "$c: the output starts with the status line (no stray stderr)" "${output[$c]}" '^DMK COMMUNITY (OK|WARNING|CRITICAL|UNKNOWN) - '
done
graphite_has() { grep -q "^icinga2\.dmk-sim\.services\.dmk-community-$1\.dmk_community\.perfdata\.$2\.value " "$T/graphite.txt"; }
for c in healthy e2e-basic bearer-env; do
  for label in time size; do
    wait_for 20 "$c: Graphite received the parsed perfdata value '$label'" graphite_has "$c" "$label"
  done
done
wait_for 20 "down: Graphite received the parsed perfdata value 'time'" graphite_has down time

# --- one page per broken server: host DOWN, its community unreachable ------------------------------
for attempt in 1 2 3; do
  check "dmk-gone: host check $attempt of 3 ran" icinga_check_now "$N" Host dmk-gone
done
gone_host=$(icinga_object "$N" Host dmk-gone)
equals "dmk-gone: host is DOWN" "$(jq -r '.state' <<<"$gone_host" | cut -d. -f1)" 1
equals "dmk-gone: host state is HARD" "$(jq -r '.state_type' <<<"$gone_host" | cut -d. -f1)" 1
check "dmk-gone: community check ran" icinga_check_now "$N" Service "dmk-gone!dmk-community-gone"
gone_svc=$(icinga_object "$N" Service "dmk-gone!dmk-community-gone")
equals "dmk-gone: community state CRITICAL" "$(jq -r '.last_check_result.exit_status' <<<"$gone_svc" | cut -d. -f1)" 2
equals "dmk-gone: community is unreachable (implicit host dependency)" \
  "$(jq -r '.last_check_result.vars_after.reachable' <<<"$gone_svc")" false

# Three failed checks make the expired community HARD CRITICAL: one webhook message.
for attempt in 2 3; do
  check "expired: check $attempt of 3 ran" icinga_check_now "$N" Service "dmk-sim!dmk-community-expired"
done
webhook_has() { grep -qF -- "$1" "$T/webhook.txt"; }
wait_for 30 "webhook: DOWN message for the gone server arrived" webhook_has 'server dmk-gone is DOWN'
wait_for 30 "webhook: message for the expired community arrived" webhook_has '[DMK] CRITICAL expired: TLS'
expired_msg=$(grep -F '[DMK] CRITICAL expired: TLS' "$T/webhook.txt" | head -n1)
contains "webhook: the expired message names the failing layer TLS" "$expired_msg" 'Layer: TLS'
contains "webhook: ... from the plugin's reason code, on the server's side" "$expired_msg" \
  "Reason: tls\\.certificate_expired; side: server"
contains "healthy: no reason line while OK" "$(grep -c '^Reason:' <<<"${output[healthy]}")" '^0$'
contains "expired: the long output has the reason line" "${output[expired]}" '^Reason: tls\.certificate_expired; side: server$'
all_text_json() { jq -se 'all(.[]; (.text | type) == "string")' "$T/webhook.txt" >/dev/null; }
check "webhook: every message is JSON {\"text\": ...}" all_text_json
gone_msg=$(grep -F 'server dmk-gone is DOWN' "$T/webhook.txt" | head -n1)
contains "webhook: the DOWN message names the server's communities" "$gone_msg" '\(communities gone\)'
equals "webhook: the gone server paged once (one host message, no community message)" \
  "$(grep -cE 'dmk-gone|CRITICAL gone:' "$T/webhook.txt")" 1

# --- dead man's switch: the cloud reports each key through the REST API ---------------------------
# A community the cloud never reported for: its first run only starts the clock.
check "dead man's switch: check of never-fed dmk-keys-expired ran" icinga_check_now "$N" Service "dmk-sim!dmk-keys-expired"
never_fed=$(icinga_object "$N" Service "dmk-sim!dmk-keys-expired")
equals "dead man's switch: a new community is OK until a whole threshold passed" \
  "$(jq -r '.last_check_result.exit_status' <<<"$never_fed" | cut -d. -f1)" 0
contains "dead man's switch: ... and says it waits for the cloud" \
  "$(jq -r '.last_check_result.output' <<<"$never_fed")" "^DMK KEYS OK - expired: waiting for the cloud's report"
keys_body=$(jq -nc '{type: "Service",
  filter: "host.name == \"dmk-sim\" && service.name == \"dmk-keys-healthy\"",
  exit_status: 0, plugin_output: "DMK KEYS OK - healthy: key made", check_source: "dmk-cloud"}')
fed_at=$(date +%s.%N)
reply=$(icinga_api_as "$N" "$T/api-cloud.curlrc" POST /v1/actions/process-check-result "$keys_body")
equals "cloud: process-check-result for dmk-keys-healthy answers 200" "$(tail -n1 <<<"$reply")" 200
contains "cloud: Icinga says it processed the result" "$(sed '$d' <<<"$reply")" 'Successfully processed check result'
echo "# the cloud's call was answered: $(sed '$d' <<<"$reply")"
keys_json=$(icinga_object "$N" Service "dmk-sim!dmk-keys-healthy")
equals "cloud: dmk-keys-healthy is OK" "$(jq -r '.last_check_result.exit_status' <<<"$keys_json" | cut -d. -f1)" 0
equals "cloud: dmk-keys-healthy shows the cloud's words" "$(jq -r '.last_check_result.output' <<<"$keys_json")" \
  "DMK KEYS OK - healthy: key made"
next_check=$(jq -r '.next_check' <<<"$keys_json")
check "cloud: the passive result pushed the freshness check out by the threshold (15 s)" \
  awk -v n="$next_check" -v f="$fed_at" 'BEGIN { exit !(n - f > 12 && n - f < 18) }'

unknown_body=$(jq -nc '{type: "Service",
  filter: "host.name == \"dmk-sim\" && service.name == \"dmk-keys-nosuchcommunity\"",
  exit_status: 0, plugin_output: "DMK KEYS OK - nosuchcommunity: key made"}')
reply=$(icinga_api_as "$N" "$T/api-cloud.curlrc" POST /v1/actions/process-check-result "$unknown_body")
check "cloud: a result for an unknown community is refused (HTTP $(tail -n1 <<<"$reply"): $(sed '$d' <<<"$reply" | head -c 200))" \
  test "$(tail -n1 <<<"$reply")" != 200

# The cloud's API user may do nothing else.
other_body=$(jq -nc '{type: "Service",
  filter: "host.name == \"dmk-sim\" && service.name == \"dmk-community-healthy\"",
  exit_status: 2, plugin_output: "forged"}')
reply=$(icinga_api_as "$N" "$T/api-cloud.curlrc" POST /v1/actions/process-check-result "$other_body")
check "cloud: may not submit results for dmk-community-healthy (HTTP $(tail -n1 <<<"$reply"): $(sed '$d' <<<"$reply" | head -c 200))" \
  test "$(tail -n1 <<<"$reply")" != 200
lacks "cloud: dmk-community-healthy kept its own result" \
  "$(icinga_object "$N" Service "dmk-sim!dmk-community-healthy" | jq -r '.last_check_result.output')" forged
reply=$(icinga_api_as "$N" "$T/api-cloud.curlrc" GET "/v1/objects/services")
check "cloud: may not read objects (HTTP $(tail -n1 <<<"$reply"): $(sed '$d' <<<"$reply" | head -c 200))" \
  test "$(tail -n1 <<<"$reply")" != 200
lacks "cloud: no object attributes in the answer" "$reply" '"attrs"'
reply=$(icinga_api_as "$N" "$T/api-cloud.curlrc" POST /v1/actions/reschedule-check '{"type":"Service","force":true}')
check "cloud: may not reschedule checks (HTTP $(tail -n1 <<<"$reply"): $(sed '$d' <<<"$reply" | head -c 200))" \
  test "$(tail -n1 <<<"$reply")" != 200
lacks "cloud: nothing was rescheduled" "$reply" "Successfully rescheduled"

# No further success within the threshold: Icinga alerts by itself.
keys_critical() {
  [[ "$(icinga_object "$N" Service "dmk-sim!dmk-keys-healthy" | jq -r '.last_check_result.exit_status' | cut -d. -f1)" == 2 ]]
}
wait_for 40 "dead man's switch: CRITICAL by itself once 15 s pass without a success" keys_critical
contains "dead man's switch: the alert says what is missing" \
  "$(icinga_object "$N" Service "dmk-sim!dmk-keys-healthy" | jq -r '.last_check_result.output')" \
  "^DMK KEYS CRITICAL - healthy: the cloud reported no successful key within 15 s"

# --- Icinga's own log ------------------------------------------------------------------------------
log=$N/log/icinga2.log
invalid=$(grep -F 'Ignoring invalid perfdata' "$log" || true)
# [perfdata] Icinga 2.13's writers reject the value U ("could not be determined", which the plugin
# prints for phases never reached, and for DNS with --address) with this warning
# (Icinga/icinga2#9282). Every other value must parse.
check "Icinga parsed every perfdata value except U (no other 'Ignoring invalid perfdata')" \
  test -z "$(grep -vE "with value: '?[a-z_]+'?=U(;|$| )" <<<"$invalid" | grep . || true)"
lacks "healthy (DNS resolved, every phase reached): no 'invalid perfdata' warning at all" "$invalid" "dmk-community-healthy'"
for c in e2e-basic bearer-env; do
  check "$c (--address): the only rejected value is dns=U" \
    test -z "$(grep -F "dmk-community-$c'" <<<"$invalid" | grep -v 'with value: dns=U' || true)"
done
lacks "no 'Non-optional macro' warning (a required argument was missing)" "$(cat "$log")" "Non-optional macro"
lacks "no 'Error evaluating set_if' warning" "$(cat "$log")" "Error evaluating set_if"
check "no critical/ line in the Icinga log" test -z "$(grep 'critical/' "$log" || true)"

icinga_stop "$N"
check "icinga2 stopped" true
finish
