// --reject-body: a body that matches is a problem (a maintenance page answering 200 OK, say), in the state
// --reject-body-state gives. Pure: the words for a body, or nothing when it does not match.
#ifndef DMK_COMMON_EVALUATE_REJECT_BODY_H_
#define DMK_COMMON_EVALUATE_REJECT_BODY_H_

#include <optional>
#include <string>
#include <string_view>

namespace dmk {

// "response body matches --reject-body 'maintenance' (found \"maintenance\")", the pattern and the matched
// text sanitised and cut; nullopt when `body` does not match `pattern`.
std::optional<std::string> DescribeRejectedBody(const std::string& pattern, std::string_view body);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_REJECT_BODY_H_
