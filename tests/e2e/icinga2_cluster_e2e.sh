#!/bin/bash
# End-to-end: a real Icinga 2 cluster on loopback, laid out as docs/icinga.md's "More than one checker" and
# icinga-conf/zones.d/ say, runs the plugin against the DMK simulator.
#
#   master     dmk-master       zone "master": holds the config in zones.d/, checks the satellite zone
#   satellite  dmk-sat-a1       zone "dmk-satellites-a" (one endpoint): runs the community checks
#   agent      dmk-probe-cloud  zone "dmk-probe-cloud", child of the satellite zone: runs the checks
#                               pinned to it with vars.dmk_command_endpoint (command_endpoint)
#
# Three `icinga2 daemon`s (Debian's icinga2-bin), each with its own config/state dirs and API port, with
# certificates from a throwaway CA made by `icinga2 pki new-ca` in the master's data dir and signed by
# `icinga2 pki sign-csr`. The master holds the community hosts in zones.d/dmk-satellites-a/ and the
# templates (icinga-conf/templates/*.conf + zones.d/global-templates/) in zones.d/global-templates/;
# the satellite and the agent get them by config sync (accept_config). Asserted:
#   - config sync reaches the satellite (objects in its API) and the global templates reach the agent;
#   - the community checks run on the satellite (check_source), and their results reach the master;
#   - the pinned check runs on the agent, which needs accept_commands = true (without it: UNKNOWN
#     "Endpoint '...' does not accept commands.");
#   - agent stopped: its probe host goes DOWN, the pinned check gets no result (late; UNKNOWN "Remote
#     Icinga instance ... is not connected" only after the satellite ran 5 minutes), one page only;
#   - satellite stopped: the master's cluster-zone check for the zone turns CRITICAL, the community
#     services keep their last state on the master (no false CRITICAL for the servers);
#   - node checks (Icinga's own check "icinga" run on the agent and the satellite as a command from the
#     parent) are OK; a missing piece is loud and pages as a monitoring problem, never as a community:
#     agent without accept_commands: its node check hard UNKNOWN "Endpoint '...' does not accept
#     commands." pages, the pinned community check (hard UNKNOWN too) is held back and does not;
#     satellite whose zones.conf lacks the agent's Endpoint and Zone: with its synced config it fails
#     `icinga2 daemon -C` naming the Endpoint; new, it rejects the master's config (its checks would stay
#     pending) and its node check on the master turns hard WARNING "Last zone sync stage validation failed".
#
# Usage: icinga2_cluster_e2e.sh --plugin PATH --sim PATH
# Runs as root inside a private network namespace (re-executes itself through tests/run_in_netns.sh).
# Every daemon drops to nagios, binds 127.0.0.1, and is stopped by PID; every wait is bounded.
set -uo pipefail

source "$(dirname "$0")/lib.sh"

e2e_args "--plugin PATH --sim PATH" "$@"
e2e_begin icinga2-cluster

MASTER=dmk-master
SAT=dmk-sat-a1
AGENT=dmk-probe-cloud
SAT_ZONE=dmk-satellites-a
read -r P_OK P_EXPIRED P_MASTER P_SAT P_AGENT P_SMTP < <(free_ports 6 | tr '\n' ' ')
[[ -n $P_SMTP ]] || die "no free ports"
start_sim "$sim" "$T/sim" "$P_OK:ok" "$P_EXPIRED:expired" || die "simulator did not become ready within 20 s"
CA=$T/sim/ca.pem

# Our on-call's mail: the master's dmk-notify through bsd-mailx and msmtp (as /usr/sbin/sendmail in this
# mount namespace only) into an SMTP sink, as tests/e2e/icinga2_notify_e2e.sh does.
mail_to_sink "$P_SMTP" "$T"

CONF=$(stage_repo_files "$T/repo")
mkdir -p "$T/plugins"
install -m 0755 "$plugin" "$T/plugins/check_dmk_community"
ln -s /usr/lib/nagios/plugins/check_tcp "$T/plugins/check_tcp"

