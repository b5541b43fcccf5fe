// Evaluate, bounded by the run's deadline. Matching a POSIX regular expression has no time limit of its own:
// glibc's regexec takes time quadratic in the text for some short patterns ("(x|xx)*y" over 64 KiB of 'x':
// 26 s) and exponential in the pattern for others, and cannot be interrupted. The answer's checks
// (--expect-body, --reject-body, --expect-header, --expect-json, --json-*) therefore run on a thread of
// their own, which the run abandons at the deadline, as resolve.h does with a DNS lookup.
#ifndef DMK_COMMON_EVALUATE_EVALUATE_WITHIN_H_
#define DMK_COMMON_EVALUATE_EVALUATE_WITHIN_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "common/evaluate/evaluate.h"
#include "common/model/config.h"
#include "common/model/outcome.h"

namespace dmk {

// Evaluate(config, outcome, now), or nullopt when it did not finish by `deadline`. Without a body check, or
// without an answer to check, Evaluate runs on the caller's thread: there is nothing to bound. An abandoned
// evaluation works on copies of `config` and `outcome`, and finishes on its own.
std::optional<CheckResult> EvaluateWithin(const Config& config, const ProbeOutcome& outcome, std::int64_t now,
                                          std::chrono::steady_clock::time_point deadline);

// Whether `config` checks the answer's body or headers (the work EvaluateWithin bounds).
bool ChecksTheAnswer(const Config& config);

// UNKNOWN's words when EvaluateWithin ran out of time: "--expect-body and --reject-body did not finish within
// the time limit (-t 10) over a 1048576 B body: ...".
std::string UnfinishedWords(const Config& config, const ProbeOutcome& outcome);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_EVALUATE_WITHIN_H_
