#include "common/evaluate/eval_policy.h"

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

CertThresholds CertificateThresholds(const Config& config, const TlsFacts& tls) {
  const bool leaf = tls.earliest_not_after == tls.leaf.not_after;
  const std::int64_t not_before = leaf ? tls.leaf.not_before : tls.earliest_not_before;
  const std::int64_t lifetime = not_before != 0 ? tls.earliest_not_after - not_before : 0;
  return EffectiveThresholds(config.cert_limits, lifetime, !leaf);
}

std::optional<State> StateForCertificateLeft(std::int64_t seconds_left, const CertThresholds& thresholds) {
  if (seconds_left < 0 || seconds_left < thresholds.critical) return State::kCritical;
  if (seconds_left < thresholds.warning) return State::kWarning;
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
