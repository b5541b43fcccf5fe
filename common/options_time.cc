#include <optional>

#include "common/options_groups.h"

namespace dmk {

Status FillTime(const OptionValues& in, Config* config) {
  if (Status s = in.Seconds("timeout", &config->timeout_s); !s.ok()) return s;
  if (Status s = in.Seconds("connect-timeout", &config->connect_timeout_s); !s.ok()) return s;
  // --timeout-result is check_curl's name for --timeout-state; CheckCombinations refuses both at once.
  const char* name = in.Has("timeout-result") ? "timeout-result" : "timeout-state";
  if (in.Has(name)) {
    std::optional<State> state = ParseState(in.String(name));
    if (!state) {
      return Status::Error("--" + std::string(name) + " '" + in.String(name) +
                           "' must be ok, warning, critical or unknown");
    }
    config->timeout_state = *state;
  }
  return Status::Ok();
}

Status FillThresholds(const OptionValues& in, Config* config) {
  if (Status s = in.Thresholds("warning", "critical", &config->total); !s.ok()) return s;
  if (Status s = in.Thresholds("dns-warning", "dns-critical", &config->dns); !s.ok()) return s;
  if (Status s = in.Thresholds("connect-warning", "connect-critical", &config->connect); !s.ok()) return s;
  if (Status s = in.Thresholds("tls-warning", "tls-critical", &config->tls_handshake); !s.ok()) return s;
  return in.Thresholds("ttfb-warning", "ttfb-critical", &config->ttfb);
}

}  // namespace dmk
