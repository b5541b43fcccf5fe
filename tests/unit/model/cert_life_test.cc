#include "common/model/cert_life.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/evaluate/eval_tls.h"
#include "tests/support/eval_fixtures.h"

namespace dmk {
namespace {

using test_support::BaseConfig;
using test_support::kDay;
using test_support::kNow;

constexpr std::int64_t kHour = 3600;

struct RuleCase {
  std::int64_t lifetime_days;
  std::int64_t warning_hours;  // the table of docs/certificates.md
  std::int64_t critical_hours;
};

const std::vector<RuleCase> kRuleTable = {
    {6, 36, 18},    {45, 270, 135},  {47, 282, 141},  {64, 384, 192},
    {90, 540, 270}, {100, 600, 300}, {200, 720, 336}, {398, 720, 336},
};

TEST(CertLifeTest, TheLifetimeRuleGivesTheDocumentedTable) {
  for (const RuleCase& c : kRuleTable) {
    const CertThresholds t = LifetimeRule(c.lifetime_days * kDay);
    EXPECT_EQ(t.warning, c.warning_hours * kHour) << c.lifetime_days;
    EXPECT_EQ(t.critical, c.critical_hours * kHour) << c.lifetime_days;
  }
  EXPECT_EQ(LifetimeRule(0).warning, 30 * kDay);  // unknown: long-lived
  EXPECT_EQ(LifetimeRule(0).critical, 14 * kDay);
}

// A leaf of `lifetime` seconds, `age` seconds old at kNow, accepted by our verification.
ProbeOutcome LeafOfAge(std::int64_t lifetime, std::int64_t age) {
  ProbeOutcome outcome;
  TlsFacts& tls = outcome.tls;
  tls.certificate_seen = tls.handshake_done = tls.host_matches = tls.accepted = true;
  tls.protocol = "TLSv1.3";
  tls.cipher = "TLS_AES_128_GCM_SHA256";
  tls.leaf.subject = tls.earliest_subject = "CN=dmk.test";
  tls.leaf.issuer = "CN=DMK Test CA";
  tls.leaf.not_before = tls.earliest_not_before = kNow - age;
  tls.leaf.not_after = tls.earliest_not_after = kNow - age + lifetime;
  return outcome;
}

// The worst state, the first problem's words and its advice.
struct Seen {
  State state = State::kOk;
  std::string text;
  std::string advice;
};

Seen Check(const Config& config, std::int64_t lifetime, std::int64_t age) {
  Seen seen;
  for (const Finding& f : EvaluateTls(config, LeafOfAge(lifetime, age), kNow).findings) {
    if (!f.problem) continue;
    if (seen.text.empty()) {
      seen.text = f.text;
      seen.advice = f.advice;
    }
    seen.state = Worst(seen.state, f.state);
  }
  return seen;
}

// Renewed on time: an ACME client renews at 2/3 of the life and, if the CA is down, retries; for a twelfth
// of the lifetime more (12 hours of a 6-day certificate, a week of a 90-day one) the check stays OK.
TEST(CertLifeTest, ACertificateRenewedOnScheduleNeverWarns) {
  for (const RuleCase& c : kRuleTable) {
    const std::int64_t life = c.lifetime_days * kDay;
    for (std::int64_t age = 0; age < life * 2 / 3 + life / 12; age += kHour) {
      const Seen seen = Check(BaseConfig(), life, age);
      ASSERT_EQ(seen.state, State::kOk) << c.lifetime_days << "-day certificate, " << age / kHour
                                        << " hours old: " << seen.text;
    }
  }
}

// Renewed late: once a quarter of the life is left (30 days at most) the check warns, and the words say
// renewal is overdue; for lifetimes meant for automation, that the automation looks broken.
TEST(CertLifeTest, ALateRenewalWarnsAndSaysSo) {
  for (const RuleCase& c : kRuleTable) {
    const std::int64_t life = c.lifetime_days * kDay;
    const Seen seen = Check(BaseConfig(), life, life - c.warning_hours * kHour + 60);
    EXPECT_EQ(seen.state, State::kWarning) << c.lifetime_days << ": " << seen.text;
    EXPECT_NE(seen.text.find(std::to_string(c.lifetime_days) + "-day certificate, renewal due since "),
              std::string::npos)
        << seen.text;
    if (c.lifetime_days <= 100) {
      EXPECT_EQ(
          seen.advice.rfind("Automatic renewal (ACME) looks broken: the certificate should have been renewed on ", 0),
          0u)
          << seen.advice;
    } else {
      EXPECT_EQ(seen.advice.rfind("Renewal was due on ", 0), 0u) << seen.advice;
    }
  }
}

// Never renewed: CRITICAL with an eighth of the life left (14 days at most), which still leaves hours to act
// on a 6-day certificate; and CRITICAL once expired.
TEST(CertLifeTest, ARenewalThatNeverCameIsCriticalWhileThereIsTimeToAct) {
  for (const RuleCase& c : kRuleTable) {
    const std::int64_t life = c.lifetime_days * kDay;
    EXPECT_GE(c.critical_hours, 18);
    const Seen last_hours = Check(BaseConfig(), life, life - c.critical_hours * kHour + 60);
    EXPECT_EQ(last_hours.state, State::kCritical) << c.lifetime_days << ": " << last_hours.text;
    EXPECT_EQ(Check(BaseConfig(), life, life - c.critical_hours * kHour - 60).state, State::kWarning)
        << c.lifetime_days;
    EXPECT_EQ(Check(BaseConfig(), life, life + kHour).state, State::kCritical) << c.lifetime_days;
  }
}

TEST(CertLifeTest, AShortLivedCertificateIsToldInHours) {
  const Seen seen = Check(BaseConfig(), 6 * kDay, 6 * kDay - 17 * kHour - 60);
  EXPECT_EQ(seen.state, State::kCritical);
  EXPECT_EQ(seen.text.rfind("certificate expires in 17 hours (", 0), 0u) << seen.text;
  EXPECT_NE(seen.text.find("6-day certificate, renewal due since 2023-11-13 "), std::string::npos) << seen.text;
  EXPECT_NE(seen.text.find(" UTC (2/3 of its life)"), std::string::npos) << seen.text;
}

struct ParseCase {
  std::string text;
  bool ok;
  CertLimitUnit unit;
  long long value;
  std::string message;  // the start of the error
};

TEST(CertLifeTest, ParsesDaysHoursAndPercentAndNamesTheOptionOtherwise) {
  const std::vector<ParseCase> cases = {
      {"30", true, CertLimitUnit::kDays, 30, ""},
      {"0", true, CertLimitUnit::kDays, 0, ""},
      {"3650", true, CertLimitUnit::kDays, 3650, ""},
      {"30d", true, CertLimitUnit::kDays, 30, ""},
      {"36h", true, CertLimitUnit::kHours, 36, ""},
      {"87600h", true, CertLimitUnit::kHours, 87600, ""},
      {"20%", true, CertLimitUnit::kPercent, 20, ""},
      {"100%", true, CertLimitUnit::kPercent, 100, ""},
      {"3651", false, {}, 0, "--cert-warning '3651' is out of range: days go from 0 to 3650"},
      {"87601h", false, {}, 0, "--cert-warning '87601h' is out of range: hours go from 0 to 87600"},
      {"101%", false, {}, 0, "--cert-warning '101%' is out of range: percent go from 0 to 100"},
      {"-3", false, {}, 0, "--cert-warning '-3' must be whole days (30), hours (36h) or a share"},
      {"1.5", false, {}, 0, "--cert-warning '1.5' must be whole days"},
      {"36H", false, {}, 0, "--cert-warning '36H' must be whole days"},
      {"h", false, {}, 0, "--cert-warning 'h' must be whole days"},
      {"%", false, {}, 0, "--cert-warning '%' must be whole days"},
      {"20 %", false, {}, 0, "--cert-warning '20 %' must be whole days"},
      {"", false, {}, 0, "--cert-warning '' must be whole days"},
      {"36hh", false, {}, 0, "--cert-warning '36hh' must be whole days"},
      {"soon", false, {}, 0, "--cert-warning 'soon' must be whole days"},
  };
  for (const ParseCase& c : cases) {
    CertLimit limit;
    const Status status = ParseCertLimit("cert-warning", c.text, &limit);
    ASSERT_EQ(status.ok(), c.ok) << c.text << ": " << status.message();
    if (c.ok) {
      EXPECT_EQ(limit.unit, c.unit) << c.text;
      EXPECT_EQ(limit.value, c.value) << c.text;
    } else {
      EXPECT_EQ(status.message().rfind(c.message, 0), 0u) << status.message();
    }
  }
}

struct OrderCase {
  CertLimit warning;
  CertLimit critical;
  bool ok;
};

TEST(CertLifeTest, WarningMustComeBeforeCriticalWhenTheyCompare) {
  using U = CertLimitUnit;
  const std::vector<OrderCase> cases = {
      {{U::kDays, 30}, {U::kDays, 14}, true},        {{U::kDays, 14}, {U::kDays, 14}, false},
      {{U::kDays, 10}, {U::kDays, 14}, false},       {{U::kHours, 48}, {U::kDays, 1}, true},
      {{U::kHours, 24}, {U::kDays, 1}, false},       {{U::kPercent, 25}, {U::kPercent, 10}, true},
      {{U::kPercent, 10}, {U::kPercent, 10}, false}, {{U::kPercent, 10}, {U::kDays, 30}, true},  // per certificate
      {{U::kDays, 0}, {U::kDays, 14}, true},                                                     // no WARNING at all
  };
  for (const OrderCase& c : cases) {
    EXPECT_EQ(CheckCertLimitOrder({c.warning, c.critical}).ok(), c.ok) << c.warning.value << " " << c.critical.value;
  }
}

TEST(CertLifeTest, ExplicitFormsAndOneGivenAlone) {
  const std::int64_t life = 64 * kDay;
  auto thresholds = [&](std::optional<CertLimit> w, std::optional<CertLimit> c) {
    return EffectiveThresholds({w, c}, life);
  };
  using U = CertLimitUnit;
  EXPECT_EQ(thresholds(CertLimit{U::kHours, 45}, CertLimit{U::kHours, 20}).warning, 45 * kHour);
  EXPECT_EQ(thresholds(CertLimit{U::kPercent, 20}, CertLimit{U::kPercent, 10}).warning, life / 5);
  EXPECT_EQ(thresholds(CertLimit{U::kPercent, 20}, CertLimit{U::kPercent, 10}).critical, life / 10);
  // Only a WARNING: the rule's CRITICAL (8 days) stays at most half of it.
  EXPECT_EQ(thresholds(CertLimit{U::kDays, 30}, std::nullopt).critical, 8 * kDay);
  EXPECT_EQ(thresholds(CertLimit{U::kDays, 10}, std::nullopt).critical, 5 * kDay);
  EXPECT_EQ(thresholds(CertLimit{U::kDays, 0}, std::nullopt).critical, 8 * kDay);  // no WARNING; CRITICAL as ever
  // Only a CRITICAL: the rule's WARNING (16 days) stays at least twice it.
  EXPECT_EQ(thresholds(std::nullopt, CertLimit{U::kDays, 3}).warning, 16 * kDay);
  EXPECT_EQ(thresholds(std::nullopt, CertLimit{U::kDays, 10}).warning, 20 * kDay);
  // An intermediate is replaced by hand: the long-lived defaults, whatever its own lifetime.
  EXPECT_EQ(EffectiveThresholds({}, 6 * kDay, true).warning, 30 * kDay);
}

TEST(CertLifeTest, SaysLifetimesAndRenewalDates) {
  EXPECT_EQ(LifetimeWords(64 * kDay), "64-day");
  EXPECT_EQ(LifetimeWords(90 * kDay - 1), "90-day");
  EXPECT_EQ(LifetimeWords(6 * kDay), "6-day");
  EXPECT_EQ(LifetimeWords(160 * kHour), "160-hour");
  EXPECT_EQ(RenewalDue(0, 90 * kDay), 60 * kDay);
  EXPECT_EQ(RenewalDue(kNow, kNow + 6 * kDay), kNow + 4 * kDay);
}

}  // namespace
}  // namespace dmk
