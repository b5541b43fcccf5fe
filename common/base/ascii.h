// ASCII text: lower-casing and case-insensitive comparison of protocol words (header names, option values,
// URL schemes, library messages), blanks and separators. Only 'A'..'Z' and 'a'..'z' fold; every other byte,
// UTF-8 included, compares as it is, whatever the process locale (std::tolower would follow it).
#ifndef DMK_COMMON_BASE_ASCII_H_
#define DMK_COMMON_BASE_ASCII_H_

#include <string>
#include <string_view>
#include <vector>

namespace dmk {

// `c` with 'A'..'Z' turned into 'a'..'z'.
constexpr char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// `text` with 'A'..'Z' turned into 'a'..'z'.
std::string AsciiLower(std::string_view text);

// `text` with 'a'..'z' turned into 'A'..'Z'.
std::string AsciiUpper(std::string_view text);

// True when `a` and `b` differ at most in ASCII case.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// True when `haystack` holds `needle`, ignoring ASCII case (an empty needle is always found).
bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle);

// `text` without leading and trailing spaces, tabs, CRs and LFs.
std::string_view TrimAsciiSpace(std::string_view text);

// `text` without leading and trailing spaces and tabs: the optional whitespace around an HTTP field value
// (RFC 9110 section 5.6.3), and what --expect-header trims around its name and pattern.
std::string_view TrimBlanks(std::string_view text);

// The pieces of `text` between `separator`s, as std::getline would give them (nothing after a trailing
// separator, an empty piece between two adjacent ones), without the stream and locale set-up a
// std::istringstream costs on every check.
std::vector<std::string_view> SplitPieces(std::string_view text, char separator);

}  // namespace dmk

#endif  // DMK_COMMON_BASE_ASCII_H_
