# Helpers for tests/web/icingaweb_e2e.sh: the Icinga DB stack of Debian 12 in a test's own directory, on
# 127.0.0.1 only, each daemon started here and stopped by PID at the end (daemon_start): redis-server (Icinga DB's redis), PostgreSQL 15
# with Icinga DB's schema, the icingadb daemon, php-fpm running Icinga Web 2 with icingadb-web and the graphite
# module, and nginx in front with external authentication. Sourced after tests/e2e/lib.sh and graphite_lib.sh.

PG_BIN=/usr/lib/postgresql/15/bin
WEB_USER=dmk-operator

# redis_start DIR: redis-server on REDIS_PORT (Icinga DB's own redis listens on 6380; a test takes a free port).
redis_start() {
  REDIS_PORT=$(free_port) || return 1
  mkdir -p "$1"
  daemon_start REDIS_PID redis-server "$1/redis.out" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" \
    --dir "$1" --save '' --appendonly no --logfile "$1/redis.log" --daemonize no
  wait_until 30 listening "$REDIS_PORT" || { tail -n 20 "$1/redis.log" >&2; return 1; }
}

# pg_start DIR: a PostgreSQL 15 cluster of its own (initdb as postgres, trust on loopback) on PG_PORT,
# 127.0.0.1 only.
pg_start() {
  local d=$1
  PG_PORT=$(free_port) || return 1
  mkdir -p "$d/data" "$d/sock"
  chown -R postgres:postgres "$d"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$d/data" -U postgres --auth=trust -E UTF8 >"$d/initdb.log" 2>&1 ||
    { tail -n 20 "$d/initdb.log" >&2; return 1; }
  daemon_start PG_PID postgres "$d/postgres.log" runuser -u postgres -- "$PG_BIN/postgres" -D "$d/data" \
    -p "$PG_PORT" -c listen_addresses=127.0.0.1 -c unix_socket_directories="$d/sock" -c fsync=off
  wait_until 60 runuser -u postgres -- "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" ||
    { tail -n 20 "$d/postgres.log" >&2; return 1; }
}

# pg_database NAME LOG: the role NAME (password NAME) owning the database NAME, with citext (which Icinga DB's
# schema and Director's need, and only the superuser may create).
pg_database() {
  pg_sql postgres "CREATE ROLE $1 WITH LOGIN PASSWORD '$1'" >>"$2" 2>&1 &&
    pg_sql postgres "CREATE DATABASE $1 OWNER $1" >>"$2" 2>&1 &&
    pg_sql "$1" "CREATE EXTENSION IF NOT EXISTS citext" >>"$2" 2>&1 || { tail -n 20 "$2" >&2; return 1; }
}

