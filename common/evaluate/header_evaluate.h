// Judging the final response's header lines against an --expect-header assertion (header_assert.h): names
// compare in any case (RFC 9110 section 5.1); values quoted from the answer are sanitised, and those of
// secret-bearing headers (secret.h) are redacted. Pure.
#ifndef DMK_COMMON_EVALUATE_HEADER_EVALUATE_H_
#define DMK_COMMON_EVALUATE_HEADER_EVALUATE_H_

#include <optional>
#include <string>
#include <vector>

#include "common/model/header_assert.h"

namespace dmk {

// Nothing when a header line of `lines` ("Name: value", raw) has the name and a matching value; otherwise
// the problem in plain words: "response header Content-Type is missing (expected 'application/json')" or
// "response header Content-Type is \"text/html\" (expected 'application/json')".
std::optional<std::string> EvaluateHeader(const HeaderAssertion& assertion, const std::vector<std::string>& lines);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_HEADER_EVALUATE_H_
