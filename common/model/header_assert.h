// --expect-header 'Name: REGEX': a response header the answer must carry, its value matching a POSIX
// extended regular expression (an empty REGEX: any value). This unit parses the option (config.h keeps the
// parsed assertions); header_evaluate.h judges an answer's header lines against them.
#ifndef DMK_COMMON_MODEL_HEADER_ASSERT_H_
#define DMK_COMMON_MODEL_HEADER_ASSERT_H_

#include <string>
#include <string_view>

#include "common/base/input_status.h"

namespace dmk {

struct HeaderAssertion {
  std::string name;     // as written, without surrounding blanks: "Content-Type"
  std::string pattern;  // without the blanks after ':'; empty: the header must merely be there
};

// Parses one --expect-header value; errors name the option and the text.
Status ParseHeaderAssertion(std::string_view text, HeaderAssertion* assertion);

}  // namespace dmk

#endif  // DMK_COMMON_MODEL_HEADER_ASSERT_H_
