// The evaluation step of the HTTP layer for a complete answer: the request, the status line, the size,
// the time to the first byte and the redirects followed, checked against the --ttfb-* and --warning/
// --critical thresholds (http.slow). Whether the answer is the expected one is the API step's
// (eval_api.h); an exchange that broke off is the failure step's. Pure: findings as data (eval_step.h).
#ifndef DMK_COMMON_EVALUATE_EVAL_HTTP_H_
#define DMK_COMMON_EVALUATE_EVAL_HTTP_H_

#include "common/evaluate/eval_step.h"
#include "common/model/config.h"
#include "common/model/outcome.h"

namespace dmk {

// Nothing when no status line arrived or the probe failed.
StepResult EvaluateHttp(const Config& config, const ProbeOutcome& outcome);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_EVAL_HTTP_H_
