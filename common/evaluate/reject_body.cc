#include "common/evaluate/reject_body.h"

#include "common/base/posix_regex.h"
#include "common/base/sanitize.h"

namespace dmk {

std::optional<std::string> DescribeRejectedBody(const std::string& pattern, std::string_view body) {
  std::optional<std::string> match = FirstMatch(pattern, body);
  if (!match) return std::nullopt;
  return "response body matches --reject-body '" + SanitizeLine(pattern, 60) + "' (found \"" +
         SanitizeLine(*match, 60) + "\")";
}

}  // namespace dmk