# --- certificates: a throwaway CA in the master's data dir (icinga2 pki), one cert per endpoint ------
declare -A NODE_NAME=([master]=$MASTER [sat]=$SAT [agent]=$AGENT)
declare -A NODE_PORT=([master]=$P_MASTER [sat]=$P_SAT [agent]=$P_AGENT)
mkdir -p "$T/master/data" "$T/pki"
chown -R nagios:nagios "$T/master" "$T/pki"
pki() { icinga2 pki "$@" -DLogDir="$T/pki" >>"$T/pki/pki.log" 2>&1; }
pki new-ca -DDataDir="$T/master/data" || { cat "$T/pki/pki.log"; die "icinga2 pki new-ca failed"; }
CA_CRT=$T/master/data/ca/ca.crt
for node in master sat agent; do
  name=${NODE_NAME[$node]}
  pki new-cert --cn "$name" --key "$T/pki/$name.key" --csr "$T/pki/$name.csr" &&
    pki sign-csr --csr "$T/pki/$name.csr" --cert "$T/pki/$name.crt" -DDataDir="$T/master/data" ||
    { cat "$T/pki/pki.log"; die "icinga2 pki could not make the certificate of $name"; }
  icinga_node_init "$T/$node" "$name" "${NODE_PORT[$node]}" e2e-root e2e-root-password "$CA_CRT"
  cp "$T/pki/$name.key" "$T/pki/$name.crt" "$T/$node/data/certs/"
  cp "$CA_CRT" "$T/$node/data/certs/ca.crt"
done
mkdir -p "$T/master/etc/scripts"
install -m 0755 "$CONF/scripts/dmk-notify" "$T/master/etc/scripts/dmk-notify"
equals "the agent's certificate is signed by the throwaway CA" \
  "$(openssl verify -CAfile "$CA_CRT" "$T/pki/$AGENT.crt" 2>&1)" "$T/pki/$AGENT.crt: OK"

# --- each node's icinga2.conf: what a node has locally (zones.conf, features, the CheckCommand) -------
# node_conf NODE ZONE ACCEPT ZONES: writes NODE's icinga2.conf; ACCEPT is true for satellite and agent.
# Only the master sends notifications: with the notification feature on a satellite too, each problem
# of the satellite's zone pages twice, once from each (seen in this test).
node_conf() {
  local node=$1 zone=$2 accept=$3 zones=$4 d=$T/$1 features=""
  [[ $1 == master ]] && features='object NotificationComponent "notification" { }'
  {
    echo "/* Generated by tests/e2e/icinga2_cluster_e2e.sh ($node). */"
    icinga_conf_base "$d" "$T/plugins" "$zone" "$accept"
    cat <<EOF
/* The package's CheckCommand, on every node (plugins-contrib.d), never synced. */
include "$CONF/dmk_community.conf"

$zones

$features
EOF
  } >"$d/etc/icinga2.conf"
}
# zones.conf as Icinga's docs lay it out: each node knows its parent zone and its children; a child
# connects to its parent (host and port on the parent's endpoint).
node_conf master master false "
object Endpoint \"$MASTER\" { }
object Zone \"master\" { endpoints = [ \"$MASTER\" ] }
object Endpoint \"$SAT\" { }
object Zone \"$SAT_ZONE\" { endpoints = [ \"$SAT\" ]; parent = \"master\" }
object Endpoint \"$AGENT\" { }
object Zone \"$AGENT\" { endpoints = [ \"$AGENT\" ]; parent = \"$SAT_ZONE\" }
object Zone \"global-templates\" { global = true }"
node_conf sat "$SAT_ZONE" true "
object Endpoint \"$MASTER\" { host = \"127.0.0.1\"; port = $P_MASTER }
object Zone \"master\" { endpoints = [ \"$MASTER\" ] }
object Endpoint \"$SAT\" { }
object Zone \"$SAT_ZONE\" { endpoints = [ \"$SAT\" ]; parent = \"master\" }
object Endpoint \"$AGENT\" { }
object Zone \"$AGENT\" { endpoints = [ \"$AGENT\" ]; parent = \"$SAT_ZONE\" }
object Zone \"global-templates\" { global = true }"
node_conf agent "$AGENT" true "
object Endpoint \"$SAT\" { host = \"127.0.0.1\"; port = $P_SAT }
object Zone \"$SAT_ZONE\" { endpoints = [ \"$SAT\" ] }
object Endpoint \"$AGENT\" { }
object Zone \"$AGENT\" { endpoints = [ \"$AGENT\" ]; parent = \"$SAT_ZONE\" }
object Zone \"global-templates\" { global = true }"

