// Reason: a stable, machine-readable code for why a check ended as it did ("tls.certificate_expired",
// "tcp.refused", ...), and on whose side the cause lies: the monitored server's (its contractor can
// fix it) or the monitoring host's (our resolvers, our network, our configuration). Notification rules
// route on it (icinga-conf/templates/notifications.conf) instead of parsing words, so a code, once
// published, keeps its spelling; new findings get new codes. The list is in the README and --help.
//
// Each evaluation step names the code of what it finds, where it finds it (eval_*.cc); Evaluate picks the
// check's code (CheckResult::reason_code) and reason_for.h turns it into a Reason. This unit is the published
// list as data and depends on nothing of the evaluation, so the options (--help) can list it.
#ifndef DMK_COMMON_REASON_H_
#define DMK_COMMON_REASON_H_

#include <optional>
#include <string>
#include <vector>

namespace dmk {

// Whose side the cause is on. kNone: nothing is wrong.
enum class Side { kNone, kServer, kMonitoring };

struct Reason {
  std::string code;  // "ok", "tcp.refused", ...
  Side side = Side::kNone;
};

// One entry of the published list: the code, its side and what it means in plain words.
struct ReasonInfo {
  const char* code;
  Side side;
  const char* meaning;
};

// Every code the plugin can give, in the order of the layers. Extend it here (and name the new code in the
// step that finds it), never rename an entry.
const std::vector<ReasonInfo>& ReasonCatalogue();

// The published entry of `code` with its side; nullopt for a code not in the list.
std::optional<Reason> LookUpReason(const std::string& code);

// "server", "monitoring", "none".
const char* SideName(Side side);

// The long-output line: "Reason: tcp.refused; side: server".
std::string ReasonLine(const Reason& reason);

// The list for --help: one "  code (side): meaning" line per code.
std::string ReasonHelp();

}  // namespace dmk

#endif  // DMK_COMMON_REASON_H_
