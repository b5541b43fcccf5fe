# shellcheck shell=bash
# The one library every shell test sources (the end-to-end, bad-network, packaging, web and docs tests), as
# monitoring-plugins' NPTest.pm is for theirs: assertions that count themselves, one closing line in one form
# with the exit status taken from it, clean-up by PID through one EXIT trap, daemons started and stopped by
# PID, bounded waits, free ports, root and the private network namespace. Sourced, not executed.
#
# A new test:
#   set -uo pipefail
#   source "$(dirname "$0")/../support/testlib.sh"
#   make_temp_dir my-test                       # $T, removed at the end (kept when a check failed)
#   daemon_start SINK_PID smtp-sink "$T/smtp.log" python3 ...   # stopped by PID at the end
#   wait_for 10 "the sink listens" listening "$port"          # "ok - the sink listens (bounded 10 s)"
#   check "the mail has a subject" grep -F -- 'Subject' "$T/mail.txt"
#   finish                                      # "N passed, M failed"; exit 0 only if N > 0 and M = 0
#
# grep and pipefail: under `set -o pipefail` a pipeline fails when any of its commands does. `grep -q` exits
# at its first match, and a writer still writing into the pipe then dies of SIGPIPE: `big_output | grep -q X`
# fails although X was there, more often the larger the output and the busier the machine. So a pipeline
# ends in `grep ... >/dev/null` (which reads to the end), or grep reads a file or a here-string (`grep -q X
# <<<"$out"`, `grep -q X FILE`), never a pipe.

TESTLIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$TESTLIB_DIR/../.." && pwd)

passed=0
failed=0
skipped=0
started=$SECONDS

# --- assertions ---------------------------------------------------------------------------------------------
# pass/fail/skip DESC: record one assertion. A skip is no pass: finish fails when anything was skipped, unless
# the test allowed it (SKIPS_ALLOWED=1, e.g. packaging/test-deb.sh --no-install).
pass() {
  passed=$((passed + 1))
  echo "ok - $1"
}
fail() {
  failed=$((failed + 1))
  echo "FAIL - $1"
}
skip() {
  skipped=$((skipped + 1))
  echo "SKIP - $1"
}

# check DESC COMMAND...: passes when COMMAND exits 0. Returns COMMAND's success, so that `check ... || die`
# stops a test that cannot go on.
check() {
  local desc=$1
  shift
  if "$@"; then
    pass "$desc"
  else
    fail "$desc"
    return 1
  fi
}

# contains DESC HAYSTACK NEEDLE (case-insensitive extended regex).
contains() {
  if grep -qiE -- "$3" <<<"$2"; then
    pass "$1"
  else
    fail "$1 (no /$3/ in: $(head -c 600 <<<"$2"))"
  fi
}

# lacks DESC HAYSTACK NEEDLE (fixed string).
lacks() {
  if grep -qF -- "$3" <<<"$2"; then
    fail "$1 (found '$3')"
  else
    pass "$1"
  fi
}

# equals DESC ACTUAL EXPECTED.
equals() {
  if [[ "$2" == "$3" ]]; then pass "$1"; else fail "$1 (got '$2', want '$3')"; fi
}

# --- the closing line ----------------------------------------------------------------------------------------
# summary: prints the closing line, "N passed, M failed" (", K skipped" when K > 0), and returns 0 only when
# something passed, nothing failed and nothing was skipped that the test did not allow: a test that checked
# nothing fails.
SKIPS_ALLOWED=0
summary() {
  echo "# run time: $((SECONDS - started)) s"
  if ((skipped > 0)); then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
  if ((skipped > 0 && SKIPS_ALLOWED != 1)); then
    echo "$skipped check(s) skipped: a skipped check checked nothing"
    return 1
  fi
  ((failed == 0 && passed > 0))
}

# finish: cleans up, prints the closing line and exits with its status.
finish() {
  run_cleanup
  summary
  exit $?
}

# die MESSAGE: the test cannot go on: one failure, the clean-up, the closing line, exit 1.
die() {
  echo "error: $*"
  failed=$((failed + 1))
  run_cleanup
  summary
  exit 1
}

# --- clean-up ------------------------------------------------------------------------------------------------
# What a test started is registered as it starts, and one EXIT trap undoes it in reverse order, however the
# test ends: processes by PID (TERM, then KILL after a bounded wait; never by name, which could hit someone
# else's daemon), commands (an unmount, a purge), temp dirs. A process stopped before the end is unregistered,
# so that the trap never signals a PID the kernel may have given to another process since.
cleanup_stack=()

# register_pid PID [NAME]: stop_pid PID NAME at the end.
register_pid() { if [[ -n $1 ]]; then cleanup_stack+=("pid $1 ${2:-process}"); fi; }

# register_dir DIR: remove DIR at the end (kept for inspection when a check failed, or DMK_KEEP or its older
# name DMK_E2E_KEEP is set).
register_dir() { cleanup_stack+=("dir $1"); }

# on_cleanup COMMAND [ARG...]: run COMMAND ARG... at the end.
on_cleanup() {
  local cmd
  printf -v cmd '%q ' "$@"
  cleanup_stack+=("run $cmd")
}

