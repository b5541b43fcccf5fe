#!/bin/bash
# Builds the libFuzzer targets with clang (Debian's clang and libclang-rt-14-dev) under ASan+UBSan and runs
# each one, failing on any crash, sanitizer report, leak, timeout or out-of-memory.
#   usage: tests/fuzz/run.sh [--ci | --replay | --explore SECONDS] [TARGET...]
#   --ci (the default; CI's stage): replays the committed corpus (tests/fuzz/corpus/TARGET/, crash
#        regressions included), then explores a fixed number of inputs from a fixed seed in a fresh
#        directory, rather than a wall-clock time whose number of inputs moves with the machine's load.
#   --replay: the committed corpus only.
#   --explore SECONDS: SECONDS per target from a random seed, keeping what it finds in
#        BUILD/corpus/TARGET/ from one run to the next. A finding is fixed, then its input goes into the
#        committed corpus as a regression (HACKING.md, "Fuzzing").
#   env: DMK_FUZZ_BUILD (default build-fuzz), CXX_FUZZ (default clang++), DMK_FUZZ_JOBS (default 2),
#        DMK_FUZZ_RUNS (--ci's inputs per target, default 8000), DMK_FUZZ_SEED (--ci's seed, default 1)
# A crashing input is saved as BUILD/artifacts/TARGET-crash-* (or -timeout-*, -oom-*, -leak-*). Nothing
# is ever written into the committed corpus.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=ci
seconds=0
case "${1:-}" in
  --ci) shift ;;
  --replay) mode=replay; shift ;;
  --explore)
    mode=explore
    seconds=${2:-}
    [[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 --explore SECONDS [TARGET...]" >&2; exit 2; }
    shift 2 ;;
  -*|[0-9]*) echo "usage: $0 [--ci | --replay | --explore SECONDS] [TARGET...]" >&2; exit 2 ;;
esac
all_targets=(sanitize_line_fuzzer parse_range_fuzzer parse_options_fuzzer render_fuzzer json_assert_fuzzer)
targets=("${@:-${all_targets[@]}}")
build=${DMK_FUZZ_BUILD:-build-fuzz}
cxx=${CXX_FUZZ:-clang++}
jobs=${DMK_FUZZ_JOBS:-2}
ci_runs=${DMK_FUZZ_RUNS:-8000}
ci_seed=${DMK_FUZZ_SEED:-1}
version=$(sed -n 's/^project(check_dmk_community VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)

# A run that checks nothing fails: no compiler, no target, an empty committed corpus, or no input run.
command -v "$cxx" >/dev/null || { echo "fuzz: $cxx is missing (scripts/deps.sh all installs clang)" >&2; exit 1; }
for target in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $target "* ]] || { echo "unknown target $target" >&2; exit 2; }
  [ -n "$(ls -A "tests/fuzz/corpus/$target" 2>/dev/null)" ] ||
    { echo "fuzz: tests/fuzz/corpus/$target is empty or missing: nothing to replay" >&2; exit 1; }
done

# Every library file of common/ goes into one archive with coverage instrumentation (no libFuzzer main);
# each target links the archive, so the linker takes just the objects that target reaches, and a new unit
# needs no list here. Compiled two at a time.
libs=(-lboost_program_options -lcurl -lssl -lcrypto)
flags=(-std=c++20 -O1 -g -fno-omit-frame-pointer -I. "-DDMK_VERSION=\"$version\""
       -fsanitize=address,undefined -fno-sanitize-recover=all)

rm -rf "$build/obj" "$build/libdmk_fuzz.a"
mkdir -p "$build/obj" "$build/artifacts"
started=$SECONDS
# The objects mirror common/'s layer folders (common/base/range.cc: obj/base/range.o). ar names a member by
# its file name only and replaces a member of the same name, so two units of one name would lose one.
dups=$(find common -name '*.cc' -printf '%f\n' | sort | uniq -d)
[ -z "$dups" ] || { echo "fuzz: files in different folders of common/ share a name: $dups" >&2; exit 1; }
find common -mindepth 1 -type d -printf '%P\n' | xargs -I{} mkdir -p "$build/obj/{}"
find common -name '*.cc' -printf '%P\n' | sed 's/\.cc$//' | sort | xargs -P "$jobs" -I{} \
  "$cxx" "${flags[@]}" -fsanitize=fuzzer-no-link -c "common/{}.cc" -o "$build/obj/{}.o"
find "$build/obj" -name '*.o' -print0 | sort -z | xargs -0 ar rcs "$build/libdmk_fuzz.a"
for target in "${targets[@]}"; do
  "$cxx" "${flags[@]}" -fsanitize=fuzzer "tests/fuzz/$target.cc" "$build/libdmk_fuzz.a" "${libs[@]}" -o "$build/$target"
done
echo "fuzz: built ${#targets[@]} targets in $((SECONDS - started)) s"

# run_target TARGET LOG ARGS...: one libFuzzer run. -rss_limit_mb: far above what a bug-free run needs.
# -timeout: a hang, not a slow machine: 10 s in CI, whatever else runs beside it; 5 s when exploring.
run_target() {
  local target=$1 log=$2
  shift 2
  local dict=()
  [ -f "tests/fuzz/$target.dict" ] && dict=("-dict=tests/fuzz/$target.dict")
  "$build/$target" -rss_limit_mb=1024 -max_len=8192 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$target-" "${dict[@]}" "$@" > "$log" 2>&1
}

failed=0
passed=0
for target in "${targets[@]}"; do
  corpus="tests/fuzz/corpus/$target"
  log="$build/$target.log"
  start=$SECONDS
  case $mode in
    replay | ci)
      # The committed inputs, one by one: every crash regression must still pass.
      run_target "$target" "$log" -runs=0 -timeout=10 "$corpus" ;;
    explore)
      mkdir -p "$build/corpus/$target"
      run_target "$target" "$log" -max_total_time="$seconds" -timeout=5 "$build/corpus/$target" "$corpus" ;;
  esac && rc=0 || rc=$?
  if [ "$rc" = 0 ] && [ "$mode" = ci ]; then
    # A fixed seed and a fixed count from the committed corpus into a fresh directory, without the corpus
    # reload libFuzzer times by the clock: the same start every run, not a wall-clock budget.
    work="$build/ci-corpus/$target"
    rm -rf "$work" && mkdir -p "$work"
    run_target "$target" "$log" -seed="$ci_seed" -runs="$ci_runs" -reload=0 -timeout=10 "$work" "$corpus" && rc=0 || rc=$?
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ "$rc" = 0 ] && [ "${runs:-0}" -gt 0 ]; then
    echo "fuzz: $target passed ($mode: $runs inputs in $((SECONDS - start)) s; corpus of $(ls "$corpus" | wc -l))"
    passed=$((passed + 1))
  else
    [ "$rc" = 0 ] && echo "fuzz: $target ran no input"
    echo "fuzz: $target FAILED; last lines of $log:"
    tail -40 "$log"
    ls "$build/artifacts" | sed 's/^/  artifact: /'
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed, $((SECONDS - started)) s"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
