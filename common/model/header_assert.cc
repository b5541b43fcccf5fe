#include "common/model/header_assert.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "common/base/ascii.h"
#include "common/base/posix_regex.h"

namespace dmk {

namespace {

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

}  // namespace dmk
