// The status line's words (after the state and the name, which Render adds): what went wrong, the most
// severe problems first, each once, in the order the layers were climbed; or, when nothing did, the
// status, the time and the certificate's days. Pure: `now` is given.
#ifndef DMK_COMMON_EVALUATE_EVAL_SUMMARY_H_
#define DMK_COMMON_EVALUATE_EVAL_SUMMARY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/evaluate/eval_step.h"
#include "common/model/config.h"
#include "common/model/outcome.h"

namespace dmk {

// `problems`: the problem findings of every step, in the order they were found (states OK included: a
// timeout made OK by --timeout-state still says what happened).
std::string Summary(const Config& config, const ProbeOutcome& outcome, const std::vector<Finding>& problems,
                    std::int64_t now);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_EVAL_SUMMARY_H_
