// The evaluation step of the API and AUTH layers for a complete answer: an error page that demands a client
// certificate (reported in the TLS layer), the credentials (accepted, rejected, or asked for and not given),
// the status against --expect-status, the body against --expect-body and --reject-body, the headers against
// --expect-header, and the JSON checks (json_evaluate.h, whose perfdata it returns). Each problem carries its
// reason code. Pure: findings as data (eval_step.h).
#ifndef DMK_COMMON_EVALUATE_EVAL_API_H_
#define DMK_COMMON_EVALUATE_EVAL_API_H_

#include "common/evaluate/eval_step.h"
#include "common/model/config.h"
#include "common/model/outcome.h"

namespace dmk {

// Nothing when no status line arrived or the probe failed. The perfdata of the JSON thresholds when the
// JSON checks ran; empty otherwise.
StepResult EvaluateApi(const Config& config, const ProbeOutcome& outcome);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_EVAL_API_H_
