#include "common/cert_days.h"

namespace dmk {

namespace {

constexpr std::int64_t kDay = 86400;

std::string Days(long count) { return std::to_string(count) + (count == 1 ? " day" : " days"); }

}  // namespace

long CertificateDaysLeft(std::int64_t not_after, std::int64_t now) {
  // C++ integer division truncates toward zero, which is the rule.
  return static_cast<long>((not_after - now) / kDay);
}

std::string ExpiryWords(std::int64_t not_after, std::int64_t now) {
  const long days = CertificateDaysLeft(not_after, now);
  if (not_after < now) return days == 0 ? "expired less than a day ago" : "expired " + Days(-days) + " ago";
  return days == 0 ? "expires in less than a day" : "expires in " + Days(days);
}

}  // namespace dmk
