#include "common/evaluate/header_evaluate.h"

#include <string_view>

#include "common/base/ascii.h"
#include "common/base/posix_regex.h"
#include "common/base/sanitize.h"
#include "common/model/secret.h"

namespace dmk {

namespace {

constexpr std::size_t kQuoteBytes = 100;

}  // namespace

std::optional<std::string> EvaluateHeader(const HeaderAssertion& assertion, const std::vector<std::string>& lines) {
  const std::string name = SanitizeLine(assertion.name, 60);
  const std::string expected =
      assertion.pattern.empty() ? "expected to be there" : "expected '" + SanitizeLine(assertion.pattern, 60) + "'";
  std::string values;
  bool seen = false;
  for (const std::string& line : lines) {
    const size_t colon = line.find(':');
    // Field names compare case-insensitively (RFC 9110 section 5.1).
    if (colon == std::string::npos) continue;
    if (!EqualsIgnoreCase(TrimBlanks(std::string_view(line).substr(0, colon)), assertion.name)) continue;
    const std::string_view value = TrimBlanks(std::string_view(line).substr(colon + 1));
    if (FirstMatch(assertion.pattern, value)) return std::nullopt;
    if (!values.empty()) values += ", ";
    values += IsSecretHeaderName(assertion.name) ? "[redacted]" : std::string(value);
    seen = true;
  }
  if (!seen) return "response header " + name + " is missing (" + expected + ")";
  return "response header " + name + " is \"" + SanitizeLine(values, kQuoteBytes) + "\" (" + expected + ")";
}

}  // namespace dmk
