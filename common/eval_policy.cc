#include "common/eval_policy.h"

namespace dmk {

State StateForFailure(Failure failure, const Config& config) {
  switch (failure) {
    case Failure::kTimeout: return config.timeout_state;
    case Failure::kTrustStoreUnusable:
    case Failure::kInternal: return State::kUnknown;  // our settings, not the server: we cannot tell
    default: return State::kCritical;
  }
}

std::optional<State> StateForPhase(double seconds, const Thresholds& limits) {
  if (limits.critical && limits.critical->Alerts(seconds)) return State::kCritical;
  if (limits.warning && limits.warning->Alerts(seconds)) return State::kWarning;
  return std::nullopt;
}

std::optional<State> StateForCertificateDays(double days_left, const Config& config) {
  if (days_left < 0 || days_left < config.cert_critical_days) return State::kCritical;
  if (days_left < config.cert_warning_days) return State::kWarning;
  return std::nullopt;
}

State StateForCertificate(CertificateFinding finding, const Config& config) {
  if (finding == CertificateFinding::kNameOnlyInCn) return config.cn_only_state;
  return State::kCritical;
}

State StateForApi(ApiFinding finding, const Config& config) {
  if (finding == ApiFinding::kBodyRejected) return config.reject_body_state;
  return State::kCritical;
}

}  // namespace dmk
