#!/bin/bash
# The notification texts' building blocks (icinga-conf/templates/notification_texts.conf), evaluated by
# Debian's icinga2 itself (`icinga2 console -e`, no daemon, no network): chat lines cut at a space and the
# whole message bounded, a UTF-8 character never split, durations in words, the plugin's output taken
# apart (layer lines reached, "What to do" lines; never the [--] lines). The messages as they arrive are
# tested under a running Icinga 2 by icinga2_notify_e2e.sh.
#
# Usage: notification_texts_test.sh
set -uo pipefail

source "$(dirname "$0")/lib.sh"

TEXTS=$(cd "$(dirname "$0")/../.." && pwd)/icinga-conf/templates/notification_texts.conf
[[ -r $TEXTS ]] || die "no $TEXTS"
command -v icinga2 >/dev/null || die "needs icinga2 (scripts/deps.sh)"

# dsl EXPRESSION: the JSON value of EXPRESSION, evaluated after the texts file.
dsl() {
  icinga2 console -e "$(cat "$TEXTS")
$1" 2>&1 | tail -n1
}

# A line of 100 words, and one of "x" and 400 two-byte characters without a space (an odd cut).
long='var long = ""; for (i in range(100)) { long += "word" + i + " " }'
umlauts='var umlauts = "x"; for (i in range(400)) { umlauts += "ü" }'

chat=$(dsl "$long
var t = dmk_chat_text([ \"[DMK] CRITICAL basel: API\", long, long, long, long, long, long ])
[ len(t), len(t.split(\"\\n\")), t.split(\"\\n\")[1] ]")
json_true() { jq -e "$1" >/dev/null; }
check "chat: the message is at most 1200 bytes ($(jq -r '.[0]' <<<"$chat"))" json_true '.[0] <= 1200' <<<"$chat"
check "chat: lines that would pass 1200 bytes are left out ($(jq -r '.[1]' <<<"$chat") of 7)" json_true '.[1] < 7 and .[1] >= 4' <<<"$chat"
line=$(jq -r '.[2]' <<<"$chat")
check "chat: a long line is cut to at most 300 bytes ($(printf '%s' "$line" | wc -c))" test "$(printf '%s' "$line" | wc -c)" -le 300
contains "chat: cut at a space, marked with ' ...'" "$line" '^word0 word1 .* word[0-9]+ \.\.\.$'

cut=$(dsl "$umlauts
dmk_cut(umlauts, 300)")
bytes=$(jq -r '.' <<<"$cut" | head -c -1 | wc -c)
check "cut: a line without a space stays at most 300 bytes ($bytes)" test "$bytes" -le 300
# Icinga's JSON shows a byte cut from its character as U+FFFD.
lacks "cut: no UTF-8 character is split (no U+FFFD)" "$(jq -r . <<<"$cut")" $'\xef\xbf\xbd'
equals "cut: only whole characters, then ' ...'" "$(jq -r . <<<"$cut" | sed 's/ü//g')" "x ..."

equals "duration: singular" "$(dsl '[ dmk_duration(1), dmk_duration(61), dmk_duration(3600 + 60) ]')" '["1 second","1 minute","1 hour 1 minute"]'
equals "duration: plural, days" "$(dsl '[ dmk_duration(59), dmk_duration(600), dmk_duration(3 * 86400 + 4 * 3600) ]')" '["59 seconds","10 minutes","3 days 4 hours"]'

parsed=$(dsl 'dmk_parse_output("DMK COMMUNITY CRITICAL - lindenhof: certificate expired 3 days ago (2026-11-20) \n[OK] DNS: a -> b\n[OK] TCP: connected\n[CRITICAL] TLS: certificate expired\n[--] HTTP: not reached\n[--] API: not reached\nReason: tls.certificate_expired; side: server\nWhat to do:\n- Ask the contractor to renew it.\n- Or this.\nproxy: none")')
equals "parse: the summary after ' - ', trimmed" "$(jq -r '.summary' <<<"$parsed")" "lindenhof: certificate expired 3 days ago (2026-11-20)"
equals "parse: the layer lines reached, never [--]" "$(jq -c '.facts' <<<"$parsed")" '["[OK] DNS: a -> b","[OK] TCP: connected","[CRITICAL] TLS: certificate expired"]'
equals "parse: the What to do lines, not the details after them" "$(jq -c '.advice' <<<"$parsed")" '["Ask the contractor to renew it.","Or this."]'
equals "parse: it has a Reason line" "$(jq -c '.has_reason' <<<"$parsed")" true
equals "parse: Icinga's own words (no Reason line)" "$(dsl 'dmk_parse_output("Remote Icinga instance agent is not connected to master").has_reason')" false

finish
