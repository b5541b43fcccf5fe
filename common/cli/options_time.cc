#include <optional>

#include "common/cli/options_groups.h"

namespace dmk {

using enum OptionId;

Status FillTime(const OptionValues& in, Config* config) {
  if (Status s = in.Seconds(kTimeout, &config->timeout_s); !s.ok()) return s;
  if (Status s = in.Seconds(kConnectTimeout, &config->connect_timeout_s); !s.ok()) return s;
  // --timeout-result is check_curl's name for --timeout-state; CheckCombinations refuses both at once.
  const OptionId id = in.Has(kTimeoutResult) ? kTimeoutResult : kTimeoutState;
  if (in.Has(id)) {
    std::optional<State> state = ParseState(in.String(id));
    if (!state) {
      return Status::Error(DashName(id) + " '" + in.String(id) + "' must be ok, warning, critical or unknown");
    }
    config->timeout_state = *state;
  }
  return Status::Ok();
}

Status FillThresholds(const OptionValues& in, Config* config) {
  if (Status s = in.Thresholds(kWarning, kCritical, &config->total); !s.ok()) return s;
  if (Status s = in.Thresholds(kDnsWarning, kDnsCritical, &config->dns); !s.ok()) return s;
  if (Status s = in.Thresholds(kConnectWarning, kConnectCritical, &config->connect); !s.ok()) return s;
  if (Status s = in.Thresholds(kTlsWarning, kTlsCritical, &config->tls_handshake); !s.ok()) return s;
  return in.Thresholds(kTtfbWarning, kTtfbCritical, &config->ttfb);
}

}  // namespace dmk
