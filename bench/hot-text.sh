#!/bin/bash
# Regenerates cmake/hot-text.ld, the list of the code one check runs (see bench/hot_text.py for why): builds the
# plugin without the list and with a link map, profiles it with callgrind against the DMK simulator in a private
# network namespace (a healthy server with a CA file, the same through an --extra-opts ini file, an HTTP 500 and
# an expired certificate), and writes the functions that ran. Run it after a change that moves much code, or
# after a toolchain update; the benchmark (bench/run.sh) shows whether the plugin's resident size held.
#   usage: sudo bash bench/hot-text.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
build=${DMK_HOT_BUILD:-$repo/build-hot}

if [ "${DMK_HOT_IN_NETNS:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "run as root: it makes a private network namespace" >&2; exit 2; }
  command -v valgrind >/dev/null || { apt-get update -qq; apt-get install -y -qq --no-install-recommends valgrind >/dev/null; }
  . "$here/package-flags.sh"  # the flags the package is built with, so that the names match its functions
  cmake -S "$repo" -B "$build" "${package_cmake_flags[@]}" -DDMK_BUILD_TESTS=ON -DDMK_E2E=OFF \
    -DDMK_HOT_TEXT=OFF >/dev/null
  cmake --build "$build" -j2 --target check_dmk_community dmk_sim >/dev/null
  export DMK_HOT_IN_NETNS=1 DMK_HOT_BUILD="$build"
  exec bash "$repo/tests/run_in_netns.sh" bash "$here/hot-text.sh"
fi

plugin="$build/plugin/check_dmk_community"
work=$(mktemp -d /tmp/dmk-hot.XXXXXX)
. "$repo/tests/sim/start.sh"
cleanup() {
  sim_stop
  rm -rf "$work"
}
trap cleanup EXIT
sim_start "$build/tests/sim/dmk_sim" "$work/sim" --listen 18443:ok --listen 18444:status=500 \
  --listen 18445:expired || exit 2

ca="$work/sim/ca.pem"
printf '[community]\nhostname = dmk.test\nport = 18443\nca-file = %s\nexpect-status = 200\n' "$ca" >"$work/dmk.ini"
runs=(
  "-H dmk.test -p 18443 --expect-status 200 --ca-file $ca"
  "--extra-opts community@$work/dmk.ini"
  "-H dmk.test -p 18444 --ca-file $ca"
  "-H dmk.test -p 18445 --ca-file $ca"
)
profiles=()
for i in "${!runs[@]}"; do
  # shellcheck disable=SC2086 # the run's words are split on purpose
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/cg.$i" "$plugin" ${runs[$i]} \
    >"$work/out.$i" 2>"$work/err.$i" || true
  head -1 "$work/out.$i"
  profiles+=("$work/cg.$i")
done
python3 "$here/hot_text.py" --map "$build/plugin/check_dmk_community.map" --object "$plugin" "${profiles[@]}" \
  >"$work/hot-text.ld"
mv "$work/hot-text.ld" "$repo/cmake/hot-text.ld"
echo "wrote cmake/hot-text.ld ($(grep -c '^    \*' "$repo/cmake/hot-text.ld") input sections)"
