# Helpers shared by the end-to-end tests in tests/e2e/ (and the web and release tests): the tests' arguments
# and temp dir, a private MTA and a pager, the DMK simulator, and Icinga 2 nodes with their REST API. The
# assertions, clean-up by PID, bounded waits and ports are tests/support/testlib.sh's, sourced here.
# Sourced, not executed.

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$E2E_DIR/../support/testlib.sh"

# mta_to_sink PORT DIR: a local MTA for this mount namespace only: /usr/sbin/sendmail becomes msmtp relaying
# to the SMTP sink on 127.0.0.1:PORT, as bsd-mailx (and so dmk-notify) runs it. Its files go in DIR; the
# clean-up unbinds it.
mta_to_sink() {
  printf 'account default\nhost 127.0.0.1\nport %s\nfrom icinga@dmk-e2e.test\nauth off\ntls off\n' "$1" >"$2/msmtprc"
  chown nagios:nagios "$2/msmtprc"
  chmod 0600 "$2/msmtprc"
  printf '#!/bin/sh\nexec /usr/bin/msmtp -C %s "$@"\n' "$2/msmtprc" >"$2/sendmail"
  chmod 0755 "$2/sendmail"
  mount --bind "$2/sendmail" /usr/sbin/sendmail || die "could not bind the sendmail wrapper"
  on_cleanup umount /usr/sbin/sendmail
}

# mail_to_sink PORT DIR: the test's on-call mail: needs bsd-mailx, msmtp, an MTA's /usr/sbin/sendmail and
# python3-aiosmtpd; starts the SMTP sink on 127.0.0.1:PORT (every mail into DIR/mail.jsonl, stopped at the
# end), waits up to 15 s for it and points /usr/sbin/sendmail at it (mta_to_sink).
mail_to_sink() {
  [[ -x /usr/bin/mail && -x /usr/bin/msmtp && -e /usr/sbin/sendmail ]] ||
    die "needs bsd-mailx, msmtp and an MTA's /usr/sbin/sendmail (scripts/deps.sh)"
  /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || die "needs python3-aiosmtpd (scripts/deps.sh)"
  daemon_start SMTP_PID smtp-sink "$2/smtp-sink.log" \
    /usr/bin/python3 "$E2E_DIR/capture_server.py" smtp "$1" "$2/mail.jsonl" --max-seconds 600
  wait_until 15 listening "$1" || die "the SMTP sink did not listen"
  mta_to_sink "$1" "$2"
}

# pager_conf FILE: Icinga 2 objects for the test's pager: every notification of every host and service,
# whatever its type or state, appends one line "TYPE host|service OBJECT STATE" to FILE (user e2e-pager).
pager_conf() {
  cat <<EOF
/* The pager: every notification of every host and service, whatever its type or state. */
object NotificationCommand "e2e-page-host" {
  command = [ "/bin/sh", "-c", "echo \"\$\$*\" >>$1", "page", "\$notification.type\$", "host",
    "\$host.name\$", "\$host.state\$" ]
}
object NotificationCommand "e2e-page-service" {
  command = [ "/bin/sh", "-c", "echo \"\$\$*\" >>$1", "page", "\$notification.type\$", "service",
    "\$host.name\$!\$service.name\$", "\$service.state\$" ]
}
object User "e2e-pager" { }
apply Notification "e2e-page" to Host {
  command = "e2e-page-host"
  users = [ "e2e-pager" ]
  interval = 0
  assign where true
}
apply Notification "e2e-page" to Service {
  command = "e2e-page-service"
  users = [ "e2e-pager" ]
  interval = 0
  assign where true
}
EOF
}

