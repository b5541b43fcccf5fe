// Locale-independent number parsing and formatting. Plugins must write '.' as the decimal point whatever
// the locale (docs/plugin-contract.md, "Numbers"), and must not accept lenient input such as "1e3x", "inf" or
// " 5" where a number is expected.
#ifndef DMK_COMMON_BASE_NUMBER_H_
#define DMK_COMMON_BASE_NUMBER_H_

#include <optional>
#include <string>
#include <string_view>

namespace dmk {

// Parses an optionally signed decimal number ("12", "-0.5", "+3.25", ".5"); no exponent, no spaces,
// no inf/nan, nothing trailing. nullopt when `text` is anything else.
std::optional<double> ParseDecimal(std::string_view text);

// Parses a non-negative whole number that fits in `long long`; nullopt otherwise.
std::optional<long long> ParseCount(std::string_view text);

// Formats `value` with at most `max_decimals` decimals, trailing zeros dropped ("0.0123", "10", "-2.5").
std::string FormatNumber(double value, int max_decimals = 6);

// Formats `value` with exactly `decimals` decimals ("2.0", "0.125").
std::string FormatFixed(double value, int decimals);

}  // namespace dmk

#endif  // DMK_COMMON_BASE_NUMBER_H_
