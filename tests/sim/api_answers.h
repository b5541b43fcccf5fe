// The API answers of the `json=NAME` behaviour (tests/sim/README.md): JSON health answers, healthy and
// broken in the ways --expect-json, --reject-body and --expect-header must tell apart, served with
// status 200 whatever they say.
#ifndef DMK_TESTS_SIM_API_ANSWERS_H_
#define DMK_TESTS_SIM_API_ANSWERS_H_

#include <optional>
#include <string_view>

#include "tests/sim/http_response.h"

namespace dmk {

// The answer called `name`, or nullopt for an unknown name.
std::optional<HttpResponse> ApiAnswer(std::string_view name);

// True when `name` is one of ApiAnswer's names (checked when the listener is parsed).
bool IsApiAnswerName(std::string_view name);

}  // namespace dmk

#endif  // DMK_TESTS_SIM_API_ANSWERS_H_
