// Shared checks for the libFuzzer targets: what plugin output must look like whatever went in
// (docs/plugin-contract.md, "Exit codes and output"). A failed check aborts, which libFuzzer records as a
// crash with the input that caused it.
#ifndef DMK_TESTS_FUZZ_FUZZ_CHECK_H_
#define DMK_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tests/support/output_checks.h"

namespace dmk::fuzz {

[[noreturn]] inline void Fail(const char* what, std::string_view text) {
  std::fprintf(stderr, "contract violated: %s\n--- text (%zu bytes) ---\n%.*s\n---\n", what, text.size(),
               static_cast<int>(text.size() > 4000 ? 4000 : text.size()), text.data());
  std::abort();
}

inline void Check(bool ok, const char* what, std::string_view text) {
  if (!ok) Fail(what, text);
}

using test_support::CleanUtf8;
using test_support::NoControlBytes;

// One perfdata item, 'label'=value[UOM];[warn];[crit];[min];[max], with Icinga2's restrictions: no
// comma, no "inf"/"nan", units from its list (docs/plugin-contract.md, "Perfdata").
inline bool ValidPerfItem(std::string_view item) {
  size_t equals;
  if (!item.empty() && item.front() == '\'') {
    size_t close = item.find('\'', 1);
    if (close == std::string_view::npos || close == 1 || close + 1 >= item.size() || item[close + 1] != '=')
      return false;
    if (item.substr(1, close - 1).find('=') != std::string_view::npos) return false;
    equals = close + 1;
  } else {
    equals = item.find('=');
    if (equals == std::string_view::npos || equals == 0) return false;
    if (item.substr(0, equals).find('\'') != std::string_view::npos) return false;
  }
  std::string_view rest = item.substr(equals + 1);
  std::string_view value = rest.substr(0, rest.find(';'));
  if (value != "U") {
    size_t i = 0;
    if (i < value.size() && value[i] == '-') ++i;
    size_t digits = 0;
    while (i < value.size() && value[i] >= '0' && value[i] <= '9') ++i, ++digits;
    if (digits == 0) return false;
    if (i < value.size() && value[i] == '.') {
      ++i;
      size_t decimals = 0;
      while (i < value.size() && value[i] >= '0' && value[i] <= '9') ++i, ++decimals;
      if (decimals == 0) return false;
    }
    std::string_view unit = value.substr(i);
    if (!(unit.empty() || unit == "s" || unit == "ms" || unit == "us" || unit == "%" || unit == "B" || unit == "KB" ||
          unit == "MB" || unit == "TB" || unit == "c")) {
      return false;
    }
  }
  size_t fields = 0;
  for (char c : rest) fields += c == ';' ? 1 : 0;
  if (fields > 4) return false;
  return rest.find_first_of(" ,|") == std::string_view::npos;
}

// The plugin's whole output: one status line "DMK COMMUNITY STATE - ..." with exactly one '|', before
// valid perfdata; long-output lines without '|'; no control bytes but '\n'; valid UTF-8; each long
// line bounded.
inline void CheckPluginOutput(std::string_view out, std::string_view state_name, size_t max_long_line) {
  Check(!out.empty() && out.back() == '\n', "output ends with a newline", out);
  Check(NoControlBytes(out, true), "no control bytes", out);
  Check(CleanUtf8(out), "valid UTF-8 without C1 controls", out);
  const std::string prefix = "DMK COMMUNITY " + std::string(state_name) + " - ";
  Check(out.substr(0, prefix.size()) == prefix, "status line prefix", out);
  const size_t first_end = out.find('\n');
  std::string_view first = out.substr(0, first_end);
  size_t bars = 0;
  for (char c : out) bars += c == '|' ? 1 : 0;
  Check(bars == 1, "exactly one '|' in the whole output", out);
  const size_t bar = first.find(" | ");
  Check(bar != std::string_view::npos, "the '|' is in the status line, as ' | '", out);
  std::string_view perfdata = first.substr(bar + 3);
  for (size_t start = 0; start <= perfdata.size();) {
    size_t space = perfdata.find(' ', start);
    std::string_view item =
        perfdata.substr(start, space == std::string_view::npos ? std::string_view::npos : space - start);
    Check(ValidPerfItem(item), "perfdata item parses", first);
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  for (size_t start = first_end + 1; start < out.size();) {
    size_t end = out.find('\n', start);
    Check(end - start <= max_long_line, "long-output line bounded", out.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace dmk::fuzz

#endif  // DMK_TESTS_FUZZ_FUZZ_CHECK_H_
