// Certificate day counts: the one rule by which both the status line ("expired 13 days ago", "expires in
// 5 days") and the perfdata (cert_days) count the days to a certificate's not-after, so that the two never
// disagree.
#ifndef DMK_COMMON_EVALUATE_CERT_DAYS_H_
#define DMK_COMMON_EVALUATE_CERT_DAYS_H_

#include <cstdint>
#include <string>

namespace dmk {

// Whole days from `now` until `not_after` (both seconds since the epoch), rounded toward zero: 13.9 days
// left is 13, an expiry 13.9 days ago is -13, and anything within one day either side is 0. Computed in
// integers (no rounding of large values through a double).
long CertificateDaysLeft(std::int64_t not_after, std::int64_t now);

// The same count in words: "expires in 5 days", "expired 13 days ago", "expired 1 day ago"; within two
// days either side in hours, which a short-lived certificate needs: "expires in 17 hours", "expires in
// less than an hour", "expired 5 hours ago". A certificate whose not-after has passed has expired.
std::string ExpiryWords(std::int64_t not_after, std::int64_t now);

// The time left for the TLS line: "24 days", "14 hours" (under two days), "-3 days" (expired).
std::string TimeLeftWords(std::int64_t not_after, std::int64_t now);

// For the status line of a healthy check: "87 more days", "40 more hours" (under two days).
std::string ValidForWords(std::int64_t not_after, std::int64_t now);

// The perfdata's cert_days: days left with two decimals, rounded toward zero as CertificateDaysLeft
// (13.52 for 13 days 12.5 hours), so that its whole part is the status line's count.
double CertificateDaysLeftFine(std::int64_t not_after, std::int64_t now);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_CERT_DAYS_H_
