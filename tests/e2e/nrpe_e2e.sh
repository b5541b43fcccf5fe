#!/bin/bash
# End-to-end: the shipped NRPE snippet (icinga-conf/nrpe/dmk_community.cfg) under a real NRPE daemon
# (Debian's nagios-nrpe-server), asked by the real check_nrpe, runs the plugin against the DMK
# simulator, one fixed command line per community with its settings in an ini file. Then a real Icinga 2
# (Debian's icinga2-bin) asks the same NRPE through the ITL CheckCommand `nrpe`, as the README says
# (check_command = "nrpe", vars.nrpe_command = "check_dmk_<section>"), and records what the plugin said.
#
# Usage: nrpe_e2e.sh --plugin PATH --sim PATH
#
# Runs as root inside a private network namespace (re-executes itself through tests/run_in_netns.sh);
# NRPE listens on 127.0.0.1 only, drops to nagios, and is stopped by PID. Every wait is bounded.
#
# Facts relied on (docs/plugin-contract.md):
#   [nrpe-args]    Debian's NRPE takes no arguments: per-community settings come from the ini file
#                  through --extra-opts=SECTION@FILE.
#   [nrpe-timeout] check_nrpe gives up after 10 s (CRITICAL, the plugin's words lost); the plugin's
#                  -t in the snippet must end a hanging check before that.
#   [exit]         the exit code is the state; check_nrpe passes the plugin's through.
#   [stderr]       NRPE drops stderr: the status line must be on stdout.
set -uo pipefail

source "$(dirname "$0")/lib.sh"

e2e_args "--plugin PATH --sim PATH" "$@"
NRPE=/usr/sbin/nrpe
CHECK_NRPE=/usr/lib/nagios/plugins/check_nrpe
[[ -x $NRPE ]] || die "$NRPE missing (apt-get install nagios-nrpe-server)"
[[ -x $CHECK_NRPE ]] || die "$CHECK_NRPE missing (apt-get install nagios-nrpe-plugin)"

e2e_begin nrpe-e2e
SNIPPET=$REPO_DIR/icinga-conf/nrpe/dmk_community.cfg
SHIPPED_PLUGIN=/usr/lib/nagios/plugins/check_dmk_community
SHIPPED_INI=/etc/monitoring-plugins/dmk_communities.ini
BASIC_SECRET=monitor:nrpe-basic-secret
BEARER_TOKEN=nrpe-bearer-token-0815

