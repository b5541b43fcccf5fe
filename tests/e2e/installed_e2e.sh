#!/bin/bash
# End-to-end against the installed package as shipped: Debian's icinga2 on a copy of Debian's stock
# /etc/icinga2, set up the way the README's worked example says, with the examples from
# /usr/share/doc/monitoring-plugins-dmk-community/examples/ (decompressed where dh_compress gzipped
# them) and the plugin and CheckCommand where the package put them. Nothing comes from the repository's
# icinga-conf/.
#
#   1. `icinga2 api setup` (README, dead man's switch) on the copy; the API bound to 127.0.0.1.
#   2. The README's worked example: ini file and secret, templates copied into conf.d/dmk/, the host
#      "dmk-lindenhof" (pointed at the simulator), DmkCloudKeysPassword in constants.conf.
#   3. `icinga2 daemon -C`, then the daemon: dmk-community-lindenhof is OK through basic auth from the
#      ini file; the cloud's call from the README feeds dmk-keys-lindenhof.
#
# Usage: installed_e2e.sh --sim PATH     (run by packaging/test-deb.sh --installed-test, package installed)
# Runs as root inside a private network namespace (re-executes itself through tests/run_in_netns.sh).
# The daemon drops to nagios, keeps every file under a temp dir, and is stopped by PID.
set -uo pipefail

source "$(dirname "$0")/lib.sh"

e2e_args "--sim PATH" "$@"
PLUGIN=$INSTALLED_PLUGIN
EXAMPLES=/usr/share/doc/monitoring-plugins-dmk-community/examples
[[ -x $PLUGIN && -d $EXAMPLES ]] || die "the package is not installed ($PLUGIN, $EXAMPLES)"
[[ -r /etc/icinga2/icinga2.conf ]] || die "Debian's stock /etc/icinga2 is missing (icinga2-common)"

e2e_begin installed-e2e

NODE=dmk-e2e-installed
SECRET=monitoring:installed-e2e-secret
CLOUD_PASS=installed-e2e-cloud-password
read -r P_BASIC P_API < <(free_ports 2 | tr '\n' ' ')
[[ -n $P_API ]] || die "no free ports"
start_sim "$sim" "$T/sim" "$P_BASIC:auth_basic=$SECRET" || die "simulator did not become ready within 20 s"
CA=$T/sim/ca.pem

# --- the shipped examples, decompressed ------------------------------------------------------------
EX=$(stage_installed_examples "$T/examples") || die "could not copy $EXAMPLES"
for f in templates/services.conf templates/host.conf templates/dead_mans_switch.conf templates/api_users.conf \
  dmk_communities.ini hosts.conf nrpe/dmk_community.cfg nagios/dmk_community_command.cfg zones.d/zones.conf.example; do
  check "examples: $f is shipped" test -s "$EX/$f"
done

# --- a copy of Debian's stock /etc/icinga2 and its own state dirs ----------------------------------
N=$T/node
mkdir -p "$N"
cp -a /etc/icinga2 "$N/etc"
mkdir -p "$N/data" "$N/log" "$N/cache" "$N/spool" "$N/run"
chown -R nagios:nagios "$N"
mapfile -t I2 < <(icinga_args "$N")
check "the copy is Debian's stock config (include <plugins-contrib>, conf.d)" \
  grep -q '^include <plugins-contrib>' "$N/etc/icinga2.conf"

# 1. README: `icinga2 api setup`, once, if the API is not on yet. Bound to loopback for the test.
if icinga2 api setup --cn "$NODE" "${I2[@]}" >"$T/api-setup.log" 2>&1; then
  pass "icinga2 api setup on the copy"
else
  cat "$T/api-setup.log"
  die "icinga2 api setup failed"
fi
sed -i "s#^  ticket_salt = TicketSalt#  ticket_salt = TicketSalt\n  bind_host = \"127.0.0.1\"\n  bind_port = $P_API#" \
  "$N/etc/features-available/api.conf"
root_pass=$(sed -nE 's/^\s*password = "(.*)"$/\1/p' "$N/etc/conf.d/api-users.conf" | head -n1)
[[ -n $root_pass ]] || die "no root password in conf.d/api-users.conf"
icinga_node_init "$N" "$NODE" "$P_API" root "$root_pass" "$N/data/certs/ca.crt"

