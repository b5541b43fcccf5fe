#!/bin/bash
# Validates the shipped Icinga 2 config (icinga-conf/) with Debian's icinga2 (`icinga2 daemon -C`),
# together with the sample communities, in three layouts, and checks the objects Icinga built from it.
# Also checks that every option in README.md's Options table is an argument of the CheckCommand.
#
# Usage: icinga2_validate.sh [PLUGIN_DIR] [--installed]
#   PLUGIN_DIR   value of the PluginDir constant (default /usr/lib/nagios/plugins); validation does
#                not run the plugin, so it need not exist there.
#   --installed  take the CheckCommand from /usr/share/icinga2/include/plugins-contrib.d/ (the
#                packaging test) instead of the repo's icinga-conf/dmk_community.conf.
#
# Needs root only to hand the temp dirs to nagios: `icinga2 daemon -C` drops to the nagios user as
# the Debian package's daemon does. Touches no file outside its temp dir; sends no packet (no
# networked object is started by -C).
#
# Facts relied on (docs/plugin-contract.md, "Icinga 2"): one CheckCommand in plugins-contrib.d loaded
# by include <plugins-contrib>; every argument with a description; one service per dictionary entry;
# the CheckCommand timeout above the plugin's -t, since Icinga's kill loses the plugin's words.
set -uo pipefail

source "$(dirname "$0")/lib.sh"

plugin_dir=/usr/lib/nagios/plugins
installed=0
for arg in "$@"; do
  case $arg in
    --installed) installed=1 ;;
    -*) echo "usage: $0 [PLUGIN_DIR] [--installed]" >&2; exit 2 ;;
    *) plugin_dir=$arg ;;
  esac
done
require_root
command -v icinga2 >/dev/null || die "icinga2 missing (apt-get install icinga2-bin icinga2-common)"

make_temp_dir icinga2-validate
# `icinga2 daemon -C` runs as nagios: it gets a copy it can read wherever the checkout is.
CONF=$(stage_repo_files "$T/repo")
CONTRIB=/usr/share/icinga2/include/plugins-contrib.d/dmk_community.conf
if [[ $installed -eq 1 ]]; then
  [[ -r $CONTRIB ]] || die "--installed: $CONTRIB is missing"
  command_file=$CONTRIB
else
  command_file=$CONF/dmk_community.conf
fi

# validate NAME CONF [EXTRA -D...]: `icinga2 daemon -C` with its own dirs under $T/NAME; sets I2 to
# the -D arguments for `icinga2 object list` on the same state.
validate() {
  local name=$1 conf=$2
  shift 2
  local dir=$T/$name
  mkdir -p "$dir/data" "$dir/log" "$dir/cache" "$dir/spool" "$dir/run"
  chown -R nagios:nagios "$dir"
  mapfile -t I2 < <(icinga_dir_args "$dir" "$dir")
  I2+=("$@")
  if icinga2 daemon -C -c "$conf" "${I2[@]}" >"$dir/validate.log" 2>&1; then
    pass "$name: icinga2 daemon -C accepts the config"
  else
    fail "$name: icinga2 daemon -C rejected the config"
    grep -vE 'information/' "$dir/validate.log" | head -n 40
    return 1
  fi
  local warnings
  warnings=$(grep -E 'warning/|critical/' "$dir/validate.log" || true)
  if [[ -z $warnings ]]; then
    pass "$name: no warning while validating"
  else
    fail "$name: warnings while validating: $warnings"
  fi
}

# objects TYPE: "Object 'NAME' of type 'TYPE'" lines -> names.
objects() {
  icinga2 object list "${I2[@]}" --type "$1" 2>/dev/null | sed -nE "s/^Object '(.*)' of type '$1':$/\1/p" | sort
}
# attribute TYPE NAME ATTR: the attribute's value as `icinga2 object list` prints it.
attribute() {
  icinga2 object list "${I2[@]}" --type "$1" --name "$2" 2>/dev/null |
    sed -nE "s/^  \* $3 = (.*)$/\1/p" | head -n1
}
# (Not `objects | grep -q`: with pipefail, grep's early exit can fail the pipeline through SIGPIPE.)
has_object() {
  local all
  all=$(objects "$1")
  grep -qxF -- "$2" <<<"$all"
}

