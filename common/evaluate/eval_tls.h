// The evaluation step of the TLS layer, from the certificate facts: a handshake our verification let
// through (protocol, cipher, certificate, key pin, --insecure; a name only in the Common Name; the days
// left of the chain; the handshake's time), or a certificate it refused, with the one cause the first
// line names (pin, chain order, dates, name, chain, trust, weak keys). Handshakes that failed for other
// reasons are the failure step's (eval_failure.h). Pure: findings as data (eval_step.h); `now` is given.
#ifndef DMK_COMMON_EVALUATE_EVAL_TLS_H_
#define DMK_COMMON_EVALUATE_EVAL_TLS_H_

#include <cstdint>

#include "common/evaluate/eval_step.h"
#include "common/model/config.h"
#include "common/model/outcome.h"

namespace dmk {

// Nothing with --no-tls or when the server presented no certificate. `now`: seconds since the epoch, UTC.
StepResult EvaluateTls(const Config& config, const ProbeOutcome& outcome, std::int64_t now);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_EVAL_TLS_H_
