#!/bin/bash
# The web stage of CI (scripts/test.sh): installs the web packages (scripts/deps.sh web), then runs the
# tests of the web front ends against an existing build: Graphite with the graph template, Icinga Web 2 with
# Icinga DB in headless Chromium, Icinga Director with the shipped basket. Each test starts
# its own daemons inside a private network namespace and FAILS when one cannot start, never skips.
# The pictures the tests draw are kept in BUILD/web-artefacts.
#   usage: tests/web/run.sh [BUILD]      (BUILD: the build directory, default build)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=$(realpath "${1:-build}")
bash scripts/deps.sh web
export DMK_WEB_ARTEFACTS=$build/web-artefacts
rm -rf "$DMK_WEB_ARTEFACTS"
mkdir -p "$DMK_WEB_ARTEFACTS"
failed=0
for test in graphite_e2e icingaweb_e2e director_e2e; do
  echo "--- tests/web/$test.sh"
  start=$SECONDS
  if nice -n 10 bash "tests/web/$test.sh" --plugin "$build/plugin/check_dmk_community" --sim "$build/tests/sim/dmk_sim"; then
    echo "--- tests/web/$test.sh: passed in $((SECONDS - start)) s"
  else
    echo "--- tests/web/$test.sh: FAILED after $((SECONDS - start)) s"
    failed=1
  fi
done
echo "artefacts: $DMK_WEB_ARTEFACTS"
exit "$failed"
