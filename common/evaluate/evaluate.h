// Evaluate: the one pure step that turns what the probe found (ProbeOutcome) and what the user asked
// for (Config) into states, plain-words messages, advice and perfdata. No I/O, no clock: `now` is given.
//
// It runs one small step per layer (eval_connect.h, eval_tls.h, eval_failure.h, eval_http.h, eval_api.h),
// each returning its findings with their states and reason codes (eval_step.h), folds them into one report
// per layer, computes the worst state once, and words the summary (eval_summary.h), the details
// (eval_details.h) and the perfdata (eval_perfdata.h). Which state a finding gets: eval_policy.h.
#ifndef DMK_COMMON_EVALUATE_EVALUATE_H_
#define DMK_COMMON_EVALUATE_EVALUATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/base/perfdata.h"
#include "common/base/plugin_state.h"
#include "common/model/config.h"
#include "common/model/outcome.h"
#include "common/model/reason.h"

namespace dmk {

struct LayerReport {
  Layer layer = Layer::kDns;
  std::optional<State> state;  // nullopt: not reached
  std::string text;            // facts and problems, plain words; may quote network text (sanitised)
};

struct CheckResult {
  State state = State::kOk;
  std::string summary;                       // what happened, for the status line
  std::vector<LayerReport> layers;           // DNS, TCP, TLS (when used), HTTP, API, AUTH (when used)
  ReasonCode reason_code = ReasonCode::kOk;  // kOk when OK; otherwise the code of the failure that stopped
                                             // the probe or of the first problem of the first layer in the
                                             // worst state
  std::string reason_line;                   // "Reason: CODE; side: SIDE" (reason.h), set by RunPlugin when
                                             // the state is not OK; empty otherwise
  std::vector<std::string> advice;           // what to do about what failed
  std::vector<std::string> details;          // extra lines for -v and more
  std::vector<PerfValue> perfdata;
};

// `now` is seconds since the epoch (UTC), for certificate days.
CheckResult Evaluate(const Config& config, const ProbeOutcome& outcome, std::int64_t now);

// "DNS", "TCP", "TLS", "HTTP", "API", "AUTH".
const char* LayerName(Layer layer);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_EVALUATE_H_
