#include "common/cli/option_values.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dmk {
namespace {

using enum OptionId;

TEST(OptionValuesTest, AnswersForOptionsGivenAndNotGiven) {
  OptionValues values;
  values.Set(kNoTls, {});
  values.Set(kUri, {"/status"});
  values.Set(kHeader, {"X-A: 1", "X-B: 2"});
  EXPECT_TRUE(values.Flag(kNoTls));
  EXPECT_TRUE(values.Has(kUri));
  EXPECT_FALSE(values.Has(kInsecure));
  EXPECT_EQ(values.String(kUri), "/status");
  EXPECT_EQ(values.String(kNoTls), "");
  EXPECT_EQ(values.String(kMethod), "");
  EXPECT_EQ(values.String(kHeader), "X-A: 1");
  EXPECT_EQ(values.List(kHeader), (std::vector<std::string>{"X-A: 1", "X-B: 2"}));
  EXPECT_TRUE(values.List(kExpectJson).empty());
  values.Set(kUri, {"/other"});
  EXPECT_EQ(values.String(kUri), "/other");
}

TEST(OptionValuesTest, ReadsCountsWithinTheirBounds) {
  OptionValues values;
  values.Set(kPort, {"8443"});
  values.Set(kMaxRedirects, {"21"});
  long long number = -1;
  ASSERT_TRUE(values.Count(kPort, 1, 65535, &number).ok());
  EXPECT_EQ(number, 8443);
  EXPECT_EQ(values.Count(kMaxRedirects, 0, 20, &number).message(),
            "--max-redirects '21' must be a whole number from 0 to 20");
  number = -1;
  EXPECT_TRUE(values.Count(kMaxBody, 1, 10, &number).ok());
  EXPECT_EQ(number, -1);  // not given: left alone
}

TEST(OptionValuesTest, ReadsSecondsAboveZeroUpToAnHour) {
  OptionValues values;
  values.Set(kTimeout, {"2.5"});
  values.Set(kConnectTimeout, {"0"});
  double seconds = 0;
  ASSERT_TRUE(values.Seconds(kTimeout, &seconds).ok());
  EXPECT_DOUBLE_EQ(seconds, 2.5);
  EXPECT_EQ(values.Seconds(kConnectTimeout, &seconds).message(),
            "--connect-timeout '0' must be a number of seconds above 0 and at most 3600");
}

TEST(OptionValuesTest, ReadsThresholdPairsAndNamesABadRange) {
  OptionValues values;
  values.Set(kDnsWarning, {"1"});
  values.Set(kWarning, {"20:10"});
  Thresholds dns;
  ASSERT_TRUE(values.Thresholds(kDnsWarning, kDnsCritical, &dns).ok());
  EXPECT_TRUE(dns.warning.has_value());
  EXPECT_FALSE(dns.critical.has_value());
  Thresholds total;
  Status status = values.Thresholds(kWarning, kCritical, &total);
  EXPECT_EQ(status.message().rfind("--warning: ", 0), 0u) << status.message();
}

// WasRead tells a test which options a step looked at: any reader marks its option, Set does not.
TEST(OptionValuesTest, RemembersWhichOptionsWereRead) {
  OptionValues values;
  values.Set(kPort, {"1"});
  EXPECT_FALSE(values.WasRead(kPort));
  EXPECT_FALSE(values.Has(kUri));
  EXPECT_TRUE(values.WasRead(kUri));
  EXPECT_FALSE(values.WasRead(kPort));
  long long number = 0;
  ASSERT_TRUE(values.Count(kPort, 1, 2, &number).ok());
  EXPECT_TRUE(values.WasRead(kPort));
  EXPECT_TRUE(values.List(kHeader).empty());
  EXPECT_TRUE(values.WasRead(kHeader));
  EXPECT_FALSE(values.WasRead(kMethod));
}

}  // namespace
}  // namespace dmk
