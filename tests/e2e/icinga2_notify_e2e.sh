#!/bin/bash
# End-to-end: alerts reach the right people, each in their own words. A real Icinga 2 runs the shipped icinga-conf/
# templates against the plugin and the DMK simulator; its notifications go through the shipped
# scripts/dmk-notify to a real /usr/bin/mail (bsd-mailx) and MTA (msmtp, pointed at an SMTP sink on
# loopback) and to webhook captures on loopback. Everything asserted is what actually arrived.
#
# Usage: icinga2_notify_e2e.sh --plugin PATH --sim PATH
#
# Two communities on one server, "Zürich" (UTF-8) and "basel", each with its own staff and contractor;
# our on-call (mail) and a chat channel (webhook), and a second chat channel whose webhook answers 500.
#   1. basel breaks on the server's side (HTTP 500 with the reason phrase "<!channel> see <...|fix>"):
#      on-call, chat and basel's staff at once, basel's contractor (Teams) only after its delay, Zürich's
#      people never; each audience's words (staff: plain, with the contractor's engagement time;
#      contractor: server, layer, reason, facts, what to do, our contact; on-call: everything, who was
#      told, a link to Icinga Web), one Reason line, short chat; Slack escaping; the 500 webhook fails
#      visibly in Icinga's log, naming its user. Then the recovery, with the outage's duration.
#      Then an UNKNOWN (bad input): on-call only, by Icinga's own filter; it lasts into 2.
#   2. Zürich fails on the monitoring host's side (DNS, no server answers in the private namespace):
#      on-call only (UTF-8 subject), counting the communities failing on our side now; its staff and contractor get neither the problem nor the recovery,
#      and Icinga's log says so (WITHHELD); its dead man's switch, fed CRITICAL meanwhile, is held
#      back (dependency). Then with the entry's dmk_staff_monitoring_faults: its staff hear of it.
#   3. basel's dead man's switch: the connection is fine, the cloud stops reporting: basel's staff.
#   4. A server with two communities goes DOWN: its staff and their shared contractor, each once.
#   5. An uplink on a dead port: the server behind it is UNREACHABLE and nobody is notified.
#
# Icinga runs with proxy variables pointing at a dead port: dmk-notify must not use them.
# Runs as root inside a private network namespace (re-executes itself through tests/run_in_netns.sh),
# which also has its own mount namespace: /usr/sbin/sendmail is bound to a wrapper that runs msmtp with
# the test's configuration there only. Every wait is bounded; the daemons are stopped by PID.
set -uo pipefail

source "$(dirname "$0")/lib.sh"

e2e_args "--plugin PATH --sim PATH" "$@"
e2e_begin notify-e2e
NODE=dmk-notify-e2e
API_USER=e2e-root
API_PASS=e2e-root-password
CLOUD_PASS=e2e-cloud-keys-password
DELAY=10
HOSTILE='HTTP/1.1 500 <!channel> see <https://evil.example/x|fix> & pay $5'

read -r P_OK P_HOSTILE P_GONE P_UPLINK P_BEHIND P_API P_HOOK P_HOOK500 P_SMTP P_PROXY < <(free_ports 10 | tr '\n' ' ')
[[ -n $P_PROXY ]] || die "no free ports"

start_sim "$sim" "$T/sim" "$P_OK:ok" "$P_HOSTILE:status_line=$HOSTILE" ||
  die "simulator did not become ready within 20 s"
CA=$T/sim/ca.pem

# --- what receives the notifications: webhooks (path = user), a failing webhook, an SMTP sink ------
daemon_start HOOK_PID webhook-capture "$T/webhook-capture.log" \
  /usr/bin/python3 "$E2E_DIR/capture_server.py" webhook "$P_HOOK" "$T/hooks.jsonl" --jsonl --max-seconds 600
daemon_start HOOK500_PID webhook-500 "$T/webhook-500.log" \
  /usr/bin/python3 "$E2E_DIR/capture_server.py" webhook "$P_HOOK500" "$T/hook500.txt" --status 500 --max-seconds 600
for port in "$P_HOOK" "$P_HOOK500"; do
  wait_until 15 listening "$port" || die "capture on port $port did not listen"
done

# The SMTP sink, and msmtp relaying to it as /usr/sbin/sendmail in this mount namespace only (bsd-mailx runs it).
mail_to_sink "$P_SMTP" "$T"

mkdir -p "$T/hooks"
# hook_config USER [PORT]: a curl config with the webhook URL, 0600 nagios, as in production.
hook_config() {
  printf 'url = "http://127.0.0.1:%s/hook/%s"\n' "${2:-$P_HOOK}" "$1" >"$T/hooks/$1.curlrc"
  chown nagios:nagios "$T/hooks/$1.curlrc"
  chmod 0600 "$T/hooks/$1.curlrc"
  echo "$T/hooks/$1.curlrc"
}

# --- Icinga 2 -----------------------------------------------------------------------------------
CONF=$(stage_repo_files "$T/repo")
N=$T/icinga
icinga_node_init "$N" "$NODE" "$P_API" "$API_USER" "$API_PASS" || die "could not make API certificates"
mkdir -p "$N/etc/scripts" "$T/plugins"
install -m 0755 "$CONF/scripts/dmk-notify" "$N/etc/scripts/dmk-notify"
install -m 0755 "$plugin" "$T/plugins/check_dmk_community"
ln -s /usr/lib/nagios/plugins/check_tcp "$T/plugins/check_tcp"
printf 'user = "dmk-cloud-keys:%s"\n' "$CLOUD_PASS" >"$T/api-cloud.curlrc"
chmod 0600 "$T/api-cloud.curlrc"
# The shipped uplink rule, as the example has it.
uplink_rule=$(sed -n '/^apply Dependency "dmk-uplink"/,/^}/p' "$CONF/examples/hosts.conf")
[[ -n $uplink_rule ]] || die "no dmk-uplink rule in examples/hosts.conf"