run_cleanup() {
  local i kind rest pid name
  for ((i = ${#cleanup_stack[@]} - 1; i >= 0; i--)); do
    [[ -n ${cleanup_stack[i]} ]] || continue
    read -r kind rest <<<"${cleanup_stack[i]}"
    cleanup_stack[i]=""
    case $kind in
      pid)
        read -r pid name <<<"$rest"
        stop_pid "$pid" "$name" ;;
      dir) remove_dir "$rest" ;;
      run) eval "$rest" || true ;;
    esac
  done
  cleanup_stack=()
  return 0
}
trap run_cleanup EXIT
trap 'exit 1' INT TERM

remove_dir() {
  if [[ $failed -gt 0 || -n ${DMK_KEEP:-}${DMK_E2E_KEEP:-} ]]; then
    echo "kept $1 for inspection"
  else
    rm -rf "$1"
  fi
}

# make_temp_dir NAME: sets T to a fresh directory /tmp/dmk-NAME.XXXXXX that the daemons' users may enter
# (removed at the end, see register_dir), and started to the time it was made ($SECONDS).
make_temp_dir() {
  started=$SECONDS
  T=$(mktemp -d "/tmp/dmk-$1.XXXXXX") || die "cannot make a temp dir"
  chmod 0755 "$T"
  register_dir "$T"
}

# --- processes -----------------------------------------------------------------------------------------------
# daemon_start VAR NAME LOG COMMAND...: starts COMMAND in the background, its output in LOG, sets VAR to its
# PID and registers it (stopped at the end, or by daemon_stop VAR before).
daemon_start() {
  local var=$1 name=$2 log=$3
  shift 3
  "$@" >"$log" 2>&1 &
  printf -v "$var" '%s' "$!"
  register_pid "$!" "$name"
}

# daemon_stop VAR [NAME]: stops the daemon whose PID VAR holds, and empties VAR.
daemon_stop() {
  stop_pid "${!1:-}" "${2:-$1}"
  printf -v "$1" '%s' ""
}

# stop_pid PID [NAME]: SIGTERM, up to 15 s for it to end, then SIGKILL; unregisters PID. Only for PIDs this
# test started (or its daemons wrote into their pid files).
stop_pid() {
  local pid=$1 name=${2:-process} i
  [[ -z $pid ]] && return 0
  for i in "${!cleanup_stack[@]}"; do
    [[ ${cleanup_stack[i]} == "pid $pid "* ]] && cleanup_stack[i]=""
  done
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  local deadline=$((SECONDS + 15))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      echo "warning: $name (PID $pid) ignored SIGTERM, sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null
      break
    fi
    sleep 0.1
  done
  wait "$pid" 2>/dev/null || true
}

# --- bounded waits -------------------------------------------------------------------------------------------
# wait_until SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds; returns 1 after SECONDS.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS >= deadline)) && return 1
    sleep 0.2
  done
}

# wait_for SECONDS DESC COMMAND...: an assertion: passes as "DESC (bounded SECONDS s)" once COMMAND succeeds,
# fails with words (and returns 1) once SECONDS have passed without it.
wait_for() {
  local bound=$1 desc=$2
  shift 2
  if wait_until "$bound" "$@"; then
    pass "$desc (bounded $bound s)"
  else
    fail "$desc: not so after $bound s"
    return 1
  fi
}

# --- ports ---------------------------------------------------------------------------------------------------
# free_port: a TCP port nothing listens on at 127.0.0.1 and ::1 right now, from a range apart from the
# kernel's ephemeral ports.
free_port() {
  local port tries=0
  while ((tries++ < 200)); do
    port=$((20000 + RANDOM % 10000))
    if [[ -z "$(ss -Htln "( sport = :$port )")" ]]; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# free_ports N: N distinct free ports, one a line.
free_ports() {
  local -A seen=()
  local port
  while ((${#seen[@]} < $1)); do
    port=$(free_port) || return 1
    [[ -n ${seen[$port]:-} ]] && continue
    seen[$port]=1
    echo "$port"
  done
}

# listening PORT: something listens on 127.0.0.1:PORT.
listening() {
  [[ -n "$(ss -Htln "( sport = :$1 )")" ]]
}

# --- root and the network namespace --------------------------------------------------------------------------
# require_root: the tests start daemons that drop privileges themselves, mount and install packages.
require_root() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (the daemons drop to the nagios user themselves)"
}

# in_private_netns: true when the only network interface is loopback.
in_private_netns() {
  [[ "$(ip -o link show | awk -F': ' '{print $2}' | grep -cvx lo)" -eq 0 ]]
}

# ensure_private_netns "$0" "$@": re-executes the calling test inside tests/run_in_netns.sh unless it already
# runs in a namespace with loopback only (no test sends a packet off the machine).
ensure_private_netns() {
  if ! in_private_netns; then
    exec "$REPO_DIR/tests/run_in_netns.sh" "$@"
  fi
  getent hosts dmk.test >/dev/null || die "dmk.test does not resolve; run through tests/run_in_netns.sh"
}
