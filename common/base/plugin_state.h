// State: the four plugin states and their exit codes (Monitoring Plugins guidelines: 0 OK, 1 WARNING,
// 2 CRITICAL, 3 UNKNOWN), and how several states combine into one.
#ifndef DMK_COMMON_BASE_PLUGIN_STATE_H_
#define DMK_COMMON_BASE_PLUGIN_STATE_H_

#include <optional>
#include <string_view>

namespace dmk {

enum class State { kOk = 0, kWarning = 1, kCritical = 2, kUnknown = 3 };

// "OK", "WARNING", "CRITICAL", "UNKNOWN".
std::string_view StateName(State state);

// The exit code a plugin returns for `state`.
int ExitCode(State state);

// The more severe of two states, ordered OK < WARNING < UNKNOWN < CRITICAL: a known failure outranks a
// state we could not determine.
State Worst(State a, State b);

// Parses "ok", "warning", "critical", "unknown" (any case) or "0".."3"; nullopt otherwise.
std::optional<State> ParseState(std::string_view text);

}  // namespace dmk

#endif  // DMK_COMMON_BASE_PLUGIN_STATE_H_
