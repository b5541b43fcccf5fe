#!/bin/bash
# Icinga Web 2 with Icinga DB, end to end in a real browser: Icinga 2 (the shipped configuration) writes to
# redis through its IcingaDB feature, the icingadb daemon fills PostgreSQL 15, Icinga Web 2 with icingadb-web
# and the graphite module runs under php-fpm behind nginx (external authentication), and carbon-cache with
# graphite-web hold the graphs. Headless Chromium loads the service list filtered to the DMK services and the
# detail page of a broken community, and of one checked through NRPE; the test reads the pages' DOM (each
# community listed with its state, the Reason line, the graph image) and fetches the graph image itself.
# Screenshots and graphs are kept as artefacts ($DMK_WEB_ARTEFACTS, set by tests/web/run.sh).
#
# Usage: icingaweb_e2e.sh --plugin PATH --sim PATH
# Runs as root inside a private network namespace (re-executes itself through tests/run_in_netns.sh); every
# daemon listens on 127.0.0.1 (or a socket in the test's directory), is started here and stopped by PID.
set -uo pipefail

source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/graphite_lib.sh"
source "$(dirname "$0")/icingaweb_lib.sh"

e2e_args "--plugin PATH --sim PATH" "$@"
e2e_begin web-icingaweb

NODE=dmk-web-master
read -r P_OK P_EXPIRED P_DOWN P_API P_NRPE < <(free_ports 5 | tr '\n' ' ')
[[ -n $P_API ]] || die "no free ports"

start_sim "$sim" "$T/sim" "$P_OK:ok" "$P_EXPIRED:expired" || die "simulator did not become ready within 20 s"
CA=$T/sim/ca.pem

graphite_start "$T/graphite" || die "carbon-cache or graphite-web did not start"
redis_start "$T/redis" || die "redis-server did not start"
pg_start "$T/pg" || die "PostgreSQL did not start"
icingadb_schema "$T/pg" || die "Icinga DB's schema did not import"
pass "PostgreSQL 15 on 127.0.0.1:$PG_PORT holds Icinga DB's schema"
icingadb_start "$T/icingadb" || die "icingadb did not start"

# A community checked through NRPE (Debian's nagios-nrpe-server, as nagios): its graphs must still be the
# dmk_community template's (docs/web.md#checks-through-nrpe).
mkdir -p "$T/nrpe"
cat >"$T/nrpe/nrpe.cfg" <<EOF
pid_file=$T/nrpe/nrpe.pid
server_address=127.0.0.1
server_port=$P_NRPE
nrpe_user=nagios
nrpe_group=nagios
allowed_hosts=127.0.0.1
dont_blame_nrpe=0
disable_syslog=1
command[check_dmk_parkblick]=$T/plugins/check_dmk_community -H dmk.test -p $P_EXPIRED --ca-file $CA --community parkblick -t 7
EOF
chown -R nagios:nagios "$T/nrpe"

CONF=$(stage_repo_files "$T/repo")
mkdir -p "$T/plugins"
install -m 0755 "$plugin" "$T/plugins/check_dmk_community"
ln -s /usr/lib/nagios/plugins/check_tcp "$T/plugins/check_tcp"
ln -s /usr/lib/nagios/plugins/check_nrpe "$T/plugins/check_nrpe"
N=$T/icinga
daemon_start NRPE_PID nrpe "$T/nrpe/nrpe.out" /usr/sbin/nrpe -c "$T/nrpe/nrpe.cfg" -f
nrpe_up() { /usr/lib/nagios/plugins/check_nrpe -H 127.0.0.1 -p "$P_NRPE" -t 2 >/dev/null 2>&1; }
wait_until 20 nrpe_up || { cat "$T/nrpe/nrpe.out" >&2; die "NRPE did not answer within 20 s"; }
icinga_node_init "$N" "$NODE" "$P_API" web-root web-root-password || die "could not make API certificates"
{
  icinga_conf_base "$N" "$T/plugins"
  cat <<EOF
include "$CONF/dmk_community.conf"
include "$CONF/templates/*.conf"

object IcingaDB "icingadb" {
  host = "127.0.0.1"
  port = $REDIS_PORT
}
object GraphiteWriter "graphite" {
  host = "127.0.0.1"
  port = $CARBON_PORT
}

object Host "dmk-sim" {
  import "dmk-community-server"
  address = "dmk.test"
  vars.tcp_port = $P_OK
  vars.dmk_contractor = "Alpen-IT"
  vars.dmk_runbook_url = "https://wiki.example.net/runbooks/dmk"
  vars.dmk_communities["lindenhof"] = {
    dmk_port = $P_OK
    dmk_ca_file = "$CA"
  }
  vars.dmk_communities["seeblick"] = {
    dmk_port = $P_EXPIRED
    dmk_ca_file = "$CA"
    dmk_contractor = "Seeblick Hausverwaltung"
  }
  vars.dmk_communities["parkallee"] = {
    dmk_port = $P_DOWN
    dmk_ca_file = "$CA"
  }
}

/* The NRPE way (docs/icinga.md#nrpe), with the custom variable that picks the graph template. */
object Service "dmk-community-parkblick" {
  host_name = "dmk-sim"
  display_name = "DMK community parkblick (through NRPE)"
  check_command = "nrpe"
  vars.nrpe_address = "127.0.0.1"
  vars.nrpe_port = $P_NRPE
  vars.nrpe_command = "check_dmk_parkblick"
  vars.check_command = "dmk_community"
}
EOF
} >"$N/etc/icinga2.conf"
icinga_launch "$N" "the config with IcingaDB and GraphiteWriter"
graphite_connected() { grep -q 'Finished reconnecting to Graphite' "$N/log/icinga2.log"; }
wait_for 40 "Icinga's GraphiteWriter connected to carbon-cache" graphite_connected