# --- the master's zones.d, as the README says ---------------------------------------------------------
Z=$T/master/etc/zones.d
mkdir -p "$Z/global-templates" "$Z/$SAT_ZONE" "$Z/master"
cp "$CONF"/templates/*.conf "$CONF/zones.d/global-templates/dmk_community_scaleout.conf" "$Z/global-templates/"
# The shipped zone hosts, with this test's satellite as zone a's only endpoint (there is no zone b here).
awk '/^object Host "dmk-satellites-b"/ { skip = 1 } skip && /^}/ { skip = 0; next } !skip' \
  "$CONF/zones.d/master/dmk_satellites.conf" |
  sed -e "s/\"dmk-sat-a1.example.net\", \"dmk-sat-a2.example.net\"/\"$SAT\"/" >"$Z/master/dmk_satellites.conf"
check "master: zone a's host lists the satellite as its endpoint" grep -q "vars.dmk_endpoints = \[ \"$SAT\" \]" "$Z/master/dmk_satellites.conf"
cat >"$Z/$SAT_ZONE/communities.conf" <<EOF
/* As icinga-conf/zones.d/dmk-satellites-a/communities.conf, pointed at the simulator. */
object Host "dmk-sim" {
  import "dmk-community-server"
  address = "dmk.test"
  vars.tcp_port = $P_OK
  vars.dmk_communities["healthy"] = { dmk_port = $P_OK, dmk_ca_file = "$CA" }
  vars.dmk_communities["expired"] = {
    dmk_port = $P_EXPIRED, dmk_address = "127.0.0.1", dmk_ca_file = "$CA", dmk_keys_monitored = false
  }
}

/* Checked from the cloud's own network: the probe agent runs the check. */
object Host "$AGENT" {
  import "dmk-probe"
  vars.dmk_probe_zone = "$AGENT"
}

object Host "dmk-sim-pinned" {
  import "dmk-community-server"
  address = "dmk.test"
  vars.tcp_port = $P_OK
  vars.dmk_command_endpoint = "$AGENT"
  vars.dmk_communities["pinned"] = {
    dmk_port = $P_OK, dmk_ca_file = "$CA", dmk_keys_monitored = false, dmk_staff_users = [ "e2e-pinned-staff" ]
  }
}
EOF
# Pages: every notification of every zone appends one line to a file (the test's pager; in the global
# zone, as apply rules of a zone directory only reach that zone's objects).
cat >"$Z/global-templates/e2e_pager.conf" <<EOF
/* People, in the global zone (docs/icinga.md): our on-call, and the pinned community's staff. */
object User "e2e-oncall" {
  email = "oncall@dmk-e2e.test"
  groups = [ "dmk-oncall" ]
}
object User "e2e-pinned-staff" {
  email = "staff@dmk-e2e.test"
}
EOF
pager_conf "$T/pages.txt" >>"$Z/global-templates/e2e_pager.conf"
touch "$T/pages.txt"
chown nagios:nagios "$T/pages.txt"

for node in master sat agent; do
  if icinga_validate "$T/$node"; then
    pass "$node: icinga2 daemon -C accepts its config"
  else
    grep -vE 'information/' "$T/$node/validate.log" | head -n 30
    die "$node: icinga2 daemon -C rejected its config"
  fi
done
lacks "master: no warning while validating" "$(grep -E 'warning/' "$T/master/validate.log")" warning/

# start_node NODE: starts NODE's icinga2 and waits for its API.
start_node() {
  icinga_start "$T/$1"
  wait_for 60 "$1: API ready" icinga_ready "$T/$1" ||
    { tail -n 20 "$T/$1/log/icinga2.log"; die "$1 did not come up"; }
}
# connected D ENDPOINT: node D has a live cluster connection to ENDPOINT.
connected() {
  icinga_api "$1" GET /v1/status/ApiListener | sed '$d' |
    jq -e --arg e "$2" '.results[0].status.api.conn_endpoints | index($e) != null' >/dev/null 2>&1
}
synced() { [[ -n $(icinga_object "$T/sat" Service "dmk-sim-pinned!dmk-community-pinned") ]] && icinga_ready "$T/sat"; }

# Parents first, so that no child logs a refused connection; and the agent only once the satellite has the
# master's config. Seen under load with Icinga 2.13.6: an agent that connected while its satellite was still
# copying a config update into its zones directory received the global zone with one of its nine files, under
# the master's timestamp; the full copy that followed carried the same timestamp and was taken as no change,
# so the agent kept the partial zone for good.
start_node master
start_node sat
wait_for 60 "master and satellite are connected" connected "$T/master" "$SAT"

