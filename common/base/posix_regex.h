// POSIX extended regular expressions given by the user (--expect-json =~, --reject-body, --expect-header),
// checked once when the options are read and matched against text from the network. glibc's regcomp
// copies the pattern tree for every '+' and {n,m}: nested repetitions cost exponential time and memory
// ("(((a+)+)+)+", "x{255}{255}"), so patterns whose repetitions could multiply beyond a bound are refused.
#ifndef DMK_COMMON_BASE_POSIX_REGEX_H_
#define DMK_COMMON_BASE_POSIX_REGEX_H_

#include <optional>
#include <string>
#include <string_view>

#include "common/base/input_status.h"

namespace dmk {

// Refuses `pattern` when it is longer than 512 bytes, when its repetitions could multiply beyond 65536
// copies ('+' counts 2, {n,m} counts m+1, all multiplied), or when regcomp refuses it. The message starts
// with `what` ("--reject-body 'x': ").
Status CheckRegex(const std::string& what, const std::string& pattern);

// The first match of `pattern` in `text` (NUL bytes in `text` included: REG_STARTEND), or nullopt when
// there is none, or the pattern is beyond CheckRegex's bounds (never given to regcomp) or does not compile.
std::optional<std::string> FirstMatch(const std::string& pattern, std::string_view text);

}  // namespace dmk

#endif  // DMK_COMMON_BASE_POSIX_REGEX_H_
