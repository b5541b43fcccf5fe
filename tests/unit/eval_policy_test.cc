#include "common/eval_policy.h"

#include <gtest/gtest.h>

namespace dmk {
namespace {

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

}  // namespace
}  // namespace dmk
