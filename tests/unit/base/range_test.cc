#include "common/base/range.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace dmk {
namespace {

Range MustParse(const std::string& text) {
  Range range;
  Status status = ParseRange(text, &range);
  EXPECT_TRUE(status.ok()) << text << ": " << status.message();
  return range;
}

struct AlertCase {
  std::string range;
  double value;
  bool alerts;
};

// docs/plugin-contract.md, "Thresholds": alert when the value is outside start..end, endpoints inclusive count
// as inside; with a leading '@', alert when inside. The rows follow the contract's table, each probed at
// and just beyond its endpoints.
TEST(RangeTest, FollowsTheSemanticsTableOfTheContract) {
  const std::vector<AlertCase> cases = {
      // "10": < 0 or > 10.
      {"10", -0.001, true},
      {"10", 0, false},
      {"10", 5, false},
      {"10", 10, false},
      {"10", 10.001, true},
      {"10", 1e9, true},
      {"10", -1e9, true},
      // "10:": < 10.
      {"10:", 9.999, true},
      {"10:", 10, false},
      {"10:", 1e12, false},
      {"10:", -5, true},
      // "~:10": > 10.
      {"~:10", -1e12, false},
      {"~:10", 10, false},
      {"~:10", 10.001, true},
      // "10:20": < 10 or > 20.
      {"10:20", 9.999, true},
      {"10:20", 10, false},
      {"10:20", 15, false},
      {"10:20", 20, false},
      {"10:20", 20.001, true},
      // "@10:20": >= 10 and <= 20.
      {"@10:20", 9.999, false},
      {"@10:20", 10, true},
      {"@10:20", 15, true},
      {"@10:20", 20, true},
      {"@10:20", 20.001, false},
  };
  for (const AlertCase& c : cases) {
    EXPECT_EQ(MustParse(c.range).Alerts(c.value), c.alerts) << "range '" << c.range << "', value " << c.value;
  }
}

TEST(RangeTest, AlertsOutsideByDefault) {
  Range range = MustParse("0.5");
  EXPECT_FALSE(range.Alerts(0.2));
  EXPECT_TRUE(range.Alerts(0.7));
}

TEST(RangeTest, AlertsInsideWithAt) {
  Range range = MustParse("@0.5");
  EXPECT_TRUE(range.Alerts(0.2));
  EXPECT_FALSE(range.Alerts(0.7));
}

TEST(RangeTest, AcceptsNegativeSignedAndFractionalEndpoints) {
  Range range = MustParse("-5.5:+2.25");
  EXPECT_TRUE(range.Alerts(-5.6));
  EXPECT_FALSE(range.Alerts(-5.5));
  EXPECT_FALSE(range.Alerts(2.25));
  EXPECT_TRUE(range.Alerts(2.26));
}

TEST(RangeTest, EqualEndpointsLeaveExactlyOneValueInside) {
  Range range = MustParse("5:5");
  EXPECT_FALSE(range.Alerts(5));
  EXPECT_TRUE(range.Alerts(4.999));
  EXPECT_TRUE(range.Alerts(5.001));
}

TEST(RangeTest, TildeWithOpenEndNeverAlertsAndWithAtAlwaysAlerts) {
  Range all = MustParse("~:");
  Range none = MustParse("@~:");
  for (double value : {-1e300, -1.0, 0.0, 1.0, 1e300}) {
    EXPECT_FALSE(all.Alerts(value)) << value;
    EXPECT_TRUE(none.Alerts(value)) << value;
  }
}

TEST(RangeTest, KeepsTheTextItWasParsedFrom) {
  EXPECT_EQ(MustParse("@10:20").text(), "@10:20");
  EXPECT_EQ(MustParse("~:0.5").text(), "~:0.5");
}

// docs/plugin-contract.md, "Perfdata": Icinga2 keeps only plain-number thresholds, so a simple "alert above N"
// must be recognised to be written as N.
TEST(RangeTest, RecognisesSimpleUpperBounds) {
  EXPECT_EQ(MustParse("10").SimpleUpperBound(), 10.0);
  EXPECT_EQ(MustParse("0:10").SimpleUpperBound(), 10.0);
  EXPECT_EQ(MustParse("0.25").SimpleUpperBound(), 0.25);
  for (const char* text : {"10:", "~:10", "@10", "5:10", "@0:10", "~:", "-1:10"}) {
    EXPECT_EQ(MustParse(text).SimpleUpperBound(), std::nullopt) << text;
  }
}

// docs/plugin-contract.md, "Thresholds": malformed ranges are usage errors with a clear message.
TEST(RangeTest, RefusesMalformedRangesNamingTheText) {
  const std::vector<std::string> malformed = {
      "abc", "20:10", "1,5",    "10x",  "10:20x", "10 ",   " 10", "",    "@",    "inf",   "1e3",   "10:inf",
      "~10", "10:~",  "10::20", "@@10", ":",      "1:2:3", "-",   "nan", "0x10", "10;20", "5:1e3",
  };
  for (const std::string& text : malformed) {
    Range range;
    Status status = ParseRange(text, &range);
    EXPECT_FALSE(status.ok()) << "'" << text << "' was accepted";
    EXPECT_NE(status.message().find("malformed range '" + text + "'"), std::string::npos) << status.message();
  }
}

TEST(RangeTest, SaysWhyStartAboveEndIsRefused) {
  Range range;
  Status status = ParseRange("20:10", &range);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("greater than"), std::string::npos) << status.message();
}

TEST(RangeTest, RefusesAColonWithoutStartAndSaysWhatToWrite) {
  Range range;
  Status status = ParseRange(":10", &range);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("0:N"), std::string::npos) << status.message();
}

TEST(RangeTest, LeavesTheRangeUnchangedOnError) {
  Range range = MustParse("@1:2");
  EXPECT_FALSE(ParseRange("abc", &range).ok());
  EXPECT_EQ(range.text(), "@1:2");
  EXPECT_TRUE(range.Alerts(1.5));
  EXPECT_FALSE(range.Alerts(3));
}

}  // namespace
}  // namespace dmk
