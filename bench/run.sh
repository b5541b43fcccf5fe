#!/bin/bash
# Side-by-side benchmark of check_dmk_community and Debian's check_curl doing the same HTTPS check
# against a loopback TLS 1.3 server (the DMK simulator), once with a private CA file and once against
# the system trust store with that CA added. See bench/README.md for what it measures and the targets.
#   usage: sudo bash bench/run.sh [--quick]
# --quick: few runs (well under a minute once built), for CI: prints the same table and whether the
# targets hold, but exits 0 unless the benchmark itself broke. Full mode exits 1 when a target fails.
# Environment: DMK_BENCH_BUILD (build directory, default build-bench), DMK_BENCH_OUT (results directory,
# default $DMK_BENCH_BUILD/bench-results).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
build=${DMK_BENCH_BUILD:-$repo/build-bench}
out=${DMK_BENCH_OUT:-$build/bench-results}
check_curl=/usr/lib/nagios/plugins/check_curl
quick=()
case "${1:-}" in
  "") ;;
  --quick) quick=(--quick) ;;
  *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac

if [ "${DMK_BENCH_IN_NETNS:-}" != 1 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "run as root: the benchmark installs packages and makes private network and mount namespaces" >&2
    exit 2
  fi
  # The project's build dependencies, then what only the benchmark needs. check_curl is in
  # monitoring-plugins-standard, whose libraries (liburiparser1 for check_curl) are only Recommends.
  bash "$repo/scripts/deps.sh" build
  packages=(python3 valgrind time openssl dpkg-dev monitoring-plugins-standard liburiparser1)
  missing=()
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  echo "== building check_dmk_community and dmk_sim in $build, with the Debian package's flags"
  . "$here/package-flags.sh"
  cmake -S "$repo" -B "$build" "${package_cmake_flags[@]}" -DDMK_BUILD_TESTS=ON -DDMK_E2E=OFF >/dev/null
  cmake --build "$build" -j2 --target check_dmk_community dmk_sim >/dev/null
  # The floor (bench/floor.c): one libcurl GET and nothing else, built with the same flags.
  mkdir -p "$build/bench"
  cc $CFLAGS $CPPFLAGS -fstack-clash-protection "$here/floor.c" -o "$build/bench/dmk_bench_floor" $LDFLAGS -lcurl -lcrypto
  export DMK_BENCH_IN_NETNS=1 DMK_BENCH_BUILD="$build" DMK_BENCH_OUT="$out"
  exec bash "$repo/tests/run_in_netns.sh" bash "$here/run.sh" "$@"
fi

# From here on: a private network namespace (loopback only, dmk.test -> 127.0.0.1/::1) and a private
# mount namespace, made by tests/run_in_netns.sh.
plugin="$build/plugin/check_dmk_community"
sim="$build/tests/sim/dmk_sim"
floor="$build/bench/dmk_bench_floor"
[ -x "$plugin" ] && [ -x "$sim" ] && [ -x "$floor" ] ||
  { echo "check_dmk_community, dmk_sim or dmk_bench_floor not found in $build" >&2; exit 2; }
[ -x "$check_curl" ] || { echo "$check_curl is missing (monitoring-plugins-standard)" >&2; exit 2; }

# Both tools, the simulator and the measuring script run at a higher priority than anything else on the
# machine (builds, other tests), which otherwise shows up as noise in the timings. The same for both tools.
renice -n -10 -p $$ >/dev/null

work=$(mktemp -d /tmp/dmk-bench.XXXXXX)
. "$repo/tests/sim/start.sh"
cleanup() {
  sim_stop
  rm -rf "$work"
}
trap cleanup EXIT
port=18443
silent_port=18445
sim_start "$sim" "$work/sim" --listen "$port:ok" --listen "$silent_port:silent" || exit 2

# The system trust store plus the simulator's CA: a copy of /etc/ssl/certs with the CA added to the
# hashed directory (openssl rehash) and appended to the bundle, mounted over /etc/ssl/certs by measure.py
# for the second scenario only, in this mount namespace only.
store="$work/certs"
cp -a /etc/ssl/certs "$store"
cp "$work/sim/ca.pem" "$store/dmk-bench-ca.pem"
cat "$work/sim/ca.pem" >> "$store/ca-certificates.crt"
openssl rehash "$store" 2>/dev/null

python3 "$here/measure.py" "${quick[@]}" --plugin "$plugin" --check-curl "$check_curl" --floor "$floor" --port "$port" \
  --silent-port "$silent_port" --ca-file "$work/sim/ca.pem" --trust-store "$store" --out "$out" \
  --server-pid "$SIM_PID"
