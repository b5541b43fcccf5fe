#include "common/evaluate/eval_tls.h"

#include <gtest/gtest.h>
#include <openssl/x509_vfy.h>

#include <functional>
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

// A handshake our verification let through: a leaf valid 90 more days.
ProbeOutcome Accepted() {
  ProbeOutcome outcome;
  TlsFacts& tls = outcome.tls;
  tls.certificate_seen = tls.handshake_done = tls.host_matches = tls.accepted = true;
  tls.protocol = "TLSv1.3";
  tls.cipher = "TLS_AES_256_GCM_SHA384";
  tls.leaf.subject = "CN=dmk.test";
  tls.leaf.issuer = "CN=DMK Test CA";
  tls.leaf.not_before = kNow - 10 * kDay;
  tls.leaf.not_after = tls.earliest_not_after = kNow + 90 * kDay;
  return outcome;
}

ProbeOutcome Refused(const std::function<void(TlsFacts&)>& change) {
  ProbeOutcome outcome = Accepted();
  outcome.failure = Failure::kTlsCertificateRejected;
  outcome.tls.accepted = outcome.tls.handshake_done = false;
  change(outcome.tls);
  return outcome;
}

ProbeOutcome Changed(const std::function<void(TlsFacts&)>& change) {
  ProbeOutcome outcome = Accepted();
  change(outcome.tls);
  return outcome;
}

std::vector<const Finding*> Problems(const StepResult& step) {
  std::vector<const Finding*> problems;
  for (const Finding& finding : step.findings) {
    if (finding.problem) problems.push_back(&finding);
  }
  return problems;
}

struct Case {
  const char* name;
  ProbeOutcome outcome;
  State state;             // of the first problem
  ReasonCode reason_code;  // of the first problem; kOk: no problem
  const char* text;        // the first problem's first words
};

// What differs between the first problem of `step` and what `c` expects; empty: nothing.
std::string Mismatch(const StepResult& step, const Case& c) {
  std::vector<const Finding*> problems = Problems(step);
  if (step.findings.empty()) return "no findings";
  if (c.reason_code == ReasonCode::kOk) return problems.empty() ? "" : "a problem: " + problems[0]->text;
  if (problems.empty()) return "no problem";
  const Finding& first = *problems[0];
  std::string why;
  if (first.layer != Layer::kTls) why += " layer;";
  if (first.state != c.state) why += " state;";
  if (first.reason_code != c.reason_code) why += " reason code " + std::string(ReasonCodeName(first.reason_code)) + ";";
  if (first.text.rfind(c.text, 0) != 0) why += " text: " + first.text;
  return why;
}

TEST(EvalTlsTest, FirstProblemNamesItsCause) {
  const Case cases[] = {
      {"healthy", Accepted(), State::kOk, ReasonCode::kOk, ""},
      {"expires in 20 days", Changed([](TlsFacts& t) {
         t.leaf.not_after = t.earliest_not_after = kNow + 20 * kDay;
         t.leaf.not_before = t.leaf.not_after - 398 * kDay;  // long-lived: 30 and 14 days
       }),
       State::kWarning, ReasonCode::kTlsCertificateExpiresSoon, "certificate expires in 20 days"},
      {"expires in 5 days", Changed([](TlsFacts& t) {
         t.leaf.not_after = t.earliest_not_after = kNow + 5 * kDay;
         t.leaf.not_before = t.leaf.not_after - 398 * kDay;
       }),
       State::kCritical, ReasonCode::kTlsCertificateExpiresSoon, "certificate expires in 5 days"},
      {"chain expired, --insecure", Changed([](TlsFacts& t) {
         t.earliest_not_after = kNow - kDay;
         t.earliest_subject = "CN=Intermediate";
       }),
       State::kCritical, ReasonCode::kTlsChainExpired, "chain certificate CN=Intermediate expired"},
      {"not valid yet, --insecure", Changed([](TlsFacts& t) { t.leaf.not_before = kNow + kDay; }), State::kCritical,
       ReasonCode::kTlsCertificateNotYetValid, "certificate is not valid before"},
      {"name only in CN", Changed([](TlsFacts& t) { t.chain.name_only_in_cn = true; }), State::kWarning,
       ReasonCode::kTlsNameOnlyInCn, "certificate names dmk.test only in its Common Name"},
      {"pin", Refused([](TlsFacts& t) {
         t.pin_checked = true;
         t.leaf.spki_sha256 = "abc=";
       }),
       State::kCritical, ReasonCode::kTlsPinMismatch,
       "certificate key does not match --pin-sha256 (the server's key is sha256//abc=)"},
      {"leaf expired", Refused([](TlsFacts& t) {
         t.leaf.not_after = kNow - kDay;
         t.verify_error = X509_V_ERR_CERT_HAS_EXPIRED;
       }),
       State::kCritical, ReasonCode::kTlsCertificateExpired, "certificate expired"},
      {"other name", Refused([](TlsFacts& t) {
         t.host_matches = false;
         t.leaf.names = {"other.test"};
       }),
       State::kCritical, ReasonCode::kTlsHostnameMismatch, "certificate is for other.test, not dmk.test"},
      {"intermediate expired", Refused([](TlsFacts& t) {
         t.verify_error = X509_V_ERR_CERT_HAS_EXPIRED;
         t.earliest_not_after = kNow - kDay;
         t.earliest_subject = "CN=Intermediate";
       }),
       State::kCritical, ReasonCode::kTlsChainExpired, "chain certificate CN=Intermediate expired"},
      {"self-signed", Refused([](TlsFacts& t) { t.verify_error = X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT; }),
       State::kCritical, ReasonCode::kTlsSelfSigned, ""},
      {"weak key", Refused([](TlsFacts& t) { t.verify_error = X509_V_ERR_EE_KEY_TOO_SMALL; }), State::kCritical,
       ReasonCode::kTlsWeakKey, ""},
      {"revoked", Refused([](TlsFacts& t) {
         t.verify_error = X509_V_ERR_CERT_REVOKED;
         t.verify_error_text = "certificate revoked";
       }),
       State::kCritical, ReasonCode::kTlsVerificationFailed, "certificate verification failed: certificate revoked"},
      {"refused without a cause", Refused([](TlsFacts& t) { t.verify_error_text = "?"; }), State::kCritical,
       ReasonCode::kTlsVerificationFailed, "certificate refused: ?"},
  };
  for (const Case& c : cases) EXPECT_EQ(Mismatch(EvaluateTls(BaseConfig(), c.outcome, kNow), c), "") << c.name;
}

