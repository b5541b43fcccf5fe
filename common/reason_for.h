// ReasonFor: the reason code and side of one check's result, looked up in the published list (reason.h).
// Apart from the list so that the list, which --help prints, does not depend on the evaluation.
#ifndef DMK_COMMON_REASON_FOR_H_
#define DMK_COMMON_REASON_FOR_H_

#include "common/evaluate.h"
#include "common/reason.h"

namespace dmk {

// The reason for `result`: its code (CheckResult::reason_code: "ok" when it is OK, the failure that stopped
// the probe, or the first problem of the first layer in the worst state) with its side. A code missing from
// the list is our bug, never a server's fault: it keeps its spelling and counts as the monitoring side, so
// notifications route it to our on-call and not to a community's contractor (reason_test proves that every
// code the steps can give is in the list).
Reason ReasonFor(const CheckResult& result);

}  // namespace dmk

#endif  // DMK_COMMON_REASON_FOR_H_
