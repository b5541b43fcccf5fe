// The long output's extra lines, by verbosity: the proxy decision always; from -v the URL, the redirects,
// the certificate and what the library said; from -vv the request and response headers (secret ones
// redacted); from -vvv the body. Network text sanitised here. Pure.
#ifndef DMK_COMMON_EVALUATE_EVAL_DETAILS_H_
#define DMK_COMMON_EVALUATE_EVAL_DETAILS_H_

#include <string>
#include <vector>

#include "common/model/config.h"
#include "common/model/outcome.h"

namespace dmk {

std::vector<std::string> Details(const Config& config, const ProbeOutcome& outcome);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_EVAL_DETAILS_H_