# --- 1. one node: CheckCommand + templates + sample communities ------------------------------------
mkdir -p "$T/single"
cat >"$T/single/icinga2.conf" <<EOF
const NodeName = "dmk-validate"
const ZoneName = "dmk-validate"
const PluginDir = "$plugin_dir"
const DmkCloudKeysPassword = "validate-only"
include <itl>
include <plugins>
include "$command_file"
include "$CONF/templates/*.conf"
include "$CONF/examples/hosts.conf"
EOF
if validate single "$T/single/icinga2.conf"; then
  check "single: CheckCommand dmk_community exists" has_object CheckCommand dmk_community
  equals "single: CheckCommand runs PluginDir/check_dmk_community" \
    "$(attribute CheckCommand dmk_community command)" "[ \"$plugin_dir/check_dmk_community\" ]"
  timeout=$(attribute CheckCommand dmk_community timeout)
  default_t=$(icinga2 object list "${I2[@]}" --type CheckCommand --name dmk_community | sed -nE 's/^    \* dmk_timeout = (.*)$/\1/p')
  check "single: CheckCommand timeout ($timeout s) is above the plugin's -t ($default_t s) plus 10 s" \
    test "${timeout%.*}" -ge $((${default_t%.*} + 10))

  expected_services=(
    dmk-lindenhof!dmk-community-lindenhof dmk-lindenhof!dmk-keys-lindenhof
    dmk-seeblick!dmk-community-seeblick-nord dmk-seeblick!dmk-keys-seeblick-nord
    dmk-seeblick!dmk-community-seeblick-sued
    dmk-parkallee!dmk-community-parkallee dmk-parkallee!dmk-keys-parkallee
    dmk-birkenweg!dmk-community-birkenweg dmk-birkenweg!dmk-keys-birkenweg)
  services=$(objects Service)
  for s in "${expected_services[@]}"; do
    check "single: service $s exists (one per dictionary entry)" grep -qxF -- "$s" <<<"$services"
  done
  equals "single: no other services" "$(wc -l <<<"$services")" "${#expected_services[@]}"
  lacks "single: dmk_keys_monitored = false leaves out the dead man's switch" "$services" "dmk-keys-seeblick-sued"
  for c in lindenhof seeblick-nord parkallee birkenweg; do
    host=$(grep -F "dmk-community-$c" <<<"$services" | cut -d'!' -f1)
    equals "single: dmk-community-$c gets the key as dmk_community" \
      "$(icinga2 object list "${I2[@]}" --type Service --name "$host!dmk-community-$c" | sed -nE 's/^    \* dmk_community = (.*)$/\1/p')" "\"$c\""
  done
  equals "single: entry values become service vars (dmk_port)" \
    "$(icinga2 object list "${I2[@]}" --type Service --name 'dmk-seeblick!dmk-community-seeblick-nord' | sed -nE 's/^    \* dmk_port = (.*)$/\1/p')" 8443
  equals "single: dmk_timeout 25 raises check_timeout to 35" \
    "$(attribute Service 'dmk-parkallee!dmk-community-parkallee' check_timeout)" 35
  equals "single: default check_timeout comes from the CheckCommand (unset on the service)" \
    "$(attribute Service 'dmk-lindenhof!dmk-community-lindenhof' check_timeout)" null
  equals "single: community server host check is TCP, not ICMP" "$(attribute Host dmk-lindenhof check_command)" '"tcp"'
  equals "single: dead man's switch threshold from dmk_keys_freshness (48h)" \
    "$(attribute Service 'dmk-seeblick!dmk-keys-seeblick-nord' check_interval)" 172800
  equals "single: dead man's switch default threshold 24h" \
    "$(attribute Service 'dmk-lindenhof!dmk-keys-lindenhof' check_interval)" 86400
  equals "single: dead man's switch accepts passive results" \
    "$(attribute Service 'dmk-lindenhof!dmk-keys-lindenhof' enable_passive_checks)" true
  check "single: dependency uplink -> dmk-seeblick exists" has_object Dependency 'dmk-seeblick!dmk-uplink'
  equals "single: uplink dependency parent" "$(attribute Dependency 'dmk-seeblick!dmk-uplink' parent_host_name)" \
    '"contractor-seeblick-router"'
  check "single: dead man's switch depends on the community's connection check" \
    has_object Dependency 'dmk-lindenhof!dmk-keys-lindenhof!dmk-keys-need-connection'
  equals "single: ... whose parent is dmk-community-lindenhof" \
    "$(attribute Dependency 'dmk-lindenhof!dmk-keys-lindenhof!dmk-keys-need-connection' parent_service_name)" \
    '"dmk-community-lindenhof"'
  check "single: API user for the cloud exists when DmkCloudKeysPassword is defined" has_object ApiUser dmk-cloud-keys
  perms=$(icinga2 object list "${I2[@]}" --type ApiUser --name dmk-cloud-keys | grep -E 'permission = ')
  equals "single: the cloud's API user has exactly one permission" "$(wc -l <<<"$perms")" 1
  contains "single: ... and it is actions/process-check-result" "$perms" '"actions/process-check-result"'
  for n in 'dmk-lindenhof!dmk-community-lindenhof!dmk-mail' 'dmk-lindenhof!dmk-community-lindenhof!dmk-webhook' \
    'dmk-lindenhof!dmk-mail' 'dmk-lindenhof!dmk-webhook'; do
    check "single: notification $n exists" has_object Notification "$n"
  done
  contains "single: community hosts import dmk-community-server" "$(attribute Host dmk-lindenhof templates)" 'dmk-community-server'
  I2_SINGLE=("${I2[@]}")
