#include "common/number.h"

#include <algorithm>
#include <charconv>
#include <cmath>

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
  double value = 0;
  auto [end, error] = std::from_chars(body.data(), body.data() + body.size(), value,
                                      std::chars_format::fixed);
  if (error != std::errc() || end != body.data() + body.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return negative ? -value : value;
}

std::optional<long long> ParseCount(std::string_view text) {
  if (text.empty()) return std::nullopt;
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

std::string FormatNumber(double value, int max_decimals) {
  char buffer[400];  // any finite double in fixed notation (up to 309 integer digits) fits
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed,
                                    max_decimals);
  if (error != std::errc()) return "0";
  // Trim in the buffer, before any std::string exists: "1.500" -> "1.5", "2.000" -> "2", "-0" -> "0".
  if (std::find(buffer, end, '.') != end) {
    while (end[-1] == '0') --end;
    if (end[-1] == '.') --end;
  }
  char* begin = buffer;
  if (end - begin == 2 && begin[0] == '-' && begin[1] == '0') ++begin;
  return std::string(begin, end);
}

std::string FormatFixed(double value, int decimals) {
  char buffer[400];  // any finite double in fixed notation (up to 309 integer digits) fits
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  if (error != std::errc()) return "0";
  return std::string(buffer, end);
}

}  // namespace dmk
