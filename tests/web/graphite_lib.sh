# Helpers for the tests in tests/web/: a real carbon-cache (graphite-carbon) and graphite-web (its WSGI
# application under gunicorn) in a test's own directory, on 127.0.0.1 only, and what the graph template
# asks graphite-web for. Sourced after tests/e2e/lib.sh, not executed. Both daemons are stopped by PID at
# the end (daemon_start).

# Debian's python, not whatever python3 comes first in PATH: graphite-web and Django are Debian packages.
PY=/usr/bin/python3

# graphite_start DIR: carbon-cache (line receiver on CARBON_PORT, cache queries for graphite-web) and
# graphite-web (GRAPHITE_WEB_PORT) with their config, whisper files, sqlite database and logs under DIR.
# Waits up to 60 s for each; returns 1 with the end of their logs when one does not come up.
graphite_start() {
  local d=$1 pickle query
  read -r CARBON_PORT pickle query GRAPHITE_WEB_PORT < <(free_ports 4 | tr '\n' ' ')
  mkdir -p "$d/carbon/log" "$d/carbon/run" "$d/carbon/lists" "$d/storage/whisper" "$d/web/log" "$d/py"
  cat >"$d/carbon/carbon.conf" <<EOF
[cache]
STORAGE_DIR = $d/storage/
LOCAL_DATA_DIR = $d/storage/whisper/
WHITELISTS_DIR = $d/carbon/lists/
CONF_DIR = $d/carbon/
LOG_DIR = $d/carbon/log/
PID_DIR = $d/carbon/run/
ENABLE_LOGROTATION = False
USER =
MAX_CACHE_SIZE = inf
MAX_UPDATES_PER_SECOND = 1000
MAX_CREATES_PER_MINUTE = inf
LINE_RECEIVER_INTERFACE = 127.0.0.1
LINE_RECEIVER_PORT = $CARBON_PORT
ENABLE_UDP_LISTENER = False
PICKLE_RECEIVER_INTERFACE = 127.0.0.1
PICKLE_RECEIVER_PORT = $pickle
CACHE_QUERY_INTERFACE = 127.0.0.1
CACHE_QUERY_PORT = $query
LOG_UPDATES = False
LOG_CREATES = True
EOF
  # 5 s steps for two hours: a test's few checks land in separate points.
  cat >"$d/carbon/storage-schemas.conf" <<'EOF'
[icinga2]
pattern = ^icinga2\.
retentions = 5s:2h,1m:1d

[default]
pattern = .*
retentions = 60s:1d
EOF
  daemon_start CARBON_PID carbon-cache "$d/carbon/stdout.log" env GRAPHITE_CONF_DIR="$d/carbon" \
    GRAPHITE_STORAGE_DIR="$d/storage" "$PY" /usr/bin/carbon-cache --config="$d/carbon/carbon.conf" --debug start
  if ! wait_until 60 listening "$CARBON_PORT"; then
    tail -n 30 "$d/carbon/stdout.log" >&2
    return 1
  fi
  # graphite-web reads its local settings from the module GRAPHITE_SETTINGS_MODULE names (Debian's
  # /etc/graphite/local_settings.py is left alone).
  cat >"$d/py/dmk_graphite_local.py" <<EOF
SECRET_KEY = 'dmk-web-test-only'
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']
TIME_ZONE = 'UTC'
LOG_ROTATION = False
DEFAULT_XFILES_FACTOR = 0
GRAPHITE_ROOT = '/usr/share/graphite-web'
STATIC_ROOT = '/usr/share/graphite-web/static'
CONF_DIR = '$d/web'
STORAGE_DIR = '$d/storage'
WHISPER_DIR = '$d/storage/whisper'
STANDARD_DIRS = ['$d/storage/whisper']
INDEX_FILE = '$d/web/search_index'
LOG_DIR = '$d/web/log'
CARBONLINK_HOSTS = ['127.0.0.1:$query:a']
DATABASES = {'default': {'NAME': '$d/web/graphite.db', 'ENGINE': 'django.db.backends.sqlite3'}}
FUNCTION_PLUGINS = []
EOF
  local env=(env PYTHONPATH="$d/py" DJANGO_SETTINGS_MODULE=graphite.settings GRAPHITE_SETTINGS_MODULE=dmk_graphite_local)
  if ! "${env[@]}" "$PY" -m django migrate --noinput >"$d/web/migrate.log" 2>&1; then
    tail -n 30 "$d/web/migrate.log" >&2
    return 1
  fi
  # gunicorn (Debian's package) serves the WSGI application graphite-web ships, as docs/web.md#graphs does.
  daemon_start GRAPHITE_WEB_PID graphite-web "$d/web/stdout.log" \
    "${env[@]}" "$PY" -m gunicorn --bind "127.0.0.1:$GRAPHITE_WEB_PORT" --workers 2 --timeout 60 graphite.wsgi:application
  if ! wait_until 60 graphite_web_ready; then
    tail -n 30 "$d/web/stdout.log" >&2
    return 1
  fi
}
graphite_web_ready() {
  [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$GRAPHITE_WEB_PORT/version/") == 200 ]]
}

# graphite_render_json TARGET: graphite-web's /render?format=json for TARGET over the last hour.
graphite_render_json() { graphite_render_json_targets "$1"; }

# graphite_render_json_targets TARGETS: the same for several targets, one a line.
graphite_render_json_targets() {
  local args=() t
  while IFS= read -r t; do [[ -n $t ]] && args+=(--data-urlencode "target=$t"); done <<<"$1"
  curl -s --max-time 30 -G "http://127.0.0.1:$GRAPHITE_WEB_PORT/render" --data-urlencode format=json \
    --data-urlencode from=-1h "${args[@]}"
}

# graphite_render_png TARGETS FILE: the graph graphite-web draws for TARGETS (one a line), as a PNG in FILE.
graphite_render_png() {
  local args=() t
  while IFS= read -r t; do [[ -n $t ]] && args+=(--data-urlencode "target=$t"); done <<<"$1"
  curl -s --max-time 30 -G "http://127.0.0.1:$GRAPHITE_WEB_PORT/render" --data-urlencode format=png \
    --data-urlencode from=-1h --data-urlencode width=800 --data-urlencode height=300 "${args[@]}" -o "$2"
}

# graphite_is_png FILE MINBYTES: FILE starts with the PNG signature and holds at least MINBYTES.
graphite_is_png() {
  [[ -s $1 && $(head -c 8 "$1" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a && $(stat -c %s "$1") -ge $2 ]]
}

# graphite_template_targets INI TEMPLATE PREFIX LABEL [VAR=VALUE...]: the Graphite targets the graph module
# sends for TEMPLATE of INI (one a line), with its $service_name_template$ as PREFIX, $metric$ as
# PREFIX.perfdata.LABEL.value, and each other macro VAR as VALUE. Fails when the template has no curve.
graphite_template_targets() {
  "$PY" - "$@" <<'EOF'
import configparser, sys
ini, name, prefix, label, *pairs = sys.argv[1:]
cp = configparser.RawConfigParser(delimiters=("=",), comment_prefixes=(";",))
cp.optionxform = str
cp.read(ini)
section = name + ".functions"
if not cp.has_section(section) or not cp.items(section):
    sys.exit(1)
macros = {"service_name_template": prefix, "metric": f"{prefix}.perfdata.{label}.value"}
macros.update(p.split("=", 1) for p in pairs)
for _, value in cp.items(section):
    value = value.strip().strip('"')
    for k, v in macros.items():
        value = value.replace(f"${k}$", v)
    print(value)
EOF
}

# keep_artefact FILE: copies FILE into $DMK_WEB_ARTEFACTS (tests/web/run.sh sets it under the build dir),
# when set, so the pictures a run drew can be looked at after it.
keep_artefact() {
  [[ -n ${DMK_WEB_ARTEFACTS:-} && -s $1 ]] || return 0
  mkdir -p "$DMK_WEB_ARTEFACTS" && cp "$1" "$DMK_WEB_ARTEFACTS/"
}
