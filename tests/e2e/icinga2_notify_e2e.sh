#!/bin/bash
# End-to-end: alerts reach the right people (issue 11). A real Icinga 2 runs the shipped icinga-conf/
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
#      people never; Slack escaping; the 500 webhook fails visibly in Icinga's log. Then the recovery.
#   2. Zürich fails on the monitoring host's side (DNS, no server answers in the private namespace):
#      its staff by mail (UTF-8 subject) and webhook, its contractor neither for the problem nor the
#      recovery; its dead man's switch, fed CRITICAL meanwhile, is held back (dependency).
#   3. basel's dead man's switch: the connection is fine, the cloud stops reporting: basel's staff.
#   4. A server with two communities goes DOWN: its staff and their shared contractor, each once.
#   5. An uplink on a dead port: the server behind it is UNREACHABLE and nobody is notified.
#
# Runs as root inside a private network namespace (re-executes itself through tests/run_in_netns.sh),
# which also has its own mount namespace: /usr/sbin/sendmail is bound to a wrapper that runs msmtp with
# the test's configuration there only. Every wait is bounded; the daemons are stopped by PID.
set -uo pipefail

source "$(dirname "$0")/lib.sh"

e2e_args "--plugin PATH --sim PATH" "$@"
e2e_begin notify-e2e
[[ -x /usr/bin/mail && -x /usr/bin/msmtp && -e /usr/sbin/sendmail ]] ||
  die "needs bsd-mailx, msmtp and an MTA's /usr/sbin/sendmail (scripts/deps.sh)"
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || die "needs python3-aiosmtpd (scripts/deps.sh)"
HOOK_PID=""
HOOK500_PID=""
SMTP_PID=""
SENDMAIL_BOUND=""
cleanup() {
  stop_pid "$HOOK_PID" webhook-capture
  stop_pid "$HOOK500_PID" webhook-500
  stop_pid "$SMTP_PID" smtp-sink
  [[ -n $SENDMAIL_BOUND ]] && umount /usr/sbin/sendmail 2>/dev/null
  return 0
}
on_cleanup cleanup

NODE=dmk-notify-e2e
API_USER=e2e-root
API_PASS=e2e-root-password
CLOUD_PASS=e2e-cloud-keys-password
DELAY=6
HOSTILE='HTTP/1.1 500 <!channel> see <https://evil.example/x|fix> & pay $5'

read -r P_OK P_HOSTILE P_GONE P_UPLINK P_BEHIND P_API P_HOOK P_HOOK500 P_SMTP < <(free_ports 9 | tr '\n' ' ')
[[ -n $P_SMTP ]] || die "no free ports"

start_sim "$sim" "$T/sim" "$P_OK:ok" "$P_HOSTILE:status_line=$HOSTILE" ||
  die "simulator did not become ready within 20 s"
CA=$T/sim/ca.pem

# --- what receives the notifications: webhooks (path = user), a failing webhook, an SMTP sink ------
/usr/bin/python3 "$E2E_DIR/capture_server.py" webhook "$P_HOOK" "$T/hooks.jsonl" --jsonl --max-seconds 600 &
HOOK_PID=$!
/usr/bin/python3 "$E2E_DIR/capture_server.py" webhook "$P_HOOK500" "$T/hook500.txt" --status 500 --max-seconds 600 &
HOOK500_PID=$!
/usr/bin/python3 "$E2E_DIR/capture_server.py" smtp "$P_SMTP" "$T/mail.jsonl" --max-seconds 600 &
SMTP_PID=$!
for port in "$P_HOOK" "$P_HOOK500" "$P_SMTP"; do
  wait_until 15 listening "$port" || die "capture on port $port did not listen"
done