fi

# --- 2. the ApiUser only exists with its password constant -------------------------------------------
mkdir -p "$T/nopassword"
sed '/DmkCloudKeysPassword/d' "$T/single/icinga2.conf" >"$T/nopassword/icinga2.conf"
if validate nopassword "$T/nopassword/icinga2.conf"; then
  check "nopassword: no API user without DmkCloudKeysPassword" test -z "$(objects ApiUser)"
fi

# --- 3. as the package installs it: among all of Debian's ITL plugins-contrib commands -------------
# A copy of Debian's include dir with the CheckCommand added to plugins-contrib.d, loaded by the
# stock `include <plugins-contrib>` line: no name clashes with the rest of the ITL.
mkdir -p "$T/itl/include" "$T/itl/etc"
cp -r /usr/share/icinga2/include/. "$T/itl/include/"
cp "$command_file" "$T/itl/include/plugins-contrib.d/dmk_community.conf"
cat >"$T/itl/etc/icinga2.conf" <<EOF
const NodeName = "dmk-validate"
const ZoneName = "dmk-validate"
const PluginDir = "$plugin_dir"
const PluginContribDir = "$plugin_dir"
const ManubulonPluginDir = "$plugin_dir"
include <itl>
include <plugins>
include <plugins-contrib>
include <manubulon>
include <windows-plugins>
include <nscp>
include "$CONF/templates/*.conf"
include "$CONF/examples/hosts.conf"
EOF
chmod -R a+rX "$T/itl"
if validate itl "$T/itl/etc/icinga2.conf" -DPkgDataDir="$T/itl" -DIncludeConfDir="$T/itl/include"; then
  check "itl: dmk_community loaded through include <plugins-contrib>" has_object CheckCommand dmk_community
  equals "itl: ... from plugins-contrib.d" \
    "$(icinga2 object list "${I2[@]}" --type CheckCommand --name dmk_community | sed -nE 's/^    \* path = (.*)$/\1/p' | head -n1)" \
    "\"$T/itl/include/plugins-contrib.d/dmk_community.conf\""
fi

