#include "common/evaluate/eval_http.h"

#include <gtest/gtest.h>

namespace dmk {
namespace {

ProbeOutcome Answered() {
  ProbeOutcome outcome;
  HttpFacts& http = outcome.http;
  http.request_sent = http.response_started = http.headers_done = true;
  http.status = 200;
  http.reason_phrase = "OK";
  http.body_bytes = 42;
  http.redirects_followed = {"https://dmk.test/api"};
  outcome.phases.ttfb = 0.2;
  outcome.phases.total = 1.5;
  return outcome;
}

TEST(EvalHttpTest, StatusLineSizeAndTimesAsAFact) {
  const StepResult step = EvaluateHttp(Config(), Answered());
  ASSERT_EQ(step.findings.size(), 1u);
  EXPECT_FALSE(step.findings[0].problem);
  EXPECT_EQ(step.findings[0].layer, Layer::kHttp);
  EXPECT_EQ(step.findings[0].text, "GET / -> 200 OK, 42 B, first byte after 200 ms, after 1 redirect");
}

TEST(EvalHttpTest, SlowFirstByteAndSlowCheckAreHttpSlow) {
  Config config;
  ASSERT_TRUE(ParseRange("0.1", &config.ttfb.warning.emplace()).ok());
  ASSERT_TRUE(ParseRange("1", &config.total.critical.emplace()).ok());
  std::vector<std::string> problems;  // "STATE reason: text"
  for (const Finding& f : EvaluateHttp(config, Answered()).findings) {
    if (f.problem)
      problems.push_back(std::string(StateName(f.state)) + " " + ReasonCodeName(f.reason_code) + ": " + f.text);
  }
  EXPECT_EQ(problems, (std::vector<std::string>{"WARNING http.slow: time to first byte took 200 ms (warning range 0.1)",
                                                "CRITICAL http.slow: the whole check took 1.5 s (critical range 1)"}));
}

TEST(EvalHttpTest, NothingForAFailedExchange) {
  ProbeOutcome outcome = Answered();
  outcome.failure = Failure::kHttpTruncated;
  EXPECT_TRUE(EvaluateHttp(Config(), outcome).findings.empty());
}

}  // namespace
}  // namespace dmk
