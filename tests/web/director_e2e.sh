#!/bin/bash
# Icinga Director 1.10 (Debian 12's icingaweb2-module-director), end to end: on a fresh PostgreSQL database,
# Director's schema (migration run), kickstart against a real Icinga 2 node, the shipped basket
# (icinga-conf/director/dmk_community-basket.json) restored, one host with two communities in its
# dmk_communities dictionary created through `icingacli director host create` and another through Director's
# REST API (Icinga Web 2 under php-fpm behind nginx), the config deployed through Icinga's config package
# API. The package's apply rule (templates/services.conf, loaded from files as docs/director.md says) makes
# one service per community; Icinga's API shows them, two with results from the DMK simulator: one OK, one
# CRITICAL with an expired certificate.
#
# Usage: director_e2e.sh --plugin PATH --sim PATH
# Runs as root inside a private network namespace (re-executes itself through tests/run_in_netns.sh); every
# daemon listens on 127.0.0.1, is started here and stopped by PID; every wait is bounded.
set -uo pipefail

source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/graphite_lib.sh"
source "$(dirname "$0")/icingaweb_lib.sh"
source "$(dirname "$0")/director_lib.sh"

e2e_args "--plugin PATH --sim PATH" "$@"
e2e_begin web-director

NODE=dmk-web-master
read -r P_OK P_EXPIRED P_API < <(free_ports 3 | tr '\n' ' ')
[[ -n $P_API ]] || die "no free ports"
start_sim "$sim" "$T/sim" "$P_OK:ok" "$P_EXPIRED:expired" || die "simulator did not become ready within 20 s"
CA=$T/sim/ca.pem

pg_start "$T/pg" || die "PostgreSQL did not start"
pg_database director "$T/pg/director.log" || die "could not create Director's database"
pass "a fresh PostgreSQL 15 database for Director on 127.0.0.1:$PG_PORT"

CONF=$(stage_repo_files "$T/repo")
mkdir -p "$T/plugins"
install -m 0755 "$plugin" "$T/plugins/check_dmk_community"
ln -s /usr/lib/nagios/plugins/check_tcp "$T/plugins/check_tcp"
N=$T/icinga
icinga_node_init "$N" "$NODE" "$P_API" director-api director-api-password || die "could not make API certificates"
{
  # The zone "master" with an endpoint Director can reach (kickstart connects to its host and port), the
  # global zone Director puts templates in, and the package's CheckCommand and templates from files.
  icinga_conf_base "$N" "$T/plugins" master
  cat <<EOF
object Endpoint NodeName {
  host = "127.0.0.1"
  port = $P_API
}
object Zone "master" { endpoints = [ NodeName ] }
object Zone "director-global" { global = true }

include "$CONF/dmk_community.conf"
include "$CONF/templates/*.conf"
EOF
} >"$N/etc/icinga2.conf"
icinga_launch "$N" "the config Director deploys into"

W=$T/icingaweb2
director_config "$W" "$N"
check "icingacli director migration run: Director's schema on the empty database" director "$W" migration run
check "icingacli director kickstart run: endpoint, zones and Icinga's commands imported" director "$W" kickstart run
basket=$REPO_DIR/icinga-conf/director/dmk_community-basket.json
check "icingacli director basket restore: the shipped basket" director "$W" basket restore <"$basket"
template=$(director "$W" host show dmk-director-community-server --json)
contains "Director holds the host template with check_command tcp" "$template" '"check_command": *"tcp"'
contains "... and its data field dmk_communities" "$(director "$W" host show dmk-director-community-server --json --resolved)" \
  '"object_type": *"template"'

# One host, two communities: what a Director shop sends through the CLI or the REST API (the same JSON).
host_json=$(jq -nc --arg ca "$CA" --argjson ok "$P_OK" --argjson expired "$P_EXPIRED" '{
  object_type: "object", imports: ["dmk-director-community-server"], address: "dmk.test",
  vars: {tcp_port: $ok, dmk_contractor: "Alpen-IT",
         dmk_communities: {lindenhof: {dmk_port: $ok, dmk_ca_file: $ca},
                           seeblick: {dmk_port: $expired, dmk_ca_file: $ca}}}}')
check "icingacli director host create dmk-sim with two communities" director "$W" host create dmk-sim --json "$host_json"
# The same through Director's REST API (Icinga Web 2 under php-fpm behind nginx): a second server.
chown -R www-data:www-data "$W"
web_start "$T/web" "$W" || die "php-fpm or nginx did not start"
rest_json=$(jq -nc --arg ca "$CA" --argjson ok "$P_OK" '{
  object_name: "dmk-sim-rest", object_type: "object", imports: ["dmk-director-community-server"],
  address: "dmk.test", vars: {tcp_port: $ok, dmk_communities: {parkallee: {dmk_port: $ok, dmk_ca_file: $ca}}}}')
rest=$(director_rest POST host "$rest_json")
equals "Director's REST API: POST director/host answers 201" "$(tail -n1 <<<"$rest")" 201
contains "... with the host it stored" "$(sed '$d' <<<"$rest")" '"object_name": *"dmk-sim-rest"'
check "icingacli director config deploy" director "$W" config deploy

service_exists() { [[ -n $(icinga_object "$N" Service "$1!dmk-community-$2") ]]; }
for c in lindenhof seeblick; do
  wait_for 90 "Icinga's API has the service dmk-community-$c after the deployment" \
    service_exists dmk-sim "$c"
done
wait_for 90 "Icinga's API has the REST API host's service dmk-community-parkallee" \
  service_exists dmk-sim-rest parkallee
host_vars=$(icinga_object "$N" Host dmk-sim)
equals "the host came from Director's config package" "$(jq -r '.package' <<<"$host_vars")" director
declare -A want=([lindenhof]=0 [seeblick]=2)
for c in lindenhof seeblick; do
  check "$c: a check ran after the deployment" icinga_check_now "$N" Service "dmk-sim!dmk-community-$c" 60
  svc=$(icinga_object "$N" Service "dmk-sim!dmk-community-$c")
  equals "$c: exit status ${want[$c]}" "$(jq -r '.last_check_result.exit_status' <<<"$svc" | cut -d. -f1)" "${want[$c]}"
  contains "$c: the result is the plugin's, against the simulator" "$(jq -r '.last_check_result.output' <<<"$svc")" \
    "^DMK COMMUNITY (OK|CRITICAL) - $c: "
  contains "$c: the display name carries the contractor Director set" "$(jq -r '.display_name' <<<"$svc")" \
    "^DMK community $c \\(Alpen-IT\\)$"
done
contains "seeblick: CRITICAL for the expired certificate" \
  "$(icinga_object "$N" Service "dmk-sim!dmk-community-seeblick" | jq -r '.last_check_result.output')" 'certificate expired'
finish