TEST(EvalTlsTest, AcceptedHandshakeIsAFactOnly) {
  const StepResult step = EvaluateTls(BaseConfig(), Accepted(), kNow);
  ASSERT_EQ(step.findings.size(), 1u);
  EXPECT_FALSE(step.findings[0].problem);
  EXPECT_EQ(step.findings[0].text,
            "TLSv1.3 TLS_AES_256_GCM_SHA384, CN=dmk.test, issuer CN=DMK Test CA, expires 2024-02-12 (90 days), "
            "100-day certificate, renewal due 2024-01-10 (2/3 of its life)");
}

TEST(EvalTlsTest, CnOnlyStateOkKeepsTheWordsAsAFact) {
  Config config = BaseConfig();
  config.cn_only_state = State::kOk;
  const StepResult step = EvaluateTls(config, Changed([](TlsFacts& t) { t.chain.name_only_in_cn = true; }), kNow);
  EXPECT_TRUE(Problems(step).empty());
  ASSERT_EQ(step.findings.size(), 2u);
  EXPECT_EQ(step.findings[1].text.rfind("certificate names dmk.test only in its Common Name", 0), 0u);
}

TEST(EvalTlsTest, NothingWithoutTlsOrCertificate) {
  Config config = BaseConfig();
  config.tls = false;
  EXPECT_TRUE(EvaluateTls(config, Accepted(), kNow).findings.empty());
  ProbeOutcome none;
  EXPECT_TRUE(EvaluateTls(BaseConfig(), none, kNow).findings.empty());
}

TEST(EvalTlsTest, ARefusedLeafNamesEveryCauseInOrder) {
  const StepResult step = EvaluateTls(BaseConfig(), Refused([](TlsFacts& t) {
                                        t.leaf.not_after = kNow - kDay;
                                        t.host_matches = false;
                                        t.leaf.names = {"other.test"};
                                      }),
                                      kNow);
  std::vector<const Finding*> problems = Problems(step);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0]->reason_code, ReasonCode::kTlsCertificateExpired);
  EXPECT_EQ(problems[1]->reason_code, ReasonCode::kTlsHostnameMismatch);
}

TEST(EvalTlsTest, MatchingPinAcceptsASelfSignedCertificate) {
  ProbeOutcome outcome = Healthy();
  outcome.tls.leaf.self_signed = true;
  outcome.tls.verify_error = X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT;
  outcome.tls.pin_checked = true;
  outcome.tls.pin_matched = true;
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kOk) << result.summary;
  EXPECT_TRUE(Contains(LayerOf(result, Layer::kTls).text, "key matches --pin-sha256"));
}

TEST(EvalTlsTest, AnIntermediateExpiringBeforeTheLeafIsNamed) {
  ProbeOutcome outcome = Healthy();
  outcome.tls.chain_length = 2;
  outcome.tls.leaf.not_after = kNow + 200 * kDay;
  outcome.tls.earliest_not_after = kNow + 10 * kDay;  // 2023-11-24
  outcome.tls.earliest_subject = "CN=DMK Intermediate CA,O=Contractor";
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "chain certificate")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "DMK Intermediate CA")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "10 days")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "2023-11-24")) << result.summary;
  const PerfValue* days = Perf(result, "cert_days");
  ASSERT_NE(days, nullptr);
  EXPECT_EQ(days->value, 10.0);
}

TEST(EvalTlsTest, InsecureStillReportsAnExpiredCertificate) {
  Config config = BaseConfig();
  config.insecure = true;
  ProbeOutcome outcome = Healthy();
  outcome.tls.verification_skipped = true;
  outcome.tls.verify_error = X509_V_ERR_CERT_HAS_EXPIRED;
  outcome.tls.leaf.not_after = kNow - 5 * kDay;
  outcome.tls.earliest_not_after = outcome.tls.leaf.not_after;
  CheckResult result = Evaluate(config, outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "expired")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "NOT verified")) << result.summary;
}

TEST(EvalTlsTest, AHostNameOnlyInTheCommonNameIsAWarningByDefault) {
  ProbeOutcome outcome = Healthy();
  outcome.tls.leaf.names = {};
  outcome.tls.chain.name_only_in_cn = true;
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kWarning);
  EXPECT_EQ(LayerOf(result, Layer::kTls).state, State::kWarning);
  EXPECT_EQ(result.summary,
            "certificate names dmk.test only in its Common Name (no subjectAltName); modern clients reject it");
  EXPECT_TRUE(Contains(AllAdvice(result), "subjectAltName")) << AllAdvice(result);
}

}  // namespace
}  // namespace dmk