# dom_text FILE: the visible text of an HTML file (scripts and styles dropped), whitespace folded.
dom_text() {
  "$PY" -c 'import html,re,sys; t=open(sys.argv[1]).read(); t=re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>"," ",t); print(html.unescape(re.sub(r"\s+"," ",re.sub(r"<[^>]+>"," ",t))))' "$1"
}
has_points() { [[ $(graphite_render_json "$1" | jq '[.[].datapoints[][0] | select(. != null)] | length') -gt 0 ]]; }
declare -A want=([lindenhof]=ok [seeblick]=critical [parkallee]=critical [parkblick]=critical)
for round in 1 2; do
  for c in "${!want[@]}"; do
    check "$c: check $round ran" icinga_check_now "$N" Service "dmk-sim!dmk-community-$c"
  done
  sleep 5
done

# Icinga DB has the services and their states in PostgreSQL.
db_state() {
  pg_sql icingadb "SELECT 1" >/dev/null 2>&1 || return 1
  runuser -u postgres -- psql -At -h 127.0.0.1 -p "$PG_PORT" -U postgres -d icingadb -c \
    "SELECT s.name || '=' || ss.soft_state FROM service s JOIN service_state ss ON ss.service_id = s.id
     WHERE s.name = 'dmk-community-$1'" 2>/dev/null
}
db_has() { [[ $(db_state "$1") == "dmk-community-$1=$2" ]]; }
wait_for 60 "Icinga DB wrote lindenhof ok (0) to PostgreSQL" db_has lindenhof 0
wait_for 60 "Icinga DB wrote seeblick critical (2) to PostgreSQL" db_has seeblick 2

icingaweb_config "$T/icingaweb2" "http://127.0.0.1:$GRAPHITE_WEB_PORT/" || die "could not write Icinga Web 2's config"
# The package puts the graph template into the module's own templates directory; from the repository it goes
# where docs/web.md puts a site's own copy, Icinga Web 2's configuration directory.
install -D -m 0644 -o www-data "$REPO_DIR/icinga-conf/graphite/dmk_community.ini" \
  "$T/icingaweb2/modules/graphite/templates/dmk_community.ini"
web_start "$T/web" "$T/icingaweb2" || die "php-fpm or nginx did not start"
pass "nginx on 127.0.0.1:$WEB_PORT runs Icinga Web 2 through php-fpm"

# The service list, filtered to the DMK services, as Chromium renders it.
list_url="http://127.0.0.1:$WEB_PORT/icingaweb2/icingadb/services?service.name=dmk-community-*"
chromium_shot "$list_url" "$T/services.png" "$T/services.html" || { tail -n 20 "$T/services.png.log" >&2; die "Chromium could not load the service list"; }
check "Chromium's screenshot of the service list is a PNG of more than 20 KiB" graphite_is_png "$T/services.png" 20480
keep_artefact "$T/services.png"
list_text=$(dom_text "$T/services.html")
lacks "the service list is not the login page" "$list_text" "Username"
for c in lindenhof seeblick parkallee parkblick; do
  contains "service list: $c is listed with its state ${want[$c]}" "$list_text" \
    "DMK community $c \\([^)]*\\) on dmk-sim is ${want[$c]} for "
