#include "common/base/perfdata.h"

#include <gtest/gtest.h>

#include <clocale>
#include <cmath>
#include <locale>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/german_locale.h"

namespace dmk {
namespace {

Range MustParse(const std::string& text) {
  Range range;
  Status status = ParseRange(text, &range);
  EXPECT_TRUE(status.ok()) << status.message();
  return range;
}

// docs/plugin-contract.md, "Perfdata": 'label'=value[UOM];[warn];[crit];[min];[max].
TEST(PerfdataTest, WritesAllFieldsInOrder) {
  PerfValue value{"time", 0.125, "s", MustParse("1"), MustParse("2.5"), 0.0, 10.0};
  EXPECT_EQ(FormatPerfValue(value), "time=0.125s;1;2.5;0;10");
}

TEST(PerfdataTest, DropsTrailingEmptyFieldsButKeepsInnerOnes) {
  EXPECT_EQ(FormatPerfValue({"size", 42.0, "B", std::nullopt, std::nullopt, std::nullopt, std::nullopt}), "size=42B");
  EXPECT_EQ(FormatPerfValue({"size", 42.0, "B", std::nullopt, std::nullopt, 0.0, std::nullopt}), "size=42B;;;0");
  EXPECT_EQ(FormatPerfValue({"t", 1.0, "s", std::nullopt, MustParse("3"), std::nullopt, std::nullopt}), "t=1s;;3");
}

// docs/plugin-contract.md, "Perfdata": 'U' means the value could not be determined; graphs then show a gap.
TEST(PerfdataTest, WritesUForAMissingValueWithoutUnit) {
  PerfValue value{"tls", std::nullopt, "s", MustParse("1"), MustParse("2"), 0.0, 10.0};
  EXPECT_EQ(FormatPerfValue(value), "tls=U;1;2");
}

// Icinga DB Web 1.0 (Debian 12) fails on a U value that has both min and max (docs/web.md): a gap has none.
TEST(PerfdataTest, WritesNoMinOrMaxForAMissingValue) {
  EXPECT_EQ(FormatPerfValue({"ttfb", std::nullopt, "s", std::nullopt, std::nullopt, 0.0, 10.0}), "ttfb=U");
  EXPECT_EQ(FormatPerfValue({"time", std::nan(""), "s", std::nullopt, std::nullopt, 0.0, 10.0}), "time=U");
  EXPECT_EQ(FormatPerfValue({"ttfb", 0.5, "s", std::nullopt, std::nullopt, 0.0, 10.0}), "ttfb=0.5s;;;0;10");
}

// docs/plugin-contract.md, "Perfdata": a label must be quoted if it has spaces; '=' and '\'' are not allowed.
TEST(PerfdataTest, QuotesLabelsWithSpaces) {
  EXPECT_EQ(FormatPerfValue({"time to first byte", 0.5, "s", std::nullopt, std::nullopt, std::nullopt, std::nullopt}),
            "'time to first byte'=0.5s");
}

TEST(PerfdataTest, ReplacesCharactersThatBreakTheFormatInLabels) {
  PerfValue value{"a=b'c|d\ne", 1.0, "", std::nullopt, std::nullopt, std::nullopt, std::nullopt};
  EXPECT_EQ(FormatPerfValue(value), "a_b_c_d_e=1");
  PerfValue quoted{"it's = here", 1.0, "", std::nullopt, std::nullopt, std::nullopt, std::nullopt};
  EXPECT_EQ(FormatPerfValue(quoted), "'it_s _ here'=1");
}

TEST(PerfdataTest, NeverWritesAnEmptyLabel) {
  EXPECT_EQ(FormatPerfValue({"", 1.0, "", std::nullopt, std::nullopt, std::nullopt, std::nullopt}), "_=1");
}

// docs/plugin-contract.md, "Perfdata": Icinga2 drops range-form warn/crit and keeps plain numbers only, so a
// simple upper bound is written as a plain number; other ranges are written as given.
struct ThresholdCase {
  std::string range;
  std::string written;
};

TEST(PerfdataTest, WritesSimpleUpperBoundsAsPlainNumbersAndOtherRangesAsText) {
  const std::vector<ThresholdCase> cases = {
      {"10", "10"},     {"0:10", "10"},       {"0.50", "0.5"},  {"10:", "10:"},
      {"~:10", "~:10"}, {"@10:20", "@10:20"}, {"5:10", "5:10"},
  };
  for (const ThresholdCase& c : cases) {
    PerfValue value{"x", 1.0, "", MustParse(c.range), MustParse(c.range), std::nullopt, std::nullopt};
    EXPECT_EQ(FormatPerfValue(value), "x=1;" + c.written + ";" + c.written) << c.range;
  }
}

TEST(PerfdataTest, SeparatesValuesWithSingleSpaces) {
  std::vector<PerfValue> values = {
      {"dns", 0.01, "s", std::nullopt, std::nullopt, std::nullopt, std::nullopt},
      {"connect", std::nullopt, "s", std::nullopt, std::nullopt, std::nullopt, std::nullopt},
      {"size", 7.0, "B", std::nullopt, std::nullopt, std::nullopt, std::nullopt},
  };
  EXPECT_EQ(FormatPerfdata(values), "dns=0.01s connect=U size=7B");
  EXPECT_EQ(FormatPerfdata({}), "");
}

// A numpunct with a decimal comma, as a German locale would have.
class CommaNumpunct : public std::numpunct<char> {
 protected:
  char do_decimal_point() const override { return ','; }
  char do_thousands_sep() const override { return '.'; }
  std::string do_grouping() const override { return "\3"; }
};

// docs/plugin-contract.md, "Exit codes and output": numbers are written with '.' whatever the locale (Icinga2
// sets LC_NUMERIC=C, but a plugin must not rely on it).
TEST(PerfdataTest, WritesDotsUnderAGlobalCppLocaleWithDecimalComma) {
  std::locale comma(std::locale::classic(), new CommaNumpunct);
  std::locale previous = std::locale::global(comma);
  // Proof that the locale is in force for locale-aware formatting in this process.
  std::ostringstream probe;
  probe << 1234.5;
  PerfValue value{"time", 1234.5, "s", MustParse("0.5"), MustParse("1.5:2.5"), 0.0, 10.25};
  std::string text = FormatPerfValue(value);
  std::locale::global(previous);
  EXPECT_EQ(probe.str(), "1.234,5");
  EXPECT_EQ(text, "time=1234.5s;0.5;1.5:2.5;0;10.25");
}

TEST(PerfdataTest, WritesDotsUnderAGermanCLocale) {
  std::string point;
  std::string text;
  {
    test_support::GermanCLocale german;
    if (!german.active()) GTEST_SKIP() << "no German locale installed (locale -a)";
    const char* decimal_point = std::localeconv()->decimal_point;
    point = decimal_point != nullptr ? decimal_point : "";
    PerfValue value{"time", 0.75, "s", MustParse("0.5"), MustParse("1.5"), 0.0, 10.0};
    text = FormatPerfValue(value);
  }
  EXPECT_EQ(point, ",");  // the locale really has a decimal comma
  EXPECT_EQ(text, "time=0.75s;0.5;1.5;0;10");
}

}  // namespace
}  // namespace dmk
