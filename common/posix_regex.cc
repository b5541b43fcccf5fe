#include "common/posix_regex.h"

#include <regex.h>

#include <cstddef>

namespace dmk {

namespace {

constexpr std::size_t kMaxPatternBytes = 512;
constexpr double kMaxCopies = 65536;

// An upper bound on how many copies of a subpattern regcomp may make: every repetition multiplied with
// every other, as if all were nested.
double CopiesBound(const std::string& pattern) {
  double copies = 1;
  for (std::size_t i = 0; i < pattern.size() && copies <= kMaxCopies; ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (c == '+') {
      copies *= 2;
    } else if (c == '{') {
      double largest = 0;
      double number = 0;
      for (++i; i < pattern.size() && pattern[i] != '}'; ++i) {
        if (pattern[i] >= '0' && pattern[i] <= '9') {
          number = number * 10 + (pattern[i] - '0');
          if (number > largest) largest = number;
        } else {
          number = 0;
        }
      }
      copies *= largest + 1;
    }
  }
  return copies;
}

// Whether regcomp may be given `pattern`: short enough, and its repetitions cannot multiply beyond the bound.
bool WithinBounds(const std::string& pattern) {
  return pattern.size() <= kMaxPatternBytes && CopiesBound(pattern) <= kMaxCopies;
}

}  // namespace

Status CheckRegex(const std::string& what, const std::string& pattern) {
  if (pattern.size() > kMaxPatternBytes) {
    return Status::Error(what + "the regular expression is longer than 512 bytes");
  }
  if (CopiesBound(pattern) > kMaxCopies) {
    return Status::Error(what + "the regular expression nests too many repetitions ('+', {n,m})");
  }
  regex_t compiled;
  if (::regcomp(&compiled, pattern.c_str(), REG_EXTENDED) != 0) {
    return Status::Error(what + "not a valid POSIX extended regular expression");
  }
  ::regfree(&compiled);
  return Status::Ok();
}

std::optional<std::string> FirstMatch(const std::string& pattern, std::string_view text) {
  regex_t compiled;
  if (!WithinBounds(pattern) || ::regcomp(&compiled, pattern.c_str(), REG_EXTENDED) != 0) return std::nullopt;
  regmatch_t range[1];
  range[0].rm_so = 0;
  range[0].rm_eo = static_cast<regoff_t>(text.size());
  std::optional<std::string> match;
  if (::regexec(&compiled, text.data(), 1, range, REG_STARTEND) == 0) {
    match = std::string(text.substr(static_cast<std::size_t>(range[0].rm_so),
                                    static_cast<std::size_t>(range[0].rm_eo - range[0].rm_so)));
  }
  ::regfree(&compiled);
  return match;
}

}  // namespace dmk
