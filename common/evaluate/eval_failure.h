// The evaluation step of a failure: the probe stopped short of a complete answer (Failure in outcome.h),
// in the layer it stopped in, worded for the first line with advice, and with its reason code. The state
// comes from eval_policy.h (a timeout takes --timeout-state). A certificate our verification refused is
// worded by the TLS step (eval_tls.h) from the certificate facts. Pure: findings as data (eval_step.h).
#ifndef DMK_COMMON_EVALUATE_EVAL_FAILURE_H_
#define DMK_COMMON_EVALUATE_EVAL_FAILURE_H_

#include "common/evaluate/eval_step.h"
#include "common/model/config.h"
#include "common/model/outcome.h"

namespace dmk {

// Nothing for Failure::kNone. `failure_reason_code` names the failure's code, even when --timeout-state ok made
// it OK; nullopt for kTlsCertificateRejected, whose code is that of the TLS step's first problem.
StepResult EvaluateFailure(const Config& config, const ProbeOutcome& outcome);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_EVAL_FAILURE_H_
