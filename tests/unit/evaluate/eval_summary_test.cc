#include "common/evaluate/eval_summary.h"

#include <gtest/gtest.h>
#include <openssl/x509_vfy.h>

#include "common/evaluate/evaluate.h"
#include "tests/support/eval_fixtures.h"

namespace dmk {
namespace {

using test_support::BaseConfig;
using test_support::Contains;
using test_support::kNow;
using test_support::LayerOf;

ProbeOutcome Healthy() {
  ProbeOutcome outcome;
  outcome.http.status = 200;
  outcome.http.reason_phrase = "OK";
  outcome.phases.total = 0.15;
  outcome.tls.earliest_not_after = kNow + 90 * 86400;
  return outcome;
}

Finding Problem(State state, const char* text) { return {Layer::kApi, state, text, "", ReasonCode::kApiStatus, true}; }

TEST(EvalSummaryTest, HealthySaysStatusTimeAndCertificateDays) {
  EXPECT_EQ(Summary(Config(), Healthy(), {}, kNow), "HTTP 200 OK in 150 ms, certificate valid 90 more days");
  Config plain;
  plain.tls = false;
  EXPECT_EQ(Summary(plain, Healthy(), {}, kNow), "HTTP 200 OK in 150 ms");
  Config insecure;
  insecure.insecure = true;
  EXPECT_EQ(Summary(insecure, Healthy(), {}, kNow),
            "HTTP 200 OK in 150 ms, certificate valid 90 more days (certificate NOT verified: --insecure)");
}

TEST(EvalSummaryTest, MostSevereFirstThenInTheOrderFound) {
  const std::vector<Finding> problems = {Problem(State::kWarning, "w1"), Problem(State::kCritical, "c1"),
                                         Problem(State::kOk, "o1"), Problem(State::kCritical, "c2"),
                                         Problem(State::kUnknown, "u1")};
  EXPECT_EQ(Summary(Config(), Healthy(), problems, kNow), "c1; c2; u1; w1; o1");
}

TEST(EvalSummaryTest, AnOkProblemStillSaysWhatHappened) {
  EXPECT_EQ(Summary(Config(), Healthy(), {Problem(State::kOk, "TLS handshake timed out after 2.0 s")}, kNow),
            "TLS handshake timed out after 2.0 s");
}

TEST(EvalSummaryTest, InsecureSaysSoInTheSummary) {
  Config config = BaseConfig();
  config.insecure = true;
  ProbeOutcome outcome = test_support::Healthy();
  outcome.tls.verification_skipped = true;
  outcome.tls.verify_error = X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT;
  CheckResult ok = Evaluate(config, outcome, kNow);
  EXPECT_EQ(ok.state, State::kOk);
  EXPECT_TRUE(Contains(ok.summary, "NOT verified")) << ok.summary;
  EXPECT_TRUE(Contains(ok.summary, "--insecure")) << ok.summary;
  EXPECT_TRUE(Contains(LayerOf(ok, Layer::kTls).text, "NOT verified"));
  outcome.http.status = 500;
  CheckResult bad = Evaluate(config, outcome, kNow);
  EXPECT_EQ(bad.state, State::kCritical);
  EXPECT_TRUE(Contains(bad.summary, "NOT verified")) << bad.summary;
}

}  // namespace
}  // namespace dmk
