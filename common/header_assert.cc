#include "common/header_assert.h"

#include <algorithm>
#include <cctype>

#include "common/ascii.h"
#include "common/posix_regex.h"
#include "common/sanitize.h"
#include "common/secret.h"

namespace dmk {

namespace {

constexpr std::size_t kQuoteBytes = 100;

std::string_view TrimBlanks(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

// RFC 9110 section 5.1: a field name is a token.
bool IsToken(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
  });
}

}  // namespace

Status ParseHeaderAssertion(std::string_view text, HeaderAssertion* assertion) {
  const std::string what = "--expect-header '" + std::string(text) + "': ";
  const size_t colon = text.find(':');
  const std::string_view name = TrimBlanks(text.substr(0, colon));
  if (colon == std::string_view::npos || !IsToken(name)) {
    return Status::Error(what + "expected 'Name: REGEX', e.g. 'Content-Type: ^application/json'");
  }
  HeaderAssertion parsed{std::string(name), std::string(TrimBlanks(text.substr(colon + 1)))};
  if (Status s = CheckRegex(what, parsed.pattern); !s.ok()) return s;
  *assertion = std::move(parsed);
  return Status::Ok();
}

std::optional<std::string> CheckHeader(const HeaderAssertion& assertion, const std::vector<std::string>& lines) {
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
