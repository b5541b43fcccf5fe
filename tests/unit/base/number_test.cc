#include "common/base/number.h"

#include <gtest/gtest.h>

#include <clocale>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/german_locale.h"

namespace dmk {
namespace {

struct DecimalCase {
  std::string text;
  double value;
};

TEST(NumberTest, ParsesPlainDecimals) {
  const std::vector<DecimalCase> cases = {
      {"0", 0},  {"12", 12}, {"-0.5", -0.5},       {"+3.25", 3.25},  {".5", 0.5},
      {"5.", 5}, {"007", 7}, {"-12.125", -12.125}, {"0.001", 0.001}, {"3600", 3600},
  };
  for (const DecimalCase& c : cases) {
    std::optional<double> parsed = ParseDecimal(c.text);
    ASSERT_TRUE(parsed.has_value()) << c.text;
    EXPECT_DOUBLE_EQ(*parsed, c.value) << c.text;
  }
}

// docs/plugin-contract.md, "Perfdata": Icinga2's parser rejects commas and 'inf'; and the monitoring-plugins
// lesson of docs/code-style.md: no lenient strtod parsing (exponents, spaces, trailing junk).
TEST(NumberTest, RefusesLenientForms) {
  for (const char* text : {"",         "-",    "+",  ".",  "-.", "1e3", "1E3",   "inf", "-inf", "nan",   "NaN",
                           "infinity", "0x10", " 5", "5 ", "5x", "1,5", "1.2.3", "--1", "+-1",  "1_000", "١"}) {
    EXPECT_EQ(ParseDecimal(text), std::nullopt) << "'" << text << "'";
  }
}

TEST(NumberTest, ParsesCounts) {
  EXPECT_EQ(ParseCount("0"), 0);
  EXPECT_EQ(ParseCount("443"), 443);
  EXPECT_EQ(ParseCount("9223372036854775807"), 9223372036854775807LL);
}

TEST(NumberTest, RefusesCountsThatAreNotWholeNonNegativeNumbers) {
  for (const char* text : {"", "-1", "+1", "1.0", "1e3", " 1", "1 ", "12a", "9223372036854775808", "abc"}) {
    EXPECT_EQ(ParseCount(text), std::nullopt) << "'" << text << "'";
  }
}

struct FormatCase {
  double value;
  int decimals;
  std::string text;
};

TEST(NumberTest, FormatsWithDotAndWithoutTrailingZeros) {
  const std::vector<FormatCase> cases = {
      {0, 6, "0"},
      {10, 6, "10"},
      {-2.5, 6, "-2.5"},
      {0.0123, 6, "0.0123"},
      {1.0 / 3, 6, "0.333333"},
      {1.0 / 3, 3, "0.333"},
      {2.0005, 3, "2.001"},
      {1234567.5, 6, "1234567.5"},
      {0.1, 6, "0.1"},
      {100, 0, "100"},
      {1e15, 6, "1000000000000000"},
  };
  for (const FormatCase& c : cases) {
    EXPECT_EQ(FormatNumber(c.value, c.decimals), c.text) << c.value;
  }
}

TEST(NumberTest, NeverWritesNegativeZero) {
  EXPECT_EQ(FormatNumber(-0.0), "0");
  EXPECT_EQ(FormatNumber(-0.0000001), "0");
  EXPECT_EQ(FormatNumber(-0.0004, 3), "0");
}

TEST(NumberTest, WritesHugeValuesInFullNotAsZero) {
  // A value too long for a small buffer must not silently turn into "0": a fake zero is worse than a gap.
  std::string text = FormatNumber(1e100);
  EXPECT_EQ(text.size(), 101u) << text;
  EXPECT_EQ(text.substr(0, 1), "1");
  EXPECT_EQ(text.find_first_not_of("0123456789"), std::string::npos) << text;
}

// docs/plugin-contract.md, "Exit codes and output": numbers are written with '.' whatever the locale.
TEST(NumberTest, IgnoresTheCLocaleDecimalComma) {
  std::string formatted;
  std::optional<double> parsed;
  std::optional<double> comma;
  {
    test_support::GermanCLocale german;
    if (!german.active()) GTEST_SKIP() << "no German locale installed";
    formatted = FormatNumber(1.5);
    parsed = ParseDecimal("2.25");
    comma = ParseDecimal("2,25");
  }
  EXPECT_EQ(formatted, "1.5");
  EXPECT_EQ(parsed, 2.25);
  EXPECT_EQ(comma, std::nullopt);
}

}  // namespace
}  // namespace dmk
