#include "common/option_values.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dmk {
namespace {

TEST(OptionValuesTest, AnswersForOptionsGivenAndNotGiven) {
  OptionValues values;
  values.Set("no-tls", {});
  values.Set("uri", {"/status"});
  values.Set("header", {"X-A: 1", "X-B: 2"});
  EXPECT_TRUE(values.Flag("no-tls"));
  EXPECT_TRUE(values.Has("uri"));
  EXPECT_FALSE(values.Has("insecure"));
  EXPECT_FALSE(values.Has("ur"));
  EXPECT_EQ(values.String("uri"), "/status");
  EXPECT_EQ(values.String("no-tls"), "");
  EXPECT_EQ(values.String("method"), "");
  EXPECT_EQ(values.String("header"), "X-A: 1");
  EXPECT_EQ(values.List("header"), (std::vector<std::string>{"X-A: 1", "X-B: 2"}));
  EXPECT_TRUE(values.List("expect-json").empty());
  values.Set("uri", {"/other"});
  EXPECT_EQ(values.String("uri"), "/other");
}

TEST(OptionValuesTest, ReadsCountsWithinTheirBounds) {
  OptionValues values;
  values.Set("port", {"8443"});
  values.Set("max-redirects", {"21"});
  long long number = -1;
  ASSERT_TRUE(values.Count("port", 1, 65535, &number).ok());
  EXPECT_EQ(number, 8443);
  EXPECT_EQ(values.Count("max-redirects", 0, 20, &number).message(),
            "--max-redirects '21' must be a whole number from 0 to 20");
  number = -1;
  EXPECT_TRUE(values.Count("max-body", 1, 10, &number).ok());
  EXPECT_EQ(number, -1);  // not given: left alone
}

TEST(OptionValuesTest, ReadsSecondsAboveZeroUpToAnHour) {
  OptionValues values;
  values.Set("timeout", {"2.5"});
  values.Set("connect-timeout", {"0"});
  double seconds = 0;
  ASSERT_TRUE(values.Seconds("timeout", &seconds).ok());
  EXPECT_DOUBLE_EQ(seconds, 2.5);
  EXPECT_EQ(values.Seconds("connect-timeout", &seconds).message(),
            "--connect-timeout '0' must be a number of seconds above 0 and at most 3600");
}

TEST(OptionValuesTest, ReadsThresholdPairsAndNamesABadRange) {
  OptionValues values;
  values.Set("dns-warning", {"1"});
  values.Set("warning", {"20:10"});
  Thresholds dns;
  ASSERT_TRUE(values.Thresholds("dns-warning", "dns-critical", &dns).ok());
  EXPECT_TRUE(dns.warning.has_value());
  EXPECT_FALSE(dns.critical.has_value());
  Thresholds total;
  Status status = values.Thresholds("warning", "critical", &total);
  EXPECT_EQ(status.message().rfind("--warning: ", 0), 0u) << status.message();
}

}  // namespace
}  // namespace dmk