# --- 4. spread over satellite zones: the zones.d example as the master sees it ----------------------
mkdir -p "$T/zones/zones.d"
cp -r "$CONF/zones.d/global-templates" "$CONF/zones.d/master" "$CONF/zones.d/dmk-satellites-a" "$CONF/zones.d/dmk-satellites-b" "$T/zones/zones.d/"
cp "$CONF"/templates/*.conf "$T/zones/zones.d/global-templates/"
cat >"$T/zones/icinga2.conf" <<EOF
const NodeName = "icinga-master.example.net"
const ZoneName = "master"
const PluginDir = "$plugin_dir"
include "$CONF/zones.d/zones.conf.example"
include <itl>
include <plugins>
include "$command_file"
EOF
chown -R nagios:nagios "$T/zones"
if validate zones "$T/zones/icinga2.conf"; then
  equals "zones: lindenhof's check belongs to satellite zone a" \
    "$(attribute Service 'dmk-lindenhof!dmk-community-lindenhof' zone)" '"dmk-satellites-a"'
  equals "zones: parkallee's check belongs to satellite zone b" \
    "$(attribute Service 'dmk-parkallee!dmk-community-parkallee' zone)" '"dmk-satellites-b"'
  equals "zones: seeblick-nord runs on the cloud probe (command_endpoint)" \
    "$(attribute Service 'dmk-seeblick!dmk-community-seeblick-nord' command_endpoint)" '"dmk-probe-cloud.example.net"'
  equals "zones: the master checks satellite zone a itself (cluster-zone)" \
    "$(attribute Host 'dmk-satellites-a' zone) $(attribute Host 'dmk-satellites-a' check_command)" '"master" "cluster-zone"'
  check "zones: a disconnected probe holds back its pinned checks (dependency)" \
    has_object Dependency 'dmk-seeblick!dmk-community-seeblick-nord!dmk-probe-connected'
  equals "zones: the probe's node check runs Icinga's own check on the probe (accept_commands, config sync)" \
    "$(attribute Service 'dmk-probe-cloud.example.net!dmk-node-dmk-probe-cloud.example.net' check_command) $(attribute Service 'dmk-probe-cloud.example.net!dmk-node-dmk-probe-cloud.example.net' command_endpoint)" \
    '"icinga" "dmk-probe-cloud.example.net"'
  equals "zones: the master runs a node check on each endpoint of satellite zone a" \
    "$(objects Service | grep -E '^dmk-satellites-a!dmk-node-' | tr '\n' ' ')" \
    'dmk-satellites-a!dmk-node-dmk-sat-a1.example.net dmk-satellites-a!dmk-node-dmk-sat-a2.example.net '
  equals "zones: ... in the master's zone" \
    "$(attribute Service 'dmk-satellites-a!dmk-node-dmk-sat-a1.example.net' zone)" '"master"'
  equals "zones: a pinned check waits for its probe's node check" \
    "$(attribute Dependency 'dmk-seeblick!dmk-community-seeblick-nord!dmk-probe-connected' parent_service_name)" \
    '"dmk-node-dmk-probe-cloud.example.net"'
  check "zones: the probe's node check waits for the probe to be connected" \
    has_object Dependency 'dmk-probe-cloud.example.net!dmk-node-dmk-probe-cloud.example.net!dmk-node-connected'
  equals "zones: our on-call hears about the probe, the zones and the node checks (and only they)" \
    "$(objects Notification | grep -E 'dmk-cluster-mail$' | tr '\n' ' ')" \
    "dmk-probe-cloud.example.net!dmk-cluster-mail dmk-probe-cloud.example.net!dmk-node-dmk-probe-cloud.example.net!dmk-cluster-mail dmk-satellites-a!dmk-cluster-mail dmk-satellites-a!dmk-node-dmk-sat-a1.example.net!dmk-cluster-mail dmk-satellites-a!dmk-node-dmk-sat-a2.example.net!dmk-cluster-mail dmk-satellites-b!dmk-cluster-mail dmk-satellites-b!dmk-node-dmk-sat-b1.example.net!dmk-cluster-mail "
  equals "zones: ... by mail to dmk-oncall" \
    "$(attribute Notification 'dmk-probe-cloud.example.net!dmk-node-dmk-probe-cloud.example.net!dmk-cluster-mail' user_groups)" \
    '[ "dmk-oncall" ]'
  lacks "zones: no staff or contractor rule for the cluster's own checks" \
    "$(objects Notification | grep -E '^dmk-(probe-cloud|satellites-)')" 'dmk-staff'
  equals "zones: templates come from the global zone" \
    "$(icinga2 object list "${I2[@]}" --type Service --name 'dmk-lindenhof!dmk-community-lindenhof' | sed -nE 's/^    \* path = (.*)$/\1/p' | head -n1)" \
    "\"$T/zones/zones.d/global-templates/services.conf\""
fi

# --- 4b. a missing piece fails loudly: a host pinned to an endpoint without its probe Host -------------
mkdir -p "$T/noprobe/zones.d"
cp -r "$T/zones/zones.d/." "$T/noprobe/zones.d/"
awk '/^object Host "dmk-probe-cloud.example.net"/ { skip = 1 } skip && /^}/ { skip = 0; next } !skip' \
  "$CONF/zones.d/dmk-satellites-a/communities.conf" >"$T/noprobe/zones.d/dmk-satellites-a/communities.conf"
sed "s|$T/zones|$T/noprobe|" "$T/zones/icinga2.conf" >"$T/noprobe/icinga2.conf"
chown -R nagios:nagios "$T/noprobe"
mkdir -p "$T/noprobe-run/"{data,log,cache,spool,run}
mapfile -t I2 < <(icinga_dir_args "$T/noprobe-run" "$T/noprobe-run")
chown -R nagios:nagios "$T/noprobe-run"
noprobe=$(icinga2 daemon -C -c "$T/noprobe/icinga2.conf" "${I2[@]}" -DZonesDir="$T/noprobe/zones.d" 2>&1)
equals "zones without the probe's Host: icinga2 daemon -C fails" "$?" 1
contains "zones without the probe's Host: ... naming the pinned check's dependency and the missing host" "$noprobe" \
  "dmk-probe-connected.*(parent host|doesn't exist|does not exist)"

# --- 4c. the satellite's view: what the config sync gives satellite a (global-templates + its zone) --------
# sat_view NAME [EXTRA_ZONE_FILE]: validates that view as dmk-sat-a1 would; EXTRA_ZONE_FILE goes into zone a.
sat_view() {
  local d=$T/$1
  mkdir -p "$d/zones.d" "$d/run/"{data,log,cache,spool,run}
  cp -r "$T/zones/zones.d/global-templates" "$T/zones/zones.d/dmk-satellites-a" "$d/zones.d/"
  [[ -n ${2:-} ]] && cp "$2" "$d/zones.d/dmk-satellites-a/"
  sed -e 's/^const NodeName = .*/const NodeName = "dmk-sat-a1.example.net"/' \
    -e 's/^const ZoneName = .*/const ZoneName = "dmk-satellites-a"/' "$T/zones/icinga2.conf" >"$d/icinga2.conf"
  chown -R nagios:nagios "$d"
  mapfile -t I2 < <(icinga_dir_args "$d/run" "$d/run")
  icinga2 daemon -C -c "$d/icinga2.conf" "${I2[@]}" -DZonesDir="$d/zones.d" >"$d/validate.log" 2>&1
}
sat_view satview
equals "satellite's view: the shipped layout validates on satellite a too" "$?" 0
# People only in the master's zone: the master accepts it, the satellite rejects its zone's config.
mkdir -p "$T/people"
printf 'object User "e2e-master-only" { email = "oncall@example.net" }\n' >"$T/zones/zones.d/master/e2e_people.conf"
cat >"$T/people/e2e_rule.conf" <<'EOF2'
apply Notification "e2e-people" to Service {
  command = "dmk-cluster-mail-service"
  users = [ "e2e-master-only" ]
  assign where service.vars.dmk_community
}
EOF2
cp "$T/people/e2e_rule.conf" "$T/zones/zones.d/dmk-satellites-a/"
mkdir -p "$T/people-master/"{data,log,cache,spool,run}
chown -R nagios:nagios "$T/zones" "$T/people-master"
mapfile -t I2 < <(icinga_dir_args "$T/people-master" "$T/people-master")
icinga2 daemon -C -c "$T/zones/icinga2.conf" "${I2[@]}" -DZonesDir="$T/zones/zones.d" >"$T/people-master/validate.log" 2>&1
equals "users in the master's zone: the master's icinga2 daemon -C accepts it (it has every zone)" "$?" 0
rm -f "$T/zones/zones.d/master/e2e_people.conf" "$T/zones/zones.d/dmk-satellites-a/e2e_rule.conf"
sat_view people-sat "$T/people/e2e_rule.conf"
equals "users in the master's zone: satellite a rejects its zone's config" "$?" 1
contains "users in the master's zone: ... because the user does not exist there" "$(cat "$T/people-sat/validate.log")" \
  "Attribute 'users': Object 'e2e-master-only' of type 'User' does not exist"

