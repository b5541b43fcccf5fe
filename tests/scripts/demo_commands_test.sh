#!/bin/bash
# The commands scripts/demo.sh prints can be copied and pasted. Runs the demo (inside
# run_in_netns.sh, with the build directory of this test run) and reads every printed command back with
# the shell: every one must parse, "Oak Park" must stay one word and --expect-body's '"status":"ok"' must
# keep its quotes.
#
# Usage: tests/scripts/demo_commands_test.sh BUILD_DIR   (inside tests/run_in_netns.sh)
set -uo pipefail
source "$(dirname "$0")/../support/testlib.sh"
build=$(cd "$1" && pwd)
out=$(cd "$REPO_DIR" && DMK_IN_NETNS=1 DMK_BUILD_DIR="$build" timeout 120 bash scripts/demo.sh 2>&1)
# A failure shows what the demo printed.
show_demo_on_failure() { ((failed == 0)) || printf '%s\n' "$out"; }
on_cleanup show_demo_on_failure

mapfile -t commands < <(printf '%s\n' "$out" | sed -n 's/^\$ //p')
((${#commands[@]} >= 9)) || die "expected at least 9 commands, found ${#commands[@]}"
unreadable=() not_plugin=()
for command in "${commands[@]}"; do
  words=()
  eval "words=($command)" || { unreadable+=("$command"); continue; }
  [[ ${words[0]} == check_dmk_community ]] || not_plugin+=("$command")
done
equals "the shell reads all ${#commands[@]} printed commands" "${unreadable[*]}" ""
equals "every printed command runs check_dmk_community" "${not_plugin[*]}" ""

healthy=$(printf '%s\n' "${commands[@]}" | grep -e '--community .Oak Park' || true)
[[ -n $healthy ]] || die "no healthy command with --community 'Oak Park'"
eval "words=($healthy)"
found_community=0
found_body=0
for ((i = 1; i < ${#words[@]}; i++)); do
  [[ ${words[i]} == --community && ${words[i + 1]} == "Oak Park" ]] && found_community=1
  [[ ${words[i]} == --expect-body && ${words[i + 1]} == '"status":"ok"' ]] && found_body=1
done
equals "'Oak Park' is one word in: $healthy" "$found_community" 1
equals "--expect-body keeps its quotes ('\"status\":\"ok\"') in: $healthy" "$found_body" 1
finish
