#include "common/eval_summary.h"

#include <gtest/gtest.h>

namespace dmk {
namespace {

constexpr std::int64_t kNow = 1700000000;

ProbeOutcome Healthy() {
  ProbeOutcome outcome;
  outcome.http.status = 200;
  outcome.http.reason = "OK";
  outcome.phases.total = 0.15;
  outcome.tls.earliest_not_after = kNow + 90 * 86400;
  return outcome;
}

Finding Problem(State state, const char* text) { return {Layer::kApi, state, text, "", "api.status", true}; }

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

}  // namespace
}  // namespace dmk