# The MTA: msmtp to the sink, as /usr/sbin/sendmail in this mount namespace only (bsd-mailx runs it).
cat >"$T/msmtprc" <<EOF
account default
host 127.0.0.1
port $P_SMTP
from icinga@dmk-e2e.test
auth off
tls off
EOF
chown nagios:nagios "$T/msmtprc"
chmod 0600 "$T/msmtprc"
printf '#!/bin/sh\nexec /usr/bin/msmtp -C %s "$@"\n' "$T/msmtprc" >"$T/sendmail"
chmod 0755 "$T/sendmail"
mount --bind "$T/sendmail" /usr/sbin/sendmail || die "could not bind the sendmail wrapper"
SENDMAIL_BOUND=1

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
  vars.dmk_webhook_config = "$(hook_config basel-staff-anna)"
}
object User "basel-contractor" {
  vars.dmk_webhook_config = "$(hook_config basel-contractor)"
  vars.dmk_webhook_format = "teams"
}
object User "gone-staff-a" { vars.dmk_webhook_config = "$(hook_config gone-staff-a)" }
object User "gone-staff-b" { vars.dmk_webhook_config = "$(hook_config gone-staff-b)" }
object User "gone-contractor" { vars.dmk_webhook_config = "$(hook_config gone-contractor)" }
object User "behind-staff" { vars.dmk_webhook_config = "$(hook_config behind-staff)" }
EOF
} >"$N/etc/icinga2.conf"
icinga_launch "$N" "the config"
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
import email, email.policy, json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    record = json.loads(line)
    if sys.argv[2] not in record["rcpt"]:
        continue
    message = email.message_from_bytes(record["data"].encode("utf-8"), policy=email.policy.default)
    body = message.get_content().replace("\r", "").replace("\n", "|")
    print(str(message["subject"]) + "\t" + body)
PY
}
mail_has() { mails "$1" | grep -qE -- "$2"; }
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
check "chat: basel's problem arrived" wait_until 30 hook_has chat 'CRITICAL basel: API'
check "basel's staff (group member): the problem arrived" wait_until 30 hook_has basel-staff-anna 'CRITICAL basel: API'
check "on-call: mail for basel arrived" wait_until 30 mail_has oncall@dmk-e2e.test '^\[DMK\] CRITICAL basel: API'
chat_msg=$(raw_hooks chat | grep -m1 'CRITICAL basel')
contains "chat: Slack payload {\"text\": ...} with the reason code" "$(jq -r '.text' <<<"$chat_msg")" 'Reason: api\.status \(cause on the server'
contains "chat: the hostile reason phrase is escaped (&lt;!channel&gt;), its & and \$ kept" "$chat_msg" '&lt;!channel&gt; see &lt;https://evil\.example/x/fix&gt; &amp; pay \$5'
lacks "chat: no raw <!channel> in the payload" "$chat_msg" '<!channel>'
lacks "chat: no raw <https:// link in the payload" "$chat_msg" '<https://'
contains "on-call mail: body names the reason" "$(mails oncall@dmk-e2e.test | grep -m1 basel)" 'Reason: api\.status \(cause on the server.s side'
lacks "Zürich's staff heard nothing about basel" "$(hooks zurich-staff; mails zurich-staff@dmk-e2e.test)" basel
# The 500 webhook: the notification fails, visibly.
check "chat-broken: the 500 webhook was called" wait_until 30 test -s "$T/hook500.txt"
# Icinga logs the command's output on the lines after "terminated with exit code N, output: ".
failed_line() {
  grep -A2 -E 'terminated with exit code [1-9], output: curl: \(22\).*500' "$LOG" |
    grep -qF "dmk-notify: webhook ($T/hooks/chat-broken.curlrc) failed"
}
check "Icinga's log shows the failed notification (exit code, 'dmk-notify: webhook ... failed')" wait_until 20 failed_line
# The contractor: only after the delay.
check "basel's contractor: the problem arrived after the delay (bounded 40 s)" wait_until 40 hook_has basel-contractor 'CRITICAL basel: API'
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

# --- recovery: to whoever got the problem -------------------------------------------------------
check "basel: back to the healthy server" set_attrs services "dmk-duo!dmk-community-basel" "{\"vars.dmk_port\": $P_OK}"
check "basel: check ran" icinga_check_now "$N" Service "dmk-duo!dmk-community-basel"
for u in chat basel-staff-anna basel-contractor; do
  check "$u: basel's recovery arrived" wait_until 30 hook_has "$u" 'OK basel'
done
check "on-call: recovery mail" wait_until 30 mail_has oncall@dmk-e2e.test '^\[DMK\] OK basel'

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
check "Zürich's staff: mail arrived" wait_until 30 mail_has zurich-staff@dmk-e2e.test 'CRITICAL Zürich: DNS'
zmail=$(mails zurich-staff@dmk-e2e.test | grep -m1 'CRITICAL Zürich')
equals "Zürich's staff: the UTF-8 subject survived" "$(cut -f1 <<<"$zmail")" "[DMK] CRITICAL Zürich: DNS"
contains "Zürich's staff: the body names the community in UTF-8" "$zmail" 'DMK community Zürich is CRITICAL'
contains "Zürich's staff: the body has the reason and its side" "$zmail" "Reason: dns\.no_answer \(cause on the monitoring host's side"
check "Zürich's staff: webhook arrived" wait_until 30 hook_has zurich-staff 'CRITICAL Zürich: DNS'
contractor_done() { log_has "notification 'dmk-duo!dmk-community-Zürich!dmk-contractor'"; }
check "Zürich's contractor: Icinga ran the contractor's notification after the delay (bounded 40 s)" wait_until 40 contractor_done
sleep 2
equals "Zürich's contractor: no webhook for a monitoring-side cause" "$(hooks zurich-contractor | wc -l)" 0
equals "Zürich's contractor: no mail for a monitoring-side cause" "$(mails zurich-contractor@dmk-e2e.test | wc -l)" 0
equals "dead man's switch of Zürich: CRITICAL ($(icinga_object "$N" Service "dmk-duo!dmk-keys-Zürich" | jq -c '.last_check_result | [.output, .active]'))" \
  "$(svc_state "dmk-duo!dmk-keys-Zürich")" 2