{
  echo "/* Generated by tests/e2e/icinga2_notify_e2e.sh. */"
  icinga_conf_base "$N" "$T/plugins"
  cat <<EOF
const DmkCloudKeysPassword = "$CLOUD_PASS"
const DmkOncallContact = "DMK on-call, +41 44 000 00 00"
const DmkOncallEmail = "oncall@dmk-e2e.test"
const DmkWebBaseUrl = "https://icinga.dmk-e2e.test/icingaweb2"
include "$CONF/dmk_community.conf"
include "$CONF/templates/*.conf"

object NotificationComponent "notification" { }

$uplink_rule

/* Two communities on one server, each with its staff and contractor in its entry. No vars.tcp_port:
 * the host check follows the first community's dmk_port. */
object Host "dmk-duo" {
  import "dmk-community-server"
  address = "dmk.test"
  vars.dmk_communities["Zürich"] = {
    dmk_port = $P_OK
    dmk_ca_file = "$CA"
    dmk_staff_users = [ "zurich-staff" ]
    dmk_contractor_users = [ "zurich-contractor" ]
    dmk_contractor_delay = ${DELAY}s
    dmk_staff_contact = "Hausverwaltung Zürich, +41 44 111 11 11"
  }
  vars.dmk_communities["basel"] = {
    dmk_port = $P_OK
    dmk_ca_file = "$CA"
    dmk_staff_groups = [ "basel-staff" ]
    dmk_contractor_users = [ "basel-contractor" ]
    dmk_contractor_delay = ${DELAY}s
  }
}

/* Two communities, one shared contractor, a server that is gone. */
object Host "dmk-gone" {
  import "dmk-community-server"
  address = "dmk.test"
  vars.dmk_communities["gone-a"] = {
    dmk_port = $P_GONE
    dmk_keys_monitored = false
    dmk_staff_users = [ "gone-staff-a" ]
    dmk_contractor_users = [ "gone-contractor" ]
  }
  vars.dmk_communities["gone-b"] = {
    dmk_port = $P_GONE
    dmk_keys_monitored = false
    dmk_staff_users = [ "gone-staff-b" ]
    dmk_contractor_users = [ "gone-contractor" ]
  }
}

/* A contractor's router on a dead port, and the server behind it. */
object Host "uplink-router" {
  check_command = "tcp"
  address = "127.0.0.1"
  vars.tcp_port = $P_UPLINK
  max_check_attempts = 1
}
object Host "dmk-behind" {
  import "dmk-community-server"
  address = "dmk.test"
  vars.dmk_uplink = "uplink-router"
  vars.dmk_communities["behind"] = {
    dmk_port = $P_BEHIND
    dmk_keys_monitored = false
    dmk_staff_users = [ "behind-staff" ]
    dmk_contractor_users = [ "behind-staff" ]
  }
}

object User "oncall" {
  email = "oncall@dmk-e2e.test"
  groups = [ "dmk-oncall" ]
}
object User "chat" {
  groups = [ "dmk-chat" ]
  vars.dmk_webhook_config = "$(hook_config chat)"
}
object User "chat-broken" {
  groups = [ "dmk-chat" ]
  vars.dmk_webhook_channel = "#ops-broken"
  vars.dmk_webhook_config = "$(hook_config chat-broken "$P_HOOK500")"
}
object User "zurich-staff" {
  email = "zurich-staff@dmk-e2e.test"
  vars.dmk_webhook_config = "$(hook_config zurich-staff)"
}
object User "zurich-contractor" {
  email = "zurich-contractor@dmk-e2e.test"
  vars.dmk_webhook_config = "$(hook_config zurich-contractor)"
}
object UserGroup "basel-staff" { }
object User "basel-staff-anna" {
  groups = [ "basel-staff" ]
  email = "anna@dmk-e2e.test"
  vars.dmk_webhook_config = "$(hook_config basel-staff-anna)"
}
object User "basel-contractor" {
  display_name = "Basel IT AG"
  email = "basel-contractor@dmk-e2e.test"
  vars.dmk_webhook_config = "$(hook_config basel-contractor)"
  vars.dmk_webhook_format = "teams"
}
object User "gone-staff-a" { vars.dmk_webhook_config = "$(hook_config gone-staff-a)" }
object User "gone-staff-b" { vars.dmk_webhook_config = "$(hook_config gone-staff-b)" }
object User "gone-contractor" { vars.dmk_webhook_config = "$(hook_config gone-contractor)" }
object User "behind-staff" { vars.dmk_webhook_config = "$(hook_config behind-staff)" }
EOF
} >"$N/etc/icinga2.conf"
# icinga_launch, with proxy variables in the daemon's environment that lead nowhere.
if icinga_validate "$N"; then
  pass "icinga2 daemon -C accepts the config"
else
  grep -vE 'information/' "$N/validate.log" | head -n 40 >&2
  die "icinga2 daemon -C rejected the config"
fi
http_proxy=http://127.0.0.1:$P_PROXY https_proxy=http://127.0.0.1:$P_PROXY HTTPS_PROXY=http://127.0.0.1:$P_PROXY \
  ALL_PROXY=http://127.0.0.1:$P_PROXY icinga_start "$N"
wait_until 90 icinga_ready "$N" || { tail -n 40 "$N/log/icinga2.log" >&2; die "the Icinga API was not ready within 90 s"; }
pass "icinga2 runs with proxy variables to a dead port in its environment"
LOG=$N/log/icinga2.log

