# Helpers shared by the end-to-end tests in tests/e2e/: assertion counting, bounded waits, free ports,
# stopping the daemons a test started (by PID), and re-running a test inside a private network
# namespace. Sourced, not executed.

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$E2E_DIR/../.." && pwd)

passed=0
failed=0

# pass/fail NAME: record one assertion.
pass() {
  passed=$((passed + 1))
  echo "ok - $1"
}
fail() {
  failed=$((failed + 1))
  echo "FAIL - $1"
}

# check NAME COMMAND...: passes when COMMAND exits 0.
check() {
  local name=$1
  shift
  if "$@"; then pass "$name"; else fail "$name"; fi
}

# contains NAME HAYSTACK NEEDLE (case-insensitive extended regex).
contains() {
  if grep -qiE -- "$3" <<<"$2"; then
    pass "$1"
  else
    fail "$1 (no /$3/ in: $(head -c 600 <<<"$2"))"
  fi
}

# lacks NAME HAYSTACK NEEDLE (fixed string).
lacks() {
  if grep -qF -- "$3" <<<"$2"; then
    fail "$1 (found '$3')"
  else
    pass "$1"
  fi
}

# equals NAME ACTUAL EXPECTED.
equals() {
  if [[ "$2" == "$3" ]]; then pass "$1"; else fail "$1 (got '$2', want '$3')"; fi
}

# on_cleanup FUNCTION: run FUNCTION once, before the closing line (or at any other exit), to stop
# what the test started and remove its temp dir.
cleanup_fn=""
on_cleanup() {
  cleanup_fn=$1
  trap run_cleanup EXIT
}
run_cleanup() {
  local fn=$cleanup_fn
  cleanup_fn=""
  [[ -n $fn ]] && "$fn"
  return 0
}

# finish: cleans up, prints the closing line every test prints, exits 0 only if all passed.
finish() {
  run_cleanup
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 && $passed -gt 0 ]]
  exit $?
}

die() {
  echo "error: $*"
  failed=$((failed + 1))
  run_cleanup
  echo "$passed passed, $failed failed"
  exit 1
}

# wait_until SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds; fails after SECONDS.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS >= deadline)) && return 1
    sleep 0.2
  done
}