# e2e_args USAGE ARG...: reads the options USAGE names ("--plugin PATH --sim PATH [--installed]") from
# ARG...: --plugin and --sim into $plugin and $sim (absolute paths of executables; with --installed the
# package's plugin), --installed into $installed (0 or 1). Keeps ARG... in $orig_args for
# ensure_private_netns. Any other argument, or a missing path, ends the test with USAGE (exit 2).
INSTALLED_PLUGIN=/usr/lib/nagios/plugins/check_dmk_community
e2e_args() {
  local usage="usage: $0 $1" name path
  shift
  orig_args=("$@")
  plugin="" sim="" installed=0
  while [[ $# -gt 0 ]]; do
    case $1 in
      --plugin | --sim)
        [[ $usage == *" $1 PATH"* && $# -ge 2 ]] || e2e_usage "$usage"
        printf -v "${1#--}" '%s' "$2"
        shift 2 ;;
      --installed)
        [[ $usage == *" [--installed]"* ]] || e2e_usage "$usage"
        installed=1
        shift ;;
      *) e2e_usage "$usage" ;;
    esac
  done
  [[ $installed -eq 1 ]] && plugin=$INSTALLED_PLUGIN
  for name in plugin sim; do
    [[ $usage == *" --$name PATH"* ]] || continue
    [[ -n ${!name} ]] || e2e_usage "$usage"
    path=$(realpath "${!name}") || die "no $name at ${!name}"
    [[ -x $path ]] || die "$name $path is not executable"
    printf -v "$name" '%s' "$path"
  done
}
e2e_usage() {
  echo "$1" >&2
  exit 2
}

# e2e_begin NAME: what a test of daemons does first: root, a private network namespace (the test
# re-executes itself there), then its temp dir $T (make_temp_dir NAME). Call it after e2e_args.
e2e_begin() {
  require_root
  ensure_private_netns "$0" "${orig_args[@]}"
  make_temp_dir "$1"
}

# stage_repo_files DIR: copies icinga-conf/ into DIR, world-readable. The daemons run as nagios, which
# may not be able to read the checkout itself (a clone under /root, say). Prints the copy's path.
stage_repo_files() {
  mkdir -p "$1"
  cp -r "$REPO_DIR/icinga-conf" "$1/icinga-conf"
  chmod -R a+rX "$1/icinga-conf"
  echo "$1/icinga-conf"
}

# stage_installed_examples DIR: copies the installed package's examples
# (/usr/share/doc/monitoring-plugins-dmk-community/examples) into DIR, gunzips what dh_compress
# compressed, and makes them world-readable. Prints DIR. The packaging tests use these, not icinga-conf/.
stage_installed_examples() {
  local src=/usr/share/doc/monitoring-plugins-dmk-community/examples
  [[ -d $src ]] || return 1
  mkdir -p "$1"
  cp -r "$src/." "$1/" || return 1
  find "$1" -name '*.gz' -exec gunzip -f {} + || return 1
  chmod -R a+rX "$1"
  echo "$1"
}

# A throwaway CA and a server certificate for Icinga's API listener (CN = the node name).
# make_api_certs DIR NODENAME
make_api_certs() {
  local dir=$1 cn=$2
  mkdir -p "$dir"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=dmk-e2e-ca" -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null || return 1
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -subj "/CN=$cn" -keyout "$dir/$cn.key" -out "$dir/$cn.csr" 2>/dev/null || return 1
  openssl x509 -req -in "$dir/$cn.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
    -extfile <(printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$cn") \
    -out "$dir/$cn.crt" 2>/dev/null || return 1
}

# start_sim SIM DIR LISTEN...: starts the DMK simulator (tests/sim/start.sh), ending by itself after 900 s
# should the test die, and makes its CA readable to the daemons' users. Sets SIM_PID, stopped at the end.
. "$REPO_DIR/tests/sim/start.sh"
start_sim() {
  local sim=$1 dir=$2
  shift 2
  local args=()
  for spec in "$@"; do args+=(--listen "$spec"); done
  sim_start "$sim" "$dir" --exit-after 900 "${args[@]}"
  local status=$?
  register_pid "$SIM_PID" dmk_sim
  ((status == 0)) || return 1
  chmod 0644 "$dir/ca.pem"
}

# --- Icinga 2 nodes: their own directories, config, daemon and REST API -----------------------------
# A node is a directory D: D/etc/icinga2.conf (the test writes it), D/{data,log,cache,spool,run}, and
# what the API helpers read: D/api.name (the endpoint name, CN of its certificate), D/api.port,
# D/api-ca.crt and D/api.curlrc (user = "NAME:PASSWORD", an API user allowed everything).

# icinga_node_init D NAME PORT APIUSER APIPASS [CACERT]: creates the directories and API files. The node's
# certificate is the caller's (in D/data/certs, signed by CACERT); without CACERT a throwaway CA and a
# certificate for NAME are made there (make_api_certs).
icinga_node_init() {
  local d=$1
  mkdir -p "$d/etc" "$d/data/certs" "$d/log" "$d/cache" "$d/spool" "$d/run"
  echo "$2" >"$d/api.name"
  echo "$3" >"$d/api.port"
  printf 'user = "%s:%s"\n' "$4" "$5" >"$d/api.curlrc"
  chmod 0600 "$d/api.curlrc"
  if [[ -n ${6:-} ]]; then
    cp "$6" "$d/api-ca.crt"
  else
    make_api_certs "$d/data/certs" "$2" || return 1
    cp "$d/data/certs/ca.crt" "$d/api-ca.crt"
  fi
}

# icinga_conf_base D PLUGIN_DIR [ZONE [ACCEPT]]: prints what the icinga2.conf of every test node holds:
# the constants, the ITL, the log LogDir/icinga2.log, the checker, the API listener on 127.0.0.1 at the
# node's port (accept_config and accept_commands = ACCEPT, default false) and the node's API user with
# every permission. Without ZONE the node is a zone of its own (its Endpoint and Zone follow).
icinga_conf_base() {
  local d=$1 plugin_dir=$2 zone=${3:-} accept=${4:-false} name port user
  name=$(<"$d/api.name")
  port=$(<"$d/api.port")
  user=$(sed -nE 's/^user = "(.*)"$/\1/p' "$d/api.curlrc")
  cat <<CONF
const NodeName = "$name"
const ZoneName = "${zone:-$name}"
const TicketSalt = ""
const PluginDir = "$plugin_dir"
const PluginContribDir = PluginDir
const ManubulonPluginDir = PluginDir

include <itl>
include <plugins>

object FileLogger "main-log" {
  severity = "information"
  path = LogDir + "/icinga2.log"
}
object CheckerComponent "checker" { }
object ApiListener "api" {
  bind_host = "127.0.0.1"
  bind_port = $port
  accept_config = $accept
  accept_commands = $accept
}
object ApiUser "${user%%:*}" {
  password = "${user#*:}"
  permissions = [ "*" ]
}
CONF
  [[ -n $zone ]] || printf '%s\n' 'object Endpoint NodeName { }' 'object Zone ZoneName { endpoints = [ NodeName ] }'
}

# icinga_dir_args CONFIGDIR STATEDIR: the -D arguments (one per line) that give `icinga2` its own config
# dir and the state dirs STATEDIR/{data,log,cache,spool,run}.
icinga_dir_args() {
  printf '%s\n' -DConfigDir="$1" -DDataDir="$2/data" -DLogDir="$2/log" -DCacheDir="$2/cache" \
    -DSpoolDir="$2/spool" -DInitRunDir="$2/run" -DZonesDir="$1/zones.d"
}

# icinga_args D: the -D arguments for the node D.
icinga_args() { icinga_dir_args "$1/etc" "$1"; }

# icinga_validate D: `icinga2 daemon -C` on D/etc/icinga2.conf, its output in D/validate.log.
icinga_validate() {
  local args
  mapfile -t args < <(icinga_args "$1")
  chown -R nagios:nagios "$1"
  icinga2 daemon -C -c "$1/etc/icinga2.conf" "${args[@]}" >"$1/validate.log" 2>&1
}

# icinga_start D: starts `icinga2 daemon` on the node (it drops to nagios); its PID in icinga_pids[D],
# stopped at the end, or by icinga_stop D before.
declare -A icinga_pids=()
icinga_start() {
  local args
  mapfile -t args < <(icinga_args "$1")
  chown -R nagios:nagios "$1"
  icinga2 daemon -c "$1/etc/icinga2.conf" "${args[@]}" >"$1/icinga2.out" 2>&1 &
  icinga_pids[$1]=$!
  register_pid "$!" "icinga2 ($1)"
}

# icinga_stop D: stops the daemon icinga_start started on D (by PID), if it runs.
icinga_stop() {
  [[ -n ${icinga_pids[$1]:-} ]] || return 0
  stop_pid "${icinga_pids[$1]}" "icinga2 ($1)"
  unset "icinga_pids[$1]"
}

# icinga_launch D WHAT: validates the node's config (an assertion "icinga2 daemon -C accepts WHAT"; on
# a rejection Icinga's errors and the end of the test), starts the daemon and waits up to 90 s for its
# API (an assertion; else the end of its log and of the test).
icinga_launch() {
  local d=$1
  if icinga_validate "$d"; then
    pass "icinga2 daemon -C accepts $2"
  else
    grep -vE 'information/' "$d/validate.log" | head -n 40 >&2
    die "icinga2 daemon -C rejected $2"
  fi
  icinga_start "$d"
  if wait_until 90 icinga_ready "$d"; then
    pass "icinga2 runs as nagios with its API on 127.0.0.1:$(<"$d/api.port")"
  else
    tail -n 40 "$d/log/icinga2.log" "$d/icinga2.out" >&2
    die "the Icinga API of $d was not ready within 90 s"
  fi
}

# icinga_api D METHOD PATH [JSON]: the body, then the HTTP status on a line of its own, as the node's
# API user (D/api.curlrc). icinga_api_as D CURLRC METHOD PATH [JSON]: the same as CURLRC's user.
icinga_api() { icinga_api_as "$1" "$1/api.curlrc" "${@:2}"; }
icinga_api_as() {
  local d=$1 rc=$2 method=$3 path=$4 data=${5:-} name port
  name=$(<"$d/api.name")
  port=$(<"$d/api.port")
  local args=(--silent --show-error --max-time 15 --cacert "$d/api-ca.crt"
    --resolve "$name:$port:127.0.0.1" --config "$rc" -H 'Accept: application/json'
    -X "$method" -w '\n%{http_code}')
  [[ -n $data ]] && args+=(-d "$data")
  curl "${args[@]}" "https://$name:$port$path"
}

# icinga_ready D: the node's API answers.
icinga_ready() { [[ "$(icinga_api "$1" GET /v1/status/ApiListener 2>/dev/null | tail -n1)" == 200 ]]; }

# icinga_object D TYPE NAME: the object's attrs as JSON (empty when it does not exist).
icinga_object() {
  local plural
  plural=$(tr '[:upper:]' '[:lower:]' <<<"$2")s
  icinga_api "$1" GET "/v1/objects/$plural/$(printf '%s' "$3" | jq -sRr @uri)" 2>/dev/null | sed '$d' |
    jq -c '.results[0].attrs // empty' 2>/dev/null
}

# icinga_force_check D TYPE NAME: reschedules the check now, with force (ignores the check period,
# dependencies and disabled checks).
icinga_force_check() {
  local filter body
  if [[ $2 == Service ]]; then
    filter="host.name==\"${3%%!*}\" && service.name==\"${3#*!}\""
  else
    filter="host.name==\"$3\""
  fi
  body=$(jq -nc --arg t "$2" --arg f "$filter" '{type: $t, filter: $f, force: true}')
  [[ "$(icinga_api "$1" POST /v1/actions/reschedule-check "$body" | tail -n1)" == 200 ]]
}

# icinga_result_after D TYPE NAME EPOCH: the last check result ended after EPOCH.
icinga_result_after() {
  local end
  end=$(icinga_object "$1" "$2" "$3" | jq -r '.last_check_result.execution_end // 0')
  awk -v e="$end" -v t="$4" 'BEGIN { exit !(e > t) }'
}

# icinga_check_now D TYPE NAME [SECONDS]: forces one check and waits (bounded, 45 s by default) for
# a result that ended after the call.
icinga_check_now() {
  local t0
  t0=$(date +%s.%N)
  icinga_force_check "$1" "$2" "$3" || return 1
  wait_until "${4:-45}" icinga_result_after "$1" "$2" "$3" "$t0"
}
