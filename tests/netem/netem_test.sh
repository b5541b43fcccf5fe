#!/bin/bash
# A bad network between the plugin and the DMK simulator: two network namespaces made for this run
# (the plugin's and the server's), joined by a veth pair with addresses from the benchmark range
# 198.18.0.0/30 that exist only inside them, so no packet can leave this machine. On that link:
#   loss     30 % of packets lost both ways: every run ends OK or CRITICAL within --timeout + 0.2 s, and
#            the output names the phase that was slow or lost;
#   delay    500 ms added to every packet from the plugin: OK, with connect, TLS and time to first byte
#            each >= 0.5 s in perfdata; and a --connect-warning threshold that fires WARNING;
#   linkdown the server's side of the link taken down 0.5 s into a rate-limited 1 GiB body: CRITICAL,
#            timed out in the body phase, with the bytes received named.
# Loss and delay use `tc qdisc ... netem` where the kernel has sch_netem. Without it (this project's CI
# kernel has no netem), loss is iptables' statistic match dropping packets as they arrive, and delay is
# an NFQUEUE rule whose verdicts tests/netem/nfqueue_delay.py gives 500 ms late: the same effect on TCP.
# The link-down case rate-limits with tbf, which every kernel here has.
#   usage: tests/netem/netem_test.sh PLUGIN SIM      (as root; needs iproute2, iptables, python3)
set -uo pipefail
if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -x "$2" ]; then
  echo "usage: $0 PLUGIN SIM" >&2
  exit 2
fi
plugin=$(realpath "$1")
sim=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
tag="dmkne$$"
ns_plugin="$tag-p"
ns_server="$tag-s"
veth_plugin="${tag}p"
veth_server="${tag}s"
plugin_ip=198.18.0.1
server_ip=198.18.0.2
work=$(mktemp -d /tmp/dmk-netem.XXXXXX)
sim_pid=""
delay_pid=""
passed=0
failed=0

cleanup() {
  [ -n "$delay_pid" ] && kill "$delay_pid" 2>/dev/null
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null
  wait 2>/dev/null
  ip netns del "$ns_plugin" 2>/dev/null
  ip netns del "$ns_server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

in_plugin() { ip netns exec "$ns_plugin" "$@"; }
in_server() { ip netns exec "$ns_server" "$@"; }
fail() { echo "netem: $*"; exit 1; }

ip netns add "$ns_plugin" || fail "cannot create network namespaces (root needed)"
ip netns add "$ns_server" || fail "cannot create network namespaces"
ip link add "$veth_plugin" type veth peer name "$veth_server" || fail "cannot create a veth pair"
ip link set "$veth_plugin" netns "$ns_plugin"
ip link set "$veth_server" netns "$ns_server"
ip -n "$ns_plugin" addr add "$plugin_ip/30" dev "$veth_plugin"
ip -n "$ns_server" addr add "$server_ip/30" dev "$veth_server"
for ns in "$ns_plugin" "$ns_server"; do ip -n "$ns" link set lo up; done
ip -n "$ns_plugin" link set "$veth_plugin" up
ip -n "$ns_server" link set "$veth_server" up

if tc -n "$ns_plugin" qdisc add dev "$veth_plugin" root netem delay 1ms 2>/dev/null; then
  tc -n "$ns_plugin" qdisc del dev "$veth_plugin" root
  mechanism=netem
else
  command -v iptables > /dev/null || fail "the kernel has no sch_netem and iptables is missing (apt-get install iptables)"
  mechanism=netfilter
fi
echo "netem: impairments by $mechanism; plugin $plugin_ip in $ns_plugin, server $server_ip in $ns_server"

# Started with `ip netns exec` directly, not through a shell function: `ip` execs the program, so $! is
# the simulator's own PID and the clean-up's kill reaches it.
ip netns exec "$ns_server" "$sim" --dir "$work/sim" --bind "$server_ip" --exit-after 600 \
  --listen 18443:ok --listen 18444:big_body=1073741824 > /dev/null 2> "$work/sim.log" &
sim_pid=$!
for _ in $(seq 200); do [ -f "$work/sim/ready" ] && break; sleep 0.05; done
[ -f "$work/sim/ready" ] || { cat "$work/sim.log"; fail "the simulator did not start"; }
in_plugin ping -c 1 -W 2 "$server_ip" > /dev/null 2>&1 || true  # ARP warm-up; ping may be missing

# check NAME ARGS...: runs the plugin in its namespace against the server's address, with a hard limit
# far beyond the plugin's own, and records exit code, output and wall time.
check() {
  local name=$1
  shift
  local start end
  start=$(date +%s.%N)
  in_plugin timeout -s KILL 30 "$plugin" -H dmk.test -I "$server_ip" --ca-file "$work/sim/ca.pem" \
    --community "Oak Park" "$@" > "$work/$name.out" 2> "$work/$name.err"
  echo $? > "$work/$name.rc"
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }' > "$work/$name.time"
}
rc_of() { cat "$work/$1.rc"; }
at_least() { awk -v v="$1" -v bound="$2" 'BEGIN { exit !(v >= bound) }'; }
at_most() { awk -v v="$1" -v bound="$2" 'BEGIN { exit !(v <= bound) }'; }
time_of() { cat "$work/$1.time"; }
status_of() { head -1 "$work/$1.out" | sed 's/ | .*//'; }
perf_of() { head -1 "$work/$1.out" | sed -n 's/.* | //p' | tr ' ' '\n' | sed -n "s/^$2=\([0-9.]*\)s\?;.*/\1/p"; }
# expect NAME CONDITION MESSAGE: one assertion about a run.
expect() {
  local name=$1 condition=$2 message=$3
  if eval "$condition"; then
    return 0
  fi
  echo "netem:   $name: $message"
  echo "netem:   output: $(head -3 "$work/$name.out" | tr '\n' '/')"
  [ -s "$work/$name.err" ] && echo "netem:   stderr: $(head -3 "$work/$name.err")"
  return 1
}
# The contract every run keeps, impaired or not: one status line, nothing on stderr, the state's name
# and exit code agreeing, and the end within the timeout + 0.2 s.
expect_contract() {
  local name=$1 timeout=$2
  local states=(OK WARNING CRITICAL UNKNOWN)
  local rc
  rc=$(rc_of "$name")
  expect "$name" "[ $rc -le 3 ]" "exit code $rc (killed by the hard limit?)" &&
    expect "$name" "[ ! -s $work/$name.err ]" "wrote to stderr" &&
    expect "$name" "head -1 $work/$name.out | grep -q '^DMK COMMUNITY ${states[$rc]} - Oak Park: .* | [a-z_]*='" \
      "status line does not match exit code $rc" &&
    expect "$name" "at_most $(time_of "$name") $timeout.2" \
      "took $(time_of "$name") s, more than $timeout + 0.2 s"
}
report() {
  local name=$1 ok=$2
  if [ "$ok" = 0 ]; then
    passed=$((passed + 1))
    echo "netem: $name passed ($(time_of "$name") s, exit $(rc_of "$name")): $(status_of "$name" | cut -c1-150)"
  else
    failed=$((failed + 1))
    echo "netem: $name FAILED"
  fi
}

