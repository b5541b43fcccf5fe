#include "common/evaluate/eval_policy.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/evaluate/evaluate.h"
#include "tests/support/eval_fixtures.h"

namespace dmk {
namespace {

using test_support::AllAdvice;
using test_support::BaseConfig;
using test_support::Contains;
using test_support::Healthy;
using test_support::kDay;
using test_support::kNow;
using test_support::LayerOf;
using test_support::Perf;

TEST(EvalPolicyTest, FailuresAreCriticalExceptTimeoutAndInternal) {
  Config config;
  config.timeout_state = State::kWarning;
  for (Failure failure : {Failure::kDnsNotFound, Failure::kTcpRefused, Failure::kTlsNotTls, Failure::kTlsReset,
                          Failure::kHttpTooLarge, Failure::kHttpError, Failure::kProxyFailed}) {
    EXPECT_EQ(StateForFailure(failure, config), State::kCritical) << static_cast<int>(failure);
  }
  EXPECT_EQ(StateForFailure(Failure::kTimeout, config), State::kWarning);
  config.timeout_state = State::kOk;
  EXPECT_EQ(StateForFailure(Failure::kTimeout, config), State::kOk);
  EXPECT_EQ(StateForFailure(Failure::kInternal, config), State::kUnknown);
}

TEST(EvalPolicyTest, PhaseFollowsItsRanges) {
  Thresholds limits;
  ASSERT_TRUE(ParseRange("0.5", &limits.warning.emplace()).ok());
  ASSERT_TRUE(ParseRange("1", &limits.critical.emplace()).ok());
  struct Case {
    double seconds;
    std::optional<State> state;
  };
  for (const Case& c :
       {Case{0.1, std::nullopt}, Case{0.5, std::nullopt}, Case{0.7, State::kWarning}, Case{1.5, State::kCritical}}) {
    EXPECT_EQ(StateForPhase(c.seconds, limits), c.state) << c.seconds;
  }
  EXPECT_EQ(StateForPhase(100, Thresholds()), std::nullopt);
}

TEST(EvalPolicyTest, CertificateTimeLeftFollowsTheThresholds) {
  const CertThresholds thresholds{30 * 86400, 14 * 86400};
  struct Case {
    double days;
    std::optional<State> state;
  };
  for (const Case& c :
       {Case{-1, State::kCritical}, Case{0.5, State::kCritical}, Case{13.9, State::kCritical},
        Case{14, State::kWarning}, Case{29.9, State::kWarning}, Case{30, std::nullopt}, Case{400, std::nullopt}}) {
    EXPECT_EQ(StateForCertificateLeft(static_cast<std::int64_t>(c.days * 86400), thresholds), c.state) << c.days;
  }
  EXPECT_EQ(StateForCertificateLeft(-1, CertThresholds{0, 0}), State::kCritical);  // expired is CRITICAL, always
  EXPECT_EQ(StateForCertificateLeft(0, CertThresholds{0, 0}), std::nullopt);
}

// The leaf's lifetime sets the thresholds; an intermediate that expires first gets the long-lived ones.
TEST(EvalPolicyTest, CertificateThresholdsComeFromTheCertificateThatExpiresFirst) {
  Config config;
  TlsFacts tls;
  tls.leaf.not_before = 1000;
  tls.leaf.not_after = tls.earliest_not_after = 1000 + 64 * 86400;
  EXPECT_EQ(CertificateThresholds(config, tls).warning, 16 * 86400);
  EXPECT_EQ(CertificateThresholds(config, tls).critical, 8 * 86400);
  tls.earliest_not_after = 1000 + 10 * 86400;  // an intermediate of 6 days, expiring first
  tls.earliest_not_before = 1000 + 4 * 86400;
  EXPECT_EQ(CertificateThresholds(config, tls).warning, 30 * 86400);
  EXPECT_EQ(CertificateThresholds(config, tls).critical, 14 * 86400);
  config.cert_limits.warning = CertLimit{CertLimitUnit::kPercent, 50};  // a share of its own lifetime
  EXPECT_EQ(CertificateThresholds(config, tls).warning, 3 * 86400);
}

TEST(EvalPolicyTest, StateOptionsDecideTheirFindings) {
  Config config;
  config.cn_only_state = State::kOk;
  config.reject_body_state = State::kWarning;
  EXPECT_EQ(StateForCertificate(CertificateFinding::kNameOnlyInCn, config), State::kOk);
  EXPECT_EQ(StateForCertificate(CertificateFinding::kRefused, config), State::kCritical);
  EXPECT_EQ(StateForCertificate(CertificateFinding::kNotYetValid, config), State::kCritical);
  EXPECT_EQ(StateForApi(ApiFinding::kBodyRejected, config), State::kWarning);
  for (ApiFinding finding :
       {ApiFinding::kClientCertDemand, ApiFinding::kCredentialsRejected, ApiFinding::kCredentialsRequired,
        ApiFinding::kUnexpectedStatus, ApiFinding::kBodyMismatch, ApiFinding::kHeaderMismatch}) {
    EXPECT_EQ(StateForApi(finding, config), State::kCritical) << static_cast<int>(finding);
  }
}

struct DaysCase {
  double days_left;
  State state;
  double cert_days;  // the perfdata: two decimals, rounded toward zero
};

// A long-lived (398-day) certificate keeps the old defaults: WARNING within 30 days, CRITICAL within 14.
TEST(EvalPolicyTest, CertificateDaysFollowTheThresholds) {
  const std::vector<DaysCase> cases = {
      {365, State::kOk, 365},
      {30.5, State::kOk, 30.5},
      {29.5, State::kWarning, 29.5},
      {15, State::kWarning, 15},
      {14.5, State::kWarning, 14.5},
      {13.5, State::kCritical, 13.5},
      {1, State::kCritical, 1},
      {0.25, State::kCritical, 0.25},
      {14, State::kWarning, 14},
      {14 - 1.0 / 86400, State::kCritical, 13.99},  // a second short of 14 days, in integers
  };
  for (const DaysCase& c : cases) {
    ProbeOutcome outcome = Healthy();
    outcome.tls.leaf.not_after = kNow + static_cast<std::int64_t>(c.days_left * kDay);
    outcome.tls.leaf.not_before = outcome.tls.leaf.not_after - 398 * kDay;
    outcome.tls.earliest_not_after = outcome.tls.leaf.not_after;
    CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
    EXPECT_EQ(result.state, c.state) << c.days_left << " days: " << result.summary;
    EXPECT_EQ(LayerOf(result, Layer::kTls).state, c.state) << c.days_left;
    if (c.state != State::kOk) {
      EXPECT_TRUE(Contains(result.summary, "certificate expires in")) << result.summary;
      EXPECT_TRUE(Contains(AllAdvice(result), "renew")) << AllAdvice(result);
    }
    const PerfValue* days = Perf(result, "cert_days");
    ASSERT_NE(days, nullptr);
    ASSERT_TRUE(days->value.has_value());
    EXPECT_DOUBLE_EQ(*days->value, c.cert_days) << c.days_left;
  }
}

TEST(EvalPolicyTest, CertificateDayThresholdsAreConfigurable) {
  Config config = BaseConfig();
  config.cert_limits.warning = CertLimit{CertLimitUnit::kDays, 60};
  config.cert_limits.critical = CertLimit{CertLimitUnit::kDays, 10};
  ProbeOutcome outcome = Healthy();
  outcome.tls.leaf.not_after = kNow + 45 * kDay;
  outcome.tls.earliest_not_after = outcome.tls.leaf.not_after;
  CheckResult result = Evaluate(config, outcome, kNow);
  EXPECT_EQ(result.state, State::kWarning);
  EXPECT_TRUE(Contains(result.summary, "45 days")) << result.summary;
  EXPECT_TRUE(Contains(FormatPerfdata(result.perfdata), "cert_days=45;60:;10:"));
  outcome.tls.leaf.not_after = kNow + 12 * kDay;
  outcome.tls.earliest_not_after = outcome.tls.leaf.not_after;
  EXPECT_EQ(Evaluate(config, outcome, kNow).state, State::kWarning);
}

TEST(EvalPolicyTest, TheCnOnlyStateIsConfigurable) {
  ProbeOutcome outcome = Healthy();
  outcome.tls.chain.name_only_in_cn = true;
  Config config = BaseConfig();
  config.cn_only_state = State::kCritical;
  EXPECT_EQ(Evaluate(config, outcome, kNow).state, State::kCritical);
  config.cn_only_state = State::kOk;
  CheckResult result = Evaluate(config, outcome, kNow);
  EXPECT_EQ(result.state, State::kOk);
  EXPECT_TRUE(Contains(result.summary, "HTTP 200")) << result.summary;
  EXPECT_TRUE(Contains(LayerOf(result, Layer::kTls).text, "only in its Common Name")) << "still in the long output";
  outcome.tls.chain.name_only_in_cn = false;
  EXPECT_EQ(Evaluate(BaseConfig(), outcome, kNow).state, State::kOk);
}

}  // namespace
}  // namespace dmk
