// The small wording helpers every evaluation step shares (eval_*.cc): quoting network text, durations
// and dates for people, and the address a check connected to. Pure: no I/O, no clock.
#ifndef DMK_COMMON_EVALUATE_EVAL_WORDS_H_
#define DMK_COMMON_EVALUATE_EVAL_WORDS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/model/config.h"
#include "common/model/outcome.h"

namespace dmk {

// Network text quoted in a message: one line, sanitised, at most `max` bytes.
inline constexpr std::size_t kQuoteBytes = 120;
std::string Quote(const std::string& raw, std::size_t max = kQuoteBytes);

// Durations for people: "0.8 ms", "12.3 ms", "1.25 s".
std::string Secs(double seconds);

// Elapsed time at a timeout, always with one decimal: "2.0 s".
std::string TimeoutSecs(double seconds);

// "2026-12-03" (UTC), "?" when the date cannot be shown.
std::string Date(std::int64_t epoch);

// "2026-12-03 14:05 UTC", for the events of short-lived certificates; "?" as Date.
std::string DateTime(std::int64_t epoch);

// "1 day", "3 days".
std::string Plural(long count, const char* word);

// Where the check connected (or would have): "192.0.2.10:443", "[::1]:8443".
std::string Target(const Config& config, const ProbeOutcome& outcome);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_EVAL_WORDS_H_
