#include "common/cert_days.h"

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

// One rule for the status line and the perfdata (issue 12, item 12): whole days, rounded toward zero.
TEST(CertDaysTest, CountsWholeDaysTowardZeroAndSaysTheSameInWords) {
  const std::vector<DaysCase> cases = {
      {200 * kDay, 200, "expires in 200 days"},
      {14 * kDay, 14, "expires in 14 days"},
      {14 * kDay - 1, 13, "expires in 13 days"},
      {kDay + kDay / 2, 1, "expires in 1 day"},
      {kDay, 1, "expires in 1 day"},
      {kDay - 1, 0, "expires in less than a day"},
      {0, 0, "expires in less than a day"},
      {-1, 0, "expired less than a day ago"},
      {-kDay + 1, 0, "expired less than a day ago"},
      {-kDay, -1, "expired 1 day ago"},
      {-13 * kDay - kDay / 2, -13, "expired 13 days ago"},  // the case of issue 12: not -14
      {-14 * kDay + 1, -13, "expired 13 days ago"},
      {-14 * kDay, -14, "expired 14 days ago"},
      {-4000 * kDay, -4000, "expired 4000 days ago"},
  };
  for (const DaysCase& c : cases) {
    EXPECT_EQ(CertificateDaysLeft(kNow + c.offset, kNow), c.days) << c.offset;
    EXPECT_EQ(ExpiryWords(kNow + c.offset, kNow), c.words) << c.offset;
  }
}

TEST(CertDaysTest, HandlesDatesFarFromNowInIntegers) {
  const std::int64_t far = std::int64_t{253402300799};  // 9999-12-31T23:59:59Z, the last X.509 GeneralizedTime
  EXPECT_EQ(CertificateDaysLeft(far, 0), 2932896);
  EXPECT_EQ(CertificateDaysLeft(0, far), -2932896);
}

}  // namespace
}  // namespace dmk