# --- config sync --------------------------------------------------------------------------------------
wait_for 60 "config sync: the satellite has the master's community services" synced
start_node agent
wait_for 60 "satellite and agent are connected" connected "$T/sat" "$AGENT"
sat_healthy=$(icinga_object "$T/sat" Service "dmk-sim!dmk-community-healthy")
equals "config sync: dmk-community-healthy on the satellite belongs to its zone" "$(jq -r .zone <<<"$sat_healthy")" "$SAT_ZONE"
equals "config sync: ... and came from the master (package _cluster)" "$(jq -r .package <<<"$sat_healthy")" _cluster
contains "config sync: ... built from the synced global template services.conf" \
  "$(jq -r .source_location.path <<<"$sat_healthy")" "/api/zones/global-templates/_etc/services.conf$"
equals "config sync: the pinned service carries command_endpoint = the agent" \
  "$(icinga_object "$T/sat" Service "dmk-sim-pinned!dmk-community-pinned" | jq -r .command_endpoint)" "$AGENT"
agent_templates() { [[ -s $T/agent/data/api/zones/global-templates/_etc/services.conf ]]; }
wait_for 30 "config sync: the global templates reached the agent" agent_templates
equals "config sync: the agent got no community host (not its zone)" "$(icinga_object "$T/agent" Host dmk-sim)" ""

# --- the community checks run on the satellite; their results reach the master -----------------------
# result_on D NAME SOURCE EPOCH: node D has a result for service NAME from SOURCE that ended after EPOCH.
result_on() {
  local json
  json=$(icinga_object "$1" Service "$2")
  [[ $(jq -r '.last_check_result.check_source // ""' <<<"$json") == "$3" ]] &&
    awk -v e="$(jq -r '.last_check_result.execution_end // 0' <<<"$json")" -v t="$4" 'BEGIN { exit !(e > t) }'
}
t0=$(date +%s.%N)
for c in healthy expired; do
  check "satellite: force check of dmk-community-$c accepted" icinga_force_check "$T/sat" Service "dmk-sim!dmk-community-$c"
done
check "pinned: force check of dmk-community-pinned accepted" icinga_force_check "$T/sat" Service "dmk-sim-pinned!dmk-community-pinned"
for c in healthy expired; do
  wait_for 45 "dmk-community-$c ran on the satellite: check_source $SAT" \
    result_on "$T/sat" "dmk-sim!dmk-community-$c" "$SAT" "$t0"
  wait_for 20 "dmk-community-$c: the master has the satellite's result" \
    result_on "$T/master" "dmk-sim!dmk-community-$c" "$SAT" "$t0"
done
m_healthy=$(icinga_object "$T/master" Service "dmk-sim!dmk-community-healthy")
m_expired=$(icinga_object "$T/master" Service "dmk-sim!dmk-community-expired")
echo "# master sees healthy: $(jq -r .last_check_result.output <<<"$m_healthy" | head -n1)"
echo "# master sees expired: $(jq -r .last_check_result.output <<<"$m_expired" | head -n1)"
equals "healthy: OK on the master" "$(jq -r .last_check_result.exit_status <<<"$m_healthy" | cut -d. -f1)" 0
contains "healthy: the plugin's words" "$(jq -r .last_check_result.output <<<"$m_healthy")" '^DMK COMMUNITY OK - healthy:'
equals "expired: CRITICAL on the master" "$(jq -r .last_check_result.exit_status <<<"$m_expired" | cut -d. -f1)" 2
contains "expired: the plugin's words" "$(jq -r .last_check_result.output <<<"$m_expired")" '^DMK COMMUNITY CRITICAL - expired:.*expired'

for h in dmk-sim dmk-sim-pinned; do
  check "server $h: host check (tcp) ran on the satellite" icinga_check_now "$T/sat" Host "$h"
done
host_up_on_master() { [[ $(icinga_object "$T/master" Host dmk-sim | jq -r '.last_check_result.check_source // ""') == "$SAT" ]]; }
wait_for 20 "server dmk-sim: the master has the satellite's UP" host_up_on_master
equals "server dmk-sim: UP on the master" "$(icinga_object "$T/master" Host dmk-sim | jq -r .state | cut -d. -f1)" 0

# The cloud reports its keys to the master's API (README); the result reaches the satellite, which
# owns the service and its freshness check.
keys_body=$(jq -nc '{type: "Service", filter: "host.name == \"dmk-sim\" && service.name == \"dmk-keys-healthy\"",
  exit_status: 0, plugin_output: "DMK KEYS OK - healthy: key made", check_source: "dmk-cloud"}')
t_keys=$(date +%s.%N)
equals "cloud: process-check-result on the master answers 200" \
  "$(icinga_api "$T/master" POST /v1/actions/process-check-result "$keys_body" | tail -n1)" 200
