// libFuzzer target: SanitizeLine (common/base/sanitize.h), the last guard between network text and Icinga.
// Input: two bytes of bound (little-endian, modulo 2048), then the raw text. Asserts the contract:
// no '|', no control byte, valid UTF-8 without C1 controls, at most bound + 3 bytes ("..."), whitespace
// folded and trimmed, and sanitising the output again changes nothing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/sanitize.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using dmk::fuzz::Check;
  if (size < 2) return 0;
  const size_t bound = (static_cast<size_t>(data[0]) | (static_cast<size_t>(data[1]) << 8)) % 2048;
  const std::string_view raw(reinterpret_cast<const char*>(data + 2), size - 2);
  const std::string out = dmk::SanitizeLine(raw, bound);
  Check(out.size() <= bound + 3, "length bound (plus \"...\")", out);
  Check(out.find('|') == std::string::npos, "no '|'", out);
  Check(dmk::fuzz::NoControlBytes(out, false), "no control bytes", out);
  Check(dmk::fuzz::CleanUtf8(out), "valid UTF-8 without C1 controls", out);
  Check(out.empty() || (out.front() != ' ' && out.back() != ' '), "trimmed", out);
  Check(out.find("  ") == std::string::npos, "whitespace folded", out);
  Check(dmk::SanitizeLine(out, bound + 3) == out, "idempotent", out);
  if (raw.size() <= bound && raw.find_first_of("|\t\r\n\v\f") == std::string_view::npos) {
    // Short printable ASCII without doubled or outer spaces comes through unchanged.
    bool plain = !raw.empty() && raw.front() != ' ' && raw.back() != ' ' && raw.find("  ") == std::string_view::npos;
    for (char c : raw) plain = plain && static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F;
    if (plain) Check(out == raw, "plain text unchanged", out);
  }
  return 0;
}
