#!/bin/bash
# tests/support/testlib.sh holds what it promises every shell test: each case runs a small test script that
# sources it, and its exit code and words are checked here.
#   - nothing checked, a failure, an unallowed skip: exit 1; passes only: exit 0; the closing line's form;
#   - a daemon started with daemon_start and the temp dir are gone after the end, however the test ends (finish,
#     die, a plain exit, an error under set -e), and the dir is kept when a check failed;
#   - a daemon stopped before the end is unregistered (the trap does not signal its PID again);
#   - wait_for fails with words once its bound passes, and returns 1.
# Usage: tests/scripts/testlib_test.sh   (no root needed)
set -uo pipefail
source "$(dirname "$0")/../support/testlib.sh"
make_temp_dir testlib-test

# run_case NAME BODY: runs BODY as a test script that sources the library; its output in $T/NAME.out, its exit
# code in $T/NAME.rc; the daemon's PID and the temp dir, if BODY printed them, in $T/NAME.pid and $T/NAME.dir.
run_case() {
  printf '#!/bin/bash\nset -uo pipefail\nsource %q\n%s\n' "$TESTLIB_DIR/testlib.sh" "$2" >"$T/$1.sh"
  bash "$T/$1.sh" >"$T/$1.out" 2>&1
  echo $? >"$T/$1.rc"
  sed -n 's/^pid=//p' "$T/$1.out" >"$T/$1.pid"
  sed -n 's/^dir=//p' "$T/$1.out" >"$T/$1.dir"
}
rc_is() { [[ $(<"$T/$1.rc") == "$2" ]]; }
says() { grep -qF -- "$2" "$T/$1.out"; }
gone() { ! kill -0 "$(<"$T/$1.pid")" 2>/dev/null; }
dir_gone() { [[ -n $(<"$T/$1.dir") && ! -e $(<"$T/$1.dir") ]]; }
removed_kept_dir() { rm -rf "$(<"$T/$1.dir")"; }

run_case nothing 'finish'
check "nothing checked: exit 1" rc_is nothing 1
check "nothing checked: '0 passed, 0 failed'" says nothing "0 passed, 0 failed"

run_case passes 'pass one; check two true; equals three a a; finish'
check "passes only: exit 0" rc_is passes 0
check "passes only: '3 passed, 0 failed' as the last line" test "$(tail -n1 "$T/passes.out")" = "3 passed, 0 failed"

run_case failure 'pass one; check "two" false; finish'
check "a failure: exit 1" rc_is failure 1
check "a failure: 'FAIL - two' and '1 passed, 1 failed'" says failure "FAIL - two"
check "a failure: the closing line" says failure "1 passed, 1 failed"

run_case skipped 'pass one; skip two; finish'
check "an unallowed skip: exit 1" rc_is skipped 1
check "an unallowed skip: '1 passed, 0 failed, 1 skipped'" says skipped "1 passed, 0 failed, 1 skipped"
check "an unallowed skip: says a skipped check checked nothing" says skipped "a skipped check checked nothing"
run_case skip_allowed 'SKIPS_ALLOWED=1; pass one; skip two; finish'
check "an allowed skip: exit 0" rc_is skip_allowed 0

daemon='make_temp_dir testlib-case; echo "dir=$T"; daemon_start P sleeper "$T/sleep.log" sleep 300; echo "pid=$P"'
run_case finish_stops "$daemon; pass started; finish"
check "finish: exit 0" rc_is finish_stops 0
check "finish: the daemon is stopped" gone finish_stops
check "finish: the temp dir is removed" dir_gone finish_stops

run_case die_stops "$daemon; pass started; die 'cannot go on'"
check "die: exit 1 with 'error: cannot go on'" says die_stops "error: cannot go on"
check "die: exit code 1" rc_is die_stops 1
check "die: the daemon is stopped" gone die_stops
check "die: the temp dir is kept for inspection" says die_stops "kept "
removed_kept_dir die_stops

run_case exit_stops "$daemon; exit 3"
check "a plain exit: its code stays (3)" rc_is exit_stops 3
check "a plain exit: the daemon is stopped" gone exit_stops
check "a plain exit: the temp dir is removed" dir_gone exit_stops

run_case set_e_stops "set -e; $daemon; false; pass never"
check "an error under set -e: the daemon is stopped" gone set_e_stops
check "an error under set -e: the temp dir is removed" dir_gone set_e_stops

run_case stopped_early "$daemon"'; daemon_stop P sleeper; echo "emptied=${P:-yes}"
echo "registered=$(printf "%s\n" "${cleanup_stack[@]}" | grep -c "^pid ")"; pass stopped; finish'
check "daemon_stop: the daemon is stopped and its variable emptied" says stopped_early "emptied=yes"
check "daemon_stop: its PID is no longer registered" says stopped_early "registered=0"
check "daemon_stop: exit 0" rc_is stopped_early 0

run_case wait_for 'wait_for 1 "never true" false; echo "returned $?"; wait_for 5 "true at once" true; finish'
check "wait_for: fails with words once the bound passes" says wait_for "FAIL - never true: not so after 1 s"
check "wait_for: returns 1 then" says wait_for "returned 1"
check "wait_for: passes as 'DESC (bounded N s)'" says wait_for "ok - true at once (bounded 5 s)"
finish