# icingadb_schema DIR: the database icingadb with Icinga DB's schema, imported as its owner.
icingadb_schema() {
  pg_database icingadb "$1/schema.log" &&
    runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U icingadb -d icingadb \
      -f /usr/share/icingadb/schema/pgsql/schema.sql >>"$1/schema.log" 2>&1 ||
    { tail -n 20 "$1/schema.log" >&2; return 1; }
}
# pg_sql DB SQL: runs SQL as the superuser.
pg_sql() { runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$1" -c "$2"; }

# icingadb_start DIR: the icingadb daemon between the redis and the database.
icingadb_start() {
  mkdir -p "$1"
  cat >"$1/config.yml" <<EOF
database:
  type: pgsql
  host: 127.0.0.1
  port: $PG_PORT
  database: icingadb
  user: icingadb
  password: icingadb
redis:
  host: 127.0.0.1
  port: $REDIS_PORT
logging:
  level: info
EOF
  daemon_start ICINGADB_PID icingadb "$1/icingadb.log" /usr/sbin/icingadb --config "$1/config.yml"
  sleep 1
  kill -0 "$ICINGADB_PID" 2>/dev/null || { tail -n 20 "$1/icingadb.log" >&2; return 1; }
}

# icingaweb_config DIR GRAPHITE_URL: Icinga Web 2's configuration directory: external authentication (the
# web server names the user), one role with every permission, the icingadb and graphite modules.
icingaweb_config() {
  local d=$1
  mkdir -p "$d/enabledModules" "$d/modules/icingadb" "$d/modules/graphite" "$d/preferences"
  for m in icingadb graphite; do ln -sfn "/usr/share/icingaweb2/modules/$m" "$d/enabledModules/$m"; done
  cat >"$d/config.ini" <<EOF
[global]
show_stacktraces = "1"
config_backend = "ini"
module_path = "/usr/share/icingaweb2/modules"

[logging]
log = "file"
file = "$d/icingaweb2.log"
level = "WARNING"
EOF
  printf '[external]\nbackend = "external"\n' >"$d/authentication.ini"
  printf '[operators]\nusers = "%s"\npermissions = "*"\n' "$WEB_USER" >"$d/roles.ini"
  cat >"$d/resources.ini" <<EOF
[icingadb]
type = "db"
db = "pgsql"
host = "127.0.0.1"
port = "$PG_PORT"
dbname = "icingadb"
username = "icingadb"
password = "icingadb"
charset = "utf8"
EOF
  printf '[icingadb]\nresource = "icingadb"\n' >"$d/modules/icingadb/config.ini"
  printf '[redis1]\nhost = "127.0.0.1"\nport = "%s"\n' "$REDIS_PORT" >"$d/modules/icingadb/redis.ini"
  printf '[graphite]\nurl = "%s"\n\n[ui]\ndefault_time_range = "1"\ndefault_time_range_unit = "hours"\n' "$2" \
    >"$d/modules/graphite/config.ini"
  chown -R www-data:www-data "$d"
}

# web_start DIR ICINGAWEB_CONFIGDIR: php-fpm (pool as www-data on a socket in DIR) and nginx on WEB_PORT
# serving /icingaweb2 with REMOTE_USER set to WEB_USER: the external authentication docs/web.md describes, the
# web server having authenticated the user.
web_start() {
  local d=$1 conf=$2
  WEB_PORT=$(free_port) || return 1
  mkdir -p "$d/nginx/tmp" "$d/fpm"
  chown www-data "$d/fpm"
  cat >"$d/fpm/php-fpm.conf" <<EOF
[global]
pid = $d/fpm/php-fpm.pid
error_log = $d/fpm/error.log
daemonize = no

[icingaweb2]
user = www-data
group = www-data
listen = $d/fpm/php-fpm.sock
listen.owner = www-data
listen.group = www-data
listen.mode = 0666
pm = static
pm.max_children = 4
catch_workers_output = yes
clear_env = yes
env[ICINGAWEB_CONFIGDIR] = $conf
php_admin_value[error_log] = $d/fpm/php-errors.log
php_admin_value[session.save_path] = $d/fpm
EOF
  daemon_start FPM_PID php-fpm "$d/fpm/stdout.log" /usr/sbin/php-fpm8.2 --nodaemonize --fpm-config "$d/fpm/php-fpm.conf"
  wait_until 30 test -S "$d/fpm/php-fpm.sock" || { tail -n 20 "$d/fpm/error.log" "$d/fpm/stdout.log" >&2; return 1; }
  cat >"$d/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $d/nginx/nginx.pid;
error_log $d/nginx/error.log warn;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  access_log $d/nginx/access.log;
  client_body_temp_path $d/nginx/tmp/body;
  fastcgi_temp_path $d/nginx/tmp/fastcgi;
  proxy_temp_path $d/nginx/tmp/proxy;
  uwsgi_temp_path $d/nginx/tmp/uwsgi;
  scgi_temp_path $d/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$WEB_PORT;
    location ~ ^/icingaweb2/index\.php(.*)\$ {
      fastcgi_pass unix:$d/fpm/php-fpm.sock;
      fastcgi_index index.php;
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME /usr/share/icingaweb2/public/index.php;
      fastcgi_param ICINGAWEB_CONFIGDIR $conf;
      fastcgi_param REMOTE_USER $WEB_USER;
      fastcgi_read_timeout 60s;
    }
    location ~ ^/icingaweb2(.+)? {
      alias /usr/share/icingaweb2/public;
      index index.php;
      try_files \$1 \$uri \$uri/ /icingaweb2/index.php\$is_args\$args;
    }
  }
}
EOF
  daemon_start NGINX_PID nginx "$d/nginx/stdout.log" /usr/sbin/nginx -c "$d/nginx/nginx.conf" -e "$d/nginx/error.log"
  wait_until 30 listening "$WEB_PORT" || { tail -n 20 "$d/nginx/error.log" "$d/nginx/stdout.log" >&2; return 1; }
}

# web_get PATH: the page at PATH of Icinga Web 2 (body), as the externally authenticated user.
web_get() { curl -s --max-time 60 "http://127.0.0.1:$WEB_PORT$1"; }

# chromium_shot URL PNG DOM: headless Chromium loads URL (JavaScript on, as an operator's browser), saves a
# screenshot as PNG and the DOM after loading as DOM. Root needs --no-sandbox; the profile is the test's own.
chromium_shot() {
  local profile
  profile=$(dirname "$2")/chromium-profile
  mkdir -p "$profile"
  timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --user-data-dir="$profile" --window-size=1400,1000 --virtual-time-budget=15000 \
    --screenshot="$2" "$1" >"$2.log" 2>&1 || return 1
  timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --user-data-dir="$profile" --window-size=1400,1000 --virtual-time-budget=15000 \
    --dump-dom "$1" >"$3" 2>>"$2.log"
}