# 2. The README's worked example, with the paths moved under $T and the server at the simulator.
MP=$T/monitoring-plugins
install -d -m 0755 "$MP"
install -d -m 0750 -o root -g nagios "$MP/dmk-secrets"
cat >"$MP/dmk_communities.ini" <<EOF
[lindenhof]
auth = basic
credentials-file = $MP/dmk-secrets/lindenhof
port = $P_BASIC
ca-file = $CA
EOF
chown root:nagios "$MP/dmk_communities.ini"
chmod 0640 "$MP/dmk_communities.ini"
install -m 0600 -o nagios -g nagios /dev/null "$MP/dmk-secrets/lindenhof"
printf '%s\n' "$SECRET" >"$MP/dmk-secrets/lindenhof"
by_hand=$(runuser -u nagios -- "$PLUGIN" -H dmk.test --community lindenhof --extra-opts="lindenhof@$MP/dmk_communities.ini")
rc=$?
equals "README step 2: by hand, as nagios, the installed plugin says OK" "$rc" 0
contains "README step 2: ... in its words" "$by_hand" '^DMK COMMUNITY OK - lindenhof:'

install -d "$N/etc/conf.d/dmk"
cp "$EX"/templates/*.conf "$N/etc/conf.d/dmk/"
cat >"$N/etc/conf.d/dmk_hosts.conf" <<EOF
object Host "dmk-lindenhof" {
  import "dmk-community-server"
  address = "dmk.test"
  vars.tcp_port = $P_BASIC

  vars.dmk_communities["lindenhof"] = {
    dmk_extra_opts = "lindenhof@$MP/dmk_communities.ini"
  }
}
EOF
echo "const DmkCloudKeysPassword = \"$CLOUD_PASS\"" >>"$N/etc/constants.conf"
chown -R nagios:nagios "$N/etc"

# 3. icinga2 daemon -C, then the daemon.
icinga_launch "$N" "the stock config with the shipped examples"
lacks "no warning about the dmk files while validating" "$(grep -E 'warning/' "$N/validate.log")" "/conf.d/dmk"
command_path=$(icinga_api "$N" GET /v1/objects/checkcommands/dmk_community | sed '$d' | jq -r '.results[0].attrs.source_location.path')
equals "the CheckCommand comes from the package (plugins-contrib.d)" "$command_path" \
  /usr/share/icinga2/include/plugins-contrib.d/dmk_community.conf

check "dmk-community-lindenhof: a forced check ran (bounded 45 s)" \
  icinga_check_now "$N" Service "dmk-lindenhof!dmk-community-lindenhof"
json=$(icinga_object "$N" Service "dmk-lindenhof!dmk-community-lindenhof")
echo "# dmk-community-lindenhof: $(jq -r .last_check_result.output <<<"$json" | head -n1)"
equals "dmk-community-lindenhof: OK" "$(jq -r .last_check_result.exit_status <<<"$json" | cut -d. -f1)" 0
contains "dmk-community-lindenhof: the plugin's words" "$(jq -r .last_check_result.output <<<"$json")" '^DMK COMMUNITY OK - lindenhof:'
contains "dmk-community-lindenhof: the installed plugin ran" "$(jq -c .last_check_result.command <<<"$json")" "^\[\"$PLUGIN\""
lacks "dmk-community-lindenhof: no secret on the command line" "$(jq -c .last_check_result.command <<<"$json")" "${SECRET#*:}"
check "dmk-lindenhof: host check (tcp) ran" icinga_check_now "$N" Host dmk-lindenhof
equals "dmk-lindenhof: UP" "$(icinga_object "$N" Host dmk-lindenhof | jq -r .state | cut -d. -f1)" 0

# The cloud's call from the README, as user dmk-cloud-keys (templates/api_users.conf).
printf 'user = "dmk-cloud-keys:%s"\n' "$CLOUD_PASS" >"$T/cloud.curlrc"
chmod 0600 "$T/cloud.curlrc"
reply=$(icinga_api_as "$N" "$T/cloud.curlrc" POST /v1/actions/process-check-result '{ "type": "Service",
        "filter": "host.name == \"dmk-lindenhof\" && service.name == \"dmk-keys-lindenhof\"",
        "exit_status": 0, "plugin_output": "DMK KEYS OK - lindenhof: key made",
        "check_source": "dmk-cloud" }')
equals "the cloud's call: HTTP 200" "$(tail -n1 <<<"$reply")" 200
contains "the cloud's call: processed" "$(sed '$d' <<<"$reply")" 'Successfully processed check result'
equals "dmk-keys-lindenhof: the cloud's words" \
  "$(icinga_object "$N" Service "dmk-lindenhof!dmk-keys-lindenhof" | jq -r .last_check_result.output)" "DMK KEYS OK - lindenhof: key made"

icinga_stop "$N"
check "icinga2 stopped" true
finish