wait_for 20 "cloud: the satellite has the cloud's result for dmk-keys-healthy" \
  result_on "$T/sat" "dmk-sim!dmk-keys-healthy" dmk-cloud "$t_keys"

# --- the pinned check runs on the agent -----------------------------------------------------------------
wait_for 45 "dmk-community-pinned ran on the agent: check_source $AGENT" \
  result_on "$T/sat" "dmk-sim-pinned!dmk-community-pinned" "$AGENT" "$t0"
wait_for 20 "dmk-community-pinned: the master has the agent's result" \
  result_on "$T/master" "dmk-sim-pinned!dmk-community-pinned" "$AGENT" "$t0"
pinned=$(icinga_object "$T/master" Service "dmk-sim-pinned!dmk-community-pinned")
echo "# pinned: $(jq -r .last_check_result.output <<<"$pinned" | head -n1)"
equals "pinned: OK" "$(jq -r .last_check_result.exit_status <<<"$pinned" | cut -d. -f1)" 0
contains "pinned: the plugin's words" "$(jq -r .last_check_result.output <<<"$pinned")" '^DMK COMMUNITY OK - pinned:'
check "probe host $AGENT is UP on the satellite (cluster-zone)" icinga_check_now "$T/sat" Host "$AGENT"
equals "probe host: UP" "$(icinga_object "$T/sat" Host "$AGENT" | jq -r .state | cut -d. -f1)" 0

# --- node checks: Icinga's own check, run on each endpoint as a command from its parent ------------------
NODE_AGENT="$AGENT!dmk-node-$AGENT"
NODE_SAT="$SAT_ZONE!dmk-node-$SAT"
check "node check of the agent: run by the satellite on the agent" icinga_check_now "$T/sat" Service "$NODE_AGENT"
node_agent=$(icinga_object "$T/sat" Service "$NODE_AGENT")
echo "# node check of the agent: $(jq -r .last_check_result.output <<<"$node_agent")"
equals "node check of the agent: OK, from the agent" \
  "$(jq -r '"\(.state | floor) \(.last_check_result.check_source)"' <<<"$node_agent")" "0 $AGENT"
contains "node check of the agent: Icinga's words" "$(jq -r .last_check_result.output <<<"$node_agent")" '^Icinga 2 has been running'
check "node check of the satellite: run by the master on the satellite" icinga_check_now "$T/master" Service "$NODE_SAT"
node_sat=$(icinga_object "$T/master" Service "$NODE_SAT")
equals "node check of the satellite: OK, from the satellite" \
  "$(jq -r '"\(.state | floor) \(.last_check_result.check_source)"' <<<"$node_sat")" "0 $SAT"
equals "node check of the satellite: our on-call is told by mail, nobody else" \
  "$(icinga_api "$T/master" GET /v1/objects/notifications | sed '$d' |
    jq -r --arg h "$SAT_ZONE" --arg s "dmk-node-$SAT" '[.results[].attrs | select(.host_name == $h and .service_name == $s and
      (.command | startswith("dmk-"))) | "\(.command) \(.user_groups | join(","))"] | join(";")')" "dmk-cluster-mail-service dmk-oncall"

# --- agent stopped ----------------------------------------------------------------------------------------
icinga_stop "$T/agent"
disconnected() { ! connected "$1" "$2"; }
wait_for 30 "agent stopped: the satellite notices the lost connection" disconnected "$T/sat" "$AGENT"
hard_down() {
  local json
  json=$(icinga_object "$T/sat" Host "$AGENT")
  [[ $(jq -r .state <<<"$json" | cut -d. -f1) == 1 && $(jq -r .state_type <<<"$json" | cut -d. -f1) == 1 ]]
}
for attempt in 1 2 3 4; do
  hard_down && break
  icinga_check_now "$T/sat" Host "$AGENT" 20 || fail "probe host: check attempt $attempt had no result"
done
check "agent stopped: probe host $AGENT is hard DOWN after its max_check_attempts" hard_down
probe=$(icinga_object "$T/sat" Host "$AGENT")
echo "# probe host: $(jq -r .last_check_result.output <<<"$probe")"
contains "probe host: cluster-zone says the zone is not connected" "$(jq -r .last_check_result.output <<<"$probe")" "not connected"
before=$(icinga_object "$T/sat" Service "dmk-sim-pinned!dmk-community-pinned" | jq -r .last_check_result.execution_end)
t1=$(date +%s.%N)
check "agent stopped: force check of the pinned service accepted" icinga_force_check "$T/sat" Service "dmk-sim-pinned!dmk-community-pinned"
sleep 5
after=$(icinga_object "$T/sat" Service "dmk-sim-pinned!dmk-community-pinned")
equals "agent stopped: the pinned check got no new result (late: the satellite ran < 5 min)" \
  "$(jq -r .last_check_result.execution_end <<<"$after")" "$before"
