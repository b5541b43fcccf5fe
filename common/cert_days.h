// Certificate day counts: the one rule by which both the status line ("expired 13 days ago", "expires in
// 5 days") and the perfdata (cert_days) count the days to a certificate's not-after, so that the two never
// disagree (issue 12, item 12).
#ifndef DMK_COMMON_CERT_DAYS_H_
#define DMK_COMMON_CERT_DAYS_H_

#include <cstdint>
#include <string>

namespace dmk {

// Whole days from `now` until `not_after` (both seconds since the epoch), rounded toward zero: 13.9 days
// left is 13, an expiry 13.9 days ago is -13, and anything within one day either side is 0. Computed in
// integers (no rounding of large values through a double).
long CertificateDaysLeft(std::int64_t not_after, std::int64_t now);

// The same count in words: "expires in 5 days", "expires in less than a day", "expired less than a day
// ago", "expired 1 day ago", "expired 13 days ago". A certificate whose not-after has passed has expired,
// even when the count is 0.
std::string ExpiryWords(std::int64_t not_after, std::int64_t now);

}  // namespace dmk

#endif  // DMK_COMMON_CERT_DAYS_H_