# --- 5. the README's worked example, as a new user pastes it --------------------------------------
readme_doc=$REPO_DIR/README.md
check "readme: the README has its Icinga 2 set-up section" grep -q '^## Icinga 2 set-up$' "$readme_doc"
mkdir -p "$T/readme"
sed -n "/^cat > \/etc\/icinga2\/conf.d\/dmk_hosts.conf <<'EOF'$/,/^EOF$/p" "$readme_doc" | sed '1d;$d' >"$T/readme/dmk_hosts.conf"
check "readme: the worked example's host config found in $(basename "$readme_doc")" grep -q 'dmk_communities\[' "$T/readme/dmk_hosts.conf"
cat >"$T/readme/icinga2.conf" <<EOF
const NodeName = "dmk-validate"
const ZoneName = "dmk-validate"
const PluginDir = "$plugin_dir"
include <itl>
include <plugins>
include "$command_file"
include "$CONF/templates/*.conf"
include "$T/readme/dmk_hosts.conf"
EOF
if validate readme "$T/readme/icinga2.conf"; then
  check "readme: the example creates dmk-community-lindenhof" has_object Service 'dmk-lindenhof!dmk-community-lindenhof'
  check "readme: ... and its dead man's switch" has_object Service 'dmk-lindenhof!dmk-keys-lindenhof'
