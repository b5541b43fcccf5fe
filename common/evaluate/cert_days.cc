#include "common/evaluate/cert_days.h"

namespace dmk {

namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kHour = 3600;

std::string Days(long count) { return std::to_string(count) + (count == 1 ? " day" : " days"); }
std::string Hours(std::int64_t count) { return std::to_string(count) + (count == 1 ? " hour" : " hours"); }

}  // namespace

long CertificateDaysLeft(std::int64_t not_after, std::int64_t now) {
  // C++ integer division truncates toward zero, which is the rule.
  return static_cast<long>((not_after - now) / kDay);
}

std::string ExpiryWords(std::int64_t not_after, std::int64_t now) {
  const std::int64_t left = not_after - now;
  if (left > -2 * kDay && left < 2 * kDay) {  // hours: what a short-lived certificate's last days need
    const std::int64_t hours = (left < 0 ? -left : left) / kHour;
    if (not_after < now) return hours == 0 ? "expired less than an hour ago" : "expired " + Hours(hours) + " ago";
    return hours == 0 ? "expires in less than an hour" : "expires in " + Hours(hours);
  }
  const long days = CertificateDaysLeft(not_after, now);
  if (not_after < now) return "expired " + Days(-days) + " ago";
  return "expires in " + Days(days);
}

std::string TimeLeftWords(std::int64_t not_after, std::int64_t now) {
  const std::int64_t left = not_after - now;
  if (left >= 0 && left < 2 * kDay) return Hours(left / kHour);
  return Days(CertificateDaysLeft(not_after, now));
}

std::string ValidForWords(std::int64_t not_after, std::int64_t now) {
  const std::int64_t left = not_after - now;
  const bool hours = left >= 0 && left < 2 * kDay;
  const std::int64_t count = hours ? left / kHour : CertificateDaysLeft(not_after, now);
  return std::to_string(count) + (hours ? " more hour" : " more day") + (count == 1 ? "" : "s");
}

double CertificateDaysLeftFine(std::int64_t not_after, std::int64_t now) {
  // Hundredths of a day, rounded toward zero like the whole days, in integers.
  return static_cast<double>((not_after - now) * 100 / kDay) / 100.0;
}

}  // namespace dmk
