#!/bin/bash
# The code limits of docs/code-style.md, checked mechanically:
#   1. format: `clang-format --dry-run --Werror` with the repo's .clang-format on every tracked *.cc, *.h, *.c;
#   2. functions: clang-tidy with the repo's .clang-tidy (functions <= 60 lines, cognitive complexity <= 25,
#      a few bug checks; all errors) on common/*.cc and plugin/*.cc, from a configure-only build dir with
#      compile_commands.json, one clang-tidy per core;
#   3. files: no file in common/ over 400 lines;
#   4. layers: no include runs upward or sideways through common/'s layer folders (scripts/check_layers.py).
# Prints each failure in words and "lint: passed" or "lint: N of 4 checks failed" last; exits 1 on any failure,
# and also when a check finds no file to check or its tool is missing: a check that checked nothing fails.
# The files are git's tracked files in a clone, or the same kinds of files found on disk when there is no
# git work tree (an unpacked source archive).
# Installs its tools only through scripts/deps.sh (`deps.sh lint`). Measured on a shared 2-core machine:
# 33-65 s, 28-41 s of CPU, nearly all of it clang-tidy.
#   usage: scripts/lint.sh [BUILD_DIR]     (default build-lint; only configured, never built)
# To fix the format: clang-format -i $(git ls-files '*.cc' '*.h' '*.c')
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
build=${1:-build-lint}
max_lines=400
jobs=$(nproc)

bash scripts/deps.sh lint || exit 1
for tool in clang-format clang-tidy cmake python3; do
  command -v "$tool" >/dev/null || { echo "lint: $tool is missing (scripts/deps.sh lint installs it)"; exit 1; }
done
failed=0

