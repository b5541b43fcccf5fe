#!/bin/bash
# Graphs, end to end with the real components: Icinga 2's GraphiteWriter feeds a real carbon-cache
# (graphite-carbon), graphite-web (under gunicorn) reads the whisper files, and the shipped graph template's
# Graphite functions (icinga-conf/graphite/dmk_community.ini) are rendered by graphite-web. A healthy and an expired community (the DMK simulator): the healthy one has every phase,
# the expired one has DNS and connect, and its TLS and first-byte phases, which the plugin reports as `U`,
# are absent or null in Graphite: never a zero.
#
# Usage: graphite_e2e.sh --plugin PATH --sim PATH
# Runs as root inside a private network namespace (re-executes itself through tests/run_in_netns.sh); every
# daemon listens on 127.0.0.1 only, is started here and stopped by PID; every wait is bounded.
set -uo pipefail

source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/graphite_lib.sh"

e2e_args "--plugin PATH --sim PATH" "$@"
e2e_begin web-graphite

NODE=dmk-web-master
read -r P_OK P_EXPIRED P_API < <(free_ports 3 | tr '\n' ' ')
[[ -n $P_API ]] || die "no free ports"

start_sim "$sim" "$T/sim" "$P_OK:json=healthy" "$P_EXPIRED:expired" || die "simulator did not become ready within 20 s"
CA=$T/sim/ca.pem

graphite_start "$T/graphite" || die "carbon-cache or graphite-web did not start (see above)"
pass "carbon-cache listens on 127.0.0.1:$CARBON_PORT, graphite-web on 127.0.0.1:$GRAPHITE_WEB_PORT"

CONF=$(stage_repo_files "$T/repo")
mkdir -p "$T/plugins"
install -m 0755 "$plugin" "$T/plugins/check_dmk_community"
N=$T/icinga
icinga_node_init "$N" "$NODE" "$P_API" web-root web-root-password || die "could not make API certificates"
{
  icinga_conf_base "$N" "$T/plugins"
  cat <<EOF
include "$CONF/dmk_community.conf"
include "$CONF/templates/*.conf"

/* docs/web.md#graphs: the GraphiteWriter as the feature file sets it, pointed at this test's carbon. */
object GraphiteWriter "graphite" {
  host = "127.0.0.1"
  port = $CARBON_PORT
  enable_send_thresholds = true
}

object Host "dmk-sim" {
  import "dmk-community-server"
  address = "dmk.test"
  vars.tcp_port = $P_OK
  vars.dmk_communities["healthy"] = {
    dmk_port = $P_OK
    dmk_ca_file = "$CA"
    dmk_uri = "/api/status"
    dmk_json_warning = [ "/encoders/offline=1" ]
  }
  vars.dmk_communities["expired"] = {
    dmk_port = $P_EXPIRED
    dmk_ca_file = "$CA"
  }
}
EOF
} >"$N/etc/icinga2.conf"
icinga_launch "$N" "the config with a GraphiteWriter"
graphite_connected() { grep -q 'Finished reconnecting to Graphite' "$N/log/icinga2.log"; }
wait_for 40 "Icinga's GraphiteWriter connected to carbon-cache" graphite_connected

# A few checks of each community, a few seconds apart (the whisper files hold 5 s steps).
for round in 1 2 3; do
  for c in healthy expired; do
    check "$c: check $round ran" icinga_check_now "$N" Service "dmk-sim!dmk-community-$c"
  done
  sleep 5
done
healthy_out=$(icinga_object "$N" Service "dmk-sim!dmk-community-healthy" | jq -r '.last_check_result.output')
expired_out=$(icinga_object "$N" Service "dmk-sim!dmk-community-expired" | jq -r '.last_check_result.output')
contains "healthy: the plugin said OK" "$healthy_out" '^DMK COMMUNITY OK - healthy'
contains "expired: the plugin said CRITICAL, certificate expired" "$expired_out" '^DMK COMMUNITY CRITICAL - expired: certificate expired'

prefix=icinga2.dmk-sim.services.dmk-community
# series C LABEL: the JSON graphite-web renders for one perfdata value of community C over the last hour.
series() { graphite_render_json "$prefix-$1.dmk_community.perfdata.$2.value"; }
has_numbers() { [[ $(series "$1" "$2" | jq '[.[].datapoints[][0] | select(. != null)] | length') -gt 0 ]]; }
for label in dns connect tls ttfb time size cert_days; do
  wait_for 60 "healthy: graphite-web returns data points for '$label'" has_numbers healthy "$label"
done
wait_for 60 "healthy: graphite-web returns data points for 'json_encoders_offline'" \
  has_numbers healthy json_encoders_offline
for label in dns connect time cert_days; do
  wait_for 60 "expired: graphite-web returns data points for '$label'" has_numbers expired "$label"
done
for label in tls ttfb size; do
  points=$(series expired "$label" | jq -c '[.[].datapoints[][0] | select(. != null)]')
  equals "expired: '$label' (U in the plugin's output) has no value in Graphite, not a zero" "$points" "[]"
done
contains "expired: Icinga recorded the plugin's tls=U (the value it did not send on)" \
  "$(icinga_object "$N" Service "dmk-sim!dmk-community-expired" | jq -r '.last_check_result.performance_data | join(" ")')" \
  "(^| )tls=U"

# The shipped template's curves, as the graphite module would send them, rendered by graphite-web.
template=$REPO_DIR/icinga-conf/graphite/dmk_community.ini
for c in healthy expired; do
  targets=$(graphite_template_targets "$template" dmk_community-phases "$prefix-$c.dmk_community" time) ||
    die "no dmk_community-phases curves in $template"
  rendered=$(graphite_render_json_targets "$targets")
  names=$(jq -r '[.[].target] | join(",")' <<<"$rendered")
  for name in 'DNS (ms)' 'TCP connect (ms)' 'whole check (ms)'; do
    contains "$c: the template's phase graph has the series '$name'" "$names" "(^|,)${name//(/\\(}"
  done
  if [[ $c == healthy ]]; then
    contains "healthy: ... and 'TLS handshake (ms)'" "$names" 'TLS handshake'
    contains "healthy: ... and 'first byte (ms)'" "$names" 'first byte'
  else
    tls_points=$(jq -c '[.[] | select(.target | test("TLS")) | .datapoints[][0] | select(. != null)]' <<<"$rendered")
    equals "expired: the template's TLS area has no value (a gap, not a zero)" "$tls_points" "[]"
  fi
  png=$T/$c-phases.png
  graphite_render_png "$targets" "$png"
  check "$c: graphite-web draws the template's phase graph as a PNG of more than 2 KiB" \
    graphite_is_png "$png" 2048
  keep_artefact "$png"
done
targets=$(graphite_template_targets "$template" dmk_community-cert "$prefix-healthy.dmk_community" cert_days)
names=$(graphite_render_json_targets "$targets" | jq -r '[.[].target] | join(",")')
contains "healthy: the certificate graph has days left and both threshold lines" "$names" \
  'days left.*warning \(30 days\).*critical \(14 days\)'
targets=$(graphite_template_targets "$template" dmk_community-json "$prefix-healthy.dmk_community" \
  json_encoders_offline json=json_encoders_offline)
rendered=$(graphite_render_json_targets "$targets")
contains "healthy: the JSON value graph has the value and the warning threshold Icinga sent" \
  "$(jq -r '[.[].target] | join(",")' <<<"$rendered")" 'json_encoders_offline.*warning'
finish
