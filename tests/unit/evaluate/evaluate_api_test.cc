// How Evaluate (common/evaluate/evaluate.h) places the API checks: --expect-json, --json-*, --reject-body
// and --expect-header findings in the API layer, their perfdata after the fixed labels, and 'U' for the
// JSON numbers when the answer never got that far. The checks' own words are tested in their units.
#include <gtest/gtest.h>

#include <string>

#include "common/evaluate/evaluate.h"
#include "tests/support/eval_fixtures.h"

namespace dmk {
namespace {

using test_support::kNow;
using test_support::LayerOf;
using test_support::PlainAnswer;
using test_support::PlainConfig;

Config ApiConfig() {
  Config config = PlainConfig();
  JsonAssertion assertion;
  EXPECT_TRUE(ParseJsonAssertion("/status=ok", &assertion).ok());
  config.json.assertions.push_back(assertion);
  EXPECT_TRUE(AddJsonThreshold("/encoders/offline=0", false, &config.json.thresholds).ok());
  EXPECT_TRUE(AddJsonThreshold("/encoders/offline=2", true, &config.json.thresholds).ok());
  AssignJsonPerfLabels(&config.json.thresholds);
  return config;
}

TEST(EvaluateApiTest, JsonFactsJoinTheApiLineAndTheNumberIsGraphedLast) {
  CheckResult result = Evaluate(ApiConfig(), PlainAnswer(200, R"({"status":"ok","encoders":{"offline":0}})"), kNow);
  EXPECT_EQ(result.state, State::kOk);
  EXPECT_EQ(LayerOf(result, Layer::kApi).text,
            "status 200 is expected (2xx); /status is \"ok\"; /encoders/offline is 0");
  ASSERT_FALSE(result.perfdata.empty());
  EXPECT_EQ(FormatPerfValue(result.perfdata.back()), "json_encoders_offline=0;0;2");
}

TEST(EvaluateApiTest, AWarningRangeGivesWarning) {
  CheckResult result = Evaluate(ApiConfig(), PlainAnswer(200, R"({"status":"ok","encoders":{"offline":1}})"), kNow);
  EXPECT_EQ(result.state, State::kWarning);
  EXPECT_EQ(result.summary, "/encoders/offline is 1 (warning range 0)");
}

TEST(EvaluateApiTest, AnUnexpectedStatusLeavesTheJsonNumberUnknown) {
  CheckResult result = Evaluate(ApiConfig(), PlainAnswer(503, "<html><title>Maintenance</title>"), kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_EQ(result.summary, "unexpected server error HTTP 503 Service Unavailable (expected 2xx)");
  EXPECT_EQ(FormatPerfValue(result.perfdata.back()), "json_encoders_offline=U;0;2");
}

TEST(EvaluateApiTest, RejectedBodyAndHeaderProblemsAreApiProblems) {
  Config config = PlainConfig();
  config.reject_body = "[Mm]aintenance";
  config.reject_body_state = State::kWarning;
  HeaderAssertion header;
  ASSERT_TRUE(ParseHeaderAssertion("Content-Type: ^application/json", &header).ok());
  config.expect_headers.push_back(header);
  CheckResult result = Evaluate(config, PlainAnswer(200, "<h1>Maintenance</h1>", {"Content-Type: text/html"}), kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_EQ(result.summary,
            "response header Content-Type is \"text/html\" (expected '^application/json'); response body matches "
            "--reject-body '[Mm]aintenance' (found \"Maintenance\")");
  EXPECT_EQ(LayerOf(result, Layer::kApi).state, State::kCritical);
  EXPECT_EQ(result.advice.size(), 2u);
  result = Evaluate(config, PlainAnswer(200, "<h1>Maintenance</h1>", {"content-type: application/json"}), kNow);
  EXPECT_EQ(result.state, State::kWarning);
}

}  // namespace
}  // namespace dmk