check "agent stopped: ... its next check waits for the command timeout + 30 s ($(jq -r .next_check <<<"$after"))" \
  awk -v n="$(jq -r .next_check <<<"$after")" -v t="$t1" 'BEGIN { exit !(n - t > 30) }'
page_lines() { grep -c -- "$1" "$T/pages.txt" || true; }
# mails ADDRESS: "subject<TAB>body" of each mail to ADDRESS, one per line (body's newlines as |).
mails() {
  /usr/bin/python3 - "$T/mail.jsonl" "$1" <<'PY'
import email, email.policy, json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    record = json.loads(line)
    if sys.argv[2] not in record["rcpt"]:
        continue
    message = email.message_from_bytes(record["data"].encode("utf-8"), policy=email.policy.default)
    print(str(message["subject"]) + "\t" + message.get_content().replace("\r", "").replace("\n", "|"))
PY
}
# Not `grep -q`: with pipefail, grep leaving early kills the writer with SIGPIPE and fails the pipeline
# although it matched (a mailbox past one pipe buffer, as on-call's grows to).
mail_has() { mails "$1" | grep -E -- "$2" >/dev/null; }
has_page() { [[ $(page_lines "$1") -ge 1 ]]; }
wait_for 20 "agent stopped: one page for the probe host" has_page "^PROBLEM host $AGENT DOWN$"
echo "# pages: $(tr '\n' ';' <"$T/pages.txt")"
equals "agent stopped: the probe host paged once" "$(page_lines " $AGENT ")" 1
equals "agent stopped: no page for the pinned community" "$(page_lines dmk-community-pinned)" 0

# --- accept_commands: without it the agent refuses the pinned check, which turns UNKNOWN ------------------------------------
sed -i 's/^  accept_commands = true$/  accept_commands = false/' "$T/agent/etc/icinga2.conf"
check "agent: the config now says accept_commands = false" grep -q '^  accept_commands = false$' "$T/agent/etc/icinga2.conf"
icinga_start "$T/agent"
wait_for 60 "agent (accept_commands = false): API ready" icinga_ready "$T/agent"
wait_for 30 "agent (accept_commands = false): connected to the satellite again" \
  connected "$T/sat" "$AGENT"
before=$(icinga_object "$T/sat" Service "dmk-sim-pinned!dmk-community-pinned" | jq -r .last_check_result.execution_end)
check "accept_commands = false: force check of the pinned service accepted" \
  icinga_force_check "$T/sat" Service "dmk-sim-pinned!dmk-community-pinned"
refused() { grep -q "does not accept commands" "$T/agent/log/icinga2.log"; }
wait_for 20 "accept_commands = false: the agent refuses the satellite's command (its log, bounded 20 s)" refused
grep -h "does not accept commands" "$T/agent/log/icinga2.log" | head -n1 | sed 's/^/# agent: /'
sleep 2
refused_json=$(icinga_object "$T/sat" Service "dmk-sim-pinned!dmk-community-pinned")
echo "# pinned after the refusal: state $(jq -r .state <<<"$refused_json"): $(jq -r .last_check_result.output <<<"$refused_json")"
check "accept_commands = false: a new result for the pinned check" \
  awk -v e="$(jq -r .last_check_result.execution_end <<<"$refused_json")" -v b="$before" 'BEGIN { exit !(e > b) }'
equals "accept_commands = false: the pinned check is UNKNOWN" "$(jq -r .state <<<"$refused_json" | cut -d. -f1)" 3
equals "accept_commands = false: ... saying why, not the plugin's words" "$(jq -r .last_check_result.output <<<"$refused_json")" \
  "Endpoint '$AGENT' does not accept commands."
# The loud part: the node check of the agent (the probe host stays UP: the agent is connected) turns hard
# UNKNOWN with the same words and pages; the pinned community check, hard UNKNOWN too, does not.
node_hard() { # D NAME STATE: hard STATE
  local json
  json=$(icinga_object "$1" Service "$2")
  [[ $(jq -r '"\(.state | floor) \(.state_type | floor)"' <<<"$json") == "$3 1" ]]
}
for attempt in 1 2 3 4; do
  node_hard "$T/sat" "$NODE_AGENT" 3 && break
  icinga_check_now "$T/sat" Service "$NODE_AGENT" 20 || fail "node check of the agent: attempt $attempt had no result"
