#include "common/base/number.h"

#include <locale.h>
#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>

namespace dmk {

std::optional<double> ParseDecimal(std::string_view text) {
  std::string_view body = text;
  bool negative = false;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
    negative = body.front() == '-';
    body.remove_prefix(1);
  }
  bool seen_digit = false;
  bool seen_dot = false;
  for (char c : body) {
    if (c >= '0' && c <= '9') {
      seen_digit = true;
    } else if (c == '.' && !seen_dot) {
      seen_dot = true;
    } else {
      return std::nullopt;
    }
  }
  if (!seen_digit) return std::nullopt;
  // strtod in the "C" locale, not std::from_chars: libstdc++ 12 builds from_chars(double) on strtod plus
  // fesetround, which alone would make the plugin load libm (392 KiB of resident pages per check). The text
  // is digits and at most one '.', checked above, so strtod's other forms (hex, inf, exponents) cannot occur.
  const std::string digits(body);
  locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t{});  // glibc: the built-in C locale, no allocation
  if (c_locale == locale_t{}) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double value = strtod_l(digits.c_str(), &end, c_locale);
  const bool range_error = errno == ERANGE;
  freelocale(c_locale);
  if (end != digits.c_str() + digits.size() || range_error || !std::isfinite(value)) return std::nullopt;
  return negative ? -value : value;
}

std::optional<long long> ParseCount(std::string_view text) {
  if (text.empty()) return std::nullopt;
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

namespace {

// printf's "%.*f" in the "C" locale: correctly rounded, like std::to_chars, and a '.' whatever locale the
// process runs in (uselocale changes only this thread's locale, and only for this call). Not std::to_chars:
// libstdc++ 12's floating-point to_chars needs fesetround, which alone would make the plugin load libm
// (392 KiB of resident pages per check).
std::string PrintFixed(double value, int decimals) {
  locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t{});  // glibc: the built-in C locale, no allocation
  if (c_locale == locale_t{}) return "0";
  const locale_t previous = uselocale(c_locale);
  std::string text(64, '\0');
  int length = std::snprintf(text.data(), text.size(), "%.*f", decimals, value);
  if (length >= 0 && static_cast<std::size_t>(length) >= text.size()) {  // up to 309 integer digits
    text.resize(static_cast<std::size_t>(length) + 1);
    length = std::snprintf(text.data(), text.size(), "%.*f", decimals, value);
  }
  if (previous != locale_t{}) uselocale(previous);
  freelocale(c_locale);
  if (length < 0) return "0";
  text.resize(static_cast<std::size_t>(length));
  return text;
}

}  // namespace

std::string FormatNumber(double value, int max_decimals) {
  std::string text = PrintFixed(value, max_decimals);
  // "1.500" -> "1.5", "2.000" -> "2", "-0" -> "0".
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  if (text == "-0") return "0";  // (a new string, not an assignment: GCC 12 -Wrestrict misfires on that)
  return text;
}

std::string FormatFixed(double value, int decimals) { return PrintFixed(value, decimals); }

}  // namespace dmk
