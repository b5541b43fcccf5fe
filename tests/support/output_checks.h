// What plugin output must look like whatever went in (PLUGIN-CONTRACT.md, "Exit codes and output"), as plain
// predicates shared by the unit tests, the robustness tests and the libFuzzer targets: no test framework
// here, so that each caller reports a violation its own way (a GoogleTest failure, a fuzzer crash).
#ifndef DMK_TESTS_SUPPORT_OUTPUT_CHECKS_H_
#define DMK_TESTS_SUPPORT_OUTPUT_CHECKS_H_

#include <cstddef>
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

}  // namespace dmk::test_support

#endif  // DMK_TESTS_SUPPORT_OUTPUT_CHECKS_H_