# --- helpers on what arrived ----------------------------------------------------------------------
# raw_hooks USER: the bodies USER's webhook received, one per line, as sent.
raw_hooks() { jq -r --arg p "/hook/$1" 'select(.path == $p) | .body' "$T/hooks.jsonl"; }
# hooks USER: their text (Slack's "text", or the Teams card's TextBlocks), one message per line.
hooks() {
  jq -r --arg p "/hook/$1" 'select(.path == $p) | .body | fromjson
    | (.text // ([.attachments[0].content.body[] | .text // .inlines[0].text] | join("\n"))) | gsub("\n"; " | ")' \
    "$T/hooks.jsonl"
}
# hook_count USER REGEX: how many of them match.
hook_count() { hooks "$1" | grep -cE -- "$2"; }
hook_has() { [[ $(hook_count "$1" "$2") -ge 1 ]]; }
# hook_time USER REGEX: when the first matching one arrived (epoch).
hook_time() {
  jq -r --arg p "/hook/$1" --arg re "$2" 'select(.path == $p and (.body | fromjson | tostring | test($re))) | .time' \
    "$T/hooks.jsonl" | head -n1
}
# mails ADDRESS: "subject (decoded)<TAB>body" of each mail to ADDRESS, one per line (body's newlines as |).
mails() {
  /usr/bin/python3 - "$T/mail.jsonl" "$1" <<'PY'
import email, email.policy, json, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # a reader that stops early (grep -m1) is no error
for line in open(sys.argv[1], encoding="utf-8"):
    record = json.loads(line)
    if sys.argv[2] not in record["rcpt"]:
        continue
    message = email.message_from_bytes(record["data"].encode("utf-8"), policy=email.policy.default)
    body = message.get_content().replace("\r", "").replace("\n", "|")
    print(str(message["subject"]) + "\t" + body)
PY
}
# Not `grep -q`: with pipefail, grep leaving early kills the writer with SIGPIPE and fails the pipeline
# although it matched (a mailbox past one pipe buffer, as on-call's grows to).
mail_has() { mails "$1" | grep -E -- "$2" >/dev/null; }
# mail_header ADDRESS REGEX HEADER: HEADER of the first mail to ADDRESS whose subject/body matches REGEX.
mail_header() {
  /usr/bin/python3 - "$T/mail.jsonl" "$1" "$2" "$3" <<'PY'
import email, email.policy, json, re, sys
for line in open(sys.argv[1], encoding="utf-8"):
    record = json.loads(line)
    if sys.argv[2] not in record["rcpt"]:
        continue
    message = email.message_from_bytes(record["data"].encode("utf-8"), policy=email.policy.default)
    if re.search(sys.argv[3], str(message["subject"]) + "\t" + message.get_content()):
        print(message[sys.argv[4]] or "")
        break
PY
}
# reason_lines TEXT: how many lines of TEXT (a mail body with | for newlines) start with "Reason:".
reason_lines() { grep -oE '(^|\|)Reason: ' <<<"$1" | wc -l; }
# withheld USER WHY: Icinga's log has dmk-notify's WITHHELD line for USER (exit code 2) with WHY.
withheld() { grep -E "terminated with exit code 2, output: dmk-notify: WITHHELD from user '$1'" "$LOG" | grep -F -- "$2" >/dev/null; }
# lacks_re NAME HAYSTACK REGEX: no line of HAYSTACK matches the extended REGEX (case-sensitive).
lacks_re() {
  if grep -qE -- "$3" <<<"$2"; then fail "$1 (found /$3/: $(grep -m1 -E -- "$3" <<<"$2" | head -c 300))"; else pass "$1"; fi
}
# clock EPOCH: HH:MM as Icinga prints it (same time zone).
clock() { date -d "@${1%.*}" +%H:%M; }
log_has() { grep -qF -- "$1" "$LOG"; }
# set_vars TYPE NAME JSON: changes attributes at run time (as an operator would in the API).
set_attrs() {
  [[ "$(icinga_api "$N" POST "/v1/objects/$1/$(printf '%s' "$2" | jq -sRr @uri)" "{\"attrs\": $3}" | tail -n1)" == 200 ]]
}
hard_checks() {  # TYPE NAME: three checks in a row, so the state is hard
  local i
  for i in 1 2 3; do icinga_check_now "$N" "$1" "$2" || return 1; done
}
# json_true FILTER < JSON: the jq FILTER holds (its output not shown: check's own line must be).
json_true() { jq -e "$1" >/dev/null; }
svc_state() { icinga_object "$N" Service "$1" | jq -r '.last_check_result.state // "none"' | cut -d. -f1; }

# --- 0. all fine; the host check follows the community's port -------------------------------------
check "dmk-duo: host check ran" icinga_check_now "$N" Host dmk-duo
duo=$(icinga_object "$N" Host dmk-duo)
equals "dmk-duo: UP without vars.tcp_port (port from the first community's dmk_port)" "$(jq -r '.state' <<<"$duo" | cut -d. -f1)" 0
contains "dmk-duo: check_tcp was given the community's port $P_OK" "$(jq -c '.last_check_result.command' <<<"$duo")" "\"-p\",\"$P_OK\""
# The hosts whose state later tests rely on, before Icinga's own schedule could make their services
# hard CRITICAL first (a host in a soft state does not hold its services back).
check "uplink-router: host check ran" icinga_check_now "$N" Host uplink-router
check "dmk-behind: three host checks" hard_checks Host dmk-behind
check "dmk-gone: three host checks" hard_checks Host dmk-gone
for c in Zürich basel; do
  check "$c: connection check ran" icinga_check_now "$N" Service "dmk-duo!dmk-community-$c"
  equals "$c: OK" "$(svc_state "dmk-duo!dmk-community-$c")" 0
done

# --- 1. basel breaks on the server's side -----------------------------------------------------------
check "basel: pointed at the server answering '$HOSTILE'" set_attrs services "dmk-duo!dmk-community-basel" "{\"vars.dmk_port\": $P_HOSTILE}"
check "basel: three checks" hard_checks Service "dmk-duo!dmk-community-basel"
basel=$(icinga_object "$N" Service "dmk-duo!dmk-community-basel")
equals "basel: hard CRITICAL" "$(jq -r '"\(.state)/\(.state_type)"' <<<"$basel")" "2/1"
contains "basel: the plugin's long output has the reason code" "$(jq -r '.last_check_result.output' <<<"$basel")" '^Reason: api\.status; side: server$'
hard_at=$(jq -r '.last_hard_state_change' <<<"$basel")
lacks "basel's contractor: nothing at the hard state change (delay ${DELAY} s)" "$(hooks basel-contractor)" basel
wait_for 30 "chat: basel's problem arrived" hook_has chat 'CRITICAL basel: API'
wait_for 30 "basel's staff (group member): the problem arrived" hook_has basel-staff-anna 'basel: key cards and mobile keys cannot be made'
wait_for 30 "on-call: mail for basel arrived" mail_has oncall@dmk-e2e.test '^\[DMK\] CRITICAL basel: API'
chat_msg=$(raw_hooks chat | grep -m1 'CRITICAL basel')
contains "chat: Slack payload {\"text\": ...} with the reason code" "$(jq -r '.text' <<<"$chat_msg")" 'Reason: api\.status; side: server'
chat_text=$(jq -r '.text' <<<"$chat_msg")
contains "chat: the layer" "$chat_text" '^Layer: API$'
contains "chat: what to do" "$chat_text" '^To do: '
contains "chat: a link to the service in Icinga Web" "$chat_text" \
  '^https://icinga\.dmk-e2e\.test/icingaweb2/monitoring/service/show\?host=dmk-duo&amp;service=dmk-community-basel$'
lacks_re "chat: no layer lines (the details stay in the mail)" "$chat_text" '^\[(OK|--|CRITICAL)\]'
check "chat: at most 8 lines ($(wc -l <<<"$chat_text"))" test "$(wc -l <<<"$chat_text")" -le 8
# --- each audience's words ---
wait_for 30 "basel's staff: the mail arrived" mail_has anna@dmk-e2e.test 'cannot be made'
staff_mail=$(mails anna@dmk-e2e.test | grep -m1 'cannot be made')
engaged_at=$(awk -v t="$hard_at" -v d="$DELAY" 'BEGIN { printf "%d", t + d }')
equals "staff mail: subject in plain words" "$(cut -f1 <<<"$staff_mail")" "[DMK] basel: key cards and mobile keys cannot be made"
contains "staff mail: what is affected" "$staff_mail" 'Key cards and mobile keys cannot be made for basel at the moment\.'
contains "staff mail: since when" "$staff_mail" "\\|Since: $(clock "$(jq -r '.last_state_change' <<<"$basel")") "
contains "staff mail: the contractor is engaged at the hard state + ${DELAY} s ($(clock "$engaged_at"))" \
  "$staff_mail" "Your IT contractor \\(Basel IT AG\\) will be informed at $(clock "$engaged_at") if it still does not work"
contains "staff mail: whom to call (our on-call: the entry names nobody else)" "$staff_mail" 'Questions: DMK on-call, \+41 44 000 00 00\.'
for word in 'Reason' 'api.status' 'side:' 'layer' '[--]' '[OK]' 'What to do' 'resolv.conf' 'CRITICAL'; do
  lacks "staff mail: no '$word'" "$staff_mail" "$word"
done
equals "staff mail: Reply-To our on-call" "$(mail_header anna@dmk-e2e.test 'cannot be made' Reply-To)" oncall@dmk-e2e.test
oncall_mail=$(mails oncall@dmk-e2e.test | grep -m1 'CRITICAL basel')
equals "on-call mail: exactly one Reason line" "$(reason_lines "$oncall_mail")" 1
contains "on-call mail: the side of the cause" "$oncall_mail" "Cause on: the server's side: its contractor can fix it"
contains "on-call mail: who was told: the staff at once" "$oncall_mail" '\|Staff: basel-staff \(told at once\)'
contains "on-call mail: who was told: the contractor at the delay" "$oncall_mail" '\|Contractor: Basel IT AG \(told at [0-9]{2}:[0-9]{2} if it still fails\)'
contains "on-call mail: the layer lines and the advice" "$oncall_mail" '\|\[CRITICAL\] API: .*\|What to do:\|- '
contains "on-call mail: the Icinga Web link" "$oncall_mail" 'Icinga Web: https://icinga\.dmk-e2e\.test/icingaweb2/monitoring/service/show\?host=dmk-duo&service=dmk-community-basel'
contains "chat: the hostile reason phrase is escaped (&lt;!channel&gt;), its & and \$ kept" "$chat_msg" '&lt;!channel&gt; see &lt;https://evil\.example/x/fix&gt; &amp; pay \$5'
lacks "chat: no raw <!channel> in the payload" "$chat_msg" '<!channel>'
lacks "chat: no raw <https:// link in the payload" "$chat_msg" '<https://'
contains "on-call mail: body names the reason" "$(mails oncall@dmk-e2e.test | grep -m1 basel)" '\|Reason: api\.status; side: server\|'
lacks "Zürich's staff heard nothing about basel" "$(hooks zurich-staff; mails zurich-staff@dmk-e2e.test)" basel
# The 500 webhook: the notification fails, visibly.
wait_for 30 "chat-broken: the 500 webhook was called" test -s "$T/hook500.txt"
# Icinga logs the command's output on the lines after "terminated with exit code N, output: ".
failed_line() {
  grep -E 'terminated with exit code 1, output: ' "$LOG" |
    grep -qF "dmk-notify: webhook of user 'chat-broken' (channel '#ops-broken', config $T/hooks/chat-broken.curlrc) failed: HTTP 500"
}
wait_for 20 "Icinga's log shows the failed notification (exit code 1, the user, the channel, HTTP 500)" failed_line
lacks "Icinga's log: no webhook URL" "$(grep -F 'dmk-notify: webhook' "$LOG")" "http://"
# The contractor: only after the delay.
wait_for 40 "basel's contractor: the problem arrived after the delay" hook_has basel-contractor 'CRITICAL basel: API'
contractor_at=$(hook_time basel-contractor 'CRITICAL basel')
check "basel's contractor: not before ${DELAY} s after the hard state ($(awk -v a="$contractor_at" -v b="$hard_at" 'BEGIN { printf "%.1f", a - b }') s)" \
  awk -v a="$contractor_at" -v b="$hard_at" -v d="$DELAY" 'BEGIN { exit !(a - b >= d - 0.5) }'
teams=$(raw_hooks basel-contractor | grep -m1 'CRITICAL basel')
equals "Teams payload: type message" "$(jq -r '.type' <<<"$teams")" message
equals "Teams payload: an Adaptive Card attachment" "$(jq -r '.attachments[0].contentType' <<<"$teams")" application/vnd.microsoft.card.adaptive
equals "Teams payload: AdaptiveCard 1.4" "$(jq -r '.attachments[0].content | "\(.type) \(.version)"' <<<"$teams")" "AdaptiveCard 1.4"
equals "Teams payload: the subject is the first, bold TextBlock" \
  "$(jq -r '.attachments[0].content.body[0] | "\(.type) \(.weight) \(.text)"' <<<"$teams")" "TextBlock Bolder [DMK] CRITICAL basel: API"
check "Teams payload: a plain TextRun (no Markdown) names the reason" \
  json_true '[.attachments[0].content.body[] | select(.type == "RichTextBlock") | .inlines[] | select(.type == "TextRun") | .text]
    | any(test("^Reason: api\\.status"))' <<<"$teams"
check "Teams payload: the server's words only in TextRuns, never in a Markdown TextBlock" \
  json_true '[.attachments[0].content.body[] | select(.type == "TextBlock") | .text] | all(test("channel") | not)' <<<"$teams"
wait_for 30 "basel's contractor: the mail arrived" mail_has basel-contractor@dmk-e2e.test 'CRITICAL basel: API'
cmail=$(mails basel-contractor@dmk-e2e.test | grep -m1 'CRITICAL basel')
contains "contractor mail: the server, its address and port" "$cmail" "The DMK community server dmk-duo \\(dmk\\.test, port $P_HOSTILE\\) fails the check of community basel\\."
contains "contractor mail: the failing layer" "$cmail" '\|Failing layer: API\|'
contains "contractor mail: the reason code" "$cmail" '\|Reason: api\.status\|'
equals "contractor mail: exactly one Reason line" "$(reason_lines "$cmail")" 1
contains "contractor mail: since when" "$cmail" '\|Since: [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} '
contains "contractor mail: the facts (layer lines that were reached)" "$cmail" '\|Facts:\|\[OK\] DNS: .*\|\[OK\] TCP: connected'
contains "contractor mail: what to do" "$cmail" '\|What to do:\|- '
contains "contractor mail: our on-call's contact" "$cmail" '\|Questions, or when it is fixed: DMK on-call, \+41 44 000 00 00'
lacks "contractor mail: no side (theirs is the only one they hear of)" "$cmail" 'side:'
lacks "contractor mail: no layers that were not reached" "$cmail" '[--]'
equals "contractor mail: Reply-To our on-call" "$(mail_header basel-contractor@dmk-e2e.test 'CRITICAL basel' Reply-To)" oncall@dmk-e2e.test
# An acknowledgement: on-call hears who and why; the staff and contractor rules do not send these.
ack_body=$(jq -nc '{type: "Service", filter: "host.name == \"dmk-duo\" && service.name == \"dmk-community-basel\"",
  author: "e2e-operator", comment: "Basel IT is on it", notify: true}')
equals "basel: acknowledged through the API" "$(icinga_api "$N" POST /v1/actions/acknowledge-problem "$ack_body" | tail -n1)" 200
wait_for 30 "on-call: the acknowledgement arrived" mail_has oncall@dmk-e2e.test '^\[DMK\] ACKNOWLEDGEMENT basel: API'
contains "on-call: the acknowledgement says who and why" "$(mails oncall@dmk-e2e.test | grep -m1 ACKNOWLEDGEMENT)" '\|Acknowledged by e2e-operator: Basel IT is on it\|'
sleep 2
lacks_re "basel's staff and contractor: no acknowledgement" \
  "$(hooks basel-staff-anna; mails anna@dmk-e2e.test; hooks basel-contractor; mails basel-contractor@dmk-e2e.test)" 'ACKNOWLEDGEMENT|Acknowledged'

# --- recovery: to whoever got the problem -------------------------------------------------------
check "basel: back to the healthy server" set_attrs services "dmk-duo!dmk-community-basel" "{\"vars.dmk_port\": $P_OK}"
check "basel: check ran" icinga_check_now "$N" Service "dmk-duo!dmk-community-basel"
for u in chat basel-contractor; do
  wait_for 30 "$u: basel's recovery arrived" hook_has "$u" 'OK basel'
done
wait_for 30 "basel-staff-anna: basel's recovery arrived" hook_has basel-staff-anna 'basel: key cards and mobile keys work again'
wait_for 30 "on-call: recovery mail" mail_has oncall@dmk-e2e.test '^\[DMK\] OK basel'
rmail=$(mails oncall@dmk-e2e.test | grep -m1 '^\[DMK\] OK basel')
contains "on-call recovery: subject speaks of recovery and its duration" "$(cut -f1 <<<"$rmail")" '^\[DMK\] OK basel: recovered after [0-9]+ (seconds|minutes)$'
# (the check output itself may say "none": the plugin's "proxy: none" line)
for word in 'Failing layer' 'Reason' 'cause on none' 'OK basel: none'; do
  lacks "on-call recovery: no '$word'" "$rmail" "$word"
done
wait_for 30 "basel's staff: recovery mail" mail_has anna@dmk-e2e.test 'work again'
srmail=$(mails anna@dmk-e2e.test | grep -m1 'work again')
contains "staff recovery: it works again, since when, for how long it was broken" "$srmail" \
  'Key cards and mobile keys can be made again for basel, since [0-9]{2}:[0-9]{2}, after [0-9]+ (seconds|minutes) \(from [0-9]{2}:[0-9]{2} to [0-9]{2}:[0-9]{2}\)\.'
for word in 'none' 'Reason' 'layer' 'OK'; do
  lacks "staff recovery: no '$word'" "$srmail" "$word"
done
wait_for 30 "basel's contractor: recovery mail" mail_has basel-contractor@dmk-e2e.test 'OK basel'
contains "contractor recovery: works again, with the outage's duration" "$(mails basel-contractor@dmk-e2e.test | grep -m1 'OK basel')" \
  'works again for community basel, since [0-9]{2}:[0-9]{2}, after [0-9]+ (seconds|minutes)'

# --- an UNKNOWN (our input is wrong): on-call only; Icinga does not even notify staff or contractor ----
# Problems only: the staff's recovery of basel's last outage may still be logged while this starts.
staff_sends() { grep -cF "'Problem' notification 'dmk-duo!dmk-community-basel!dmk-staff' for user 'basel-staff-anna'" "$LOG"; }
staff_sends_before=$(staff_sends)
check "basel: given an option value the plugin rejects" set_attrs services "dmk-duo!dmk-community-basel" '{"vars.dmk_tls_min": "9.9"}'
check "basel: three checks" hard_checks Service "dmk-duo!dmk-community-basel"
equals "basel: UNKNOWN" "$(svc_state "dmk-duo!dmk-community-basel")" 3
wait_for 30 "on-call: the UNKNOWN arrived" mail_has oncall@dmk-e2e.test '^\[DMK\] UNKNOWN basel: check'
umail=$(mails oncall@dmk-e2e.test | grep -m1 '^\[DMK\] UNKNOWN basel')
contains "on-call UNKNOWN: our side, nobody else told" "$umail" 'Cause on: our side'
contains "on-call UNKNOWN: the staff not told" "$umail" '\|Staff: basel-staff \(not told: the cause is on our side\)'
equals "on-call UNKNOWN: exactly one Reason line" "$(reason_lines "$umail")" 1
sleep $((DELAY + 2))
equals "basel's staff: Icinga sent them nothing for the UNKNOWN" "$(staff_sends)" "$staff_sends_before"
lacks_re "basel's staff and contractor: no message about the UNKNOWN" \
  "$(hooks basel-staff-anna; hooks basel-contractor; mails anna@dmk-e2e.test; mails basel-contractor@dmk-e2e.test)" 'UNKNOWN|monitoring cannot check'
contains "on-call UNKNOWN: how many communities fail on our side now" "$umail" '\|On our side now: 1 community \(unknown: 1\): basel\|'
# basel stays UNKNOWN while Zürich fails on our side too (below).

# --- 2. Zürich fails on the monitoring host's side (no DNS server answers here) --------------------
check "Zürich: pointed at a name no DNS server answers for" \
  set_attrs services "dmk-duo!dmk-community-Zürich" '{"vars.dmk_hostname": "nowhere.dmk.test"}'
check "Zürich: three checks" hard_checks Service "dmk-duo!dmk-community-Zürich"
zurich=$(icinga_object "$N" Service "dmk-duo!dmk-community-Zürich")
contains "Zürich: reason dns.no_answer, monitoring side" "$(jq -r '.last_check_result.output' <<<"$zurich")" '^Reason: dns\.no_answer; side: monitoring$'
# The cloud reports a failed key meanwhile: the dead man's switch goes CRITICAL, held back.
keys_body=$(jq -nc '{type: "Service", filter: "host.name == \"dmk-duo\" && service.name == \"dmk-keys-Zürich\"",
  exit_status: 2, plugin_output: "DMK KEYS CRITICAL - Zürich: no key", check_source: "dmk-cloud"}')
equals "cloud: CRITICAL for dmk-keys-Zürich accepted" "$(icinga_api_as "$N" "$T/api-cloud.curlrc" POST /v1/actions/process-check-result "$keys_body" | tail -n1)" 200
wait_for 30 "on-call: mail about Zürich arrived" mail_has oncall@dmk-e2e.test 'CRITICAL Zürich: DNS'
zmail=$(mails oncall@dmk-e2e.test | grep -m1 'CRITICAL Zürich')
equals "on-call: the UTF-8 subject survived" "$(cut -f1 <<<"$zmail")" "[DMK] CRITICAL Zürich: DNS"
contains "on-call: the body names the community in UTF-8" "$zmail" 'DMK community Zürich is CRITICAL'
contains "on-call: the body has the reason and its side" "$zmail" '\|Reason: dns\.no_answer; side: monitoring\|'
equals "on-call: exactly one Reason line" "$(reason_lines "$zmail")" 1
contains "on-call: the cause is ours, nobody else is told" "$zmail" 'Cause on: our side .*: nobody else is told'
contains "on-call: the staff not told" "$zmail" '\|Staff: zurich-staff \(not told: the cause is on our side\)'
contains "on-call: the contractor not told" "$zmail" '\|Contractor: zurich-contractor \(not told: the cause is on our side\)'
contains "on-call: Zürich's page counts both communities failing on our side now, by reason" "$zmail" \
  '\|On our side now: 2 communities \(dns\.no_answer: 1, unknown: 1\): Zürich, basel\|'
check "basel: a valid option value" set_attrs services "dmk-duo!dmk-community-basel" '{"vars.dmk_tls_min": "1.2"}'
check "basel: check ran" icinga_check_now "$N" Service "dmk-duo!dmk-community-basel"
oncall_ok_basel() { [[ $(mails oncall@dmk-e2e.test | grep -c '^\[DMK\] OK basel') -ge 2 ]]; }
wait_for 30 "on-call: the recovery from UNKNOWN" oncall_ok_basel
sleep 2
equals "basel's staff: no recovery of the UNKNOWN they never got" "$(hook_count basel-staff-anna 'work again')" 1
wait_for 30 "Zürich's staff: Icinga's log says the problem was withheld from them (exit code 2)" \
  withheld zurich-staff 'the cause (dns.no_answer) is on the monitoring side; it goes to our on-call only'
contractor_done() { log_has "notification 'dmk-duo!dmk-community-Zürich!dmk-contractor'"; }
wait_for 40 "Zürich's contractor: Icinga ran the contractor's notification after the delay" contractor_done
sleep 2
check "Zürich's contractor: Icinga's log says the problem was withheld from them" withheld zurich-contractor 'the cause (dns.no_answer)'
equals "Zürich's staff: no message for a monitoring-side cause" "$(hooks zurich-staff; mails zurich-staff@dmk-e2e.test)" ""
equals "Zürich's contractor: no webhook for a monitoring-side cause" "$(hooks zurich-contractor | wc -l)" 0
equals "Zürich's contractor: no mail for a monitoring-side cause" "$(mails zurich-contractor@dmk-e2e.test | wc -l)" 0
equals "dead man's switch of Zürich: CRITICAL ($(icinga_object "$N" Service "dmk-duo!dmk-keys-Zürich" | jq -c '.last_check_result | [.output, .active]'))" \
  "$(svc_state "dmk-duo!dmk-keys-Zürich")" 2
lacks "dead man's switch of Zürich: held back while the connection is CRITICAL (no message)" \
  "$(cat "$T/hooks.jsonl"; mails zurich-staff@dmk-e2e.test; mails oncall@dmk-e2e.test)" 'Zürich: key making'
lacks "dead man's switch of Zürich: no staff message either" "$(hooks zurich-staff; mails zurich-staff@dmk-e2e.test)" 'the cloud has not reported'
lacks "dead man's switch of Zürich: Icinga sent no notification for it" "$(grep -F 'Sending' "$LOG")" 'dmk-keys-Zürich'

check "Zürich: name back" set_attrs services "dmk-duo!dmk-community-Zürich" '{"vars.dmk_hostname": "dmk.test"}'
check "Zürich: check ran" icinga_check_now "$N" Service "dmk-duo!dmk-community-Zürich"
wait_for 30 "on-call: Zürich's recovery by mail" mail_has oncall@dmk-e2e.test '^\[DMK\] OK Zürich: recovered'
wait_for 30 "Zürich's staff: the recovery of a problem they never got is withheld (Icinga's log)" \
  withheld zurich-staff 'the recovery of a problem that was not sent to them'
recovery_done() { grep -qF "'Recovery' notification 'dmk-duo!dmk-community-Zürich!dmk-contractor'" "$LOG"; }
wait_until 20 recovery_done
sleep 2
equals "Zürich's contractor: no recovery of a problem they never got" "$(hooks zurich-contractor | wc -l)" 0
equals "Zürich's staff: no recovery of a problem they never got" "$(hooks zurich-staff; mails zurich-staff@dmk-e2e.test)" ""

# --- the entry's dmk_staff_monitoring_faults: Zürich's staff want our faults too ----------------------
check "Zürich: dmk_staff_monitoring_faults = true" set_attrs services "dmk-duo!dmk-community-Zürich" '{"vars.dmk_staff_monitoring_faults": true}'
check "Zürich: the name again no DNS server answers for" \
  set_attrs services "dmk-duo!dmk-community-Zürich" '{"vars.dmk_hostname": "nowhere.dmk.test"}'
check "Zürich: three checks" hard_checks Service "dmk-duo!dmk-community-Zürich"
wait_for 30 "Zürich's staff: the mail arrived" mail_has zurich-staff@dmk-e2e.test 'monitoring cannot check'
zsmail=$(mails zurich-staff@dmk-e2e.test | grep -m1 'monitoring cannot check')
equals "Zürich's staff: the UTF-8 subject survived, in plain words" "$(cut -f1 <<<"$zsmail")" "[DMK] Zürich: our monitoring cannot check the key server"
contains "Zürich's staff: the fault is ours, keys may still work" "$zsmail" 'The fault is on our side, not at your server: key cards and mobile keys may still work\.'
contains "Zürich's staff: whom to call (the entry's dmk_staff_contact)" "$zsmail" 'Questions: Hausverwaltung Zürich, \+41 44 111 11 11\.'
for word in 'resolv.conf' '[--]' 'Reason' 'dns.no_answer' 'DNS' 'contractor (' 'none'; do
  lacks "Zürich's staff: no '$word'" "$zsmail" "$word"
done
check "Zürich: name back" set_attrs services "dmk-duo!dmk-community-Zürich" '{"vars.dmk_hostname": "dmk.test"}'
check "Zürich: check ran" icinga_check_now "$N" Service "dmk-duo!dmk-community-Zürich"
wait_for 30 "Zürich's staff: the recovery arrived" mail_has zurich-staff@dmk-e2e.test 'Zürich: key cards and mobile keys work again'

# --- 3. basel's dead man's switch: the connection is fine, the cloud goes silent ------------------
check "dmk-keys-basel: freshness threshold 5 s" set_attrs services "dmk-duo!dmk-keys-basel" '{"check_interval": 5, "retry_interval": 5}'
ok_body=$(jq -nc '{type: "Service", filter: "host.name == \"dmk-duo\" && service.name == \"dmk-keys-basel\"",
  exit_status: 0, plugin_output: "DMK KEYS OK - basel: key made", check_source: "dmk-cloud"}')
equals "cloud: OK for dmk-keys-basel accepted" "$(icinga_api_as "$N" "$T/api-cloud.curlrc" POST /v1/actions/process-check-result "$ok_body" | tail -n1)" 200
wait_for 40 "basel's staff: the dead man's switch alert arrived once the cloud stayed silent" \
  hook_has basel-staff-anna "cannot be made for basel at the moment: the cloud has not reported a key made in time"
lacks "Zürich's staff: nothing about basel's keys" "$(hooks zurich-staff)" basel

# --- 4. a server with two communities goes DOWN (checked at the start): each person once -----------
equals "dmk-gone: DOWN" "$(icinga_object "$N" Host dmk-gone | jq -r '.state' | cut -d. -f1)" 1
wait_for 30 "gone-contractor: the DOWN message arrived" hook_has gone-contractor 'server dmk-gone is DOWN'
for u in a b; do
  wait_for 30 "gone-staff-$u: the DOWN message arrived" \
    hook_has "gone-staff-$u" "gone-$u: key cards and mobile keys cannot be made.*the server does not answer"
  lacks "gone-staff-$u: only their own community" "$(hooks "gone-staff-$u")" "gone-$([[ $u == a ]] && echo b || echo a)"
  contains "gone-staff-$u: their contractor is being informed now" "$(hooks "gone-staff-$u")" 'Your IT contractor \(gone-contractor\) is being informed now\.'
done
check "dmk-gone: community check ran" icinga_check_now "$N" Service "dmk-gone!dmk-community-gone-a"
sleep 2
for u in gone-staff-a gone-staff-b gone-contractor; do
  equals "$u: exactly one message (the host's, not the community's)" "$(hooks "$u" | wc -l)" 1
done
contains "the DOWN message names both communities" "$(hooks gone-contractor)" 'communities gone-a, gone-b'
contains "the contractor's DOWN message: layer, reason code, what to do" "$(hooks gone-contractor)" \
  'Layer: TCP \| Reason: host\.down \| To do: Check that the server runs and accepts TCP connections on port'
lacks "on-call chat: no community message for the DOWN server" "$(hooks chat)" 'CRITICAL gone-a'
wait_for 30 "on-call: the DOWN mail" mail_has oncall@dmk-e2e.test '^\[DMK\] server dmk-gone is DOWN'
dmail=$(mails oncall@dmk-e2e.test | grep -m1 'server dmk-gone is DOWN')
equals "on-call DOWN mail: exactly one Reason line" "$(reason_lines "$dmail")" 1
contains "on-call DOWN mail: the reason and side" "$dmail" '\|Reason: host\.down; side: server\|'
contains "on-call DOWN mail: who was told" "$dmail" '\|Staff: gone-staff-a, gone-staff-b \(told at once\)\|Contractor: gone-contractor \(told now\)'
# The server answers again: a TCP listener on its port. Everyone hears of the recovery in their words.
daemon_start GONE_PID gone-listener "$T/gone-listener.log" \
  /usr/bin/python3 "$E2E_DIR/capture_server.py" webhook "$P_GONE" "$T/gone.txt" --max-seconds 120
wait_for 15 "dmk-gone: its port listens again" listening "$P_GONE"
check "dmk-gone: host check ran" icinga_check_now "$N" Host dmk-gone
wait_for 30 "gone-staff-a: the server's recovery arrived" hook_has gone-staff-a 'gone-a: key cards and mobile keys work again'
up_staff=$(hooks gone-staff-a | grep 'work again')
contains "gone-staff-a: it works again, since when" "$up_staff" 'can be made again for gone-a, since [0-9]{2}:[0-9]{2}'
for word in 'none' 'TCP' 'Reason' 'UP'; do
  lacks "gone-staff-a: the recovery has no '$word'" "$up_staff" "$word"
done
wait_for 30 "gone-contractor: the server's recovery arrived" hook_has gone-contractor '^\[DMK\] UP server dmk-gone: recovered'
wait_for 30 "on-call: the UP mail" mail_has oncall@dmk-e2e.test '^\[DMK\] UP server dmk-gone: recovered'
upmail=$(mails oncall@dmk-e2e.test | grep -m1 'UP server dmk-gone')
for word in 'Failing layer' 'Reason' 'cause on none' 'does not accept'; do
  lacks "on-call UP mail: no '$word'" "$upmail" "$word"
done
daemon_stop GONE_PID gone-listener

# --- 5. an uplink on a dead port (checked at the start): its server UNREACHABLE and silent ---------
equals "uplink-router: DOWN" "$(icinga_object "$N" Host uplink-router | jq -r '.state' | cut -d. -f1)" 1
behind=$(icinga_object "$N" Host dmk-behind)
equals "dmk-behind: unreachable (dmk-uplink dependency)" "$(jq -r '.last_check_result.vars_after.reachable' <<<"$behind")" false
check "dmk-behind: community check ran" icinga_check_now "$N" Service "dmk-behind!dmk-community-behind"
sleep 2
equals "behind's staff: nothing" "$(hooks behind-staff | wc -l)" 0
lacks "chat: nothing about dmk-behind" "$(hooks chat)" 'dmk-behind'
lacks "on-call: no mail about dmk-behind" "$(mails oncall@dmk-e2e.test)" 'dmk-behind'

# --- Icinga's log -----------------------------------------------------------------------------------
lacks "no macro error in the log" "$(cat "$LOG")" 'Closing $ not found'
lacks "no 'Non-optional macro' warning" "$(cat "$LOG")" "Non-optional macro"
check "no critical/ line in the Icinga log" test -z "$(grep 'critical/' "$LOG" || true)"
equals "every failed notification (exit code 1) is the 500 webhook's" \
  "$(grep -cE 'terminated with exit code 1,' "$LOG")" "$(grep -cF "dmk-notify: webhook of user 'chat-broken'" "$LOG")"
equals "every exit code 2 is a WITHHELD send" \
  "$(grep -cE 'terminated with exit code 2,' "$LOG")" "$(grep -cE 'terminated with exit code 2, output: dmk-notify: WITHHELD from user' "$LOG")"
equals "no other exit code" "$(grep -E 'terminated with exit code' "$LOG" | grep -cvE 'exit code [12],')" 0
# Chat stays short: every message, Slack or Teams, at most 1200 bytes and 10 lines; no layer lines.
chat_sizes=$(jq -r '.body | fromjson | (.text // ([.attachments[0].content.body[] | .text // .inlines[0].text] | join("\n")))
  | "\(utf8bytelength) \(split("\n") | length)"' "$T/hooks.jsonl")
check "chat: $(wc -l <<<"$chat_sizes") messages, each at most 1200 bytes and 10 lines (largest $(sort -n <<<"$chat_sizes" | tail -n1 | cut -d' ' -f1) bytes)" \
  awk 'NF != 2 || $1 > 1200 || $2 > 10 { bad = 1 } END { exit bad || NR < 10 }' <<<"$chat_sizes"
lacks_re "chat: no layer lines in any message" "$(hooks chat; hooks basel-contractor; hooks zurich-staff; hooks gone-contractor)" '\[(OK|--|CRITICAL)\] '
lacks "chat: no /etc/resolv.conf advice to anyone but on-call" "$(hooks zurich-staff; hooks basel-staff-anna; hooks gone-staff-a)" 'resolv.conf'
contains "the proxy variables reached Icinga's commands (the plugin reports ignoring them)" \
  "$(mails oncall@dmk-e2e.test)" 'https_proxy in the environment is ignored'
check "webhooks arrived although the daemon's proxy variables lead to a dead port (dmk-notify ignores them)" \
  test "$(jq -r 'select(.path == "/hook/chat") | .path' "$T/hooks.jsonl" | wc -l)" -ge 3
echo "# mails: $(wc -l <"$T/mail.jsonl"), webhooks: $(wc -l <"$T/hooks.jsonl"), 500 answers: $(wc -l <"$T/hook500.txt")"

icinga_stop "$N"
finish