# --- the shipped snippet: what it promises --------------------------------------------------------
mapfile -t shipped < <(grep -E '^command\[' "$SNIPPET")
check "snippet has command lines" test "${#shipped[@]}" -gt 0
for line in "${shipped[@]}"; do
  name=${line#command[}
  name=${name%%]*}
  section=${name#check_dmk_}
  contains "$name: runs the installed plugin" "$line" "^command\[$name\]=$SHIPPED_PLUGIN "
  contains "$name: reads section [$section] through --extra-opts=SECTION@FILE [nrpe-args]" "$line" \
    " --extra-opts=$section@$SHIPPED_INI( |$)"
  lacks "$name: takes no \$ARGn\$ [nrpe-args]" "$line" '$ARG'
  t=$(sed -nE 's/.* -t ([0-9]+)( .*|$)/\1/p' <<<"$line")
  check "$name: plugin -t $t is at least 2 s below check_nrpe's 10 s [nrpe-timeout]" test -n "$t" -a "${t:-99}" -le 8
done

read -r P_OK P_EXPIRED P_HANG P_BASIC P_BEARER P_DOWN P_NRPE P_API < <(free_ports 8 | tr '\n' ' ')
[[ -n $P_API ]] || die "no free ports"

start_sim "$sim" "$T/sim" "$P_OK:ok" "$P_EXPIRED:expired" "$P_HANG:hang" \
  "$P_BASIC:auth_basic=$BASIC_SECRET" "$P_BEARER:auth_bearer=$BEARER_TOKEN" ||
  die "simulator did not become ready within 20 s"
CA=$T/sim/ca.pem

# --- the ini file and secrets, owned and moded as examples/dmk_communities.ini says ----------------
mkdir -p "$T/secrets"
printf '%s\n' "$BASIC_SECRET" >"$T/secrets/lindenhof"
printf '%s\n' "$BEARER_TOKEN" >"$T/secrets/seeblick-nord"
chown nagios:nagios "$T/secrets/lindenhof" "$T/secrets/seeblick-nord"
chmod 0600 "$T/secrets/lindenhof" "$T/secrets/seeblick-nord"
chown root:nagios "$T/secrets"
chmod 0750 "$T/secrets"
# The shipped sections, pointed at the simulator: lindenhof (basic auth), seeblick-nord (bearer
# auth), parkallee (healthy); and sections added the way the snippet says to add a community.
cat >"$T/dmk_communities.ini" <<EOF
[lindenhof]
hostname = dmk.test
community = lindenhof
address = 127.0.0.1
port = $P_BASIC
ca-file = $CA
auth = basic
credentials-file = $T/secrets/lindenhof

[seeblick-nord]
hostname = dmk.test
community = seeblick-nord
address = 127.0.0.1
port = $P_BEARER
ca-file = $CA
auth = bearer
credentials-file = $T/secrets/seeblick-nord

[parkallee]
hostname = dmk.test
community = parkallee
port = $P_OK
ca-file = $CA

[down]
hostname = dmk.test
community = down
address = 127.0.0.1
port = $P_DOWN
ca-file = $CA

[expired]
hostname = dmk.test
community = expired
address = 127.0.0.1
port = $P_EXPIRED
ca-file = $CA

[hang]
hostname = dmk.test
community = hang
address = 127.0.0.1
port = $P_HANG
ca-file = $CA
; The command line's -t overrides this (options from the file come first).
timeout = 60
EOF
chown root:nagios "$T/dmk_communities.ini"
chmod 0640 "$T/dmk_communities.ini"

# --- the snippet with its paths rewritten for the test, plus one line per added community ----------
# NRPE runs the plugin as nagios: a copy it can execute wherever the checkout is.
install -m 0755 "$plugin" "$T/check_dmk_community"
sed -e "s#$SHIPPED_PLUGIN#$T/check_dmk_community#g" -e "s#$SHIPPED_INI#$T/dmk_communities.ini#g" "$SNIPPET" >"$T/dmk_community.cfg"
template=$(grep -m1 -E '^command\[check_dmk_lindenhof\]=' "$T/dmk_community.cfg")
[[ -n $template ]] || die "the snippet has no command[check_dmk_lindenhof] line to copy"
for added in down expired hang; do
  sed "s/lindenhof/$added/g" <<<"$template" >>"$T/dmk_community.cfg"
done
check "rewritten snippet still has -t on every line" \
  test "$(grep -c '^command\[' "$T/dmk_community.cfg")" -eq "$(grep -c '^command\[.* -t [0-9]' "$T/dmk_community.cfg")"

cat >"$T/nrpe.cfg" <<EOF
log_facility=daemon
debug=0
pid_file=$T/nrpe.pid
server_address=127.0.0.1
server_port=$P_NRPE
nrpe_user=nagios
nrpe_group=nagios
allowed_hosts=127.0.0.1,::1
dont_blame_nrpe=0
allow_bash_command_substitution=0
command_timeout=60
connection_timeout=300
disable_syslog=1
include=$T/dmk_community.cfg
EOF
chown nagios:nagios "$T"

daemon_start NRPE_PID nrpe "$T/nrpe.out" "$NRPE" -c "$T/nrpe.cfg" -f
nrpe_up() { "$CHECK_NRPE" -H 127.0.0.1 -p "$P_NRPE" -t 2 >/dev/null 2>&1; }
wait_until 20 nrpe_up || { cat "$T/nrpe.out" >&2; die "NRPE did not answer within 20 s"; }
contains "NRPE answers check_nrpe on 127.0.0.1:$P_NRPE" "$("$CHECK_NRPE" -H 127.0.0.1 -p "$P_NRPE")" '^NRPE v4'
equals "NRPE runs as nagios" "$(ps -o user= -p "$NRPE_PID" | tr -d ' ')" nagios

# ask COMMAND: runs check_nrpe with its default 10 s limit; sets rc, out, took, and remembers the
# answer in asked_rc/asked_out for the comparison with what Icinga records below.
declare -A asked_rc asked_out
ask() {
  local t0=$SECONDS
  out=$("$CHECK_NRPE" -H 127.0.0.1 -p "$P_NRPE" -c "$1" 2>&1)
  rc=$?
  took=$((SECONDS - t0))
  asked_rc[$1]=$rc
  asked_out[$1]=$out
  echo "# $1: exit $rc after ${took} s: $out" | head -n1
}

ask check_dmk_lindenhof
equals "lindenhof (basic auth, secret from credentials-file): OK" "$rc" 0
contains "lindenhof: status line names the community" "$out" '^DMK COMMUNITY OK - lindenhof:'
contains "lindenhof: perfdata with time= reaches check_nrpe" "$out" "\| .*'?time'?="
lacks "lindenhof: secret not in the output" "$out" "${BASIC_SECRET#*:}"

ask check_dmk_seeblick-nord
equals "seeblick-nord (bearer auth): OK" "$rc" 0
contains "seeblick-nord: status line names the community" "$out" '^DMK COMMUNITY OK - seeblick-nord:'
lacks "seeblick-nord: token not in the output" "$out" "$BEARER_TOKEN"

ask check_dmk_parkallee
equals "parkallee (healthy, dmk.test through /etc/hosts): OK" "$rc" 0
contains "parkallee: status line names the community" "$out" '^DMK COMMUNITY OK - parkallee:'

ask check_dmk_down
equals "down (nothing listens): CRITICAL" "$rc" 2
contains "down: status line says the connection was refused" "$out" '^DMK COMMUNITY CRITICAL - down:.*(refused|TCP)'

ask check_dmk_expired
equals "expired certificate: CRITICAL" "$rc" 2
contains "expired: status line says the certificate expired" "$out" '^DMK COMMUNITY CRITICAL - expired:.*expired'

ask check_dmk_hang
equals "hang: CRITICAL from the plugin itself" "$rc" 2
contains "hang: the plugin's own words arrive, not check_nrpe's socket timeout [nrpe-timeout]" "$out" \
  '^DMK COMMUNITY CRITICAL - hang: .*(no response|timed out|timeout)'
contains "hang: the snippet's -t 7 overrode the ini file's timeout = 60 (perfdata max)" "$out" ' time=[0-9.]+s;;;0;7( |$)'
lacks "hang: check_nrpe did not time out" "$out" "Socket timeout"
check "hang: answered within check_nrpe's 10 s (took ${took} s)" test "$took" -lt 10

ask check_dmk_unknown_community
check "a command NRPE does not define is not run (exit $rc)" test "$rc" -ne 0

# --- NRPE through Icinga 2: the ITL CheckCommand "nrpe" ---------------------------------------------
# One service per NRPE command, as the README's NRPE section says; the state and words Icinga records
# must be the ones check_nrpe got from the plugin above (numbers aside: timings differ between runs).
I2=$T/icinga
icinga_node_init "$I2" dmk-e2e-nrpe-icinga "$P_API" e2e-root e2e-root-password || die "could not make API certificates"
nrpe_commands=(check_dmk_lindenhof check_dmk_seeblick-nord check_dmk_parkallee check_dmk_down check_dmk_expired check_dmk_hang)
{
  echo "/* Generated by tests/e2e/nrpe_e2e.sh. */"
  icinga_conf_base "$I2" /usr/lib/nagios/plugins
  cat <<EOF

/* The host that runs NRPE (here: this one, on a test port). */
object Host "dmk-nrpe-host" {
  check_command = "dummy"
  address = "127.0.0.1"
  vars.nrpe_port = $P_NRPE
  vars.dmk_nrpe_commands = $(jq -nc '$ARGS.positional' --args "${nrpe_commands[@]}")
}
apply Service for (nrpe_command in host.vars.dmk_nrpe_commands) {
  check_command = "nrpe"
  vars.nrpe_command = nrpe_command
  check_interval = 1h
  assign where host.vars.dmk_nrpe_commands
}
EOF
} >"$I2/etc/icinga2.conf"
icinga_launch "$I2" "services with the ITL nrpe command"
t0=$(date +%s.%N)
for c in "${nrpe_commands[@]}"; do
  check "force check of $c accepted" icinga_force_check "$I2" Service "dmk-nrpe-host!$c"
done
# words OUTPUT: the status line without perfdata, numbers replaced by N.
words() { head -n1 <<<"$1" | sed -E 's/ *[|].*$//; s/ +$//; s/[0-9]+([.][0-9]+)?/N/g'; }
for c in "${nrpe_commands[@]}"; do
  if ! wait_until 45 icinga_result_after "$I2" Service "dmk-nrpe-host!$c" "$t0"; then
    fail "$c: Icinga recorded a result through check_nrpe (bounded 45 s)"
    continue
  fi
  json=$(icinga_object "$I2" Service "dmk-nrpe-host!$c")
  i_state=$(jq -r '.last_check_result.exit_status' <<<"$json" | cut -d. -f1)
  i_out=$(jq -r '.last_check_result.output' <<<"$json")
  i_cmd=$(jq -c '.last_check_result.command' <<<"$json")
  echo "# icinga $c: exit $i_state: $(head -n1 <<<"$i_out")"
  equals "$c through Icinga: state is the plugin's exit code via check_nrpe" "$i_state" "${asked_rc[$c]}"
  equals "$c through Icinga: the plugin's status line" "$(words "$i_out")" "$(words "${asked_out[$c]}")"
  contains "$c through Icinga: ran the ITL check_nrpe -c $c" "$i_cmd" "check_nrpe\",\"-H\",\"127.0.0.1\",.*\"-c\",\"$c\""
  check "$c through Icinga: perfdata parsed" test "$(jq '.last_check_result.performance_data | length' <<<"$json")" -gt 0
done
check "no critical/ line in the Icinga log" test -z "$(grep 'critical/' "$I2/log/icinga2.log" || true)"
icinga_stop "$I2"

daemon_stop NRPE_PID nrpe
check "nrpe stopped" true
finish
