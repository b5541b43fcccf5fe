// Certificate lifetimes: when a certificate should have been renewed, and the expiry thresholds that follow
// from its lifetime (docs/certificates.md gives the rule, its reasons and its table). --cert-warning and
// --cert-critical are read here from their three forms: days ("30"), hours ("36h") and a share of the
// lifetime ("20%"). Pure: all times are seconds since the epoch or spans of seconds.
#ifndef DMK_COMMON_MODEL_CERT_LIFE_H_
#define DMK_COMMON_MODEL_CERT_LIFE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/base/input_status.h"

namespace dmk {

enum class CertLimitUnit { kDays, kHours, kPercent };

// One of --cert-warning / --cert-critical as given: 0 turns that state off (0 days: CRITICAL only once
// expired; a WARNING of 0: straight from OK to CRITICAL).
struct CertLimit {
  CertLimitUnit unit = CertLimitUnit::kDays;
  long long value = 0;
};

// The options as given; a missing one follows the lifetime rule.
struct CertLimits {
  std::optional<CertLimit> warning;
  std::optional<CertLimit> critical;
};

// The effective thresholds, seconds before the not-after: WARNING below `warning`, CRITICAL below
// `critical` (and always once expired).
struct CertThresholds {
  std::int64_t warning = 0;
  std::int64_t critical = 0;
};

inline constexpr std::int64_t kSecondsPerDay = 86400;

// Lifetimes up to this are those of the certificates meant to be renewed by automation (ACME profiles of
// 6, 45, 64 and 90 days; the public maximum from 2027-03-15 is 100 days).
inline constexpr std::int64_t kAutomatedLifetime = 100 * kSecondsPerDay;

// Parses the value of --`option` ("cert-warning"): "30" (days, 0-3650), "36h" (hours, 0-87600) or "20%"
// (of the lifetime, 0-100). Anything else is an error naming the option and the value.
Status ParseCertLimit(std::string_view option, std::string_view text, CertLimit* limit);

// Both given in comparable units (days and hours, or both percent): WARNING must come before CRITICAL,
// unless the WARNING is 0 (off).
Status CheckCertLimitOrder(const CertLimits& limits);

// The defaults for a certificate of `lifetime` seconds: WARNING below min(30 days, lifetime/4), CRITICAL
// below min(14 days, lifetime/8). A lifetime <= 0 (unknown) counts as long.
CertThresholds LifetimeRule(std::int64_t lifetime);

// The thresholds for a certificate of `lifetime` seconds under `limits`. A given limit counts as given;
// a missing one follows the lifetime rule, kept on its side of the given one: with only a WARNING W, the
// CRITICAL is at most W/2; with only a CRITICAL C, the WARNING at least 2*C. `by_hand`: a certificate no
// automation renews (an intermediate), whose defaults are the long-lived ones whatever its lifetime.
CertThresholds EffectiveThresholds(const CertLimits& limits, std::int64_t lifetime, bool by_hand = false);

// When renewal is due on an automated schedule: at two thirds of the lifetime (Let's Encrypt's advice to
// ACME clients), i.e. with a third of it left.
std::int64_t RenewalDue(std::int64_t not_before, std::int64_t not_after);

// "64-day", "6-day", "160-hour" (lifetimes under 10 days that are no whole day): the lifetime as an adjective.
std::string LifetimeWords(std::int64_t lifetime);

}  // namespace dmk

#endif  // DMK_COMMON_MODEL_CERT_LIFE_H_