lacks "dead man's switch of Zürich: held back while the connection is CRITICAL (no message)" \
  "$(cat "$T/hooks.jsonl"; mails zurich-staff@dmk-e2e.test; mails oncall@dmk-e2e.test)" 'Zürich: key making'
lacks "dead man's switch of Zürich: Icinga sent no notification for it" "$(grep -F 'Sending' "$LOG")" 'dmk-keys-Zürich'

check "Zürich: name back" set_attrs services "dmk-duo!dmk-community-Zürich" '{"vars.dmk_hostname": "dmk.test"}'
check "Zürich: check ran" icinga_check_now "$N" Service "dmk-duo!dmk-community-Zürich"
check "Zürich's staff: recovery by webhook" wait_until 30 hook_has zurich-staff 'OK Zürich'
check "Zürich's staff: recovery by mail" wait_until 30 mail_has zurich-staff@dmk-e2e.test '^\[DMK\] OK Zürich'
recovery_done() { grep -F "'Recovery' notification 'dmk-duo!dmk-community-Zürich!dmk-contractor'" "$LOG" | grep -q .; }
wait_until 20 recovery_done
sleep 2
equals "Zürich's contractor: no recovery of a problem they never got" "$(hooks zurich-contractor | wc -l)" 0

# --- 3. basel's dead man's switch: the connection is fine, the cloud goes silent ------------------
check "dmk-keys-basel: freshness threshold 5 s" set_attrs services "dmk-duo!dmk-keys-basel" '{"check_interval": 5, "retry_interval": 5}'
ok_body=$(jq -nc '{type: "Service", filter: "host.name == \"dmk-duo\" && service.name == \"dmk-keys-basel\"",
  exit_status: 0, plugin_output: "DMK KEYS OK - basel: key made", check_source: "dmk-cloud"}')
equals "cloud: OK for dmk-keys-basel accepted" "$(icinga_api_as "$N" "$T/api-cloud.curlrc" POST /v1/actions/process-check-result "$ok_body" | tail -n1)" 200
check "basel's staff: the dead man's switch alert arrived once the cloud stayed silent (bounded 40 s)" \
  wait_until 40 hook_has basel-staff-anna "CRITICAL basel: key making"
lacks "Zürich's staff: nothing about basel's keys" "$(hooks zurich-staff)" basel

# --- 4. a server with two communities goes DOWN (checked at the start): each person once -----------
equals "dmk-gone: DOWN" "$(icinga_object "$N" Host dmk-gone | jq -r '.state' | cut -d. -f1)" 1
for u in gone-staff-a gone-staff-b gone-contractor; do
  check "$u: the DOWN message arrived" wait_until 30 hook_has "$u" 'server dmk-gone is DOWN'
done
check "dmk-gone: community check ran" icinga_check_now "$N" Service "dmk-gone!dmk-community-gone-a"
sleep 2
for u in gone-staff-a gone-staff-b gone-contractor; do
  equals "$u: exactly one message (the host's, not the community's)" "$(hooks "$u" | wc -l)" 1
done
contains "the DOWN message names both communities" "$(hooks gone-contractor)" 'Communities affected: gone-a, gone-b'
lacks "on-call chat: no community message for the DOWN server" "$(hooks chat)" 'community gone-a'

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
equals "every failed notification is the 500 webhook's" \
  "$(grep -cE 'terminated with exit code [1-9]' "$LOG")" "$(grep -cF 'hooks/chat-broken.curlrc) failed' "$LOG")"
echo "# mails: $(wc -l <"$T/mail.jsonl"), webhooks: $(wc -l <"$T/hooks.jsonl"), 500 answers: $(wc -l <"$T/hook500.txt")"

icinga_stop "$N"
echo "# run time: $((SECONDS - started)) s"
finish
