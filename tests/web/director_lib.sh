# Helpers for tests/web/director_e2e.sh: Icinga Director 1.10 (icingaweb2-module-director) driven through
# icingacli, with its own Icinga Web 2 configuration directory and a PostgreSQL database of the test's cluster
# (icingaweb_lib.sh's pg_start). Sourced after tests/e2e/lib.sh and icingaweb_lib.sh.

# director_config DIR NODE_DIR: Icinga Web 2's configuration for Director in DIR: the database resource
# director_db, the module and its dependencies enabled, and kickstart.ini naming the Icinga node of NODE_DIR
# (its endpoint name, API port and user), as docs/director.md sets them up.
director_config() {
  local d=$1 node=$2 user
  user=$(sed -nE 's/^user = "(.*)"$/\1/p' "$node/api.curlrc")
  mkdir -p "$d/enabledModules" "$d/modules/director"
  for m in director incubator reactbundle; do ln -sfn "/usr/share/icingaweb2/modules/$m" "$d/enabledModules/$m"; done
  printf '[global]\nconfig_backend = "ini"\n\n[logging]\nlog = "file"\nfile = "%s/icingaweb2.log"\nlevel = "WARNING"\n' \
    "$d" >"$d/config.ini"
  cat >"$d/resources.ini" <<EOF
[director_db]
type = "db"
db = "pgsql"
host = "127.0.0.1"
port = "$PG_PORT"
dbname = "director"
username = "director"
password = "director"
charset = "utf8"
EOF
  printf '[db]\nresource = "director_db"\n' >"$d/modules/director/config.ini"
  # Director's REST API is Icinga Web 2's: the user the web server names (external authentication).
  printf '[external]\nbackend = "external"\n' >"$d/authentication.ini"
  printf '[operators]\nusers = "%s"\npermissions = "*"\n' "$WEB_USER" >"$d/roles.ini"
  cat >"$d/modules/director/kickstart.ini" <<EOF
[config]
endpoint = "$(<"$node/api.name")"
host = "127.0.0.1"
port = "$(<"$node/api.port")"
username = "${user%%:*}"
password = "${user#*:}"
EOF
}

# director_rest METHOD PATH [JSON]: Director's REST API through nginx (web_start), as WEB_USER; the body, then
# the HTTP status on a line of its own.
director_rest() {
  local args=(-s --max-time 60 -H 'Accept: application/json' -X "$1" -w '\n%{http_code}')
  [[ -n ${3:-} ]] && args+=(-d "$3")
  curl "${args[@]}" "http://127.0.0.1:$WEB_PORT/icingaweb2/director/$2"
}

# director DIR ARGS...: icingacli director ARGS... with the configuration in DIR; output in DIR/cli.log too.
director() {
  local d=$1
  shift
  ICINGAWEB_CONFIGDIR=$d timeout 120 icingacli director "$@" 2>&1 | tee -a "$d/cli.log"
  return "${PIPESTATUS[0]}"
}
