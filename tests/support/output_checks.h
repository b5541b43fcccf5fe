// What plugin output must look like whatever went in (docs/plugin-contract.md, "Exit codes and output"), as plain
// predicates shared by the unit tests, the robustness tests and the libFuzzer targets: no test framework
// here, so that each caller reports a violation its own way (a GoogleTest failure, a fuzzer crash).
#ifndef DMK_TESTS_SUPPORT_OUTPUT_CHECKS_H_
#define DMK_TESTS_SUPPORT_OUTPUT_CHECKS_H_

#include <cstddef>
#include <cstdlib>
#include <string>
#include <string_view>

namespace dmk::test_support {

// True when `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF)
// without C1 controls (U+0080..U+009F), which terminals execute too.
inline bool CleanUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    const std::size_t length = lead < 0x80                    ? 1
                               : lead >= 0xC2 && lead <= 0xDF ? 2
                               : lead >= 0xE0 && lead <= 0xEF ? 3
                               : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                              : 0;
    if (length == 0 || i + length > text.size()) return false;
    unsigned int code = length == 1 ? lead : lead & (0xFFu >> (length + 1));
    for (std::size_t k = 1; k < length; ++k) {
      if ((byte(i + k) & 0xC0u) != 0x80u) return false;
      code = (code << 6) | (byte(i + k) & 0x3Fu);
    }
    if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000) || (code >= 0xD800 && code <= 0xDFFF) ||
        code > 0x10FFFF || (code >= 0x80 && code <= 0x9F)) {
      return false;
    }
    i += length;
  }
  return true;
}

// No C0 control byte but '\n' (when allowed), no DEL.
inline bool NoControlBytes(std::string_view text, bool newline_allowed) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && !(newline_allowed && c == '\n')) || byte == 0x7F) return false;
  }
  return true;
}

// The measured seconds of the first "timed out after N.N s" in `text`, or -1 when there is none or the number
// is not in that one-decimal form. Tests assert that it is in (0, limit], never its digits: the time the
// plugin measures moves with the machine's load (1.9 s for -t 2 on a loaded machine).
inline double TimedOutAfterSeconds(std::string_view text) {
  constexpr std::string_view kWords = "timed out after ";
  const std::size_t at = text.find(kWords);
  if (at == std::string_view::npos) return -1;
  const std::string rest(text.substr(at + kWords.size(), 16));
  const std::size_t dot = rest.find('.');
  if (dot == 0 || dot == std::string::npos || rest.find_first_not_of("0123456789") != dot ||
      rest.compare(dot + 2, 2, " s") != 0 || rest[dot + 1] < '0' || rest[dot + 1] > '9') {
    return -1;
  }
  return std::strtod(rest.c_str(), nullptr);
}

}  // namespace dmk::test_support

#endif  // DMK_TESTS_SUPPORT_OUTPUT_CHECKS_H_