check baseline -p 18443 -t 5
ok=0
expect_contract baseline 5 && expect baseline "[ $(rc_of baseline) = 0 ]" "an unimpaired link must be OK" || ok=1
report baseline $ok

# --- 30 % loss, both ways -------------------------------------------------------------------------
if [ "$mechanism" = netem ]; then
  tc -n "$ns_plugin" qdisc add dev "$veth_plugin" root netem loss 30%
  tc -n "$ns_server" qdisc add dev "$veth_server" root netem loss 30%
else
  # Dropped as they arrive, not as they leave: a local OUTPUT drop would fail the sender's syscall
  # (EPERM) instead of losing the packet on the wire.
  in_plugin iptables -A INPUT -i "$veth_plugin" -m statistic --mode random --probability 0.30 -j DROP
  in_server iptables -A INPUT -i "$veth_server" -m statistic --mode random --probability 0.30 -j DROP
fi
for i in 1 2 3 4 5 6; do
  name=loss$i
  check "$name" -p 18443 -t 5
  ok=0
  if expect_contract "$name" 5; then
    rc=$(rc_of "$name")
    status=$(status_of "$name")
    if [ "$rc" = 0 ]; then
      # It got through: the long output still says how long each phase took.
      expect "$name" "grep -q '^\[OK\] TCP: connected to .* in ' $work/$name.out && grep -q '^\[OK\] HTTP: GET / -> 200' $work/$name.out" \
        "OK without phase times" || ok=1
    else
      expect "$name" "[ $rc = 2 ]" "lost packets must end OK or CRITICAL, not exit $rc" &&
        expect "$name" "echo '$status' | grep -Eq 'TCP connect to .* timed out|TLS handshake timed out|no response to GET|response headers stalled|response body stalled|reset|closed'" \
          "CRITICAL without naming the phase that was lost" || ok=1
    fi
  else
    ok=1
  fi
  report "$name" $ok
done
if [ "$mechanism" = netem ]; then
  tc -n "$ns_plugin" qdisc del dev "$veth_plugin" root
  tc -n "$ns_server" qdisc del dev "$veth_server" root
