#!/bin/bash
# The built-in demo: builds the plugin and the DMK simulator, starts the simulator with one healthy and
# several broken communities (in a private network namespace, loopback only), and runs the plugin
# against each, so a newcomer sees real output in a minute.
set -euo pipefail
. "$(dirname "$0")/as_root.sh"
cd "$(dirname "$0")/.."
if [ "${DMK_IN_NETNS:-}" != 1 ]; then
  bash scripts/deps.sh build
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j"$(nproc)" --target check_dmk_community dmk_sim
  exec bash tests/run_in_netns.sh bash "$0" "$@"
fi

build=${DMK_BUILD_DIR:-$PWD/build}   # the test of this demo hands in its own build directory
plugin=$build/plugin/check_dmk_community
dir=$(mktemp -d /tmp/dmk-demo.XXXXXX)
. tests/sim/start.sh
. scripts/shell_quote.sh
trap 'sim_stop; rm -rf "$dir"' EXIT
sim_start "$build/tests/sim/dmk_sim" "$dir/sim" \
  --listen 18443:ok --listen 18444:expired --listen 18446:hang --listen 18447:auth_basic=frontdesk:Winter2026 \
  --listen 18448:status=500 --listen 18449:expiring=20 --listen 18450:wronghost
printf 'frontdesk:wrong-password\n' > "$dir/secret" && chmod 600 "$dir/secret"

run() {
  local title=$1
  shift
  echo "----- $title"
  # Quoted for the shell, so the command can be copied and pasted as it is.
  echo "\$ $(shell_quote check_dmk_community "$@")" | sed "s#$dir#/tmp/demo#g"
  set +e
  "$plugin" "$@"
  echo "(exit code $?)"
  set -e
  echo
}
ca=(--ca-file "$dir/sim/ca.pem")
run "a healthy community" -H dmk.test -p 18443 "${ca[@]}" --community "Oak Park" -u /api/status --expect-body '"status":"ok"'
run "an expired certificate" -H dmk.test -p 18444 "${ca[@]}" --community "Birch Court"
run "a server that is down" -H dmk.test -p 18445 "${ca[@]}" --community "Cedar Heights"
run "a hung service (3 s timeout)" -H dmk.test -p 18446 "${ca[@]}" --community "Maple Gardens" -t 3
run "rejected credentials" -H dmk.test -p 18447 "${ca[@]}" --community "Elm Square" --auth basic --credentials-file "$dir/secret"
run "a server error" -H dmk.test -p 18448 "${ca[@]}" --community "Pine Ridge"
run "a certificate that expires in 20 days" -H dmk.test -p 18449 "${ca[@]}" --community "Willow Bay"
run "a certificate for another name" -H dmk.test -p 18450 "${ca[@]}" --community "Aspen Row"
run "a DNS failure" -H dmk-community.invalid --community "Juniper Park"
