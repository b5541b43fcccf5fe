// The perfdata of a check: one value per phase (dns, connect, tls, ttfb, time) with its thresholds, the
// body's size, the certificate's days left and the JSON thresholds' values. A phase that does not apply
// is left out; one that applies but was not reached is 'U'. Pure: `now` is given.
#ifndef DMK_COMMON_EVALUATE_EVAL_PERFDATA_H_
#define DMK_COMMON_EVALUATE_EVAL_PERFDATA_H_

#include <cstdint>
#include <vector>

#include "common/base/perfdata.h"
#include "common/model/config.h"
#include "common/model/outcome.h"

namespace dmk {

// `json`: the JSON thresholds' values as the API step found them; empty when the JSON checks never ran
// ('U' values are written then, so the labels stay stable).
std::vector<PerfValue> Perfdata(const Config& config, const ProbeOutcome& outcome, std::int64_t now,
                                std::vector<PerfValue> json);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_EVAL_PERFDATA_H_
