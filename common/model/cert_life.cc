#include "common/model/cert_life.h"

#include <algorithm>
#include <string>

#include "common/base/number.h"

namespace dmk {

namespace {

constexpr std::int64_t kHour = 3600;

// The long-lived defaults, kept from before lifetimes shrank: a certificate renewed by hand needs a month.
constexpr std::int64_t kLongWarning = 30 * kSecondsPerDay;
constexpr std::int64_t kLongCritical = 14 * kSecondsPerDay;

struct UnitInfo {
  CertLimitUnit unit;
  char suffix;  // '\0': none
  long long max;
  const char* name;
};

constexpr UnitInfo kUnits[] = {
    {CertLimitUnit::kHours, 'h', 3650LL * 24, "hours"},
    {CertLimitUnit::kPercent, '%', 100, "percent"},
    {CertLimitUnit::kDays, 'd', 3650, "days"},
    {CertLimitUnit::kDays, '\0', 3650, "days"},
};

// Seconds before the not-after that `limit` stands for, for a certificate of `lifetime` seconds.
std::int64_t LimitSeconds(const CertLimit& limit, std::int64_t lifetime) {
  switch (limit.unit) {
    case CertLimitUnit::kDays: return limit.value * kSecondsPerDay;
    case CertLimitUnit::kHours: return limit.value * kHour;
    case CertLimitUnit::kPercent: return lifetime > 0 ? lifetime * limit.value / 100 : 0;
  }
  return 0;
}

std::string Shown(const CertLimit& limit) {
  switch (limit.unit) {
    case CertLimitUnit::kHours: return std::to_string(limit.value) + "h";
    case CertLimitUnit::kPercent: return std::to_string(limit.value) + "%";
    case CertLimitUnit::kDays: break;
  }
  return std::to_string(limit.value) + (limit.value == 1 ? " day" : " days");
}

}  // namespace

Status ParseCertLimit(std::string_view option, std::string_view text, CertLimit* limit) {
  const std::string shown = "--" + std::string(option) + " '" + std::string(text) + "'";
  for (const UnitInfo& info : kUnits) {
    std::string_view digits = text;
    if (info.suffix != '\0') {
      if (digits.empty() || digits.back() != info.suffix) continue;
      digits.remove_suffix(1);
    }
    const std::optional<long long> value = ParseCount(digits);
    if (!value) break;
    if (*value > info.max) {
      return Status::Error(shown + " is out of range: " + info.name + " go from 0 to " + std::to_string(info.max));
    }
    *limit = {info.unit, *value};
    return Status::Ok();
  }
  return Status::Error(shown + " must be whole days (30), hours (36h) or a share of the certificate's lifetime (20%)");
}

Status CheckCertLimitOrder(const CertLimits& limits) {
  if (!limits.warning || !limits.critical || limits.warning->value == 0) return Status::Ok();
  const CertLimit& warning = *limits.warning;
  const CertLimit& critical = *limits.critical;
  const bool percent_w = warning.unit == CertLimitUnit::kPercent;
  const bool percent_c = critical.unit == CertLimitUnit::kPercent;
  if (percent_w != percent_c) return Status::Ok();  // compared per certificate, by its lifetime
  if (LimitSeconds(warning, 100) > LimitSeconds(critical, 100)) return Status::Ok();
  return Status::Error("--cert-warning " + Shown(warning) + " must be more than --cert-critical " + Shown(critical) +
                       " (or 0 for no WARNING)");
}

CertThresholds LifetimeRule(std::int64_t lifetime) {
  if (lifetime <= 0) return {kLongWarning, kLongCritical};
  return {std::min(kLongWarning, lifetime / 4), std::min(kLongCritical, lifetime / 8)};
}

CertThresholds EffectiveThresholds(const CertLimits& limits, std::int64_t lifetime, bool by_hand) {
  CertThresholds thresholds = LifetimeRule(by_hand ? 0 : lifetime);
  if (limits.warning) thresholds.warning = LimitSeconds(*limits.warning, lifetime);
  if (limits.critical) thresholds.critical = LimitSeconds(*limits.critical, lifetime);
  // One given alone: the rule's other threshold stays on its side of it (0 turns a state off, no side).
  if (limits.warning && !limits.critical && thresholds.warning > 0) {
    thresholds.critical = std::min(thresholds.critical, thresholds.warning / 2);
  }
  if (limits.critical && !limits.warning) thresholds.warning = std::max(thresholds.warning, 2 * thresholds.critical);
  return thresholds;
}

std::int64_t RenewalDue(std::int64_t not_before, std::int64_t not_after) {
  return not_before + (not_after - not_before) * 2 / 3;
}

std::string LifetimeWords(std::int64_t lifetime) {
  const std::int64_t hours = (lifetime + kHour / 2) / kHour;
  const std::int64_t days = (lifetime + kSecondsPerDay / 2) / kSecondsPerDay;
  if (days < 10 && hours % 24 != 0) return std::to_string(hours) + "-hour";
  return std::to_string(days) + "-day";
}

}  // namespace dmk
