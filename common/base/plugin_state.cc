#include "common/base/plugin_state.h"

#include <string>

#include "common/base/ascii.h"

namespace dmk {

std::string_view StateName(State state) {
  switch (state) {
    case State::kOk: return "OK";
    case State::kWarning: return "WARNING";
    case State::kCritical: return "CRITICAL";
    case State::kUnknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

int ExitCode(State state) { return static_cast<int>(state); }

namespace {
int Severity(State state) {
  switch (state) {
    case State::kOk: return 0;
    case State::kWarning: return 1;
    case State::kUnknown: return 2;
    case State::kCritical: return 3;
  }
  return 2;
}
}  // namespace

State Worst(State a, State b) { return Severity(a) >= Severity(b) ? a : b; }

std::optional<State> ParseState(std::string_view text) {
  const std::string lower = AsciiLower(text);
  if (lower == "ok" || lower == "0") return State::kOk;
  if (lower == "warning" || lower == "1") return State::kWarning;
  if (lower == "critical" || lower == "2") return State::kCritical;
  if (lower == "unknown" || lower == "3") return State::kUnknown;
  return std::nullopt;
}

}  // namespace dmk
