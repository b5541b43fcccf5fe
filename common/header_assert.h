// --expect-header 'Name: REGEX': a response header the answer must carry, its value matching a POSIX
// extended regular expression (an empty REGEX: any value). Names compare in any case (RFC 9110 section 5.1).
// Parsing the option and judging the final response's header lines are pure steps; values quoted from
// the answer are sanitised, and those of secret-bearing headers (secret.h) are redacted.
#ifndef DMK_COMMON_HEADER_ASSERT_H_
#define DMK_COMMON_HEADER_ASSERT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace dmk {

struct HeaderAssertion {
  std::string name;     // as written, without surrounding blanks: "Content-Type"
  std::string pattern;  // without the blanks after ':'; empty: the header must merely be there
};

// Parses one --expect-header value; errors name the option and the text.
Status ParseHeaderAssertion(std::string_view text, HeaderAssertion* assertion);

// Nothing when a header line of `lines` ("Name: value", raw) has the name and a matching value; otherwise
// the problem in plain words: "response header Content-Type is missing (expected 'application/json')" or
// "response header Content-Type is \"text/html\" (expected 'application/json')".
std::optional<std::string> CheckHeader(const HeaderAssertion& assertion, const std::vector<std::string>& lines);

}  // namespace dmk

#endif  // DMK_COMMON_HEADER_ASSERT_H_
