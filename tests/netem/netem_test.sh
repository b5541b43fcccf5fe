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
source "$(dirname "$0")/../support/testlib.sh"
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
make_temp_dir netem
work=$T

in_plugin() { ip netns exec "$ns_plugin" "$@"; }
in_server() { ip netns exec "$ns_server" "$@"; }

ip netns add "$ns_plugin" || die "cannot create network namespaces (root needed)"
on_cleanup ip netns del "$ns_plugin"
ip netns add "$ns_server" || die "cannot create network namespaces"
on_cleanup ip netns del "$ns_server"
ip link add "$veth_plugin" type veth peer name "$veth_server" || die "cannot create a veth pair"
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
  command -v iptables > /dev/null || die "the kernel has no sch_netem and iptables is missing (apt-get install iptables)"
  mechanism=netfilter
fi
echo "netem: impairments by $mechanism; plugin $plugin_ip in $ns_plugin, server $server_ip in $ns_server"

# Started with `ip netns exec` directly, not through a shell function: `ip` execs the program, so the PID
# daemon_start registers is the simulator's own and the clean-up's TERM reaches it.
daemon_start sim_pid dmk_sim "$work/sim.log" ip netns exec "$ns_server" "$sim" --dir "$work/sim" \
  --bind "$server_ip" --exit-after 600 --listen 18443:ok --listen 18444:big_body=1073741824
sim_ready() { [ -f "$work/sim/ready" ]; }
wait_until 10 sim_ready || { cat "$work/sim.log"; die "the simulator did not start"; }
in_plugin ping -c 1 -W 2 "$server_ip" > /dev/null 2>&1 || true  # ARP warm-up; ping may be missing

# run_plugin NAME ARGS...: runs the plugin in its namespace against the server's address, with a hard limit
# far beyond the plugin's own, and records exit code, output and wall time.
run_plugin() {
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
    expect "$name" "head -1 $work/$name.out | grep '^DMK COMMUNITY ${states[$rc]} - Oak Park: .* | [a-z_]*=' >/dev/null" \
      "status line does not match exit code $rc" &&
    expect "$name" "at_most $(time_of "$name") $timeout.2" \
      "took $(time_of "$name") s, more than $timeout + 0.2 s"
}
report() {
  local name=$1 ok=$2
  if [ "$ok" = 0 ]; then
    pass "netem: $name ($(time_of "$name") s, exit $(rc_of "$name")): $(status_of "$name" | cut -c1-150)"
  else
    fail "netem: $name"
  fi
}

run_plugin baseline -p 18443 -t 5
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
  run_plugin "$name" -p 18443 -t 5
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
        expect "$name" "grep -Eq <<<'$status' 'TCP connect to .* timed out|TLS handshake timed out|no response to GET|response headers stalled|response body stalled|reset|closed'" \
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
  daemon_start delay_pid nfqueue-delay "$work/delay.log" \
    ip netns exec "$ns_server" python3 "$here/nfqueue_delay.py" --queue 7 --delay-ms 500 --max-seconds 300
  delay_ready() { grep -q READY "$work/delay.log" 2>/dev/null; }
  wait_until 5 delay_ready || { cat "$work/delay.log"; die "nfqueue_delay.py did not start"; }
  in_server iptables -A INPUT -i "$veth_server" -j NFQUEUE --queue-num 7
fi
run_plugin delay -p 18443 -t 5
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

run_plugin delay-threshold -p 18443 -t 5 --connect-warning 0.4 --ttfb-warning 0.4
ok=0
expect_contract delay-threshold 5 &&
  expect delay-threshold "[ $(rc_of delay-threshold) = 1 ]" "a slow connect over --connect-warning 0.4 must be WARNING" &&
  expect delay-threshold "status_of delay-threshold | grep 'TCP connect took .* (warning range 0.4)' >/dev/null" \
    "WARNING without naming the slow TCP connect" &&
  expect delay-threshold "status_of delay-threshold | grep 'time to first byte took .* (warning range 0.4)' >/dev/null" \
    "WARNING without naming the slow first byte" || ok=1
report delay-threshold $ok

run_plugin delay-timeout -p 18443 -t 1
ok=0
expect_contract delay-timeout 1 &&
  expect delay-timeout "[ $(rc_of delay-timeout) = 2 ]" "three 0.5 s round trips cannot fit in -t 1" &&
  expect delay-timeout "status_of delay-timeout | grep -E 'TCP connect to .* timed out after|TLS handshake timed out after|no response to GET / \(timed out after' >/dev/null" \
    "CRITICAL without naming the phase that ran out of time" || ok=1
report delay-timeout $ok
if [ "$mechanism" = netem ]; then
  tc -n "$ns_plugin" qdisc del dev "$veth_plugin" root
else
  in_server iptables -F INPUT
  daemon_stop delay_pid nfqueue-delay
fi

# --- the link taken down in the middle of a body -----------------------------------------------------
# 8 Mbit/s: the 1 GiB body would take about 18 minutes, so the transfer is surely under way at 0.5 s.
tc -n "$ns_server" qdisc add dev "$veth_server" root tbf rate 8mbit burst 32kb latency 200ms
( sleep 0.5; ip -n "$ns_server" link set dev "$veth_server" down ) &
link_down_pid=$!
run_plugin linkdown -p 18444 -t 3 --max-body 1073741824
wait "$link_down_pid"
ok=0
expect_contract linkdown 3 &&
  expect linkdown "[ $(rc_of linkdown) = 2 ]" "a link down mid-body must be CRITICAL" &&
  expect linkdown "status_of linkdown | grep 'response body stalled: timed out after [0-9]*\.[0-9] s (received [0-9]* B)' >/dev/null" \
    "CRITICAL without saying the body stalled and how much arrived" &&
  # The time it reports is measured, so a bound rather than its digits (2.9 s on a loaded machine).
  expect linkdown "at_least 3.2 \$(status_of linkdown | sed -n 's/.*timed out after \([0-9.]*\) s.*/\1/p')" \
    "the stalled body must be reported after at most -t 3 + 0.2 s" &&
  expect linkdown "[ \$(status_of linkdown | sed -n 's/.*received \([0-9]*\) B.*/\1/p') -gt 0 ]" \
    "no body bytes arrived before the link went down" || ok=1
report linkdown $ok

finish
