#include "common/evaluate/cert_days.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace dmk {
namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kNow = 1700000000;

struct DaysCase {
  std::int64_t offset;  // not_after - now, seconds
  long days;
  std::string words;
};

// One rule for the status line and the perfdata: whole days, rounded toward zero.
TEST(CertDaysTest, CountsWholeDaysTowardZeroAndSaysTheSameInWords) {
  const std::vector<DaysCase> cases = {
      {200 * kDay, 200, "expires in 200 days"},
      {14 * kDay, 14, "expires in 14 days"},
      {14 * kDay - 1, 13, "expires in 13 days"},
      {2 * kDay, 2, "expires in 2 days"},
      {2 * kDay - 1, 1, "expires in 47 hours"},  // under two days: hours, for short-lived certificates
      {kDay + kDay / 2, 1, "expires in 36 hours"},
      {kDay, 1, "expires in 24 hours"},
      {kDay - 1, 0, "expires in 23 hours"},
      {3600, 0, "expires in 1 hour"},
      {3599, 0, "expires in less than an hour"},
      {0, 0, "expires in less than an hour"},
      {-1, 0, "expired less than an hour ago"},
      {-kDay + 1, 0, "expired 23 hours ago"},
      {-kDay, -1, "expired 24 hours ago"},
      {-2 * kDay + 1, -1, "expired 47 hours ago"},
      {-2 * kDay, -2, "expired 2 days ago"},
      {-13 * kDay - kDay / 2, -13, "expired 13 days ago"},  // once reported as -14
      {-14 * kDay + 1, -13, "expired 13 days ago"},
      {-14 * kDay, -14, "expired 14 days ago"},
      {-4000 * kDay, -4000, "expired 4000 days ago"},
  };
  for (const DaysCase& c : cases) {
    EXPECT_EQ(CertificateDaysLeft(kNow + c.offset, kNow), c.days) << c.offset;
    EXPECT_EQ(ExpiryWords(kNow + c.offset, kNow), c.words) << c.offset;
  }
}

TEST(CertDaysTest, TellsTheTimeLeftInHoursUnderTwoDays) {
  EXPECT_EQ(ValidForWords(kNow + 87 * kDay + 5, kNow), "87 more days");
  EXPECT_EQ(ValidForWords(kNow + 2 * kDay, kNow), "2 more days");
  EXPECT_EQ(ValidForWords(kNow + 2 * kDay - 1, kNow), "47 more hours");
  EXPECT_EQ(ValidForWords(kNow + 3600, kNow), "1 more hour");
  EXPECT_EQ(TimeLeftWords(kNow + 40 * kDay, kNow), "40 days");
  EXPECT_EQ(TimeLeftWords(kNow + 14 * 3600 + 59, kNow), "14 hours");
  EXPECT_EQ(TimeLeftWords(kNow - 3 * kDay, kNow), "-3 days");
}

// cert_days: two decimals, rounded toward zero like the whole days, so its whole part is the words' count.
TEST(CertDaysTest, PerfdataDaysKeepTwoDecimalsRoundedTowardZero) {
  EXPECT_DOUBLE_EQ(CertificateDaysLeftFine(kNow + 13 * kDay + kDay / 2, kNow), 13.5);
  EXPECT_DOUBLE_EQ(CertificateDaysLeftFine(kNow + 14 * 3600, kNow), 0.58);
  EXPECT_DOUBLE_EQ(CertificateDaysLeftFine(kNow + 14 * kDay - 1, kNow), 13.99);
  EXPECT_DOUBLE_EQ(CertificateDaysLeftFine(kNow - 13 * kDay - kDay / 2, kNow), -13.5);
  EXPECT_DOUBLE_EQ(CertificateDaysLeftFine(kNow - 1, kNow), 0);
  EXPECT_DOUBLE_EQ(CertificateDaysLeftFine(kNow + 90 * kDay, kNow), 90);
}

TEST(CertDaysTest, HandlesDatesFarFromNowInIntegers) {
  const std::int64_t far = std::int64_t{253402300799};  // 9999-12-31T23:59:59Z, the last X.509 GeneralizedTime
  EXPECT_EQ(CertificateDaysLeft(far, 0), 2932896);
  EXPECT_EQ(CertificateDaysLeft(0, far), -2932896);
}

}  // namespace
}  // namespace dmk
