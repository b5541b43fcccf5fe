#!/bin/bash
# Builds the libFuzzer targets with clang (Debian's clang and libclang-rt-14-dev) under ASan+UBSan and
# runs each over its committed seed corpus (tests/fuzz/corpus/TARGET/) for SECONDS, failing on any
# crash, sanitizer report, leak, timeout or out-of-memory. New inputs go to the build directory, never
# into the committed corpus; a crashing input is saved there as BUILD/artifacts/TARGET-crash-*.
#   usage: tests/fuzz/run.sh SECONDS_PER_TARGET [TARGET...]
#   env:   DMK_FUZZ_BUILD (default build-fuzz), CXX_FUZZ (default clang++), DMK_FUZZ_JOBS (default 2)
# SECONDS 0 builds and replays the corpus once (every committed input, crash regressions included).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -lt 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 SECONDS_PER_TARGET [TARGET...]" >&2
  exit 2
fi
seconds=$1
shift
all_targets=(sanitize_line_fuzzer parse_range_fuzzer parse_options_fuzzer render_fuzzer json_assert_fuzzer)
targets=("${@:-${all_targets[@]}}")
build=${DMK_FUZZ_BUILD:-build-fuzz}
cxx=${CXX_FUZZ:-clang++}
jobs=${DMK_FUZZ_JOBS:-2}
version=$(sed -n 's/^project(check_dmk_community VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)

# Every library file of common/ goes into one archive with coverage instrumentation (no libFuzzer main);
# each target links the archive, so the linker takes just the objects that target reaches, and a new unit
# needs no list here. Compiled two at a time.
libs=(-lboost_program_options -lcurl -lssl -lcrypto)
flags=(-std=c++20 -O1 -g -fno-omit-frame-pointer -I. "-DDMK_VERSION=\"$version\""
       -fsanitize=address,undefined -fno-sanitize-recover=all)

mkdir -p "$build/obj" "$build/artifacts"
started=$SECONDS
for target in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $target "* ]] || { echo "unknown target $target" >&2; exit 2; }
done
rm -f "$build/obj/"*.o "$build/libdmk_fuzz.a"
find common -maxdepth 1 -name '*.cc' -printf '%f\n' | sed 's/\.cc$//' | sort | xargs -P "$jobs" -I{} \
  "$cxx" "${flags[@]}" -fsanitize=fuzzer-no-link -c "common/{}.cc" -o "$build/obj/{}.o"
ar rcs "$build/libdmk_fuzz.a" "$build/obj/"*.o
for target in "${targets[@]}"; do
  "$cxx" "${flags[@]}" -fsanitize=fuzzer "tests/fuzz/$target.cc" "$build/libdmk_fuzz.a" "${libs[@]}" -o "$build/$target"
done
echo "fuzz: built ${#targets[@]} targets in $((SECONDS - started)) s"

failed=0
passed=0
for target in "${targets[@]}"; do
  corpus="tests/fuzz/corpus/$target"
  work="$build/corpus/$target"
  mkdir -p "$work"
  dict=()
  [ -f "tests/fuzz/$target.dict" ] && dict=("-dict=tests/fuzz/$target.dict")
  if [ "$seconds" = 0 ]; then
    run=(-runs=0)
  else
    run=(-max_total_time="$seconds")
  fi
  log="$build/$target.log"
  # -timeout: no single input may take a second; -rss_limit_mb: far above what a bug-free run needs.
  if "$build/$target" "${run[@]}" -timeout=1 -rss_limit_mb=1024 -max_len=8192 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$target-" "${dict[@]}" "$work" "$corpus" > "$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "fuzz: $target passed (${runs:-?} runs, ${seconds} s, corpus $(ls "$corpus" | wc -l) committed + $(ls "$work" | wc -l) found)"
    passed=$((passed + 1))
  else
    echo "fuzz: $target FAILED; last lines of $log:"
    tail -40 "$log"
    ls "$build/artifacts" | sed 's/^/  artifact: /'
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
