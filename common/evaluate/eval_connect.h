// The evaluation steps of the connection's first two layers: what DNS returned (or why it was not asked)
// and where TCP connected, each checked against its phase thresholds. Failures of these layers are the
// failure step's (eval_failure.h). Pure: findings as data (eval_step.h).
#ifndef DMK_COMMON_EVALUATE_EVAL_CONNECT_H_
#define DMK_COMMON_EVALUATE_EVAL_CONNECT_H_

#include "common/evaluate/eval_step.h"
#include "common/model/config.h"
#include "common/model/outcome.h"

namespace dmk {

// DNS: the addresses and the lookup's time (dns.slow beyond --dns-warning/--dns-critical), or why no
// lookup was made (--address, a proxy, an IP literal). Nothing when the lookup failed.
StepResult EvaluateDns(const Config& config, const ProbeOutcome& outcome);

// TCP: where it connected, through which proxy, in how long (tcp.slow). Nothing when it did not connect.
StepResult EvaluateTcp(const Config& config, const ProbeOutcome& outcome);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_EVAL_CONNECT_H_
