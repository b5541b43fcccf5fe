#!/bin/bash
# The README stays written for operators: its two commands (demo, tests) come first, its
# sections keep the order an operator needs them in, "Secrets" is one section, and it stays short.
# Developer, benchmark, robustness and long Icinga material belong in HACKING.md, bench/ and docs/.
#
# Usage: tests/scripts/readme_shape_test.sh [README]   (default: the README.md of this tree)
# First proves on broken copies that each rule fails, then checks README.
set -uo pipefail
source "$(dirname "$0")/../support/testlib.sh"
root=$REPO_DIR
readme=${1:-$root/README.md}
max_lines=450
# The "## " sections that must appear, in this order (others may stand between them).
sections=(
  "What it checks"
  "Install"
  "Usage and options"
  "States, layers and reason codes"
  "Perfdata"
  "Icinga 2 set-up"
  "NRPE and Nagios set-up"
  "Secrets and \`--extra-opts\`"
  "Links"
)

# shape FILE: prints what is wrong with FILE, one line each; returns 1 when anything is.
shape() {
  local file=$1 problems=()
  local top
  top=$(sed -n '1,6p' "$file")
  local expected_top
  expected_top=$(printf '%s\n' '# check_dmk_community' '' '```sh' \
    'bash scripts/demo.sh     # builds, starts the local DMK simulator, runs the plugin against a healthy and several broken communities' \
    'bash scripts/test.sh     # installs what it needs, builds with warnings as errors, runs the whole test suite' '```')
  [[ $top == "$expected_top" ]] || problems+=("the title and the two commands (demo, tests) are not lines 1-6")
  local lines
  lines=$(wc -l <"$file")
  ((lines <= max_lines)) || problems+=("$lines lines, more than $max_lines")
  local next=0 heading
  while IFS= read -r heading; do
    if ((next < ${#sections[@]})) && [[ $heading == "## ${sections[next]}" ]]; then
      next=$((next + 1))
    fi
  done < <(sed '/^```/,/^```/d' "$file" | grep '^## ')
  ((next == ${#sections[@]})) || problems+=("section '## ${sections[next]}' missing or out of order")
  local secrets
  secrets=$(sed '/^```/,/^```/d' "$file" | grep -c '^#.*Secrets' || true)
  ((secrets == 1)) || problems+=("$secrets headings name Secrets (one section for them)")
  ((${#problems[@]} == 0)) && return 0
  printf '%s\n' "${problems[@]}"
  return 1
}

# Each rule fails on a copy that breaks it.
make_temp_dir readme-shape
scratch=$T
expect_failure() {  # NAME EXPECTED-WORDS (stdin: the broken copy)
  local copy=$scratch/$1.md out
  cat >"$copy"
  if out=$(shape "$copy"); then
    fail "self-test '$1': the broken copy passed"
  elif grep -qF -- "$2" <<<"$out"; then
    pass "self-test '$1': the broken copy fails with '$2'"
  else
    fail "self-test '$1' failed for another reason: $out"
  fi
}
# (Input redirected, not piped: a function at the end of a pipeline runs in a subshell, and its counts with it.)
expect_failure no-commands "the two commands" < <(sed '3,6d' "$readme")
expect_failure too-long "more than $max_lines" < <(cat "$readme"; printf '\n%.0s' $(seq 0 $max_lines))
expect_failure order "missing or out of order" \
  < <(sed 's/^## Install$/## Install later/; s/^## Links$/## Install\n\n## Links/' "$readme")
expect_failure two-secrets "headings name Secrets" < <(sed 's/^## Perfdata$/## Secrets\n\n## Perfdata/' "$readme")

if out=$(shape "$readme"); then
  pass "$(basename "$readme"): commands first, ${#sections[@]} sections in order, one Secrets section, $(wc -l <"$readme") lines (<= $max_lines)"
else
  fail "$(basename "$readme"): $out"
fi
finish