fi

# --- 6. README's Options table is the CLI contract: each option is a CheckCommand argument ---------
# Arguments as Icinga parsed them (keys, and `key` overrides such as -v_2 -> -v).
[[ -n ${I2_SINGLE[*]:-} ]] || die "the single-node config did not validate; cannot read the CheckCommand"
command_dump=$(icinga2 object list "${I2_SINGLE[@]}" --type CheckCommand --name dmk_community)
arg_keys=$(sed -nE 's/^    \* (-[^ ]+)$/\1/p' <<<"$command_dump" | sort -u)
override_keys=$(sed -nE 's/^      \* key = "(.*)"$/\1/p' <<<"$command_dump" | sort -u)
all_keys=$(printf '%s\n%s\n' "$arg_keys" "$override_keys" | sort -u)
check "CheckCommand has arguments" test -n "$arg_keys"
# Each `...` group in the first column is one option in its short and long forms ("-H, --hostname
# HOST", "-4, --ipv4"); a row may hold several groups ("--dns-warning RANGE`, `--dns-critical
# RANGE"). A group is covered when either form is an argument.
groups=$(awk '/^## Usage and options/{inside=1; next} /^## /{inside=0} inside && /^\| `-/' "$REPO_DIR/README.md" |
  cut -d'|' -f2 | grep -oE -- '`[^`]+`' | tr -d '`')
check "README's Options table lists options" test -n "$groups"
while IFS= read -r group; do
  forms=$(grep -oE -- '(^|[ ,])--?[A-Za-z0-9][A-Za-z0-9-]*' <<<"$group" | sed -E 's/^[ ,]//')
  covered=0
  while IFS= read -r form; do
    grep -qxF -- "$form" <<<"$all_keys" && covered=1
  done <<<"$forms"
  if [[ $covered -eq 1 ]]; then
    pass "README option '$group' is a CheckCommand argument"
  else
    fail "README option '$group' is not a CheckCommand argument"
  fi
done <<<"$groups"

# Every argument has a description (ITL style), and no argument carries a secret.
no_description=$(awk '
  /^    \* -/ { if (key != "" && !described) print key; key = $2; described = 0; next }
  /^      \* description = "/ { described = 1 }
  /^  \* [a-z]/ { if (key != "" && !described) print key; key = "" }
  END { if (key != "" && !described) print key }' <<<"$command_dump")
check "every CheckCommand argument has a description${no_description:+ (missing: $no_description)}" test -z "$no_description"
check "no argument takes a password, token or secret value" \
  test -z "$(grep -iE '^      \* value = "\$[a-z_]*(pass|password|token|secret)[a-z_]*\$"' <<<"$command_dump" || true)"
equals "the secret reaches the plugin through env DMK_CREDENTIALS" \
  "$(sed -nE 's/^    \* DMK_CREDENTIALS = (.*)$/\1/p' <<<"$command_dump")" '"$dmk_credentials_pass$"'

finish