# free_port: a TCP port nothing listens on at 127.0.0.1 and ::1 right now, from a range apart from
# the kernel's ephemeral ports.
free_port() {
  local port tries=0
  while ((tries++ < 200)); do
    port=$((20000 + RANDOM % 10000))
    if [[ -z "$(ss -Htln "( sport = :$port )")" ]]; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# Several distinct free ports: free_ports N.
free_ports() {
  local -A seen=()
  local port
  while ((${#seen[@]} < $1)); do
    port=$(free_port) || return 1
    [[ -n ${seen[$port]:-} ]] && continue
    seen[$port]=1
    echo "$port"
  done
}

# listening PORT: something listens on 127.0.0.1:PORT.
listening() {
  [[ -n "$(ss -Htln "( sport = :$1 )")" ]]
}

# stop_pid PID [NAME]: SIGTERM, wait up to 15 s, then SIGKILL. Only for PIDs this test started.
stop_pid() {
  local pid=$1 name=${2:-process}
  [[ -z $pid ]] && return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  local deadline=$((SECONDS + 15))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      echo "warning: $name (PID $pid) ignored SIGTERM, sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null
      break
    fi
    sleep 0.1
  done
  wait "$pid" 2>/dev/null || true
}

# in_private_netns: true when the only network interface is loopback.
in_private_netns() {
  [[ "$(ip -o link show | awk -F': ' '{print $2}' | grep -cvx lo)" -eq 0 ]]
}

# ensure_private_netns "$0" "$@": re-executes the calling test inside tests/run_in_netns.sh unless
# it already runs in a namespace with loopback only (no test sends a packet off the machine).
ensure_private_netns() {
  if ! in_private_netns; then
    exec "$REPO_DIR/tests/run_in_netns.sh" "$@"
  fi
  getent hosts dmk.test >/dev/null || die "dmk.test does not resolve; run through tests/run_in_netns.sh"
}

# require_root: the tests start daemons that drop privileges to nagios, and mount /etc/hosts.
require_root() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (the daemons drop to the nagios user themselves)"
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
# should the test die, and makes its CA readable to the daemons' users. Sets SIM_PID.
. "$REPO_DIR/tests/sim/start.sh"
start_sim() {
  local sim=$1 dir=$2
  shift 2
  local args=()
  for spec in "$@"; do args+=(--listen "$spec"); done
  sim_start "$sim" "$dir" --exit-after 900 "${args[@]}" || return 1
  chmod 0644 "$dir/ca.pem"
}

# --- Icinga 2 REST API helpers, for a test that started icinga2 with its API listener on
# 127.0.0.1:$P_API, the node name $NODE, and left in $T the API CA (api-ca.crt) and a curl config with
# a user allowed everything (api-root.curlrc).
# api CURLRC METHOD PATH [JSON]: prints the body, then the HTTP status on a line of its own.
api() {
  local rc=$1 method=$2 path=$3 data=${4:-}
  local args=(--silent --show-error --max-time 15 --cacert "$T/api-ca.crt"
    --resolve "$NODE:$P_API:127.0.0.1" --config "$rc" -H 'Accept: application/json'
    -X "$method" -w '\n%{http_code}')
  [[ -n $data ]] && args+=(-d "$data")
  curl "${args[@]}" "https://$NODE:$P_API$path"
}
api_root() { api "$T/api-root.curlrc" "$@"; }
api_ready() { [[ "$(api_root GET /v1/status/ApiListener 2>/dev/null | tail -n1)" == 200 ]]; }

# object_json TYPE NAME: the object's attrs as JSON (empty on error).
object_json() {
  local plural
  plural=$(tr '[:upper:]' '[:lower:]' <<<"$1")s
  api_root GET "/v1/objects/$plural/$(printf '%s' "$2" | jq -sRr @uri)" | sed '$d' | jq -c '.results[0].attrs // empty' 2>/dev/null
}

# force_check TYPE NAME: reschedule now with force (ignores check period, dependencies, disabled checks).
force_check() {
  local filter
  if [[ $1 == Service ]]; then
    filter="host.name==\"${2%%!*}\" && service.name==\"${2#*!}\""
  else
    filter="host.name==\"$2\""
  fi
  local body
  body=$(jq -nc --arg t "$1" --arg f "$filter" '{type: $t, filter: $f, force: true}')
  [[ "$(api_root POST /v1/actions/reschedule-check "$body" | tail -n1)" == 200 ]]
}

# result_after TYPE NAME EPOCH: true once the last check result ended after EPOCH.
result_after() {
  local end
  end=$(object_json "$1" "$2" | jq -r '.last_check_result.execution_end // 0')
  awk -v e="$end" -v t="$3" 'BEGIN { exit !(e > t) }'
}

# check_now TYPE NAME: force one check and wait (bounded) for its result.
check_now() {
  local t0
  t0=$(date +%s.%N)
  force_check "$1" "$2" || return 1
  wait_until 45 result_after "$1" "$2" "$t0"
}

# --- an Icinga 2 node of a test: its own directories, API and daemon ------------------------------
# A node is a directory D: D/etc/icinga2.conf (the test writes it), D/{data,log,cache,spool,run}, and
# what the API helpers read: D/api.name (the endpoint name, CN of its certificate), D/api.port,
# D/api-ca.crt and D/api.curlrc (user = "NAME:PASSWORD").

# icinga_node_init D NAME PORT APIUSER APIPASS CACERT: creates the directories and API files.
icinga_node_init() {
  local d=$1
  mkdir -p "$d/etc" "$d/data/certs" "$d/log" "$d/cache" "$d/spool" "$d/run"
  echo "$2" >"$d/api.name"
  echo "$3" >"$d/api.port"
  printf 'user = "%s:%s"\n' "$4" "$5" >"$d/api.curlrc"
  chmod 0600 "$d/api.curlrc"
  cp "$6" "$d/api-ca.crt"
}

# icinga_args D: the -D arguments that give `icinga2` the node's own directories (one per line).
icinga_args() {
  printf '%s\n' -DConfigDir="$1/etc" -DDataDir="$1/data" -DLogDir="$1/log" -DCacheDir="$1/cache" \
    -DSpoolDir="$1/spool" -DInitRunDir="$1/run" -DZonesDir="$1/etc/zones.d"
}

# icinga_validate D: `icinga2 daemon -C` on D/etc/icinga2.conf, its output in D/validate.log.
icinga_validate() {
  local args
  mapfile -t args < <(icinga_args "$1")
  chown -R nagios:nagios "$1"
  icinga2 daemon -C -c "$1/etc/icinga2.conf" "${args[@]}" >"$1/validate.log" 2>&1
}

# icinga_start D: starts `icinga2 daemon` on the node (it drops to nagios); sets ICINGA_NODE_PID.
icinga_start() {
  local args
  mapfile -t args < <(icinga_args "$1")
  chown -R nagios:nagios "$1"
  icinga2 daemon -c "$1/etc/icinga2.conf" "${args[@]}" >"$1/icinga2.out" 2>&1 &
  ICINGA_NODE_PID=$!
}

# icinga_api D METHOD PATH [JSON]: the body, then the HTTP status on a line of its own.
icinga_api() {
  local d=$1 method=$2 path=$3 data=${4:-} name port
  name=$(<"$d/api.name")
  port=$(<"$d/api.port")
  local args=(--silent --show-error --max-time 15 --cacert "$d/api-ca.crt"
    --resolve "$name:$port:127.0.0.1" --config "$d/api.curlrc" -H 'Accept: application/json'
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
  icinga_api "$1" GET "/v1/objects/$plural/$3" 2>/dev/null | sed '$d' | jq -c '.results[0].attrs // empty' 2>/dev/null
}

# icinga_force_check D TYPE NAME: reschedules the check now, with force.
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