done
node_agent=$(icinga_object "$T/sat" Service "$NODE_AGENT")
echo "# node check of the refusing agent: state $(jq -r .state <<<"$node_agent"): $(jq -r .last_check_result.output <<<"$node_agent")"
check "accept_commands = false: the agent's node check is hard UNKNOWN" node_hard "$T/sat" "$NODE_AGENT" 3
equals "accept_commands = false: ... saying why" "$(jq -r .last_check_result.output <<<"$node_agent")" \
  "Endpoint '$AGENT' does not accept commands."
equals "accept_commands = false: the probe host stays UP (connected)" \
  "$(icinga_object "$T/sat" Host "$AGENT" | jq -r '.state | floor')" 0
wait_for 20 "accept_commands = false: the node check pages" \
  has_page "^PROBLEM service $NODE_AGENT UNKNOWN$"
for attempt in 1 2 3 4; do
  node_hard "$T/sat" "dmk-sim-pinned!dmk-community-pinned" 3 && break
  icinga_check_now "$T/sat" Service "dmk-sim-pinned!dmk-community-pinned" 20 ||
    fail "pinned: attempt $attempt had no result"
done
check "accept_commands = false: the pinned community check is hard UNKNOWN too" \
  node_hard "$T/sat" "dmk-sim-pinned!dmk-community-pinned" 3
equals "accept_commands = false: ... and held back by its probe's node check (unreachable)" \
  "$(icinga_object "$T/master" Service "dmk-sim-pinned!dmk-community-pinned" | jq -r .last_reachable)" false
sleep 6 # Icinga re-examines suppressed notifications every 5 s
equals "accept_commands = false: no page for the pinned community" "$(page_lines dmk-community-pinned)" 0
wait_for 20 "accept_commands = false: our on-call gets the mail" \
  mail_has oncall@dmk-e2e.test "^\[DMK monitoring\] UNKNOWN Icinga on $AGENT"
oncall_mail=$(mails oncall@dmk-e2e.test | grep -F "UNKNOWN Icinga on $AGENT" | head -n1)
echo "# on-call mail: $oncall_mail"
contains "accept_commands = false: ... with the words and what to do" "$oncall_mail" \
  "Check output: Endpoint '$AGENT' does not accept commands\..*accept_commands = true"
contains "accept_commands = false: ... and one Reason line on our side" "$oncall_mail" \
  "\|Reason: cluster\.node_refuses \(cause on the monitoring side: ours\)\|"
equals "accept_commands = false: the pinned community's staff got no mail" "$(mails staff@dmk-e2e.test)" ""
icinga_stop "$T/agent"

# --- satellite stopped ----------------------------------------------------------------------------------
icinga_stop "$T/sat"
wait_for 30 "satellite stopped: the master notices the lost connection" disconnected "$T/master" "$SAT"
check "satellite stopped: the master checks the zone (cluster-zone)" icinga_check_now "$T/master" Host "$SAT_ZONE" 20
zone_host=$(icinga_object "$T/master" Host "$SAT_ZONE")
echo "# zone host on the master: $(jq -r .last_check_result.output <<<"$zone_host")"
equals "satellite stopped: the zone's host is DOWN on the master" "$(jq -r .state <<<"$zone_host" | cut -d. -f1)" 1
contains "satellite stopped: ... because the zone is not connected" "$(jq -r .last_check_result.output <<<"$zone_host")" \
  "Zone '$SAT_ZONE' is not connected"
m_healthy=$(icinga_object "$T/master" Service "dmk-sim!dmk-community-healthy")
t2=$(date +%s.%N)
icinga_force_check "$T/master" Service "dmk-sim!dmk-community-healthy"
sleep 3
m_healthy2=$(icinga_object "$T/master" Service "dmk-sim!dmk-community-healthy")
equals "satellite stopped: the master does not run the zone's checks itself" \
  "$(jq -r .last_check_result.execution_end <<<"$m_healthy2")" "$(jq -r .last_check_result.execution_end <<<"$m_healthy")"