# list_files PATTERN...: the files matching the git pathspecs PATTERN ('*.cc', 'common/*'), sorted.
if command -v git >/dev/null && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  list_files() { git ls-files -- "$@"; }
else
  echo "lint: no git work tree here (or no git): checking the files found on disk outside build directories"
  list_files() {
    local pattern
    for pattern in "$@"; do
      if [[ $pattern == */* ]]; then
        find "${pattern%/*}" -type f -name "${pattern##*/}"
      else
        find . \( -path './build*' -o -path './.git' -o -path '*/node_modules' \) -prune -o -type f -name "$pattern" -print |
          sed 's|^\./||'
      fi
    done | sort -u
  }
fi
# none_found WHAT CHECK: a check with nothing to check is a failure, not a pass.
none_found() {
  echo "lint: $2: found no $1 to check (listed with git ls-files, or find without a git work tree): FAILED"
  failed=$((failed + 1))
}

# 1. Format. clang-format names each file it would change in "FILE:LINE:COL: error: code should be
# clang-formatted" lines.
mapfile -t sources < <(list_files '*.cc' '*.h' '*.c')
mapfile -t unformatted < <(printf '%s\0' "${sources[@]}" |
  xargs -0 clang-format --dry-run --Werror 2>&1 >/dev/null |
  sed -nE 's/^([^:]+):[0-9]+:[0-9]+: error: code should be clang-formatted.*/\1/p' | sort -u)
if [[ ${#sources[@]} -eq 0 ]]; then
  none_found "C/C++ files" format
elif [[ ${#unformatted[@]} -eq 0 ]]; then
  echo "lint: format: all ${#sources[@]} C/C++ files are formatted as .clang-format says"
else
  failed=$((failed + 1))
  echo "lint: format: ${#unformatted[@]} of ${#sources[@]} files are not formatted as .clang-format says" \
    "(clang-format -i FILE fixes them):"
  printf '  %s\n' "${unformatted[@]}"
fi

# 2. Functions: size, complexity and .clang-tidy's other checks. A configure-only build dir gives clang-tidy
# each file's flags.
mkdir -p "$build"
if ! cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DDMK_BUILD_TESTS=OFF >"$build/lint-configure.log" 2>&1; then
  cat "$build/lint-configure.log"
  echo "lint: could not configure $build for clang-tidy"
  exit 1
fi
mapfile -t tidy_sources < <(list_files 'common/*.cc' 'plugin/*.cc')
# One clang-tidy per file, in parallel. Its errors, "FILE:LINE:COL: error: ... [check]", are the findings:
# .clang-tidy's checks, or code clang cannot compile; clang's warnings about GCC's flags are not.
report=$(printf '%s\n' "${tidy_sources[@]}" |
  xargs -P "$jobs" -n 1 clang-tidy -p "$build" --quiet --extra-arg=-Wno-unknown-warning-option 2>/dev/null)
# Each finding on one line, with the size from the note clang-tidy adds: "common/x.cc:12: function 'F'
# has cognitive complexity of 32 (threshold 25)", "... 'G' has 75 lines (threshold 60)".
findings=$(awk -v root="$PWD/" '
  function flush() { if (pending != "") print pending; pending = "" }
  / error: / {
    flush()
    line = $0
    sub(root, "", line)
    sub(/:[0-9]+: error: /, ": ", line)
    sub(/ \[[a-z-]+(,-warnings-as-errors)?\]$/, "", line)
    sub(/ exceeds recommended size\/complexity thresholds$/, " is too long", line)
    pending = line
    next
  }
  / note: [0-9]+ lines including whitespace and comments/ && pending ~ /too long$/ {
    match($0, /[0-9]+ lines including whitespace and comments \(threshold [0-9]+\)/)
    split(substr($0, RSTART, RLENGTH), words, " ")
    sub(/is too long$/, "has " words[1] " lines " words[7] " " words[8], pending)
    flush()
  }
  END { flush() }' <<<"$report" | sort -u | sort -t: -k1,1 -k2,2n)
if [[ ${#tidy_sources[@]} -eq 0 ]]; then
  none_found "files in common/ and plugin/" functions
elif [[ ! -s $build/compile_commands.json ]]; then
  failed=$((failed + 1))
  echo "lint: functions: cmake wrote no $build/compile_commands.json, so clang-tidy had no flags: FAILED"
elif [[ -z $findings ]]; then
  echo "lint: functions: every function in common/ and plugin/ (${#tidy_sources[@]} files) passes .clang-tidy"
else
  failed=$((failed + 1))
  echo "lint: functions: $(wc -l <<<"$findings") findings of .clang-tidy (functions <= 60 lines, cognitive" \
    "complexity <= 25, bug checks):"
  sed 's/^/  /' <<<"$findings"
fi

# 3. File length in common/.
long_files=()
mapfile -t common_files < <(list_files 'common/*')
for file in "${common_files[@]}"; do
  lines=$(wc -l <"$file")
  [[ $lines -gt $max_lines ]] && long_files+=("$file ($lines lines)")
done
if [[ ${#common_files[@]} -eq 0 ]]; then
  none_found "files in common/" files
elif [[ ${#long_files[@]} -eq 0 ]]; then
  echo "lint: files: no file in common/ has more than $max_lines lines"
else
  failed=$((failed + 1))
  echo "lint: files: ${#long_files[@]} files in common/ have more than $max_lines lines:"
  printf '  %s\n' "${long_files[@]}"
fi

# 4. Layers: the include graph of common/ (and plugin/) runs downward only. The check prints each upward or
# sideways include, and fails when it finds no file or a file outside every layer folder.
if layers=$(python3 scripts/check_layers.py . 2>&1); then
  echo "lint: $(tail -n 1 <<<"$layers")"
else
  failed=$((failed + 1))
  echo "lint: layers: an include runs upward or sideways, or a file is outside every layer (HACKING.md," \
    "Repository layout):"
  sed 's/^layers: /  /' <<<"$layers"
fi

if [[ $failed -eq 0 ]]; then
  echo "lint: passed"
  exit 0
fi
echo "lint: $failed of 4 checks failed"
exit 1
