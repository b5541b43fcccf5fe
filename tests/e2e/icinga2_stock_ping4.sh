#!/bin/bash
# Debian's stock /etc/icinga2 (icinga2-common) applies `ping4` to every host with an address
# (conf.d/services.conf); contractors' firewalls drop ICMP. The README's worked example documents a
# one-line edit of that stock rule. This test takes a copy of the stock configuration, pastes the worked
# example in as the README says, and shows with `icinga2 daemon -C`: ping4 lands on the DMK host without
# the edit, and not with it (while other hosts keep theirs).
#
# Usage: icinga2_stock_ping4.sh PLUGIN_DIR     (no network, no daemon left running; root)
set -uo pipefail

source "$(dirname "$0")/lib.sh"

[[ $# -eq 1 ]] || { echo "usage: $0 PLUGIN_DIR" >&2; exit 2; }
require_root
[[ -r /etc/icinga2/conf.d/services.conf ]] || die "no /etc/icinga2 from icinga2-common"

make_temp_dir icinga2-stock

# The stock files, as the package shipped them: dpkg's checksum of each conffile we rely on.
stock_md5() { dpkg-query -W -f='${Conffiles}\n' icinga2-common | awk -v f="$1" '$1 == f { print $2 }'; }
for f in /etc/icinga2/icinga2.conf /etc/icinga2/conf.d/services.conf /etc/icinga2/conf.d/hosts.conf; do
  equals "$f is Debian's stock file" "$(md5sum <"$f" | cut -d' ' -f1)" "$(stock_md5 "$f")"
done

CONF=$(stage_repo_files "$T/repo")
readme_example() {  # the host config and the sed line of the README's worked example
  sed -n "/^cat > \/etc\/icinga2\/conf.d\/dmk_hosts.conf <<'EOF'$/,/^EOF$/p" "$REPO_DIR/README.md" | sed '1d;$d'
}
ping4_edit=$(grep -E "^sed -i .*assign where host.address.*dmk_server.* /etc/icinga2/conf.d/services.conf$" "$REPO_DIR/README.md")
check "README: the worked example's host config" test -n "$(readme_example)"
check "README: the one-line ping4 edit" test -n "$ping4_edit"

# stock_copy DIR: /etc/icinga2 copied, our templates and the README's hosts in conf.d as the README says.
stock_copy() {
  cp -a /etc/icinga2 "$1"
  mkdir -p "$1/conf.d/dmk"
  cp "$CONF"/templates/*.conf "$1/conf.d/dmk/"
  readme_example >"$1/conf.d/dmk_hosts.conf"
  # The CheckCommand: the package's if installed (include <plugins-contrib>), else the repo's.
  [[ -r /usr/share/icinga2/include/plugins-contrib.d/dmk_community.conf ]] ||
    cp "$CONF/dmk_community.conf" "$1/conf.d/dmk/"
  mkdir -p "$1/data" "$1/log" "$1/cache" "$1/spool" "$1/run"
  chown -R nagios:nagios "$1"
}
# services DIR: the services `icinga2 daemon -C` made from the copy, one "host!service" per line.
services() {
  local d=$1 dirs
  mapfile -t dirs < <(icinga_dir_args "$d" "$d")
  dirs+=(-DPluginDir="$PLUGIN_DIR")
  icinga2 daemon -C -c "$d/icinga2.conf" "${dirs[@]}" >"$d/validate.log" 2>&1 || return 1
  icinga2 object list "${dirs[@]}" --type Service 2>/dev/null | sed -nE "s/^Object '(.*)' of type 'Service':$/\1/p" | sort
}
PLUGIN_DIR=$1

stock_copy "$T/before"
before=$(services "$T/before") || { grep -v information/ "$T/before/validate.log" | head -30; die "daemon -C rejected the stock copy"; }
pass "stock copy with the worked example: icinga2 daemon -C accepts it"
contains "without the edit: the DMK host gets the stock ping4" "$before" '^dmk-lindenhof!ping4$'

stock_copy "$T/after"
edit=${ping4_edit//\/etc\/icinga2/$T/after}
bash -c "$edit" || fail "the README's sed line failed"
check "the edit changed exactly one line of services.conf" \
  test "$(diff /etc/icinga2/conf.d/services.conf "$T/after/conf.d/services.conf" | grep -c '^>')" = 1
after=$(services "$T/after") || { grep -v information/ "$T/after/validate.log" | head -30; die "daemon -C rejected the edited copy"; }
pass "edited stock copy: icinga2 daemon -C accepts it"
lacks "with the edit: no ping4 on the DMK host" "$after" 'dmk-lindenhof!ping4'
contains "with the edit: the DMK host keeps its community check" "$after" '^dmk-lindenhof!dmk-community-lindenhof$'
stock_host=$(grep '!ping4$' <<<"$after" | grep -v '^dmk-' | head -n1)
check "with the edit: the stock hosts keep their ping4 ($stock_host)" test -n "$stock_host"
finish
