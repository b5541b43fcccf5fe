#include "common/base/perfdata.h"

#include <cmath>

#include "common/base/number.h"

namespace dmk {

namespace {

std::string FormatLabel(const std::string& label) {
  std::string clean;
  bool needs_quotes = false;
  for (char c : label) {
    if (c == '=' || c == '\'' || c == '|' || static_cast<unsigned char>(c) < 0x20) {
      clean.push_back('_');
    } else {
      if (c == ' ') needs_quotes = true;
      clean.push_back(c);
    }
  }
  if (clean.empty()) clean = "_";
  return needs_quotes ? "'" + clean + "'" : clean;
}

std::string FormatThreshold(const std::optional<Range>& range) {
  if (!range) return "";
  if (auto upper = range->SimpleUpperBound()) return FormatNumber(*upper);
  return range->text();
}

std::string FormatOptional(const std::optional<double>& value) { return value ? FormatNumber(*value) : ""; }

}  // namespace

std::string FormatPerfValue(const PerfValue& value) {
  std::string text = FormatLabel(value.label) + "=";
  // Icinga2 rejects "inf" and "nan": a value that is not finite could not be determined.
  const bool known = value.value && std::isfinite(*value.value);
  text += known ? FormatNumber(*value.value) + value.uom : "U";
  // An unknown value carries no min and max: Icinga DB Web 1.0 (Debian 12) draws a pie from value, min and
  // max whenever both bounds are there, fails on "U" and shows an error instead of the whole service page
  // (docs/web.md). Nothing graphs a gap's bounds.
  std::string tail = ";" + FormatThreshold(value.warning) + ";" + FormatThreshold(value.critical);
  if (known) tail += ";" + FormatOptional(value.min) + ";" + FormatOptional(value.max);
  while (!tail.empty() && tail.back() == ';') tail.pop_back();
  return text + tail;
}

std::string FormatPerfdata(const std::vector<PerfValue>& values) {
  std::string text;
  for (const PerfValue& value : values) {
    if (!text.empty()) text.push_back(' ');
    text += FormatPerfValue(value);
  }
  return text;
}

}  // namespace dmk