else
  in_plugin iptables -F INPUT
  in_server iptables -F INPUT
fi

# --- 500 ms latency on every packet the plugin sends ------------------------------------------------
if [ "$mechanism" = netem ]; then
  tc -n "$ns_plugin" qdisc add dev "$veth_plugin" root netem delay 500ms
else
  # Delayed as they arrive at the server: the SYN, the ClientHello and the request each arrive 0.5 s late.
  ip netns exec "$ns_server" python3 "$here/nfqueue_delay.py" --queue 7 --delay-ms 500 --max-seconds 300 \
    > "$work/delay.log" 2>&1 &
  delay_pid=$!
  for _ in $(seq 100); do grep -q READY "$work/delay.log" 2>/dev/null && break; sleep 0.05; done
  grep -q READY "$work/delay.log" || { cat "$work/delay.log"; fail "nfqueue_delay.py did not start"; }
  in_server iptables -A INPUT -i "$veth_server" -j NFQUEUE --queue-num 7
fi
check delay -p 18443 -t 5
ok=0
if expect_contract delay 5 && expect delay "[ $(rc_of delay) = 0 ]" "500 ms latency within -t 5 must be OK"; then
  for phase in connect tls ttfb; do
    value=$(perf_of delay "$phase")
    expect delay "[ -n '$value' ] && at_least '$value' 0.5" "$phase=$value s, expected >= 0.5 s" || ok=1
  done
  value=$(perf_of delay time)
  expect delay "at_least '$value' 1.5" "time=$value s, expected >= 1.5 s (three round trips)" || ok=1
else
  ok=1
fi
report delay $ok

check delay-threshold -p 18443 -t 5 --connect-warning 0.4 --ttfb-warning 0.4
ok=0
expect_contract delay-threshold 5 &&
  expect delay-threshold "[ $(rc_of delay-threshold) = 1 ]" "a slow connect over --connect-warning 0.4 must be WARNING" &&
  expect delay-threshold "status_of delay-threshold | grep -q 'TCP connect took .* (warning range 0.4)'" \
    "WARNING without naming the slow TCP connect" &&
  expect delay-threshold "status_of delay-threshold | grep -q 'time to first byte took .* (warning range 0.4)'" \
    "WARNING without naming the slow first byte" || ok=1
report delay-threshold $ok

check delay-timeout -p 18443 -t 1
ok=0
expect_contract delay-timeout 1 &&
  expect delay-timeout "[ $(rc_of delay-timeout) = 2 ]" "three 0.5 s round trips cannot fit in -t 1" &&
  expect delay-timeout "status_of delay-timeout | grep -Eq 'TCP connect to .* timed out after|TLS handshake timed out after|no response to GET / \(timed out after'" \
    "CRITICAL without naming the phase that ran out of time" || ok=1
report delay-timeout $ok
if [ "$mechanism" = netem ]; then
  tc -n "$ns_plugin" qdisc del dev "$veth_plugin" root
else
  in_server iptables -F INPUT
  kill "$delay_pid" 2>/dev/null
  wait "$delay_pid" 2>/dev/null
  delay_pid=""
fi

# --- the link taken down in the middle of a body -----------------------------------------------------
# 8 Mbit/s: the 1 GiB body would take about 18 minutes, so the transfer is surely under way at 0.5 s.
tc -n "$ns_server" qdisc add dev "$veth_server" root tbf rate 8mbit burst 32kb latency 200ms
( sleep 0.5; ip -n "$ns_server" link set dev "$veth_server" down ) &
link_down_pid=$!
check linkdown -p 18444 -t 3 --max-body 1073741824
wait "$link_down_pid"
ok=0
expect_contract linkdown 3 &&
  expect linkdown "[ $(rc_of linkdown) = 2 ]" "a link down mid-body must be CRITICAL" &&
  expect linkdown "status_of linkdown | grep -q 'response body stalled: timed out after [0-9]*\.[0-9] s (received [0-9]* B)'" \
    "CRITICAL without saying the body stalled and how much arrived" &&
  # The time it reports is measured, so a bound rather than its digits (2.9 s on a loaded machine).
  expect linkdown "at_least 3.2 \$(status_of linkdown | sed -n 's/.*timed out after \([0-9.]*\) s.*/\1/p')" \
    "the stalled body must be reported after at most -t 3 + 0.2 s" &&
  expect linkdown "[ \$(status_of linkdown | sed -n 's/.*received \([0-9]*\) B.*/\1/p') -gt 0 ]" \
    "no body bytes arrived before the link went down" || ok=1
report linkdown $ok

echo "netem: $passed passed, $failed failed"
[ "$failed" = 0 ]
