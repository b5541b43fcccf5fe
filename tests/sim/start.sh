# Starting and stopping the DMK simulator from a shell script (the demo, the end-to-end tests, valgrind, the
# benchmark).
# Sourced, not executed. The caller runs inside tests/run_in_netns.sh: the simulator binds loopback only.

# sim_start SIM DIR ARG...: starts the simulator SIM in the background with `--dir DIR ARG...` (ARGs are
# dmk_sim's own: --listen PORT:BEHAVIOR, --exit-after, ...), its output in DIR.log, and waits up to 10 s for
# DIR/ready. Sets SIM_PID. Returns 1, with the simulator's log on stderr, when it does not come up.
sim_start() {
  local sim=$1 dir=$2
  shift 2
  mkdir -p "$(dirname "$dir")"
  "$sim" --dir "$dir" "$@" >"$dir.log" 2>&1 &
  SIM_PID=$!
  local _
  for _ in $(seq 200); do
    [ -e "$dir/ready" ] && return 0
    kill -0 "$SIM_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "the DMK simulator did not start:" >&2
  cat "$dir.log" >&2
  return 1
}

# sim_stop: stops the simulator sim_start started, if it still runs.
sim_stop() {
  if [ -n "${SIM_PID:-}" ]; then
    kill "$SIM_PID" 2>/dev/null || true
    wait "$SIM_PID" 2>/dev/null || true
    SIM_PID=""
  fi
}
