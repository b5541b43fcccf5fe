#include "common/reason_for.h"

namespace dmk {

Reason ReasonFor(const CheckResult& result) {
  const std::string code = result.reason_code.empty() ? "internal.error" : result.reason_code;
  if (std::optional<Reason> published = LookUpReason(code)) return *published;
  return {code, Side::kMonitoring};
}

}  // namespace dmk