equals "satellite stopped: healthy keeps its last state OK (not a broken server)" "$(jq -r .state <<<"$m_healthy2" | cut -d. -f1)" 0
equals "satellite stopped: ... and its last result is still the satellite's" "$(jq -r .last_check_result.check_source <<<"$m_healthy2")" "$SAT"
equals "satellite stopped: the server dmk-sim stays UP on the master" \
  "$(icinga_object "$T/master" Host dmk-sim | jq -r .state | cut -d. -f1)" 0
lacks "satellite stopped: no result for the zone's services since ($t2)" \
  "$(icinga_api "$T/master" GET /v1/objects/services | sed '$d' | jq -r --arg z "$SAT_ZONE" --argjson t "$t2" \
    '.results[].attrs | select(.zone == $z and (.last_check_result.execution_end // 0) > $t) | .__name')" dmk-

# --- a satellite whose zones.conf lacks the agent's Endpoint and Zone ----------------------------------------
sed -i -e "/^object Endpoint \"$AGENT\" { }$/d" -e "/^object Zone \"$AGENT\" {/d" "$T/sat/etc/icinga2.conf"
lacks "broken satellite: its zones.conf no longer names the agent" "$(cat "$T/sat/etc/icinga2.conf")" "\"$AGENT\""
# With the synced config it already has, it does not even start: the config names the agent.
icinga_validate "$T/sat"
equals "broken satellite (synced config kept): icinga2 daemon -C fails" "$?" 1
contains "broken satellite (synced config kept): ... naming the agent's missing Endpoint" "$(cat "$T/sat/validate.log")" \
  "command_endpoint': Object '$AGENT' of type 'Endpoint' does not exist"
# A new satellite (no synced config yet) starts, and rejects the master's config for its zone: its checks
# would stay pending without a word on the master. The node check says it.
rm -rf "$T/sat/data/api/zones" "$T/sat/data/api/zones-stage"
icinga_start "$T/sat"
wait_for 60 "broken satellite (new): API ready" icinga_ready "$T/sat"
wait_for 30 "broken satellite (new): connected to the master" connected "$T/master" "$SAT"
rejected() { grep -q "Config validation failed for staged cluster config sync" "$T/sat/log/icinga2.log"; }
wait_for 30 "broken satellite (new): it rejects the synced config (its log, bounded 30 s)" rejected
equals "broken satellite (new): it has none of the zone's checks" "$(icinga_object "$T/sat" Service "dmk-sim!dmk-community-healthy")" ""
for attempt in 1 2 3 4; do
  node_hard "$T/master" "$NODE_SAT" 1 && break
  icinga_check_now "$T/master" Service "$NODE_SAT" 20 || fail "node check of the satellite: attempt $attempt had no result"
done
node_sat=$(icinga_object "$T/master" Service "$NODE_SAT")
echo "# node check of the broken satellite: state $(jq -r .state <<<"$node_sat"): $(jq -r .last_check_result.output <<<"$node_sat")"
check "broken satellite (new): its node check on the master is hard WARNING" node_hard "$T/master" "$NODE_SAT" 1
contains "broken satellite (new): ... saying it rejected the synced config" "$(jq -r .last_check_result.output <<<"$node_sat")" \
  "Last zone sync stage validation failed at"
wait_for 20 "broken satellite (new): the node check pages" \
  has_page "^PROBLEM service $NODE_SAT WARNING$"
wait_for 20 "broken satellite (new): our on-call gets the mail, with Icinga's words" \
  mail_has oncall@dmk-e2e.test "^\[DMK monitoring\] WARNING Icinga on $SAT.*Last zone sync stage validation failed"
icinga_stop "$T/sat"

echo "# pages at the end: $(tr '\n' ';' <"$T/pages.txt")"
echo "# mails to on-call: $(mails oncall@dmk-e2e.test | cut -f1 | tr '\n' ';')"
equals "the pinned community's staff got no mail during the whole run" "$(mails staff@dmk-e2e.test)" ""
# (dmk-community-expired is a truly broken server: it may page once its third attempt is in.)
equals "no page for the pinned or the healthy community during the whole run" \
  "$(grep -cE 'dmk-community-(pinned|healthy)' "$T/pages.txt" || true)" 0
equals "no page for a community server during the whole run" "$(page_lines 'host dmk-sim')" 0

for node in master sat agent; do
  # (The broken satellite's rejection of the synced config, above, is the one expected critical/ line.)
  check "$node: no other critical/ line in its log" test -z "$(grep 'critical/' "$T/$node/log/icinga2.log" |
    grep -v 'critical/ApiListener: Config validation failed for staged cluster config sync' || true)"
done
icinga_stop "$T/master"
finish
