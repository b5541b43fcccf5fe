#!/bin/bash
# The commands scripts/demo.sh prints can be copied and pasted. Runs the demo (inside
# run_in_netns.sh, with the build directory of this test run) and reads every printed command back with
# the shell: every one must parse, "Oak Park" must stay one word and --expect-body's '"status":"ok"' must
# keep its quotes.
#
# Usage: tests/scripts/demo_commands_test.sh BUILD_DIR   (inside tests/run_in_netns.sh)
set -euo pipefail
build=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(cd "$root" && DMK_IN_NETNS=1 DMK_BUILD_DIR="$build" timeout 120 bash scripts/demo.sh 2>&1)
fail() { echo "FAIL: $*" >&2; printf '%s\n' "$out" >&2; exit 1; }

mapfile -t commands < <(printf '%s\n' "$out" | sed -n 's/^\$ //p')
[[ ${#commands[@]} -ge 9 ]] || fail "expected at least 9 commands, found ${#commands[@]}"
for command in "${commands[@]}"; do
  words=()
  eval "words=($command)" || fail "the shell cannot read: $command"
  [[ ${words[0]} == check_dmk_community ]] || fail "not a plugin command: $command"
done

healthy=$(printf '%s\n' "${commands[@]}" | grep -e '--community .Oak Park' || true)
[[ -n $healthy ]] || fail "no healthy command with --community 'Oak Park'"
eval "words=($healthy)"
found_community=0
found_body=0
for ((i = 1; i < ${#words[@]}; i++)); do
  [[ ${words[i]} == --community && ${words[i + 1]} == "Oak Park" ]] && found_community=1
  [[ ${words[i]} == --expect-body && ${words[i + 1]} == '"status":"ok"' ]] && found_body=1
done
[[ $found_community == 1 ]] || fail "'Oak Park' is not one word in: $healthy"
[[ $found_body == 1 ]] || fail "--expect-body lost its quotes in: $healthy"
echo "ok: ${#commands[@]} commands read back by the shell; the healthy one keeps 'Oak Park' and '\"status\":\"ok\"'"
