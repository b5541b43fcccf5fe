// How Evaluate (common/evaluate.h) places the API checks: --expect-json, --json-*, --reject-body
// and --expect-header findings in the API layer, their perfdata after the fixed labels, and 'U' for the
// JSON numbers when the answer never got that far. The checks' own words are tested in their units.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/evaluate.h"

namespace dmk {
namespace {

constexpr std::int64_t kNow = 1700000000;

Config ApiConfig() {
  Config config;
  config.hostname = "dmk.test";
  config.tls = false;
  JsonAssertion assertion;
  EXPECT_TRUE(ParseJsonAssertion("/status=ok", &assertion).ok());
  config.json.assertions.push_back(assertion);
  EXPECT_TRUE(AddJsonThreshold("/encoders/offline=0", false, &config.json.thresholds).ok());
  EXPECT_TRUE(AddJsonThreshold("/encoders/offline=2", true, &config.json.thresholds).ok());
  AssignJsonPerfLabels(&config.json.thresholds);
  return config;
}

ProbeOutcome Answer(int status, const std::string& body, std::vector<std::string> headers = {}) {
  ProbeOutcome outcome;
  outcome.url = "http://dmk.test/";
  outcome.addresses = {"192.0.2.10"};
  outcome.connected_address = "192.0.2.10";
  outcome.connected_port = 80;
  outcome.phases = {0.01, 0.02, std::nullopt, 0.1, 0.15};
  HttpFacts& http = outcome.http;
  http.request_sent = http.response_started = http.headers_done = true;
  http.status = status;
  http.reason = status == 200 ? "OK" : "Service Unavailable";
  http.body = body;
  http.body_bytes = body.size();
  http.response_headers = std::move(headers);
  return outcome;
}

const LayerReport& Api(const CheckResult& result) {
  for (const LayerReport& layer : result.layers) {
    if (layer.layer == Layer::kApi) return layer;
  }
  static const LayerReport kNone;
  return kNone;
}

TEST(EvaluateApiTest, JsonFactsJoinTheApiLineAndTheNumberIsGraphedLast) {
  CheckResult result = Evaluate(ApiConfig(), Answer(200, R"({"status":"ok","encoders":{"offline":0}})"), kNow);
  EXPECT_EQ(result.state, State::kOk);
  EXPECT_EQ(Api(result).text, "status 200 is expected (2xx); /status is \"ok\"; /encoders/offline is 0");
  ASSERT_FALSE(result.perfdata.empty());
  EXPECT_EQ(FormatPerfValue(result.perfdata.back()), "json_encoders_offline=0;0;2");
}

TEST(EvaluateApiTest, AWarningRangeGivesWarning) {
  CheckResult result = Evaluate(ApiConfig(), Answer(200, R"({"status":"ok","encoders":{"offline":1}})"), kNow);
  EXPECT_EQ(result.state, State::kWarning);
  EXPECT_EQ(result.summary, "/encoders/offline is 1 (warning range 0)");
}

TEST(EvaluateApiTest, AnUnexpectedStatusLeavesTheJsonNumberUnknown) {
  CheckResult result = Evaluate(ApiConfig(), Answer(503, "<html><title>Maintenance</title>"), kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_EQ(result.summary, "unexpected server error HTTP 503 Service Unavailable (expected 2xx)");
  EXPECT_EQ(FormatPerfValue(result.perfdata.back()), "json_encoders_offline=U;0;2");
}

TEST(EvaluateApiTest, RejectedBodyAndHeaderProblemsAreApiProblems) {
  Config config;
  config.hostname = "dmk.test";
  config.tls = false;
  config.reject_body = "[Mm]aintenance";
  config.reject_body_state = State::kWarning;
  HeaderAssertion header;
  ASSERT_TRUE(ParseHeaderAssertion("Content-Type: ^application/json", &header).ok());
  config.expect_headers.push_back(header);
  CheckResult result = Evaluate(config, Answer(200, "<h1>Maintenance</h1>", {"Content-Type: text/html"}), kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_EQ(result.summary,
            "response header Content-Type is \"text/html\" (expected '^application/json'); response body matches "
            "--reject-body '[Mm]aintenance' (found \"Maintenance\")");
  EXPECT_EQ(Api(result).state, State::kCritical);
  EXPECT_EQ(result.advice.size(), 2u);
  result = Evaluate(config, Answer(200, "<h1>Maintenance</h1>", {"content-type: application/json"}), kNow);
  EXPECT_EQ(result.state, State::kWarning);
}

}  // namespace
}  // namespace dmk
