#!/bin/bash
# The whole test suite, as CI runs it: installs what it needs (Debian 12, as root), checks the code limits
# (scripts/lint.sh), builds with warnings as errors, runs unit, integration and end-to-end tests (real icinga2
# and NRPE daemons) in private network namespaces, the same tests again under ASan+UBSan, the package tests, the
# release path (tag, signed apt repository, upgrade, rollback) and the demo in a brand-new Debian 12 root file system.
#   usage: scripts/test.sh [--no-asan] [--no-package] [--no-fresh]
set -euo pipefail
. "$(dirname "$0")/as_root.sh"
cd "$(dirname "$0")/.."
asan=1
package=1
fresh=1
for arg in "$@"; do
  case "$arg" in
    --no-asan) asan=0 ;;
    --no-package) package=0 ;;
    --no-fresh) fresh=0 ;;
    *) echo "usage: $0 [--no-asan] [--no-package] [--no-fresh]" >&2; exit 2 ;;
  esac
done
jobs=$(nproc)
passed=0
failed=0
stage() {
  local name=$1
  shift
  echo "=== $name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "=== $name: passed in $((SECONDS - start)) s"
  else
    failed=$((failed + 1))
    echo "=== $name: FAILED after $((SECONDS - start)) s"
  fi
}

bash scripts/deps.sh all

# ctest_all DIR: every registered test. Fails when there are none (--no-tests=error) and when any was
# skipped ("The following tests did not run"): a test that checked nothing is not a pass.
ctest_all() {
  local log="$1/ctest-all.log"
  (cd "$1" && ctest -j"$jobs" --output-on-failure --timeout 900 --no-tests=error) 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" = 0 ] || return 1
  if grep -q 'The following tests did not run' "$log"; then
    echo "ctest: tests were skipped (listed above); CI needs every one to run"
    return 1
  fi
}

build_and_test() {
  local dir=$1
  shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDMK_WERROR=ON "$@" &&
    cmake --build "$dir" -j"$jobs" &&
    ctest_all "$dir"
}

# The code limits (format, functions <= 60 lines and cognitive complexity <= 25, common/ files <= 400 lines):
# scripts/lint.sh. Its packages came with `deps.sh all` above, so it need not run apt-get again.
stage "lint: format, function size and complexity, file length" env CI= bash scripts/lint.sh
stage "build (-Werror) and all tests" build_and_test build
if [ "$asan" = 1 ]; then
  # The daemons' end-to-end tests run the release binary only: the sanitizers change nothing there, and
  # their reports on stderr would be merged into Icinga's output.
  stage "ASan+UBSan build and tests" build_and_test build-asan -DDMK_SANITIZE=ON -DDMK_E2E=OFF
fi
# Memory safety beyond ASan: the release binary and the unit tests under valgrind memcheck.
stage "valgrind memcheck (plugin runs and unit tests)" bash scripts/valgrind.sh build
# Bad input: each libFuzzer target over its committed corpus (crash regressions included), then a fixed
# number of inputs from a fixed seed, the same every run (the longer, random exploration: tests/fuzz/run.sh
# --explore SECONDS).
stage "libFuzzer: the corpus, then fixed-seed inputs" bash tests/fuzz/run.sh --ci
# A stage whose script is missing fails (bash cannot open it) rather than being skipped.
if [ "$package" = 1 ]; then
  stage ".deb: lintian, reproducibility, install, purge" \
    bash packaging/test-deb.sh --installed-test "bash tests/run_in_netns.sh bash tests/e2e/icinga2_e2e.sh --installed --sim $PWD/build/tests/sim/dmk_sim && bash tests/run_in_netns.sh bash tests/e2e/installed_e2e.sh --sim $PWD/build/tests/sim/dmk_sim"
fi
# The web front ends with their real daemons (carbon-cache, graphite-web, redis, PostgreSQL, icingadb, php-fpm,
# nginx, headless Chromium, Director): large packages, own stage.
stage "web: Graphite, Icinga Web 2, Director" bash tests/web/run.sh build
if [ "$package" = 1 ]; then
  # A release from an annotated tag (and the refusals), a signed apt repository, apt-get install of 0.1.0, the
  # upgrade to this version with an operator's files and a running icinga2, and the rollback.
  stage "release from a tag, signed apt repository, upgrade from 0.1.0, rollback" bash packaging/test-release.sh
fi
if [ "$fresh" = 1 ]; then
  # The README's demo as root in a brand-new Debian 12 minbase root file system without /etc/hosts.
  stage "fresh Debian 12 root file system: the demo" bash tests/fresh/fresh_debian.sh
fi
# Proves the benchmark still runs; its timing targets are judged by the full run (bench/run.sh), not in CI.
stage "benchmark, quick mode" bash bench/run.sh --quick
echo "stages: $passed passed, $failed failed"
[ "$failed" = 0 ]