done
contains "service list: lindenhof reads with its contractor (host's dmk_contractor) and its server" "$list_text" \
  'DMK community lindenhof \(Alpen-IT\) on dmk-sim'
contains "service list: seeblick reads with its own contractor" "$list_text" 'DMK community seeblick \(Seeblick Hausverwaltung\)'
contains "service list: the status line of seeblick is shown" "$list_text" 'certificate expired'

# The broken community's detail page with its graphs.
detail_url="http://127.0.0.1:$WEB_PORT/icingaweb2/icingadb/service?name=dmk-community-seeblick&host.name=dmk-sim"
chromium_shot "$detail_url" "$T/seeblick-detail.png" "$T/seeblick-detail.html" || die "Chromium could not load the detail page"
check "Chromium's screenshot of seeblick's detail page is a PNG of more than 20 KiB" graphite_is_png "$T/seeblick-detail.png" 20480
keep_artefact "$T/seeblick-detail.png"
detail_text=$(dom_text "$T/seeblick-detail.html")
lacks "detail: Icinga DB Web shows the page, not its error (U values without min and max)" "$detail_text" "Uncaught"
contains "detail: the plugin's long output with the failing layer" "$detail_text" 'TLS: certificate expired .*HTTP: not reached'
contains "detail: the Reason line" "$detail_text" 'Reason: tls.certificate_expired'
contains "detail: the notes name server and contractor" "$detail_text" 'Community seeblick on server dmk-sim \(dmk.test\), run by Seeblick Hausverwaltung'
# The graph images: <img> elements whose src is the graphite module's, and graphite-web draws them.
mapfile -t graph_srcs < <(grep -oE '<img[^>]+src="[^"]*/graphite/graph/service[^"]*"' "$T/seeblick-detail.html" |
  sed -E 's/.*src="([^"]*)".*/\1/; s/&amp;/\&/g')
check "detail: the page holds graph images of the graphite module (found ${#graph_srcs[@]})" test "${#graph_srcs[@]}" -ge 2
phase_src=""
for src in "${graph_srcs[@]}"; do [[ $src == *dmk_community-phases* ]] && phase_src=$src; done
check "detail: one of them is the dmk_community-phases graph" test -n "$phase_src"
[[ $phase_src == http* ]] || phase_src="http://127.0.0.1:$WEB_PORT$phase_src"
curl -s --max-time 60 -o "$T/seeblick-phases.png" "$phase_src"
check "detail: the phase graph's image loads as a PNG of more than 5 KiB" graphite_is_png "$T/seeblick-phases.png" 5120
keep_artefact "$T/seeblick-phases.png"

# The NRPE-checked community: same template, its metrics under the check command nrpe.
nrpe_url="http://127.0.0.1:$WEB_PORT/icingaweb2/icingadb/service?name=dmk-community-parkblick&host.name=dmk-sim"
chromium_shot "$nrpe_url" "$T/parkblick-detail.png" "$T/parkblick-detail.html" || die "Chromium could not load parkblick's page"
keep_artefact "$T/parkblick-detail.png"
contains "parkblick (NRPE): the plugin's words came through check_nrpe" \
  "$(dom_text "$T/parkblick-detail.html")" 'Reason: tls.certificate_expired'
nrpe_src=$(grep -oE '<img[^>]+src="[^"]*/graphite/graph/service[^"]*"' "$T/parkblick-detail.html" |
  sed -E 's/.*src="([^"]*)".*/\1/; s/&amp;/\&/g' | grep -m1 'dmk_community-phases')
check "parkblick (NRPE): its page has the dmk_community-phases graph" test -n "$nrpe_src"
curl -s --max-time 60 -o "$T/parkblick-phases.png" "http://127.0.0.1:$WEB_PORT$nrpe_src"
check "parkblick (NRPE): the phase graph's image loads as a PNG of more than 5 KiB" graphite_is_png "$T/parkblick-phases.png" 5120
keep_artefact "$T/parkblick-phases.png"
check "parkblick (NRPE): graphite-web has its phases under the check command nrpe" \
  has_points "icinga2.dmk-sim.services.dmk-community-parkblick.nrpe.perfdata.connect.value"
finish
